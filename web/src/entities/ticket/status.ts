import type { TicketStatus } from '../../../../contracts/tickets.ts';

export const STATUSES: readonly TicketStatus[] = [
  'new',
  'open',
  'in_progress',
  'pending_requester',
  'pending_vendor',
  'resolved',
  'closed',
  'cancelled',
];

const PENDING: readonly TicketStatus[] = ['pending_requester', 'pending_vendor'];

/** The statuses a ticket may move to next; the server checks the same rule. */
const NEXT: Record<TicketStatus, readonly TicketStatus[]> = {
  new: ['open', 'in_progress', ...PENDING, 'resolved', 'cancelled'],
  open: ['in_progress', ...PENDING, 'resolved', 'cancelled'],
  in_progress: [...PENDING, 'open', 'resolved', 'cancelled'],
  pending_requester: ['open', 'in_progress', 'resolved', 'cancelled'],
  pending_vendor: ['open', 'in_progress', 'resolved', 'cancelled'],
  resolved: ['closed', 'open'],
  closed: [],
  cancelled: [],
};

export const nextStatuses = (status: TicketStatus): readonly TicketStatus[] => NEXT[status];

export const isFinal = (status: TicketStatus): boolean => NEXT[status].length === 0;

/** Statuses a requester would call "still being worked on". */
export const OPEN_STATUSES: readonly TicketStatus[] = STATUSES.filter(
  (status) => !['resolved', 'closed', 'cancelled'].includes(status),
);
