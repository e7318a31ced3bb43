import { type TicketAction, ticketActionAllowed } from '../../../../contracts/ticket-status.ts';
import type { TicketStatus } from '../../../../contracts/tickets.ts';
import { AppError } from '../../platform/http/errors.ts';

/**
 * Refuses an action that the status machine does not allow in the ticket's status (a closed
 * ticket is not escalated); the web app offers the same table (contracts/ticket-status.ts).
 */
export function assertTicketAction(status: string, action: TicketAction): void {
  if (!ticketActionAllowed(status as TicketStatus, action)) {
    throw new AppError('ticket.action_not_allowed', { params: { status } });
  }
}
