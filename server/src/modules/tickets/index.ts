// The tickets module's public surface. Read models it publishes for joins other modules must make in
// one SQL statement (contract: docs/read-models.md; declared in db/schema/tickets.ts): tickets_v
// (every ticket column), ticket_categories_v, ticket_messages_v. Functions: findTicketRecord(s),
// hasLink, and the use cases below.
export { addMessage } from './add-message.ts';
export { setTicketAssetPort, type TicketAssetPort } from './asset-links.ts';
export { attachStoredFile } from './attach-stored-file.ts';
export { storeUpload } from './attachments.ts';
export { changeStatus } from './change-status.ts';
export { createTicket, createTickets, type NewTicket } from './create-ticket.ts';
export { followUpJob, resumeFollowUps, workOffFollowUps } from './follow-ups.ts';
export { assertTicketVisible, getOpenedTickets, getTicket } from './get-ticket.ts';
export { type DataPath, historyField, historyKinds, type TicketEvent, ticketHistory } from './history.ts';
export { importTickets } from './import-tickets.ts';
export { createLink, hasLink, recentLinks } from './links.ts';
export { DEFAULT_MATRIX, derivePriority } from './priority-matrix.ts';
export { setTicketProblemSection, type TicketProblemSection } from './problem-section.ts';
export { setTicketSlaSection, type TicketSectionRow, type TicketSlaSection } from './sla-section.ts';
export { allowedTransitions, isFinal, OPEN_STATUSES, transition } from './status-machine.ts';
export { setTicketTextMatcher, type TicketTextMatcher } from './text-matcher.ts';
export { assertTicketAction } from './ticket-actions.ts';
export {
  afterTicketChange,
  eachChange,
  type MessagePurpose,
  onTicketChange,
  onTicketChanges,
  readWithNewTickets,
  setFollowUpMode,
  type TicketChange,
  type TicketFollowUp,
  type TicketHook,
} from './ticket-hooks.ts';
export { findTicketRecord, findTicketRecords, type TicketRecord } from './ticket-records.ts';
export { ticketRoutes } from './tickets.routes.ts';
export { updateTicket } from './update-ticket.ts';
