import { type SQL, sql } from 'drizzle-orm';
import type { ListTicketsQuery, TicketSummaryDto } from '../../../../contracts/tickets.ts';
import type { Queryable } from '../../platform/db/database.ts';
import { decodeCursor, encodeCursor } from '../../platform/http/cursor.ts';
import { AppError } from '../../platform/http/errors.ts';
import { type Actor, isStaff } from '../identity/index.ts';
import { ticketAssetPort } from './asset-links.ts';
import { normalisePath } from './categories.ts';
import { forReader } from './get-ticket.ts';
import { presentTicketSummary, TICKET_JOINS, type TicketRow, ticketColumns } from './presenter.ts';
import { needsWordIndex, ticketTextMatcher } from './text-matcher.ts';
import { visibleTo } from './visibility.ts';

const SELECT_SUMMARY = sql.raw(`select ${ticketColumns(false)},
  t.created_at::text as created_key, t.updated_at::text as updated_key from ${TICKET_JOINS}`);

interface ListRow extends TicketRow {
  created_key: string;
  updated_key: string;
}

/**
 * The queue: filters, one of a few sorts, keyset pagination (a cursor carries the sort key
 * of the last row, so page 1,000 costs what page 1 does). Every sort has an index.
 */
export async function listTickets(options: {
  tx: Queryable;
  actor: Actor;
  query: ListTicketsQuery;
}): Promise<{ items: TicketSummaryDto[]; nextCursor: string | null }> {
  const { tx, actor, query } = options;
  const where: SQL[] = [visibleTo(actor), ...filters(actor, query)];
  if (query.q) where.push(await textFilter(tx, actor, query.q));
  const { order, after, key } = sortBy(query);
  if (query.cursor) where.push(after(query.cursor));
  // Planned on every call (not a prepared statement): how selective a filter is varies
  // too much between queues, and a custom plan can use the partial open-ticket indexes.
  const { rows } = await tx.execute<ListRow>(
    sql`${SELECT_SUMMARY} where ${sql.join(where, sql` and `)} order by ${order} limit ${query.limit + 1}`,
  );
  const more = rows.length > query.limit;
  const page = more ? rows.slice(0, query.limit) : rows;
  const last = page.at(-1);
  return {
    items: page.map((row) => forReader(actor, presentTicketSummary(row))),
    nextCursor: more && last ? key(last) : null,
  };
}

/** How many of the word index's best matches the queue filters and sorts. */
const WORD_MATCHES = 1000;

function filters(actor: Actor, query: ListTicketsQuery): SQL[] {
  const where: SQL[] = [];
  // One array parameter, whatever the number of values.
  const anyOf = (column: string, values: readonly (string | number)[]) =>
    typeof values[0] === 'number'
      ? sql`${sql.raw(column)} = any(${sql.param(values)}::bigint[])`
      : sql`${sql.raw(column)} = any(${sql.param(values)}::text[])`;
  if (query.status?.length) where.push(anyOf('t.status', query.status));
  if (query.priority?.length) where.push(anyOf('t.priority', query.priority));
  if (query.type?.length) where.push(anyOf('t.type', query.type));
  if (query.channel?.length) where.push(anyOf('t.channel', query.channel));
  if (query.requesterId) where.push(sql`t.requester_id = ${query.requesterId}`);
  const nullable = (column: string, values: readonly (string | number)[] | undefined) => {
    if (!values?.length) return;
    const ids = values
      .map((v) => (v === 'me' ? actor.id : v))
      .filter((v): v is number => typeof v === 'number');
    const parts: SQL[] = [];
    if (ids.length) parts.push(anyOf(column, ids));
    if (values.includes('none')) parts.push(sql`${sql.raw(column)} is null`);
    where.push(sql`(${sql.join(parts, sql` or `)})`);
  };
  nullable('t.team_id', query.teamId);
  nullable('t.assignee_id', query.assigneeId);
  if (query.tag?.length) {
    // The desk's own labels: a requester may not probe them.
    if (!isStaff(actor)) throw new AppError('auth.forbidden', { field: 'tag' });
    // `cardinality(...) > 0` (implied: the filter names a tag) lets the partial GIN index serve it.
    where.push(sql`t.tags @> ${sql.param(query.tag)}::text[] and cardinality(t.tags) > 0`);
  }
  if (query.assetId !== undefined) {
    // The desk's own records: a requester may not probe them.
    if (!isStaff(actor)) throw new AppError('auth.forbidden', { field: 'assetId' });
    const assets = ticketAssetPort();
    where.push(assets ? assets.linkedTo(query.assetId) : sql`false`);
  }
  if (query.category) {
    const path = normalisePath(query.category);
    where.push(sql`t.category_id in (select id from categories
      where lower(path) = lower(${path}) or lower(path) like lower(${`${escapeLike(path)}/%`}))`);
  }
  return where;
}

/**
 * The queue's text box: a ticket number (`#10023`); Chinese text through the word index
 * (its best matches, then the queue's own filters and order over them); anything else
 * as a subject substring or an exact error code.
 */
async function textFilter(tx: Queryable, actor: Actor, q: string): Promise<SQL> {
  const number = /^#?(\d{1,15})$/.exec(q);
  if (number) return sql`t.number = ${Number(number[1])}`;
  const words = needsWordIndex(q) ? ticketTextMatcher() : null;
  if (words) return sql`t.id = any(${sql.param(await words(tx, actor, q, WORD_MATCHES))}::bigint[])`;
  return sql`(t.subject ilike ${`%${escapeLike(q)}%`} or t.error_code = ${q})`;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, '\\$&');
}

function sortBy(query: ListTicketsQuery) {
  const byCreated = (direction: 'asc' | 'desc') => ({
    // Spelled as the indexes are built (DESC NULLS LAST), so that they serve the order.
    order: sql.raw(
      direction === 'desc'
        ? 't.created_at desc nulls last, t.id desc nulls last'
        : 't.created_at asc nulls first, t.id asc nulls first',
    ),
    after: (cursor: string) => {
      const [at, id] = decodeCursor(cursor, ['string', 'number']);
      return direction === 'desc'
        ? sql`(t.created_at, t.id) < (${at}::timestamptz, ${id})`
        : sql`(t.created_at, t.id) > (${at}::timestamptz, ${id})`;
    },
    key: (row: ListRow) => encodeCursor([row.created_key, row.id]),
  });
  switch (query.sort) {
    case 'created_asc':
      return byCreated('asc');
    case 'updated_desc':
      return {
        order: sql.raw('t.updated_at desc nulls last, t.id desc nulls last'),
        after: (cursor: string) => {
          const [at, id] = decodeCursor(cursor, ['string', 'number']);
          return sql`(t.updated_at, t.id) < (${at}::timestamptz, ${id})`;
        },
        key: (row: ListRow) => encodeCursor([row.updated_key, row.id]),
      };
    case 'priority':
      return {
        order: sql.raw('t.priority asc, t.created_at desc nulls last, t.id desc nulls last'),
        after: (cursor: string) => {
          const [priority, at, id] = decodeCursor(cursor, ['string', 'string', 'number']);
          return sql`(t.priority > ${priority} or (t.priority = ${priority}
            and (t.created_at, t.id) < (${at}::timestamptz, ${id})))`;
        },
        key: (row: ListRow) => encodeCursor([row.priority, row.created_key, row.id]),
      };
    default:
      return byCreated('desc');
  }
}
