import type { PossibleDuplicate } from '../../../../contracts/triage.ts';
import { type Queryable, readTogether } from '../../platform/db/database.ts';
import { type Actor, assertCan } from '../identity/index.ts';
import { ticketsFindableOwner } from '../search/index.ts';
import { assertTicketVisible } from '../tickets/index.ts';
import { duplicateThreshold } from './duplicate-threshold.ts';
import { loadSettings } from './model-store.ts';
import { rankDuplicates } from './rank-duplicates.ts';

/**
 * How alike the text must be at least, as a share of the score the ticket gets against its
 * own text (1 = as alike as the ticket is to itself). Below it, a shared requester or a common
 * word ("无法", "error") is all the two have in common, and offering a merge would mislead.
 * Measured on the tests' tickets: true duplicates 0.27-0.42, the same requester's printer
 * ticket beside a VPN one 0.12, other requesters' unrelated tickets about 0.05.
 */
export const DUPLICATE_SIMILARITY_THRESHOLD = 0.2;
/** At most this many possible duplicates are shown. */
const SHOWN = 5;

/**
 * For an existing ticket (agent view): open tickets that may report the same problem —
 * the same requester's, or anybody's within the recent window — never the ticket itself,
 * ranked by the same-problem score (`rank-duplicates.ts`) and shown only when it reaches the
 * threshold calibrated on the desk's own duplicate-of links (`duplicate-threshold.ts`) and
 * the text is alike enough (`DUPLICATE_SIMILARITY_THRESHOLD`).
 */
export async function listPossibleDuplicates(options: {
  tx: Queryable;
  actor: Actor;
  ticketId: number;
  now?: Date;
}): Promise<{ items: PossibleDuplicate[]; threshold: number }> {
  const { tx, actor, ticketId } = options;
  assertCan(actor, 'ticket.work');
  const visible = await assertTicketVisible(tx, actor, ticketId);
  const now = options.now ?? new Date();
  const settings = await loadSettings(tx);
  const since = new Date(now.getTime() - settings.duplicateWindowDays * 86_400_000);
  // The threshold (the desk's duplicate-of links) beside the ranking, on two connections outside a transaction.
  const [ranked, threshold] = await readTogether(tx, [
    () =>
      rankDuplicates(tx, {
        ticketId,
        scope: { visibleOwner: ticketsFindableOwner(actor), requesterId: visible.requesterId, since },
      }),
    () => duplicateThreshold(tx),
  ] as const);
  if (!ranked.items.length) return { items: [], threshold: 0 };
  const { organizationId } = ranked;
  return {
    threshold: threshold.value,
    items: ranked.items
      .filter(
        (item) => item.similarity >= DUPLICATE_SIMILARITY_THRESHOLD && item.sameProblem >= threshold.value,
      )
      .slice(0, SHOWN)
      .map((item) => ({
        id: item.id,
        number: item.number,
        subject: item.subject,
        score: item.score,
        status: item.status as PossibleDuplicate['status'],
        reason: item.requesterId === visible.requesterId ? ('same_requester' as const) : ('recent' as const),
        similarity: item.similarity,
        sameProblem: item.sameProblem,
        sharedFields: item.shared,
        sameOrganisation: organizationId !== null && item.organizationId === organizationId,
      })),
  };
}
