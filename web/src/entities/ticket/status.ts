import {
  allowedTransitions,
  isFinalStatus,
  OPEN_TICKET_STATUSES,
  type TicketAction,
  ticketActionAllowed,
} from '../../../../contracts/ticket-status.ts';
import type { TicketStatus } from '../../../../contracts/tickets.ts';

export const STATUSES: readonly TicketStatus[] = [
  'new',
  'open',
  'in_progress',
  'pending_requester',
  'pending_vendor',
  'pending_approval',
  'resolved',
  'closed',
  'cancelled',
];

/** The statuses a ticket may move to next: the server's status machine (contracts/ticket-status.ts). */
export const nextStatuses = (status: TicketStatus): readonly TicketStatus[] => allowedTransitions(status);

export const isFinal = (status: TicketStatus): boolean => isFinalStatus(status);

/** Statuses a requester would call "still being worked on". */
export const OPEN_STATUSES: readonly TicketStatus[] = OPEN_TICKET_STATUSES;

/** Whether the ticket page offers an action in this status (the server refuses the same). */
export const canDo = (status: TicketStatus, action: TicketAction): boolean =>
  ticketActionAllowed(status, action);
