export { pollMailbox, pollMailboxJob } from './imap-poll.ts';
export {
  getInboundEmail,
  listInboundEmails,
  rawInboundEmail,
  reprocessInboundEmail,
} from './inbound-admin.ts';
export {
  createMailbox,
  deleteMailbox,
  ensureSmtpMailbox,
  getMailbox,
  listMailboxes,
  scheduleAllPolls,
  updateMailbox,
} from './mailboxes.ts';
export { processInbound } from './process-inbound.ts';
export { type InboundSmtp, startInboundSmtp } from './smtp-listener.ts';
export { inboundCounts, processInboundJob, storeInbound } from './store-inbound.ts';
