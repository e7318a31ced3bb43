import type { TicketStatus } from './tickets.ts';

/**
 * The ticket status machine, shared by the server (which enforces it) and the web app (which
 * offers only what it allows). closed and cancelled are final.
 */
export const TICKET_TRANSITIONS: Readonly<Record<TicketStatus, readonly TicketStatus[]>> = {
  new: [
    'open',
    'in_progress',
    'pending_requester',
    'pending_vendor',
    'pending_approval',
    'resolved',
    'cancelled',
  ],
  open: ['in_progress', 'pending_requester', 'pending_vendor', 'pending_approval', 'resolved', 'cancelled'],
  in_progress: ['open', 'pending_requester', 'pending_vendor', 'pending_approval', 'resolved', 'cancelled'],
  pending_requester: ['open', 'in_progress', 'pending_vendor', 'pending_approval', 'resolved', 'cancelled'],
  pending_vendor: ['open', 'in_progress', 'pending_requester', 'pending_approval', 'resolved', 'cancelled'],
  pending_approval: ['open', 'in_progress', 'pending_requester', 'pending_vendor', 'resolved', 'cancelled'],
  resolved: ['closed', 'open'],
  closed: [],
  cancelled: [],
};

/** Statuses in which the desk is still working on the ticket. */
export const OPEN_TICKET_STATUSES: readonly TicketStatus[] = [
  'new',
  'open',
  'in_progress',
  'pending_requester',
  'pending_vendor',
  'pending_approval',
];

export function allowedTransitions(from: TicketStatus): readonly TicketStatus[] {
  return TICKET_TRANSITIONS[from];
}

export function isFinalStatus(status: TicketStatus): boolean {
  return TICKET_TRANSITIONS[status].length === 0;
}

/**
 * What can be done to a ticket besides changing its status, and in which statuses: work on
 * a problem (escalate, hand to a vendor, declare a major incident, tell the requester how it
 * goes, merge into another) only while it is open; a resolved or closed ticket can become a
 * knowledge article.
 */
export const TICKET_ACTIONS = [
  'resolve',
  'progress_update',
  'escalate',
  'vendor_handoff',
  'declare_major_incident',
  'merge',
  'capture_knowledge',
] as const;
export type TicketAction = (typeof TICKET_ACTIONS)[number];

export function ticketActionAllowed(status: TicketStatus, action: TicketAction): boolean {
  switch (action) {
    case 'resolve':
      return TICKET_TRANSITIONS[status].includes('resolved');
    case 'capture_knowledge':
      return status === 'resolved' || status === 'closed';
    default:
      return OPEN_TICKET_STATUSES.includes(status);
  }
}

export const ticketActions = (status: TicketStatus): TicketAction[] =>
  TICKET_ACTIONS.filter((action) => ticketActionAllowed(status, action));
