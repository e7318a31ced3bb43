import { sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db/database.ts';
import { idArray } from '../../platform/db/id-array.ts';
import { recordEvents } from '../audit/index.ts';
import type { Actor } from '../identity/index.ts';
import type { TicketAssetPort } from '../tickets/index.ts';
import { assertAssetIds } from './graph.ts';

interface AssetFacts extends Record<string, unknown> {
  id: number;
  name: string;
  type: string;
}

/**
 * Makes `assetIds` the ticket's linked assets: the ones not linked yet are linked, the others
 * unlinked, each with an `asset.linked` / `asset.unlinked` event on the ticket's timeline.
 */
export async function setTicketAssets(
  tx: Tx,
  input: { ticketId: number; actor: Actor; assetIds: readonly number[]; at: Date; field: string },
): Promise<{ added: number[]; removed: number[] }> {
  const { ticketId, actor, at, field } = input;
  const wanted = [...new Set(input.assetIds)];
  await assertAssetIds(tx, wanted, field);
  const { rows: current } = await tx.execute<{ asset_id: number }>(
    sql`select asset_id from asset_tickets where ticket_id = ${ticketId} for update`,
  );
  const have = new Set(current.map((r) => Number(r.asset_id)));
  const added = wanted.filter((id) => !have.has(id));
  const removed = [...have].filter((id) => !wanted.includes(id));
  if (added.length === 0 && removed.length === 0) return { added, removed };
  if (added.length)
    await tx.execute(sql`insert into asset_tickets (asset_id, ticket_id, linked_by, linked_at)
      select unnest(${idArray(added)}), ${ticketId}, ${actor.id}, ${at} on conflict do nothing`);
  if (removed.length)
    await tx.execute(
      sql`delete from asset_tickets where ticket_id = ${ticketId} and asset_id = any(${idArray(removed)})`,
    );
  const { rows } = await tx.execute<AssetFacts>(
    sql`select id, name, type from assets where id = any(${idArray([...added, ...removed])})`,
  );
  const facts = new Map(rows.map((r) => [Number(r.id), { id: Number(r.id), name: r.name, type: r.type }]));
  const common = (id: number) => ({
    entityType: 'asset',
    entityId: id,
    ticketId,
    actorId: actor.id,
    at,
    data: { asset: facts.get(id) ?? { id, name: '', type: '' }, ticketId, internal: true as const },
  });
  await recordEvents(tx, [
    ...added.map((id) => ({ kind: 'asset.linked' as const, ...common(id) })),
    ...removed.map((id) => ({ kind: 'asset.unlinked' as const, ...common(id) })),
  ]);
  return { added, removed };
}

/** The tickets module's asset port (tickets/asset-links.ts), plugged in by the registry. */
export const ticketAssetPort: TicketAssetPort = {
  column: sql`coalesce((
    select json_agg(json_build_object('id', x.id, 'name', x.name, 'type', x.type, 'criticality', x.criticality)
                    order by x.name, x.id)
      from asset_tickets xl join assets x on x.id = xl.asset_id where xl.ticket_id = t.id), '[]'::json)`,
  setLinks: setTicketAssets,
  linkedTo: (assetId) => sql`t.id in (select ticket_id from asset_tickets where asset_id = ${assetId})`,
};
