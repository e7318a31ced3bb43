import { sql } from 'drizzle-orm';
import type { Criticality } from '../../../../contracts/assets.ts';
import type { Tx } from '../../platform/db/database.ts';
import { idArray } from '../../platform/db/id-array.ts';
import { AppError } from '../../platform/http/errors.ts';
import { OPEN_STATUSES } from '../tickets/index.ts';

/** 400 `asset.not_found` (naming `field`) unless every id is an asset. */
export async function assertAssetIds(tx: Tx, ids: number[], field = 'assetIds'): Promise<void> {
  const wanted = [...new Set(ids)];
  if (wanted.length === 0) return;
  if (wanted.some((id) => !Number.isSafeInteger(id) || id <= 0))
    throw new AppError('asset.not_found', { field });
  const { rows } = await tx.execute<{ n: number }>(
    sql`select count(*)::int as n from assets where id = any(${idArray(wanted)})`,
  );
  if (Number(rows[0]?.n ?? 0) !== wanted.length) throw new AppError('asset.not_found', { field });
}

/**
 * The ids with every asset connected to them by relations of any kind, in both directions and
 * transitively (what a change to one of them may touch). Unknown ids are left out.
 */
export async function relatedAssetIds(tx: Tx, ids: number[]): Promise<number[]> {
  if (ids.length === 0) return [];
  const { rows } = await tx.execute<{ id: number }>(sql`
    with recursive reach(id) as (
      select id from assets where id = any(${idArray(ids)})
      union
      select case when r.from_asset_id = reach.id then r.to_asset_id else r.from_asset_id end
        from reach join asset_relations r on r.from_asset_id = reach.id or r.to_asset_id = reach.id
    )
    select id from reach order by id`);
  return rows.map((r) => Number(r.id));
}

/** Each known asset's criticality. */
export async function assetCriticalities(tx: Tx, ids: number[]): Promise<Map<number, Criticality>> {
  if (ids.length === 0) return new Map();
  const { rows } = await tx.execute<{ id: number; criticality: Criticality }>(
    sql`select id, criticality from assets where id = any(${idArray(ids)})`,
  );
  return new Map(rows.map((r) => [Number(r.id), r.criticality]));
}

/** How many open tickets (not resolved, not closed) are linked to each asset; 0 for an asset with none. */
export async function openIncidentCounts(tx: Tx, ids: number[]): Promise<Map<number, number>> {
  const counts = new Map<number, number>(ids.map((id) => [id, 0]));
  if (ids.length === 0) return counts;
  const { rows } = await tx.execute<{ asset_id: number; n: number }>(sql`
    select l.asset_id, count(*)::int as n
      from asset_tickets l join tickets_v t on t.id = l.ticket_id
     where l.asset_id = any(${idArray(ids)}) and t.status = any(${sql.param([...OPEN_STATUSES])}::text[])
     group by l.asset_id`);
  for (const row of rows) counts.set(Number(row.asset_id), Number(row.n));
  return counts;
}
