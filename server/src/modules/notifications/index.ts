export { ACCOUNT_LOCKED_EVENT, notifyAccountLocked } from './account-notices.ts';
export { createCannedResponse } from './canned-responses.ts';
export {
  type DeliveryChannel,
  type DeliveryChannelName,
  registerDeliveryChannel,
} from './delivery.ts';
export { eventDefaults, NOTIFICATION_EVENTS, registerNotificationEvent } from './events.ts';
export {
  addressDomain,
  bareAddress,
  configureMail,
  type MailSettings,
  mailSettings,
} from './mail-settings.ts';
export {
  isOwnMessageId,
  newMessageId,
  normalizeMessageId,
  parseMessageIdList,
  ticketIdFromOwnMessageId,
} from './message-id.ts';
export { notificationRoutes } from './notifications.routes.ts';
export { type Notice, notify, type Recipient, sendSmsJob, settleNotices } from './notify.ts';
export { type OutgoingMail, queueEmail, sendEmailJob } from './outbox.ts';
export { closeTransports } from './send-outbox-email.ts';
export { replaceStatusMail, type StatusMailReplacement } from './status-mail.ts';
export { tellStaff, type Words } from './tell-staff.ts';
export { registerTemplateDefaults, type TemplateDefault } from './template-defaults.ts';
export { escapeHtml, renderText, textToHtml } from './template-render.ts';
export { type RenderedMessage, renderTemplate } from './templates.ts';
export { findTicketByMessageIds, recordThreadMessageId, recordThreadMessageIds } from './thread.ts';
export { notifyOnTicketChange, notifyOnTicketChanges } from './ticket-notifications.ts';
