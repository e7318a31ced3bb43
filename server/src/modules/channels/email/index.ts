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
export { processInbound, resumeInbound } from './process-inbound.ts';
export { type InboundSmtp, startInboundSmtp } from './smtp-listener.ts';
export { drainInboundJob, inboundCounts, processInboundJob, storeInbound } from './store-inbound.ts';
