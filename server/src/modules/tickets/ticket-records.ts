import { eq, sql } from 'drizzle-orm';
import { categories, tickets } from '../../db/schema.ts';
import type { Queryable } from '../../platform/db/database.ts';
import { idArray } from '../../platform/db/id-array.ts';

/**
 * A ticket as other modules' hooks, jobs and use cases read it: every stored field and the
 * category's path. No visibility check: callers that act for a person check it first
 * (`assertTicketVisible`). Joins over many tickets read the view `tickets_v` instead.
 */
export type TicketRecord = typeof tickets.$inferSelect & { category: string | null };

const columns = { ticket: tickets, category: categories.path };

export async function findTicketRecord(db: Queryable, ticketId: number): Promise<TicketRecord | null> {
  const [row] = await db
    .select(columns)
    .from(tickets)
    .leftJoin(categories, eq(categories.id, tickets.categoryId))
    .where(eq(tickets.id, ticketId));
  return row ? { ...row.ticket, category: row.category } : null;
}

export async function findTicketRecords(
  db: Queryable,
  ticketIds: readonly number[],
): Promise<TicketRecord[]> {
  if (ticketIds.length === 0) return [];
  const rows = await db
    .select(columns)
    .from(tickets)
    .leftJoin(categories, eq(categories.id, tickets.categoryId))
    // One array parameter: one statement text (planned once per connection) for any number of ids.
    .where(sql`${tickets.id} = any(${idArray(ticketIds)})`);
  return rows.map((row) => ({ ...row.ticket, category: row.category }));
}
