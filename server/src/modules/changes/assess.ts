import { sql } from 'drizzle-orm';
import type {
  ChangeConflictDto,
  ChangeRisk,
  ChangeStatus,
  ChangeType,
  RiskFactorsDto,
} from '../../../../contracts/changes.ts';
import type { Tx } from '../../platform/db/database.ts';
import { idArray } from '../../platform/db/id-array.ts';
import { assetCriticalities, openIncidentCounts, relatedAssetIds } from '../assets/index.ts';
import { ACTIVE_STATUSES, computeRisk } from './domain.ts';

/** How far back a failed or rolled-back change on an asset raises the risk of a new one. */
export const RECENT_FAILURE_DAYS = 90;

const statusList = (statuses: readonly ChangeStatus[]) => sql.raw(statuses.map((s) => `'${s}'`).join(','));

/** The risk of a change on these assets, with the factors that gave it (domain.ts computeRisk). */
export async function assessRisk(
  tx: Tx,
  change: { id: number | null; type: ChangeType; assetIds: readonly number[] },
  now: Date = new Date(),
): Promise<{ risk: ChangeRisk; factors: RiskFactorsDto }> {
  const ids = [...change.assetIds];
  if (ids.length === 0)
    return computeRisk({ criticalities: [], openIncidents: 0, recentFailedChanges: 0, type: change.type });
  const [criticalities, incidents, failed] = [
    await assetCriticalities(tx, ids),
    await openIncidentCounts(tx, ids),
    await tx.execute<{ n: number }>(sql`
      select count(distinct c.id)::int as n
        from change_assets ca join changes c on c.id = ca.change_id
       where ca.asset_id = any(${idArray(ids)})
         and c.status in ('failed', 'rolled_back')
         and c.implemented_at > ${new Date(now.getTime() - RECENT_FAILURE_DAYS * 86_400_000).toISOString()}::timestamptz
         and c.id <> ${change.id ?? 0}`),
  ];
  return computeRisk({
    criticalities: [...criticalities.values()],
    openIncidents: [...incidents.values()].reduce((sum, n) => sum + n, 0),
    recentFailedChanges: Number(failed.rows[0]?.n ?? 0),
    type: change.type,
  });
}

/**
 * Other active changes on the same assets, or on assets related to them (the assets module's
 * relations, both ways, transitive), whose planned windows overlap this one's: listed on both.
 */
export async function findConflicts(
  tx: Tx,
  change: { id: number | null; assetIds: readonly number[]; plannedStart: Date; plannedEnd: Date },
): Promise<ChangeConflictDto[]> {
  if (change.assetIds.length === 0) return [];
  const related = await relatedAssetIds(tx, [...change.assetIds]);
  const result = await tx.execute<{
    id: number;
    title: string;
    status: ChangeStatus;
    planned_start: Date | string;
    planned_end: Date | string;
    asset_ids: number[];
  }>(sql`
    select c.id, c.title, c.status, c.planned_start, c.planned_end,
           array_agg(ca.asset_id order by ca.asset_id) as asset_ids
      from change_assets ca join changes c on c.id = ca.change_id
     where ca.asset_id = any(${idArray(related)})
       and ca.change_id <> ${change.id ?? 0}
       and c.status in (${statusList(ACTIVE_STATUSES)})
       and tstzrange(c.planned_start, c.planned_end, '[)')
           && tstzrange(${change.plannedStart.toISOString()}::timestamptz, ${change.plannedEnd.toISOString()}::timestamptz, '[)')
     group by c.id
     order by c.planned_start, c.id
     limit 50`);
  return result.rows.map((row) => ({
    changeId: Number(row.id),
    title: row.title,
    status: row.status,
    plannedStart: new Date(row.planned_start).toISOString(),
    plannedEnd: new Date(row.planned_end).toISOString(),
    assetIds: row.asset_ids.map(Number),
  }));
}

export interface FreezeHit {
  id: number;
  name: string;
  startsAt: Date;
  endsAt: Date;
}

/** Freeze windows that overlap a planned window, earliest first. */
export async function overlappingFreezes(tx: Tx, start: Date, end: Date): Promise<FreezeHit[]> {
  const result = await tx.execute<{
    id: number;
    name: string;
    starts_at: Date | string;
    ends_at: Date | string;
  }>(sql`
    select id, name, starts_at, ends_at from change_freezes
     where starts_at < ${end.toISOString()}::timestamptz and ends_at > ${start.toISOString()}::timestamptz
     order by starts_at, id`);
  return result.rows.map((row) => ({
    id: Number(row.id),
    name: row.name,
    startsAt: new Date(row.starts_at),
    endsAt: new Date(row.ends_at),
  }));
}
