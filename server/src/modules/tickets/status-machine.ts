import type { TicketStatus } from '../../../../contracts/tickets.ts';

/** Where a ticket may go from each status. closed and cancelled are final. */
const TRANSITIONS: Record<TicketStatus, readonly TicketStatus[]> = {
  new: ['open', 'in_progress', 'pending_requester', 'pending_vendor', 'resolved', 'cancelled'],
  open: ['in_progress', 'pending_requester', 'pending_vendor', 'resolved', 'cancelled'],
  in_progress: ['open', 'pending_requester', 'pending_vendor', 'resolved', 'cancelled'],
  pending_requester: ['open', 'in_progress', 'pending_vendor', 'resolved', 'cancelled'],
  pending_vendor: ['open', 'in_progress', 'pending_requester', 'resolved', 'cancelled'],
  resolved: ['closed', 'open'],
  closed: [],
  cancelled: [],
};

export const OPEN_STATUSES: readonly TicketStatus[] = [
  'new',
  'open',
  'in_progress',
  'pending_requester',
  'pending_vendor',
];

export function allowedTransitions(from: TicketStatus): readonly TicketStatus[] {
  return TRANSITIONS[from];
}

export interface TransitionEffects {
  status: TicketStatus;
  resolvedAt?: Date | null;
  closedAt?: Date | null;
  /** Added to the reopen counter. */
  reopened: boolean;
}

/**
 * The one function that moves a ticket between statuses: it says whether the move is
 * allowed and what else changes with it. Pure; `now` is a parameter.
 */
export function transition(
  from: TicketStatus,
  to: TicketStatus,
  now: Date,
): { ok: true; effects: TransitionEffects } | { ok: false } {
  if (!TRANSITIONS[from].includes(to)) return { ok: false };
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
  return TRANSITIONS[status].length === 0;
}
