import { sql } from 'drizzle-orm';
import type { TriageSuggestion } from '../../../../contracts/triage.ts';
import type { Queryable } from '../../platform/db/database.ts';
import { type Actor, assertCan } from '../identity/index.ts';
import { describingConcepts, rankTickets } from '../search/index.ts';
import { assertTicketVisible } from '../tickets/index.ts';
import { suggestTriage } from './suggest-triage.ts';

/**
 * How alike a candidate must be, as a share of the score the ticket gets against its own
 * text (1 = as alike as the ticket is to itself). Below it, a shared requester or a common
 * word ("无法", "error") is all the two have in common, and offering a merge would mislead.
 * Measured on the tests' tickets: true duplicates 0.27-0.42, the same requester's printer
 * ticket beside a VPN one 0.12, other requesters' unrelated tickets about 0.05.
 */
export const DUPLICATE_SIMILARITY_THRESHOLD = 0.2;

/**
 * For an existing ticket (agent view): open tickets that may report the same problem —
 * the same requester's, or anybody's within the recent window — never the ticket itself,
 * and only those whose text is alike enough (`DUPLICATE_SIMILARITY_THRESHOLD`).
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
    sql`select subject, description from tickets_v where id = ${ticketId}`,
  );
  const row = rows.rows[0];
  if (!row) return { items: [] };
  const input = { subject: row.subject.slice(0, 200), description: row.description.slice(0, 20000) };
  const suggestion = await suggestTriage({
    tx,
    actor,
    input,
    requesterId: visible.requesterId,
    ticketId,
    now: options.now,
  });
  if (suggestion.possibleDuplicates.length === 0) return { items: [] };
  const selfScore = await scoreAgainstItself(tx, input, ticketId, options.now ?? new Date());
  if (selfScore <= 0) return { items: [] };
  return {
    items: suggestion.possibleDuplicates
      .map((item) => ({ ...item, similarity: Math.min(1, Math.round((item.score / selfScore) * 100) / 100) }))
      .filter((item) => item.similarity >= DUPLICATE_SIMILARITY_THRESHOLD),
  };
}

/** The ticket's own score for its own text: the most alike a document can be, to scale the others by. */
async function scoreAgainstItself(
  tx: Queryable,
  input: { subject: string; description: string },
  ticketId: number,
  now: Date,
): Promise<number> {
  const concepts = await describingConcepts(tx, { title: input.subject, body: input.description });
  const [self] = await rankTickets(tx, {
    concepts,
    filter: sql`d.source_id = ${ticketId}`,
    limit: 1,
    near: now,
  });
  return self?.score ?? 0;
}
