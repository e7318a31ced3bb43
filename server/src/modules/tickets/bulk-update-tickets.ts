import { inArray } from 'drizzle-orm';
import type {
  BulkTicketChanges,
  BulkTicketInput,
  BulkTicketResult,
} from '../../../../contracts/ticket-bulk.ts';
import type { Priority, TicketStatus } from '../../../../contracts/tickets.ts';
import { tickets } from '../../db/schema.ts';
import type { Tx } from '../../platform/db/database.ts';
import { AppError, type MessageLocale } from '../../platform/http/errors.ts';
import { type Actor, assertCan } from '../identity/index.ts';
import { assertTicketVisible } from './get-ticket.ts';
import { updateTicket } from './update-ticket.ts';
import { ticketNotFound } from './visibility.ts';

type Row = typeof tickets.$inferSelect;

/** The changes that put a ticket's fields back as they were before `changes`. */
function undoOf(before: Row, changes: BulkTicketChanges): BulkTicketChanges {
  const undo: BulkTicketChanges = {};
  if (changes.status !== undefined) undo.status = before.status as TicketStatus;
  if (changes.assigneeId !== undefined) undo.assigneeId = before.assigneeId;
  if (changes.teamId !== undefined) undo.teamId = before.teamId;
  if (changes.priority !== undefined) {
    if (before.priorityOverridden && before.priorityReason) {
      undo.priority = before.priority as Priority;
      undo.priorityReason = before.priorityReason;
    } else {
      undo.priority = null;
    }
  }
  return undo;
}

/**
 * A queue's bulk action (assign, status, priority) through `updateTicket`, one ticket at a
 * time in one transaction: each ticket is checked as if changed alone (status machine,
 * permissions, priority reason). A ticket that refuses the change is reported and rolled back
 * to its savepoint; the others keep theirs. Returns what would put them back (the undo).
 */
export async function bulkUpdateTickets(options: {
  tx: Tx;
  actor: Actor;
  input: BulkTicketInput;
  locale: MessageLocale;
  now?: Date;
}): Promise<BulkTicketResult> {
  const { tx, actor, input, locale } = options;
  assertCan(actor, 'ticket.work');
  const items =
    input.items ?? (input.ticketIds ?? []).map((ticketId) => ({ ticketId, changes: input.changes ?? {} }));
  const ids = [...new Set(items.map((item) => item.ticketId))];
  const rows = await tx.select().from(tickets).where(inArray(tickets.id, ids));
  const byId = new Map(rows.map((row) => [row.id, row]));
  const results: BulkTicketResult['results'] = [];
  const undo: { ticketId: number; changes: BulkTicketChanges }[] = [];
  for (const { ticketId, changes } of items) {
    const before = byId.get(ticketId);
    try {
      await tx.transaction(async (savepoint) => {
        if (!before) throw ticketNotFound();
        await assertTicketVisible(savepoint, actor, ticketId);
        await updateTicket({
          tx: savepoint,
          actor,
          ticketId,
          input: changes,
          ...(options.now ? { now: options.now } : {}),
        });
      });
      results.push({ ticketId, number: before?.number ?? null, ok: true, error: null });
      if (before) undo.push({ ticketId, changes: undoOf(before, changes) });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      results.push({
        ticketId,
        number: before?.number ?? null,
        ok: false,
        error: { code: error.code, message: error.localizedMessage(locale) },
      });
    }
  }
  return { results, undo: undo.length ? { items: undo } : null };
}
