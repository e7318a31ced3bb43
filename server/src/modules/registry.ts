import type { FastifyInstance } from 'fastify';
import { eventRoutes } from '../platform/events/events.routes.ts';
import type { AppDeps } from '../platform/http/deps.ts';
import type { JobDefinition } from '../platform/jobs/jobs.ts';
import { alertRoutes, resolveAlertJob, STORM_EVENT } from './alerts/index.ts';
import {
  callbackDueJob,
  channelRoutes,
  imReplyJob,
  imSendJob,
  pollMailboxJob,
  processInboundJob,
} from './channels/index.ts';
import { registerModuleErrors } from './errors.ts';
import { escalationRoutes } from './escalation/index.ts';
import { identityRoutes, liveAudience, onAccountLocked } from './identity/index.ts';
import {
  CAPTURE_OVERDUE_EVENT,
  captureReminderJob,
  flagStaleJob,
  knowledgeRoutes,
  reindexAllArticles,
  trackCaptureOnResolve,
} from './knowledge/index.ts';
import {
  ACCOUNT_LOCKED_EVENT,
  notificationRoutes,
  notifyAccountLocked,
  notifyOnTicketChange,
  registerNotificationEvent,
  sendEmailJob,
  sendSmsJob,
} from './notifications/index.ts';
import { expireInvitationJob, REMOTE_INVITED_EVENT, remoteRoutes } from './remote/index.ts';
import {
  markTicketReportDays,
  nightlyRollupJob,
  reportFactsFollowUp,
  reportRoutes,
  rollupJob,
  weeklyEmailJob,
} from './reports/index.ts';
import { autoCloseJob, resolutionRoutes, resolutionTicketHook } from './resolution/index.ts';
import { routeNewTicket, routingRoutes } from './routing/index.ts';
import {
  indexTicketOnChange,
  postgresSearch,
  registerArticleReindexer,
  searchRoutes,
} from './search/index.ts';
import {
  recomputeOnTicketChange,
  STAFF_EVENTS,
  slaRecomputeJob,
  slaRoutes,
  slaTimerJob,
} from './sla/index.ts';
import { csatTicketHook, onCsatAnswered, surveyRoutes } from './surveys/index.ts';
import {
  afterTicketChange,
  eachChange,
  followUpJob,
  onTicketChange,
  onTicketChanges,
  setTicketTextMatcher,
  ticketRoutes,
} from './tickets/index.ts';
import { applyTriageJob, retrainJob, triageOnTicketChange, triageRoutes } from './triage/index.ts';

/**
 * Every module's routes (mounted under /api/v1) and background jobs, in one list each.
 * A new module adds one line to each list it needs.
 */
export const routeModules: readonly ((app: FastifyInstance, deps: AppDeps) => Promise<void>)[] = [
  identityRoutes,
  ticketRoutes,
  eventRoutes(liveAudience),
  searchRoutes,
  knowledgeRoutes,
  triageRoutes,
  notificationRoutes,
  channelRoutes,
  resolutionRoutes,
  surveyRoutes,
  reportRoutes,
  slaRoutes,
  routingRoutes,
  escalationRoutes,
  alertRoutes,
  remoteRoutes,
];

export const jobDefinitions: readonly JobDefinition<never>[] = [
  captureReminderJob as JobDefinition<never>,
  flagStaleJob as JobDefinition<never>,
  applyTriageJob as JobDefinition<never>,
  retrainJob as JobDefinition<never>,
  sendEmailJob as JobDefinition<never>,
  sendSmsJob as JobDefinition<never>,
  processInboundJob as JobDefinition<never>,
  pollMailboxJob as JobDefinition<never>,
  imSendJob as JobDefinition<never>,
  imReplyJob as JobDefinition<never>,
  callbackDueJob as JobDefinition<never>,
  autoCloseJob as JobDefinition<never>,
  weeklyEmailJob as JobDefinition<never>,
  rollupJob as JobDefinition<never>,
  nightlyRollupJob as JobDefinition<never>,
  slaTimerJob as JobDefinition<never>,
  slaRecomputeJob as JobDefinition<never>,
  followUpJob as JobDefinition<never>,
  resolveAlertJob as JobDefinition<never>,
  expireInvitationJob as JobDefinition<never>,
];

// Each module's error codes join the platform's catalogue.
registerModuleErrors();

// In the change's transaction: routing dispatches a new ticket first; SLA then recomputes the
// clocks of every change (issue 3); resolution sets the auto-close timer and CSAT opens the
// survey when a ticket closes.
onTicketChange(routeNewTicket);
onTicketChanges(recomputeOnTicketChange);
onTicketChange(resolutionTicketHook);
onTicketChange(csatTicketHook);
for (const [event, defaults] of Object.entries(STAFF_EVENTS)) registerNotificationEvent(event, defaults);
// After commit, in order (tickets/follow-ups.ts): the search index, the KB-2 capture clock,
// triage, notifications to requesters and agents, and the report facts (last: they read what
// the others wrote).
afterTicketChange(indexTicketOnChange);
afterTicketChange(eachChange(trackCaptureOnResolve));
afterTicketChange(eachChange(triageOnTicketChange));
afterTicketChange(eachChange(notifyOnTicketChange));
afterTicketChange(reportFactsFollowUp);
// The queue's Chinese text filter goes through the search module's word index.
setTicketTextMatcher(async (tx, actor, text, limit) =>
  (await postgresSearch.query(tx, { actor, source: 'ticket', text, limit })).map((doc) => doc.sourceId),
);
registerNotificationEvent(CAPTURE_OVERDUE_EVENT, { email: false });
// A storm of monitoring incidents proposes a major incident to the on-duty leads (IN-5).
registerNotificationEvent(STORM_EVENT, { email: true });
// A lock-out after wrong passwords is told to the person, in the bell and by mail (issue 10).
registerNotificationEvent(ACCOUNT_LOCKED_EVENT, { in_app: true, email: true });
onAccountLocked(notifyAccountLocked);
registerArticleReindexer(reindexAllArticles);
onCsatAnswered(markTicketReportDays);
// Remote assistance (issue 17): the requester's invitation, in the portal, by mail and in IM.
registerNotificationEvent(REMOTE_INVITED_EVENT, { in_app: true, email: true, im: true });
