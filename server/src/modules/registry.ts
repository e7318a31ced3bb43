import type { FastifyInstance } from 'fastify';
import { eventRoutes } from '../platform/events/events.routes.ts';
import type { AppDeps } from '../platform/http/deps.ts';
import type { JobDefinition } from '../platform/jobs/jobs.ts';
import {
  callbackDueJob,
  channelRoutes,
  imSendJob,
  pollMailboxJob,
  processInboundJob,
} from './channels/index.ts';
import { escalationRoutes } from './escalation/index.ts';
import { identityRoutes } from './identity/index.ts';
import {
  CAPTURE_OVERDUE_EVENT,
  captureReminderJob,
  flagStaleJob,
  knowledgeRoutes,
  reindexAllArticles,
  trackCaptureOnResolve,
} from './knowledge/index.ts';
import {
  notificationRoutes,
  notifyOnTicketChange,
  registerNotificationEvent,
  sendEmailJob,
  sendSmsJob,
} from './notifications/index.ts';
import {
  markTicketReportDays,
  nightlyRollupJob,
  reportFactsHook,
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
import { onTicketChange, setTicketTextMatcher, ticketRoutes } from './tickets/index.ts';
import { applyTriageJob, retrainJob, triageOnTicketChange, triageRoutes } from './triage/index.ts';

/**
 * Every module's routes (mounted under /api/v1) and background jobs, in one list each.
 * A new module adds one line to each list it needs.
 */
export const routeModules: readonly ((app: FastifyInstance, deps: AppDeps) => Promise<void>)[] = [
  identityRoutes,
  ticketRoutes,
  eventRoutes,
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
  callbackDueJob as JobDefinition<never>,
  autoCloseJob as JobDefinition<never>,
  weeklyEmailJob as JobDefinition<never>,
  rollupJob as JobDefinition<never>,
  nightlyRollupJob as JobDefinition<never>,
  slaTimerJob as JobDefinition<never>,
  slaRecomputeJob as JobDefinition<never>,
];

// Search indexes every ticket change in its transaction; knowledge starts the KB-2 capture clock.
// Routing dispatches a new ticket first; SLA then recomputes the clocks of every change (issue 3).
onTicketChange(routeNewTicket);
onTicketChange(recomputeOnTicketChange);
for (const [event, defaults] of Object.entries(STAFF_EVENTS)) registerNotificationEvent(event, defaults);
onTicketChange(indexTicketOnChange);
// The queue's Chinese text filter goes through the search module's word index.
setTicketTextMatcher(async (tx, actor, text, limit) =>
  (await postgresSearch.query(tx, { actor, source: 'ticket', text, limit })).map((doc) => doc.sourceId),
);
onTicketChange(trackCaptureOnResolve);
registerNotificationEvent(CAPTURE_OVERDUE_EVENT, { email: false });
onTicketChange(triageOnTicketChange);
registerArticleReindexer(reindexAllArticles);
// Notifications tell requesters and agents about ticket events (acknowledgement, replies, status).
onTicketChange(notifyOnTicketChange);
// Closing the loop: auto-close timers and resolution outcomes, CSAT on close, report facts (last: it reads what the others wrote).
onTicketChange(resolutionTicketHook);
onTicketChange(csatTicketHook);
onTicketChange(reportFactsHook);
onCsatAnswered(markTicketReportDays);
