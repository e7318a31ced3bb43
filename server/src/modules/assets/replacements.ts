import { sql } from 'drizzle-orm';
import type { ReplacementDto, ReplacementInput } from '../../../../contracts/assets.ts';
import type { Queryable, Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import { recordEvent } from '../audit/index.ts';
import { type Actor, assertCan } from '../identity/index.ts';
import { assertTicketVisible } from '../tickets/index.ts';
import { blankToNull, isoTime, loadAsset } from './assets.ts';
import { setTicketAssets } from './ticket-links.ts';

interface ReplacementRow extends Record<string, unknown> {
  id: number;
  asset_id: number;
  part: string;
  old_serial: string | null;
  new_serial: string | null;
  ticket_id: number | null;
  ticket_number: number | null;
  ticket_subject: string | null;
  part_stock_id: number | null;
  actor_id: number | null;
  actor_name: string | null;
  at: Date | string;
}

const SELECT = sql`select p.id, p.asset_id, p.part, p.old_serial, p.new_serial, p.ticket_id,
    t.number as ticket_number, t.subject as ticket_subject, p.part_stock_id, p.actor_id, u.name as actor_name, p.at
  from asset_replacements p
  left join tickets_v t on t.id = p.ticket_id
  left join identity_users_v u on u.id = p.actor_id`;

function present(row: ReplacementRow): ReplacementDto {
  return {
    id: Number(row.id),
    assetId: Number(row.asset_id),
    part: row.part,
    oldSerial: row.old_serial,
    newSerial: row.new_serial,
    ticket:
      row.ticket_id === null
        ? null
        : { id: Number(row.ticket_id), number: Number(row.ticket_number), subject: row.ticket_subject ?? '' },
    partStockId: row.part_stock_id === null ? null : Number(row.part_stock_id),
    actor: row.actor_id === null ? null : { id: Number(row.actor_id), name: row.actor_name ?? '' },
    at: isoTime(row.at),
  };
}

/** The asset's replacement history, newest first. */
export async function listReplacements(tx: Queryable, assetId: number): Promise<ReplacementDto[]> {
  const { rows } = await tx.execute<ReplacementRow>(
    sql`${SELECT} where p.asset_id = ${assetId} order by p.at desc, p.id desc`,
  );
  return rows.map(present);
}

/**
 * Takes one of the part from stock: the part named by `partStockId`, else a stocked part of the
 * same name (without case). 409 `asset.part_out_of_stock` when none is left; null when the part
 * is not kept in stock.
 */
async function takeFromStock(
  tx: Tx,
  input: { part: string; partStockId?: number | null },
): Promise<{ id: number; left: number } | null> {
  const target =
    input.partStockId != null ? sql`id = ${input.partStockId}` : sql`lower(name) = lower(${input.part})`;
  const { rows } = await tx.execute<{ id: number; name: string; quantity: number }>(
    sql`select id, name, quantity from asset_parts where ${target} for update`,
  );
  const stock = rows[0];
  if (!stock) {
    if (input.partStockId != null) throw new AppError('asset.part_not_found', { field: 'partStockId' });
    return null;
  }
  if (stock.quantity <= 0)
    throw new AppError('asset.part_out_of_stock', {
      field: input.partStockId != null ? 'partStockId' : 'part',
      params: { part: stock.name },
    });
  await tx.execute(
    sql`update asset_parts set quantity = quantity - 1, updated_at = now() where id = ${stock.id}`,
  );
  return { id: Number(stock.id), left: stock.quantity - 1 };
}

/**
 * Records a spare-part replacement (备件更换, RS-4) in the asset's history. With a ticket, the
 * asset is linked to it (when it was not yet) and the replacement shows on its timeline.
 */
export async function recordReplacement(options: {
  tx: Tx;
  actor: Actor;
  assetId: number;
  input: ReplacementInput;
  now?: Date;
}): Promise<ReplacementDto> {
  const { tx, actor, assetId, input } = options;
  const at = options.now ?? new Date();
  assertCan(actor, 'ticket.work');
  const asset = await loadAsset(tx, assetId, { forUpdate: true });
  const ticketId = input.ticketId ?? null;
  if (ticketId !== null) {
    await assertTicketVisible(tx, actor, ticketId);
    const { rows } = await tx.execute<{ asset_id: number }>(
      sql`select asset_id from asset_tickets where ticket_id = ${ticketId}`,
    );
    const linked = rows.map((r) => Number(r.asset_id));
    if (!linked.includes(assetId))
      await setTicketAssets(tx, { ticketId, actor, assetIds: [...linked, assetId], at, field: 'ticketId' });
  }
  const part = input.part.trim();
  const stock = await takeFromStock(tx, { part, partStockId: input.partStockId });
  const oldSerial = blankToNull(input.oldSerial) ?? null;
  const newSerial = blankToNull(input.newSerial) ?? null;
  const { rows } = await tx.execute<{ id: number }>(sql`
    insert into asset_replacements (asset_id, part, old_serial, new_serial, ticket_id, part_stock_id, actor_id, at)
    values (${assetId}, ${part}, ${oldSerial}, ${newSerial}, ${ticketId}, ${stock?.id ?? null}, ${actor.id}, ${at})
    returning id`);
  const id = Number(rows[0]?.id);
  await recordEvent(tx, {
    kind: 'asset.replacement',
    entityType: 'asset',
    entityId: assetId,
    ticketId,
    actorId: actor.id,
    at,
    data: {
      replacementId: id,
      asset: { id: assetId, name: asset.name, type: asset.type },
      part,
      oldSerial,
      newSerial,
      ticketId,
      partStockId: stock?.id ?? null,
      stockLeft: stock?.left ?? null,
      internal: true,
    },
  });
  const { rows: saved } = await tx.execute<ReplacementRow>(sql`${SELECT} where p.id = ${id}`);
  const row = saved[0];
  if (!row) throw new Error('the replacement was not saved');
  return present(row);
}
