export { configureChannels } from './channel-settings.ts';
export { channelRoutes } from './channels.routes.ts';
export { CHAT_VERIFICATION_TEMPLATE } from './chat/verification.ts';
export {
  drainInboundJob,
  type InboundSmtp,
  pollMailboxJob,
  processInboundJob,
  resumeInbound,
  startInboundSmtp,
  storeInbound,
} from './email/index.ts';
export { imDelivery, imReplyJob, imSendJob } from './im/index.ts';
export { callbackDueJob, scheduleCallback } from './phone/callbacks.ts';
