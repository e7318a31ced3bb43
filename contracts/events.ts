import { z } from 'zod';
import { Tier } from './identity.ts';
import { Priority, TicketStatus, TicketType } from './tickets.ts';

/*
 * The domain events: what the audit log stores, what the ticket timeline reads and what modules
 * subscribe to (audit `onEvent`). One schema per kind, for the event's `data` as it is written.
 *
 * Versions: every kind carries its own version `v` (an integer, stored in `audit_events.v`).
 * A change that an old reader could misread (a key renamed or removed, a meaning changed) adds a
 * new version: bump `v` here, keep reading the older version where history is read
 * (tickets/history.ts), and say so in docs/events.md. Adding an optional key keeps the version.
 * Schemas accept unknown extra keys at run time (old rows may carry more); the types do not.
 */

const id = z.number().int();
const iso = z.string();
const nullableIso = iso.nullable();
/** An id with the name it had when the event happened, so the timeline needs no look-up. */
const NamedRef = z.object({ id, name: z.string().nullable() });
const change = <T extends z.ZodType>(value: T) => z.object({ from: value, to: value });
/** Field-by-field before/after of a settings or admin record (see audit `diff`). */
const Changes = z.record(z.string(), change(z.unknown()));
const none = z.object({});

/** The fields a `ticket.updated` event names: ticket columns, ids replaced by named references. */
export const TicketChanges = z.object({
  status: change(TicketStatus).optional(),
  priority: change(Priority).optional(),
  priorityOverridden: change(z.boolean()).optional(),
  priorityReason: change(z.string().nullable()).optional(),
  type: change(TicketType).optional(),
  impact: change(z.string()).optional(),
  urgency: change(z.string()).optional(),
  subject: change(z.string()).optional(),
  reopenCount: change(z.number().int()).optional(),
  /** A category by its path (`Hardware/Printer`) as `name`. */
  category: change(NamedRef.nullable()).optional(),
  /** Imports write the earlier team or assignee as a bare id. */
  team: change(z.union([NamedRef, id]).nullable()).optional(),
  assignee: change(z.union([NamedRef, id]).nullable()).optional(),
});
export type TicketChanges = z.infer<typeof TicketChanges>;

const Bilingual = z.object({ en: z.string(), 'zh-CN': z.string() });

const SlaAlert = z.object({
  clock: z.string(),
  cycle: z.number(),
  dueAt: nullableIso,
  targetMinutes: z.number().nullable(),
  businessMinutesUsed: z.number(),
  warnAtPercent: z.number().nullable(),
  policyId: id.nullable(),
  notifiedUserIds: z.array(id),
  internal: z.boolean(),
});
const ChatOutcome = z.object({
  chatId: id,
  messages: z.number(),
  verified: z.boolean(),
  requester: z.string(),
});
const CallbackChange = z.object({
  callbackId: id,
  status: z.string(),
  outcome: z.string().nullable(),
  internal: z.literal(true),
});
const ArticleChange = z.object({
  version: z.number(),
  fields: z.array(z.string()),
  /** The status change, when there was one. */
  status: change(z.unknown()).nullable(),
});
const ResolutionAnswer = z.object({
  resolutionId: id.nullable(),
  fixed: z.boolean(),
  comment: z.string().nullable(),
});
const remote = <T extends z.ZodRawShape>(shape: T) => z.object({ sessionId: id, ...shape });

