import { sql } from 'drizzle-orm';
import type { ProblemDetailDto } from '../../../../contracts/problems.ts';
import type { Queryable, Tx } from '../../platform/db/database.ts';
import { assertAssetIds } from '../assets/index.ts';

/** The affected assets of a problem: each exists (400 `asset.not_found` on `assetIds` otherwise). */
export async function checkAssetIds(tx: Tx, ids: readonly number[]): Promise<number[]> {
  const unique = [...new Set(ids)];
  if (unique.length > 0) await assertAssetIds(tx, unique, 'assetIds');
  return unique;
}

/** The affected assets for the problem's page, through the assets module's read model. */
export async function affectedAssets(
  tx: Queryable,
  ids: readonly number[],
): Promise<ProblemDetailDto['assets']> {
  if (ids.length === 0) return [];
  const rows = await tx.execute<{
    id: number;
    name: string;
    type: string;
    status: string;
    criticality: string;
  }>(sql`
    select id, name, type, status, criticality from assets_v where id = any(${sql.param([...ids])}::bigint[]) order by name, id`);
  return rows.rows.map((r) => ({
    id: Number(r.id),
    name: r.name,
    type: r.type,
    status: r.status,
    criticality: r.criticality,
  }));
}
