export { addMessage } from './add-message.ts';
export { createTicket } from './create-ticket.ts';
export { assertTicketVisible, getTicket } from './get-ticket.ts';
export { importTickets } from './import-tickets.ts';
export { DEFAULT_MATRIX, derivePriority } from './priority-matrix.ts';
export { allowedTransitions, isFinal, OPEN_STATUSES, transition } from './status-machine.ts';
export { onTicketChange, type TicketChange, type TicketHook } from './ticket-hooks.ts';
export { ticketRoutes } from './tickets.routes.ts';
export { updateTicket } from './update-ticket.ts';
