import { sql } from 'drizzle-orm';
import type { Db, Queryable, Tx } from '../../platform/db/database.ts';
import { idArray } from '../../platform/db/id-array.ts';
import type { TicketChange } from '../tickets/index.ts';
import {
  bulkIndexDocuments,
  type IndexableDocument,
  indexDocuments,
  recountFrequencies,
} from './documents.ts';

interface TicketSource extends Record<string, unknown> {
  id: number;
  number: number;
  subject: string;
  description: string;
  error_code: string | null;
  status: string;
  requester_id: number;
  organization_id: number | null;
  team_id: number | null;
  priority: string;
  category: string | null;
  created_at: string | Date;
  messages: string;
}

/**
 * The search index's read of tickets: subject, description, error code and the public
 * conversation. Internal notes are never indexed, so no search can surface them.
 */
const TICKET_SOURCE = sql`
  select t.id, t.number, t.subject, t.description, t.error_code, t.status, t.requester_id, t.organization_id,
         t.team_id, t.priority, c.path as category, t.created_at,
         coalesce((select string_agg(m.body, E'\n' order by m.created_at, m.id) from ticket_messages_v m
                    where m.ticket_id = t.id and not m.internal), '') as messages
    from tickets_v t left join ticket_categories_v c on c.id = t.category_id`;

function toDocument(row: TicketSource): IndexableDocument {
  const body = [row.description, row.error_code ?? '', row.messages].filter(Boolean).join('\n');
  return {
    source: 'ticket',
    sourceId: Number(row.id),
    title: row.subject,
    body,
    visibility: 'public',
    status: row.status,
    ownerId: Number(row.requester_id),
    organizationId: row.organization_id === null ? null : Number(row.organization_id),
    teamId: row.team_id === null ? null : Number(row.team_id),
    category: row.category,
    priority: row.priority,
    number: Number(row.number),
    createdAt: row.created_at instanceof Date ? row.created_at : new Date(row.created_at),
  };
}

export async function indexTicket(tx: Queryable, ticketId: number): Promise<void> {
  await indexTickets(tx, [ticketId]);
}

/** Indexes tickets as they are now, in a few statements however many. */
export async function indexTickets(tx: Queryable, ticketIds: readonly number[]): Promise<void> {
  if (ticketIds.length === 0) return;
  const ids = idArray(new Set(ticketIds));
  const result = await tx.execute<TicketSource>(sql`${TICKET_SOURCE} where t.id = any(${ids})`);
  await indexDocuments(tx, result.rows.map(toDocument));
}

/**
 * The ticket follow-up: every created, imported or changed ticket and every public reply is
 * re-indexed, each ticket of a batch once.
 */
export async function indexTicketOnChange(tx: Tx, changes: readonly TicketChange[]): Promise<void> {
  await indexTickets(
    tx,
    changes
      .filter((change) => !(change.kind === 'message' && change.internal))
      .map((change) => change.ticketId),
  );
}

/**
 * Re-indexes every ticket in batches (after a bulk load that bypassed the hooks), then
 * recounts term frequencies once. Returns how many tickets were indexed.
 */
export async function reindexAllTickets(db: Db, batchSize = 2000): Promise<number> {
  let after = 0;
  let count = 0;
  for (;;) {
    const result = await db.execute<TicketSource>(
      sql`${TICKET_SOURCE} where t.id > ${after} order by t.id limit ${batchSize}`,
    );
    if (!result.rows.length) break;
    await bulkIndexDocuments(db, result.rows.map(toDocument));
    count += result.rows.length;
    after = Number(result.rows.at(-1)?.id ?? after);
  }
  await db.transaction((tx) => recountFrequencies(tx, 'ticket'));
  return count;
}
