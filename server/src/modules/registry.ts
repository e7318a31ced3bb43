import type { FastifyInstance } from 'fastify';
import type { Config } from '../config.ts';
import { eventRoutes } from '../platform/events/events.routes.ts';
import type { AppDeps } from '../platform/http/deps.ts';
import type { JobDefinition, WorkerLoop } from '../platform/jobs/jobs.ts';
import { alertRoutes, resolveAlertJob, STORM_EVENT } from './alerts/index.ts';
import {
  APPROVAL_DECIDED_NOTICE,
  APPROVAL_DECIDED_TEMPLATE,
  APPROVAL_REMINDER_NOTICE,
  APPROVAL_REMINDER_TEMPLATE,
  APPROVAL_REQUESTED_NOTICE,
  APPROVAL_REQUESTED_TEMPLATE,
  approvalExpiryJob,
  approvalReminderJob,
  approvalRoutes,
} from './approvals/index.ts';
import { assetRoutes, ticketAssetPort } from './assets/index.ts';
import { onEvent } from './audit/index.ts';
import {
  AUTOMATION_NOTICE_EVENT,
  automationOnSlaEvent,
  automationOnTicketChanges,
  automationRoutes,
  NEW_TICKET_AUTOMATION_RULES,
  scheduleSweepJob,
  setRunbookRunner,
} from './automation/index.ts';
import { answerFromCatalog, catalogOnApprovalDecided, catalogRoutes } from './catalog/index.ts';
import { CHANGE_REVIEW_NOTICE, changeRoutes, changesOnApprovalDecided } from './changes/index.ts';
import {
  CHAT_VERIFICATION_TEMPLATE,
  callbackDueJob,
  channelRoutes,
  configureChannels,
  drainInboundJob,
  imDelivery,
  imReplyJob,
  imSendJob,
  pollMailboxJob,
  processInboundJob,
} from './channels/index.ts';
import { registerModuleErrors } from './errors.ts';
import { ESCALATION_STAFF_EVENTS, escalateOnSlaBreach, escalationRoutes } from './escalation/index.ts';
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
  configureMail,
  notificationRoutes,
  notifyAccountLocked,
  notifyOnTicketChanges,
  registerDeliveryChannel,
  registerNotificationEvent,
  registerTemplateDefaults,
  replaceStatusMail,
  sendEmailJob,
  sendSmsJob,
} from './notifications/index.ts';
import { problemRoutes, ticketProblemColumn } from './problems/index.ts';
import {
  expireInvitationJob,
  REMOTE_INVITED_EVENT,
  REMOTE_INVITED_TEMPLATE,
  remoteRoutes,
} from './remote/index.ts';
import {
  markTicketReportDays,
  nightlyRollupJob,
  reportFactsFollowUp,
  reportRoutes,
  rollupJob,
  WEEKLY_REPORT_TEMPLATE,
  weeklyEmailJob,
} from './reports/index.ts';
import {
  autoCloseJob,
  RESOLUTION_REPORT_TEMPLATE,
  resolutionReportReplacesResolvedMail,
  resolutionRoutes,
  resolutionTicketHook,
} from './resolution/index.ts';
import { ACTIVE_ROUTING_RULES, agentsOnCalendar, routeNewTickets, routingRoutes } from './routing/index.ts';
import {
  runbookRoutes,
  runbooksOnApprovalDecided,
  sendRunbookJobHandler,
  startRunbook,
} from './runbooks/index.ts';
import {
  indexTicketOnChange,
  postgresSearch,
  registerArticleReindexer,
  searchRoutes,
} from './search/index.ts';
import {
  onCalendarUses,
  raisePriorityOnBreach,
  recomputeOnTicketChange,
  SLA_STAFF_EVENTS,
  slaRecomputeJob,
  slaRoutes,
  slaTicketSection,
  slaTimerJob,
  slaTimerSweeper,
} from './sla/index.ts';
import {
  CSAT_INVITATION_TEMPLATE,
  csatTicketHook,
  NPS_INVITATION_TEMPLATE,
  onCsatAnswered,
  surveyReplacesClosedMail,
  surveyRoutes,
} from './surveys/index.ts';
import {
  afterTicketChange,
  eachChange,
  followUpJob,
  onTicketChange,
  onTicketChanges,
  readWithNewTickets,
  setFollowUpMode,
  setTicketAssetPort,
  setTicketProblemSection,
  setTicketSlaSection,
  setTicketTextMatcher,
  ticketRoutes,
} from './tickets/index.ts';
import {
  applyTriageBatchJob,
  applyTriageJob,
  onStandardRequest,
  retrainJob,
  triageOnTicketChanges,
  triageRoutes,
} from './triage/index.ts';

/**
 * Hands the modules the configuration their use cases and jobs read (mail, channels, how ticket
 * follow-ups run): once at start, before the routes or the worker, never from a route plugin.
 */
export function configureModules(config: Config): void {
  configureMail(config);
  configureChannels(config);
  setFollowUpMode(config.TICKET_FOLLOW_UPS);
}

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
  runbookRoutes,
  approvalRoutes,
  catalogRoutes,
  changeRoutes,
  automationRoutes,
  assetRoutes,
  problemRoutes,
];

