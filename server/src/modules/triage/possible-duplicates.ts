import { sql } from 'drizzle-orm';
import type { TriageSuggestion } from '../../../../contracts/triage.ts';
import type { Queryable } from '../../platform/db/database.ts';
import { type Actor, assertCan } from '../identity/index.ts';
import { assertTicketVisible } from '../tickets/index.ts';
import { suggestTriage } from './suggest-triage.ts';

/**
 * For an existing ticket (agent view): open tickets that may report the same problem —
 * the same requester's, or anybody's within the recent window — never the ticket itself.
 */
export async function listPossibleDuplicates(options: {
  tx: Queryable;
  actor: Actor;
  ticketId: number;
  now?: Date;
}): Promise<{ items: TriageSuggestion['possibleDuplicates'] }> {
  const { tx, actor, ticketId } = options;
  assertCan(actor, 'ticket.work');
  const visible = await assertTicketVisible(tx, actor, ticketId);
  const rows = await tx.execute<{ subject: string; description: string }>(
    sql`select subject, description from tickets where id = ${ticketId}`,
  );
  const row = rows.rows[0];
  if (!row) return { items: [] };
  const suggestion = await suggestTriage({
    tx,
    actor,
    input: { subject: row.subject.slice(0, 200), description: row.description.slice(0, 20000) },
    requesterId: visible.requesterId,
    ticketId,
    now: options.now,
  });
  return { items: suggestion.possibleDuplicates };
}