/** Every kind with its version and data schema. */
export const EVENTS = {
  // tickets
  'ticket.created': {
    v: 1,
    data: z.object({
      number: z.number().int(),
      channel: z.string().optional(),
      priority: Priority.optional(),
      requesterId: id.optional(),
      imported: z.literal(true).optional(),
      externalId: z.string().nullish(),
    }),
  },
  'ticket.updated': {
    v: 1,
    data: z.object({
      changes: TicketChanges,
      reason: z.literal('requester_replied').optional(),
      imported: z.literal(true).optional(),
    }),
  },
  'message.created': {
    v: 1,
    data: z.object({
      messageId: id,
      internal: z.boolean(),
      fromStaff: z.boolean(),
      purpose: z.string().optional(),
      imported: z.literal(true).optional(),
    }),
  },
  'attachment.created': {
    v: 1,
    data: z.object({ attachmentId: id, filename: z.string(), size: z.number(), internal: z.boolean() }),
  },
  'link.created': {
    v: 1,
    data: z.object({
      linkId: id,
      kind: z.string(),
      fromNumber: z.number().int(),
      toNumber: z.number().int(),
    }),
  },
  'link.deleted': {
    v: 1,
    data: z.object({
      linkId: id,
      kind: z.string(),
      fromTicketId: id,
      toTicketId: id,
      fromNumber: z.number().int().nullable(),
      toNumber: z.number().int().nullable(),
    }),
  },
  'category.created': { v: 1, data: z.object({ path: z.string() }) },
  'import.completed': {
    v: 1,
    data: z.object({ created: z.number(), skipped: z.number(), errors: z.number(), ticketIds: z.array(id) }),
  },
  'settings.priority_matrix_changed': { v: 1, data: z.object({ from: z.unknown(), to: z.unknown() }) },
  // identity
  'user.created': { v: 1, data: z.object({ email: z.string(), role: z.string() }) },
  'user.updated': {
    v: 1,
    data: z.object({
      changes: Changes,
      teamIds: z.array(id).optional(),
      passwordChanged: z.literal(true).optional(),
      sessionsEnded: z.number().optional(),
      tokensRevoked: z.number().optional(),
    }),
  },
  'user.signed_in': { v: 1, data: none },
  'token.created': { v: 1, data: z.object({ name: z.string() }) },
  'token.revoked': { v: 1, data: z.object({ name: z.string() }) },
  'organization.created': { v: 1, data: z.object({ name: z.string(), shareTickets: z.boolean() }) },
  'organization.updated': { v: 1, data: z.object({ changes: Changes }) },
  'team.created': { v: 1, data: z.object({ name: z.string(), tier: Tier }) },
  'team.updated': { v: 1, data: z.object({ changes: Changes, memberIds: z.array(id).optional() }) },
  // notifications
  'canned.created': { v: 1, data: none },
  'canned.updated': { v: 1, data: none },
  'canned.deleted': { v: 1, data: none },
  'notice_template.created': { v: 1, data: none },
  'notice_template.updated': { v: 1, data: none },
  'notice_template.deleted': { v: 1, data: none },
  'template.saved': { v: 1, data: z.object({ event: z.string(), locale: z.string() }) },
  'template.reset': { v: 1, data: z.object({ event: z.string(), locale: z.string() }) },
  // search
  'search.synonyms_created': { v: 1, data: z.object({ terms: z.array(z.string()) }) },
  'search.synonyms_deleted': { v: 1, data: z.object({ terms: z.array(z.string()) }) },
  // sla
  'sla.warning': { v: 1, data: SlaAlert },
  'sla.breached': { v: 1, data: SlaAlert },
  'sla.progress_update': {
    v: 1,
    data: z.object({
      messageId: id,
      kind: z.string(),
      impact: z.string().nullable(),
      workaround: z.string().nullable(),
      expectedAt: nullableIso,
    }),
  },
  'sla.calendar_created': { v: 1, data: z.object({ name: z.string(), timezone: z.string() }) },
  'sla.calendar_updated': { v: 1, data: z.object({ fields: z.array(z.string()) }).catchall(z.unknown()) },
  'sla.calendar_deleted': { v: 1, data: z.object({ name: z.string().optional() }) },
  'sla.policy_created': {
    v: 1,
    data: z.object({ name: z.string(), order: z.number(), active: z.boolean() }),
  },
  'sla.policy_updated': { v: 1, data: z.object({ changes: Changes }) },
  'sla.policy_deleted': { v: 1, data: z.object({ name: z.string() }) },
  'vendor.created': { v: 1, data: z.object({ name: z.string(), resolutionMinutes: z.number().nullable() }) },
  'vendor.handed_off': {
    v: 1,
    data: z.object({
      handoffId: id,
      vendor: z.object({ id, name: z.string() }),
      reference: z.string().nullable(),
      resolutionMinutes: z.number().nullable(),
      internal: z.literal(true),
    }),
  },
  'vendor.returned': {
    v: 1,
    data: z.object({
      handoffId: id,
      vendorId: id,
      state: z.string(),
      note: z.string().nullable(),
      internal: z.literal(true),
    }),
  },
  // routing
  'ticket.routed': {
    v: 1,
    data: z.object({
      ruleId: id,
      ruleName: z.string(),
      teamId: id,
      strategy: z.string(),
      assigneeId: id.nullable(),
      internal: z.literal(true),
    }),
  },
  'routing.rule_created': { v: 1, data: z.object({ name: z.string(), teamId: id, strategy: z.string() }) },
  'routing.rule_updated': { v: 1, data: z.object({ fields: z.array(z.string()) }) },
  'routing.rule_deleted': { v: 1, data: z.object({ name: z.string().optional() }) },
  'routing.tier_set': { v: 1, data: z.object({ nextTeamId: id.nullable() }) },
  'routing.shift_created': {
    v: 1,
    data: z.object({
      shiftId: id,
      userId: id,
      startsAt: z.union([iso, z.date()]),
      endsAt: z.union([iso, z.date()]),
    }),
  },
  'routing.shift_deleted': { v: 1, data: z.object({ shiftId: id, userId: id }) },
  'routing.agent_profile_set': {
    v: 1,
    data: z.object({ skills: z.array(z.string()).optional(), calendarId: id.nullable().optional() }),
  },
  // escalation
  'ticket.escalated': {
    v: 1,
    data: z.object({
      escalationId: id,
      escalationKind: z.string(),
      trigger: z.string(),
      reason: z.string(),
      tried: z.string().nullable(),
      fromTeamId: id.nullable(),
      toTeamId: id.nullable(),
      notifiedUserIds: z.array(id),
      internal: z.literal(true),
    }),
  },
  'ticket.nudged': {
    v: 1,
    data: z.object({ nudgeId: id, ordinal: z.number(), message: z.string().nullable() }),
  },
  'major_incident.declared': { v: 1, data: z.object({ majorIncidentId: id, title: z.string() }) },
  'major_incident.linked': { v: 1, data: z.object({ majorIncidentId: id, title: z.string() }) },
  'major_incident.updated': { v: 1, data: z.object({ ticketsReached: z.number() }) },
  'major_incident.resolved': { v: 1, data: z.object({ ticketsResolved: z.number() }) },
  // channels
  'email.received': {
    v: 1,
    data: z.object({
      messageId: z.string().nullable(),
      from: z.string(),
      attachments: z.number(),
      reply: z.boolean(),
    }),
  },
  'email.reprocess': { v: 1, data: none },
  'mailbox.created': { v: 1, data: z.object({ address: z.string(), host: z.string().nullable() }) },
  'mailbox.updated': { v: 1, data: z.object({ fields: z.array(z.string()) }) },
  'mailbox.deactivated': { v: 1, data: none },
  'im_bot.created': { v: 1, data: z.object({ name: z.string(), platform: z.string() }) },
  'im_bot.updated': { v: 1, data: z.object({ fields: z.array(z.string()) }) },
  'im_bot.deleted': { v: 1, data: none },
  'im_contact.linked': { v: 1, data: z.object({ platform: z.string(), externalUserId: z.string() }) },
  'im_contact.unlinked': { v: 1, data: z.object({ platform: z.string() }) },
  'chat.converted': { v: 1, data: ChatOutcome },
  'chat.resolved_first_contact': { v: 1, data: ChatOutcome },
  'chat.verified': { v: 1, data: z.object({ chatId: id }) },
  'phone.call_logged': {
    v: 1,
    data: z.object({
      callId: id,
      outcome: z.string(),
      durationSeconds: z.number().nullable(),
      caller: z.string().nullable(),
    }),
  },
  'callback.scheduled': {
    v: 1,
    data: z.object({
      callbackId: id,
      dueAt: iso,
      assigneeId: id.nullable(),
      reason: z.string().nullable(),
      internal: z.literal(true),
    }),
  },
  'callback.done': { v: 1, data: CallbackChange },
  'callback.updated': { v: 1, data: CallbackChange },
  // knowledge
  'kb.article_created': {
    v: 1,
    data: z.object({
      title: z.string(),
      status: z.string(),
      visibility: z.string(),
      sourceTicketId: id.nullable(),
    }),
  },
  'kb.article_updated': { v: 1, data: ArticleChange },
  'kb.article_status_changed': { v: 1, data: ArticleChange },
  'kb.article_linked': { v: 1, data: z.object({ articleId: id, title: z.string(), internal: z.boolean() }) },
  'kb.article_captured': { v: 1, data: z.object({ articleId: id, internal: z.literal(true) }) },
  'kb.capture_overdue': { v: 1, data: z.object({ internal: z.literal(true), dueAt: iso }) },
  'kb.feedback': {
    v: 1,
    data: z.object({
      helpful: z.boolean(),
      context: z.string(),
      phrasingLearned: z.boolean(),
      flagged: z.boolean(),
    }),
  },
  // triage
  'triage.applied': {
    v: 1,
    data: z.object({
      internal: z.literal(true),
      modelId: id.nullable(),
      threshold: z.number(),
      applied: z.object({
        category: z.string().optional(),
        teamId: id.optional(),
        priority: Priority.optional(),
      }),
      confidences: z.record(z.string(), z.number()),
    }),
  },
  'triage.self_help_sent': { v: 1, data: z.object({ articleId: id, title: z.string() }) },
  'triage.trained': {
    v: 1,
    data: z.object({ samples: z.number(), labels: z.unknown(), quality: z.unknown().nullable() }),
  },
  'triage.retrain_rejected': {
    v: 1,
    data: z.object({
      samples: z.number(),
      heldOutAccuracy: z.object({ before: z.number().nullable(), after: z.number().nullable() }),
    }),
  },
  'triage.settings_changed': { v: 1, data: z.record(z.string(), z.unknown()) },
  'ticket.merged': {
    v: 1,
    data: z.object({
      fromTicketId: id,
      intoTicketId: id,
      fromNumber: z.number().int(),
      intoNumber: z.number().int().nullable(),
    }),
  },
  'problem.candidate_proposed': {
    v: 1,
    data: z.object({ internal: z.literal(true), candidateId: id, tickets: z.number() }),
  },
  'problem.candidate_accepted': { v: 1, data: z.object({ tickets: z.array(id) }) },
  'problem.candidate_dismissed': { v: 1, data: z.object({ tickets: z.array(id) }) },
  // alerts
  'alert.flapped': { v: 1, data: z.object({ alertId: id, title: z.string(), internal: z.literal(true) }) },
  'alert.storm_detected': {
    v: 1,
    data: z.object({ stormId: id, incidents: z.number(), minutes: z.number(), notifiedUserIds: z.array(id) }),
  },
  'alert_source.created': { v: 1, data: z.object({ name: z.string(), kind: z.string() }) },
  'alert_source.updated': {
    v: 1,
    data: z.object({
      name: change(z.string()).optional(),
      active: change(z.boolean()).optional(),
      settings: z.array(z.string()),
    }),
  },
  'alert_source.deactivated': { v: 1, data: z.object({ name: z.string() }) },
  'alert_source.token_rotated': { v: 1, data: none },
  // resolution
  'resolution.recorded': {
    v: 1,
    data: z.object({
      resolutionId: id,
      resolutionCode: z.string(),
      resolutionLabel: Bilingual,
      rootCause: z.string().nullish(),
      actions: z.string().nullish(),
      prevention: z.string().nullish(),
      firstContact: z.boolean().optional(),
    }),
  },
  'resolution.confirmed': { v: 1, data: ResolutionAnswer },
  'resolution.rejected': { v: 1, data: ResolutionAnswer },
  'resolution.verified_by_monitoring': {
    v: 1,
    data: z.object({
      resolutionId: id,
      resolutionCode: z.string(),
      what: z.string(),
      comment: z.string().nullable(),
    }),
  },
  'resolution.auto_closed': {
    v: 1,
    data: z.object({ days: z.number(), resolvedAt: z.union([iso, z.date()]).nullable() }),
  },
  'resolution_code.created': {
    v: 1,
    data: z.object({ code: z.string(), labelEn: z.string(), labelZh: z.string() }),
  },
  'resolution_code.updated': { v: 1, data: z.object({ code: z.string(), changes: Changes }) },
  'settings.resolution_changed': { v: 1, data: z.object({ changes: Changes }) },
  // surveys
  'survey.csat_answered': {
    v: 1,
    data: z.object({
      score: z.number(),
      dimensions: z.record(z.string(), z.unknown()),
      comment: z.string().nullable(),
      source: z.string(),
    }),
  },
  'survey.followup_opened': {
    v: 1,
    data: z.object({ followupId: id, score: z.number(), internal: z.literal(true) }),
  },
  'survey.followup_closed': {
    v: 1,
    data: z.object({ followupId: id, note: z.string().nullable(), internal: z.literal(true) }),
  },
  'survey.callback_recorded': {
    v: 1,
    data: z.object({
      outcome: z.string(),
      note: z.string().nullable(),
      score: z.number().nullable(),
      countedAsCsat: z.boolean(),
      internal: z.literal(true),
    }),
  },
  'survey.nps_answered': { v: 1, data: z.object({ campaignId: id, score: z.number() }) },
  'survey.nps_campaign_created': {
    v: 1,
    data: z.object({ name: z.string(), invited: z.number(), audience: z.unknown() }),
  },
  'survey.nps_campaign_closed': { v: 1, data: none },
  // reports
  'reports.subscribed': { v: 1, data: none },
  'reports.unsubscribed': { v: 1, data: none },
  // remote support (each on the ticket's timeline, with its session)
  'remote.invited': { v: 1, data: remote({ reason: z.string(), expiresAt: iso }) },
  'remote.consented': { v: 1, data: remote({ recording: z.boolean() }) },
  'remote.declined': {
    v: 1,
    data: remote({ callback: z.boolean(), phone: z.string().optional() }),
  },
  'remote.paused': { v: 1, data: remote({}) },
  'remote.resumed': { v: 1, data: remote({}) },
  'remote.expired': { v: 1, data: remote({}) },
  'remote.ended': {
    v: 1,
    data: remote({
      side: z.string(),
      consentedAt: nullableIso,
      durationSeconds: z.number().nullable(),
      recording: z.boolean(),
    }),
  },
} as const;

