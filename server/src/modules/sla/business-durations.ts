import type { Queryable } from '../../platform/db/database.ts';
import { type ClockResult, computeClocks, type TicketHistory } from './domain/clocks.ts';
import type { PolicyRule } from './domain/policy.ts';
import { loadTicketFacts } from './history.ts';
import { loadPolicies } from './policy-loader.ts';

/** A ticket and the instants (epoch ms) whose business time the reports want. */
export interface BusinessDurationRequest {
  ticketId: number;
  /** The first response, or null. */
  respondedAt: number | null;
  /** The (latest) resolution, or null. */
  resolvedAt: number | null;
}

/** Business seconds from creation, null where no SLA policy (and so no calendar) applies. */
export interface BusinessDurations {
  responseSeconds: number | null;
  resolutionSeconds: number | null;
}

const seconds = (clock: ClockResult | null) => (clock ? Math.round(clock.usedMs / 1000) : null);

/**
 * The business time a ticket's first response and resolution clocks had counted at the given
 * instants: the same replay of its history as its clocks (each stretch on the calendar of the
 * policy then in force, pauses not counted, a reopened ticket's resolution clock counting on).
 * Pure: no I/O, no clock.
 */
export function businessTimeUsed(
  history: TicketHistory,
  rules: readonly PolicyRule[],
  respondedAt: number | null,
  resolvedAt: number | null,
): BusinessDurations {
  return {
    responseSeconds:
      respondedAt === null ? null : seconds(computeClocks(history, rules, respondedAt).firstResponse),
    resolutionSeconds:
      resolvedAt === null ? null : seconds(computeClocks(history, rules, resolvedAt).resolution),
  };
}

/** `businessTimeUsed` for several tickets, read from their audit history and the policies in force. */
export async function businessDurations(
  tx: Queryable,
  requests: readonly BusinessDurationRequest[],
): Promise<Map<number, BusinessDurations>> {
  const result = new Map<number, BusinessDurations>();
  if (requests.length === 0) return result;
  const rules = (await loadPolicies(tx)).map((p) => p.rule);
  const facts = await loadTicketFacts(
    tx,
    requests.map((r) => r.ticketId),
  );
  for (const request of requests) {
    const ticket = facts.get(request.ticketId);
    if (!ticket) continue;
    result.set(
      request.ticketId,
      businessTimeUsed(ticket.history, rules, request.respondedAt, request.resolvedAt),
    );
  }
  return result;
}
