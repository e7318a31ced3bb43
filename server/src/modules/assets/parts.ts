import { sql } from 'drizzle-orm';
import type { AssetPartDto } from '../../../../contracts/assets.ts';
import type { Queryable, Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import { diff, recordEvent } from '../audit/index.ts';
import { type Actor, assertCan, isUniqueViolation } from '../identity/index.ts';
import { isoTime } from './assets.ts';

interface PartRow extends Record<string, unknown> {
  id: number;
  name: string;
  quantity: number;
  updated_at: Date | string;
}

const present = (row: PartRow): AssetPartDto => ({
  id: Number(row.id),
  name: row.name,
  quantity: Number(row.quantity),
  updatedAt: isoTime(row.updated_at),
});

/** The spare parts kept in stock (备件库存), by name. */
export async function listParts(options: { tx: Queryable; actor: Actor }): Promise<AssetPartDto[]> {
  assertCan(options.actor, 'ticket.work');
  const { rows } = await options.tx.execute<PartRow>(
    sql`select id, name, quantity, updated_at from asset_parts order by lower(name), id`,
  );
  return rows.map(present);
}

/** Starts keeping a part in stock. */
export async function createPart(options: {
  tx: Tx;
  actor: Actor;
  input: { name: string; quantity: number };
}): Promise<AssetPartDto> {
  const { tx, actor, input } = options;
  assertCan(actor, 'ticket.work');
  const name = input.name.trim();
  const { rows: same } = await tx.execute(sql`select 1 from asset_parts where lower(name) = lower(${name})`);
  if (same.length) throw new AppError('asset.part_exists', { field: 'name' });
  let row: PartRow | undefined;
  try {
    ({
      rows: [row],
    } =
      await tx.execute<PartRow>(sql`insert into asset_parts (name, quantity) values (${name}, ${input.quantity})
      returning id, name, quantity, updated_at`));
  } catch (error) {
    if (isUniqueViolation(error, 'asset_parts_name_key'))
      throw new AppError('asset.part_exists', { field: 'name' });
    throw error;
  }
  if (!row) throw new Error('insert returned no row');
  await recordEvent(tx, {
    kind: 'asset.part_created',
    entityType: 'asset_part',
    entityId: Number(row.id),
    actorId: actor.id,
    data: { name, quantity: input.quantity },
  });
  return present(row);
}

/** Renames a stocked part or sets its quantity (a delivery, a count). */
export async function updatePart(options: {
  tx: Tx;
  actor: Actor;
  partId: number;
  input: { name?: string; quantity?: number };
}): Promise<AssetPartDto> {
  const { tx, actor, partId, input } = options;
  assertCan(actor, 'ticket.work');
  const { rows } = await tx.execute<PartRow>(
    sql`select id, name, quantity, updated_at from asset_parts where id = ${partId} for update`,
  );
  const before = rows[0];
  if (!before) throw new AppError('asset.part_missing');
  const name = input.name?.trim();
  if (name !== undefined && name.toLowerCase() !== before.name.toLowerCase()) {
    const { rows: same } = await tx.execute(
      sql`select 1 from asset_parts where lower(name) = lower(${name})`,
    );
    if (same.length) throw new AppError('asset.part_exists', { field: 'name' });
  }
  const changes = diff(
    { name: before.name, quantity: Number(before.quantity) },
    { name, quantity: input.quantity },
  );
  if (Object.keys(changes).length === 0) return present(before);
  const { rows: after } = await tx.execute<PartRow>(sql`update asset_parts
      set name = ${name ?? before.name}, quantity = ${input.quantity ?? before.quantity}, updated_at = now()
    where id = ${partId} returning id, name, quantity, updated_at`);
  const row = after[0];
  if (!row) throw new AppError('asset.part_missing');
  await recordEvent(tx, {
    kind: 'asset.part_updated',
    entityType: 'asset_part',
    entityId: partId,
    actorId: actor.id,
    data: { name: row.name, changes },
  });
  return present(row);
}
