import { z } from 'zod';
import { Priority } from '../tickets.ts';
import { change, id, iso, none, nullableIso } from './shared.ts';

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
const remote = <T extends z.ZodRawShape>(shape: T) => z.object({ sessionId: id, ...shape });

/** Channels, remote support, knowledge, triage and alerts. */
export const CHANNEL_EVENTS = {
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
} as const;
