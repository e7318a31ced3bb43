import { isFinalStatus, TICKET_TRANSITIONS } from '../../../../contracts/ticket-status.ts';
import type { TicketStatus } from '../../../../contracts/tickets.ts';

export {
  allowedTransitions,
  OPEN_TICKET_STATUSES as OPEN_STATUSES,
} from '../../../../contracts/ticket-status.ts';

export interface TransitionEffects {
  status: TicketStatus;
  resolvedAt?: Date | null;
  closedAt?: Date | null;
  /** Added to the reopen counter. */
  reopened: boolean;
}

/**
 * The table lives in contracts/ticket-status.ts (the web app offers what it allows).
 * The one function that moves a ticket between statuses: it says whether the move is
 * allowed and what else changes with it. Pure; `now` is a parameter.
 */
export function transition(
  from: TicketStatus,
  to: TicketStatus,
  now: Date,
): { ok: true; effects: TransitionEffects } | { ok: false } {
  if (!TICKET_TRANSITIONS[from].includes(to)) return { ok: false };
  const effects: TransitionEffects = { status: to, reopened: false };
  if (to === 'resolved') effects.resolvedAt = now;
  if (to === 'closed' || to === 'cancelled') effects.closedAt = now;
  if (from === 'resolved' && to === 'open') {
    effects.reopened = true;
    effects.resolvedAt = null;
  }
  return { ok: true, effects };
}

export function isFinal(status: TicketStatus): boolean {
  return isFinalStatus(status);
}