export const jobDefinitions: readonly JobDefinition<never>[] = [
  captureReminderJob as JobDefinition<never>,
  flagStaleJob as JobDefinition<never>,
  applyTriageJob as JobDefinition<never>,
  applyTriageBatchJob as JobDefinition<never>,
  retrainJob as JobDefinition<never>,
  sendEmailJob as JobDefinition<never>,
  sendSmsJob as JobDefinition<never>,
  processInboundJob as JobDefinition<never>,
  drainInboundJob as JobDefinition<never>,
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
  sendRunbookJobHandler as JobDefinition<never>,
  approvalExpiryJob as JobDefinition<never>,
  approvalReminderJob as JobDefinition<never>,
  scheduleSweepJob as JobDefinition<never>,
];

/** Loops every worker process runs beside the job queue: the SLA timer sweeper (issue 18). */
export const workerLoops: readonly WorkerLoop[] = [slaTimerSweeper];

// Each module's error codes join the platform's catalogue.
registerModuleErrors();

// In the change's transaction: routing dispatches a new ticket first; SLA then recomputes the
// clocks of every change (issue 3); resolution sets the auto-close timer and CSAT opens the
// survey when a ticket closes.
onTicketChanges(routeNewTickets);
onCalendarUses(agentsOnCalendar);
onTicketChanges(recomputeOnTicketChange);
onTicketChange(resolutionTicketHook);
onTicketChange(csatTicketHook);
// Automation rules (issue 13) last: they see the ticket routed, its clocks set. What their
// actions change runs the hooks again (nested; the loop guard in automation/run-rules.ts).
onTicketChanges(automationOnTicketChanges);
// The rules both read for every group of new tickets come with the intake's BEGIN (issue 18).
readWithNewTickets(ACTIVE_ROUTING_RULES);
readWithNewTickets(NEW_TICKET_AUTOMATION_RULES);
// A missed SLA target, in the recording transaction: the policy's breach actions in this order
// (SLA raises the priority, then escalation moves the ticket to the next tier).
onEvent('sla.breached', raisePriorityOnBreach);
onEvent('sla.breached', escalateOnSlaBreach);
// An approved runbook run is queued to be sent once; a rejected or expired one ends (issue 13).
onEvent('approval.decided', runbooksOnApprovalDecided);
// An approved service request starts its fulfilment tasks; a rejected one is closed (issue 13).
onEvent('approval.decided', catalogOnApprovalDecided);
// A change's CAB (and freeze) approval approves or rejects it (issue 14).
onEvent('approval.decided', changesOnApprovalDecided);
registerNotificationEvent(CHANGE_REVIEW_NOTICE, { in_app: true, email: true });
// Standard requests (CL-4): when no knowledge guide matches a new ticket, the catalog's guides may.
onStandardRequest(answerFromCatalog);
// Automation rules' run_runbook action starts runs through the runbooks module.
setRunbookRunner(startRunbook);
onEvent('sla.warning', automationOnSlaEvent);
onEvent('sla.breached', automationOnSlaEvent);
registerNotificationEvent(AUTOMATION_NOTICE_EVENT, { in_app: true });
for (const [event, defaults] of Object.entries({ ...SLA_STAFF_EVENTS, ...ESCALATION_STAFF_EVENTS })) {
  registerNotificationEvent(event, defaults);
}
// After commit, in order (tickets/follow-ups.ts): the search index, the KB-2 capture clock,
// triage, notifications to requesters and agents, and the report facts (last: they read what
// the others wrote).
afterTicketChange(indexTicketOnChange);
afterTicketChange(eachChange(trackCaptureOnResolve));
afterTicketChange(triageOnTicketChanges);
afterTicketChange(notifyOnTicketChanges);
afterTicketChange(reportFactsFollowUp);
// The ticket read's `sla` section: the SLA module's column in the read's one statement.
setTicketSlaSection(slaTicketSection);
// The ticket read's `problem`: the problems module's column in the same statement (issue 14).
setTicketProblemSection(ticketProblemColumn);
// The ticket's linked assets (issue 14): the assets module's column in the read's one statement,
// and the link setter that `assetIds` on ticket create and update calls.
setTicketAssetPort(ticketAssetPort);
// The queue's Chinese text filter goes through the search module's word index.
setTicketTextMatcher(async (tx, actor, text, limit) =>
  (await postgresSearch.query(tx, { actor, source: 'ticket', text, limit })).map((doc) => doc.sourceId),
);
// Notifications reach people in IM through the channels module's bots.
registerDeliveryChannel('im', imDelivery);
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
// Approvals (issue 13): the approver is asked, and reminded, in the bell, by mail and in IM.
registerNotificationEvent(APPROVAL_REQUESTED_NOTICE, { in_app: true, email: true, im: true });
registerNotificationEvent(APPROVAL_REMINDER_NOTICE, { in_app: true, email: true, im: true });
// The person who asked hears the end (the bell and mail).
registerNotificationEvent(APPROVAL_DECIDED_NOTICE, { in_app: true, email: true });
// The default words of the mails other modules send (administrators edit them on the templates page).
for (const template of [
  RESOLUTION_REPORT_TEMPLATE,
  CHAT_VERIFICATION_TEMPLATE,
  REMOTE_INVITED_TEMPLATE,
  CSAT_INVITATION_TEMPLATE,
  NPS_INVITATION_TEMPLATE,
  WEEKLY_REPORT_TEMPLATE,
  APPROVAL_REQUESTED_TEMPLATE,
  APPROVAL_REMINDER_TEMPLATE,
  APPROVAL_DECIDED_TEMPLATE,
])
  registerTemplateDefaults(template);
// One mail per status change: the resolution report replaces the "resolved" mail, the
// satisfaction survey the "closed" one.
replaceStatusMail('resolved', resolutionReportReplacesResolvedMail);
replaceStatusMail('closed', surveyReplacesClosedMail);
