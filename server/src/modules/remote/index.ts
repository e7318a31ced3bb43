export { turnCredential } from './domain.ts';
export { expireInvitationJob } from './expire-job.ts';
export { REMOTE_INVITED_EVENT, REMOTE_INVITED_TEMPLATE } from './invitation-mail.ts';
export { remoteRoutes } from './remote.routes.ts';
