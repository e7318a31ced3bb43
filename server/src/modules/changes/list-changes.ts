import { sql } from 'drizzle-orm';
import type { ChangeDto, ChangeList, ChangeListQuery } from '../../../../contracts/changes.ts';
import type { Tx } from '../../platform/db/database.ts';
import type { Actor } from '../identity/index.ts';
import { assertChangeWork } from './access.ts';
import { loadChange, presentChange, SUMMARY_COLUMNS, type SummaryRow, toSummary } from './store.ts';

/** `GET /changes`: newest first, filtered by status, type or a pending review; keyset pages. */
export async function listChanges(options: {
  tx: Tx;
  actor: Actor;
  query: ChangeListQuery;
}): Promise<ChangeList> {
  const { tx, actor } = options;
  assertChangeWork(actor);
  const query = options.query;
  const limit = Number(query.limit ?? 50);
  const filters = [sql`true`];
  if (query.status) filters.push(sql`c.status = ${query.status}`);
  if (query.type) filters.push(sql`c.type = ${query.type}`);
  if (query.reviewRequired) filters.push(sql`c.review_required = ${query.reviewRequired === 'true'}`);
  if (query.before) filters.push(sql`c.id < ${query.before}`);
  const result = await tx.execute<SummaryRow>(sql`
    select ${SUMMARY_COLUMNS}
      from changes c left join identity_users_v u on u.id = c.owner_id
     where ${sql.join(filters, sql` and `)}
     order by c.id desc
     limit ${limit + 1}`);
  const rows = result.rows.slice(0, limit).map(toSummary);
  const last = rows.at(-1);
  return { items: rows, nextBefore: result.rows.length > limit && last ? last.id : null };
}

export async function getChange(options: { tx: Tx; actor: Actor; changeId: number }): Promise<ChangeDto> {
  assertChangeWork(options.actor);
  return presentChange(options.tx, await loadChange(options.tx, options.changeId));
}
