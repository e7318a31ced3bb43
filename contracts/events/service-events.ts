import { z } from 'zod';
import { Changes, id, iso, none, nullableIso } from './shared.ts';

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
const ResolutionAnswer = z.object({
  resolutionId: id.nullable(),
  fixed: z.boolean(),
  comment: z.string().nullable(),
});

/** Service levels, vendors, routing, escalation, resolution and surveys. */
export const SERVICE_EVENTS = {
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
} as const;