type Events = typeof EVENTS;
export type EventKind = keyof Events;
/** The data of one kind of event, as recorded. */
export type EventData<K extends EventKind> = z.infer<Events[K]['data']>;
/** The version of one kind of event that the server writes now. */
export type EventVersion<K extends EventKind> = Events[K]['v'];
/** One domain event: its kind, version and data. */
export type DomainEvent = {
  [K in EventKind]: { kind: K; v: EventVersion<K>; data: EventData<K> };
}[EventKind];

export const EVENT_KINDS = Object.keys(EVENTS) as EventKind[];

/** Whether a string names a kind of event. */
export function isEventKind(kind: string): kind is EventKind {
  return Object.hasOwn(EVENTS, kind);
}

/** The schema of one kind's data. */
export function eventDataSchema<K extends EventKind>(kind: K): z.ZodType<EventData<K>> {
  return EVENTS[kind].data as unknown as z.ZodType<EventData<K>>;
}

/** All kinds as one zod discriminated union on `kind` (`{ kind, v, data }`). */
export const DomainEvent = z.discriminatedUnion(
  'kind',
  EVENT_KINDS.map((kind) =>
    z.object({ kind: z.literal(kind), v: z.literal(EVENTS[kind].v), data: EVENTS[kind].data }),
  ) as unknown as [z.ZodObject<{ kind: z.ZodLiteral<EventKind> }>],
) as unknown as z.ZodType<DomainEvent>;
