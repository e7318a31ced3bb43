export { configureChannels } from './channel-settings.ts';
export { channelRoutes } from './channels.routes.ts';
export { CHAT_VERIFICATION_TEMPLATE } from './chat/verification.ts';
export {
  type InboundSmtp,
  pollMailboxJob,
  processInboundJob,
  startInboundSmtp,
  storeInbound,
} from './email/index.ts';
export { imDelivery, imReplyJob, imSendJob } from './im/index.ts';
export { callbackDueJob, scheduleCallback } from './phone/callbacks.ts';
