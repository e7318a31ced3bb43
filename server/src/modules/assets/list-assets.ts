import { type SQL, sql } from 'drizzle-orm';
import type { AssetListQuery, AssetSummaryDto } from '../../../../contracts/assets.ts';
import type { Queryable } from '../../platform/db/database.ts';
import { type Actor, assertCan } from '../identity/index.ts';
import { type AssetRow, presentAsset, SELECT_ASSET } from './assets.ts';

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The asset list: text (name, serial number, location), type, status, criticality and owner filters; paged. */
export async function listAssets(options: {
  tx: Queryable;
  actor: Actor;
  query: AssetListQuery;
}): Promise<{ items: AssetSummaryDto[]; total: number; page: number; pageSize: number }> {
  const { tx, actor, query } = options;
  assertCan(actor, 'ticket.work');
  const where: SQL[] = [sql`true`];
  if (query.q) {
    const like = `%${escapeLike(query.q.toLowerCase())}%`;
    where.push(sql`(lower(a.name) like ${like} or lower(coalesce(a.serial_number, '')) like ${like}
      or lower(coalesce(a.location, '')) like ${like})`);
  }
  if (query.type) where.push(sql`a.type = ${query.type}`);
  if (query.status) where.push(sql`a.status = ${query.status}`);
  if (query.criticality) where.push(sql`a.criticality = ${query.criticality}`);
  if (query.ownerId) where.push(sql`a.owner_id = ${query.ownerId}`);
  const condition = sql.join(where, sql` and `);
  const offset = (query.page - 1) * query.pageSize;
  const [{ rows }, count] = [
    await tx.execute<AssetRow>(
      sql`${SELECT_ASSET} where ${condition} order by lower(a.name), a.id limit ${query.pageSize} offset ${offset}`,
    ),
    await tx.execute<{ total: number }>(sql`select count(*)::int as total from assets a where ${condition}`),
  ];
  return {
    items: rows.map(presentAsset),
    total: Number(count.rows[0]?.total ?? 0),
    page: query.page,
    pageSize: query.pageSize,
  };
}
