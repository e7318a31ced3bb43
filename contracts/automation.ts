import { z } from 'zod';
import { Channel, Level, Priority, Tag, TicketStatus, TicketType } from './tickets.ts';

/**
 * Automation rules (issue 13, AU-1): when something happens to a ticket (the trigger) and the
 * ticket matches (the conditions), the actions run in order, as the automation account.
 */

/** The ticket events a rule can follow. */
export const RULE_EVENTS = [
  'ticket.created',
  'ticket.updated',
  'ticket.message_added',
  'sla.warning',
  'sla.breached',
] as const;
export const RuleEvent = z.enum(RULE_EVENTS);
export type RuleEvent = z.infer<typeof RuleEvent>;

/**
 * A ticket event, or a schedule: tickets that have been in a status for so many hours (the
 * desk checks every few minutes; each ticket once per stay in the status).
 */
export const SCHEDULE_UNITS = ['forHours', 'forBusinessHours', 'forBusinessDays'] as const;
export type ScheduleUnit = (typeof SCHEDULE_UNITS)[number];

/**
 * How long a ticket must have been in the status: exactly one of wall-clock hours, business
 * hours or business days; the business ones count on an SLA business calendar (opening hours,
 * holidays, make-up workdays), named by `calendarId`.
 */
export const RuleSchedule = z
  .object({
    status: TicketStatus,
    forHours: z.number().int().min(1).max(8760).optional(),
    forBusinessHours: z.number().int().min(1).max(8760).optional(),
    forBusinessDays: z.number().int().min(1).max(365).optional(),
    calendarId: z.number().int().positive().optional(),
  })
  .strict()
  .superRefine((schedule, context) => {
    const given = SCHEDULE_UNITS.filter((unit) => schedule[unit] !== undefined);
    if (given.length !== 1) {
      context.addIssue({
        code: 'custom',
        path: [given[1] ?? 'forHours'],
        message: 'give exactly one of forHours, forBusinessHours, forBusinessDays',
      });
    } else if (given[0] === 'forHours' && schedule.calendarId !== undefined) {
      context.addIssue({
        code: 'custom',
        path: ['calendarId'],
        message: 'wall-clock hours take no calendar',
      });
    } else if (given[0] !== 'forHours' && schedule.calendarId === undefined) {
      context.addIssue({ code: 'custom', path: ['calendarId'], message: 'business time needs a calendar' });
    }
  });
export type RuleSchedule = z.infer<typeof RuleSchedule>;

export const RuleTrigger = z.union([
  z.object({ event: RuleEvent }).strict(),
  z.object({ schedule: RuleSchedule }).strict(),
]);
export type RuleTrigger = z.infer<typeof RuleTrigger>;
/** The trigger as one word: the event, or `schedule`. */
export type TriggerName = RuleEvent | 'schedule';
export function triggerName(trigger: RuleTrigger): TriggerName {
  return 'event' in trigger ? trigger.event : 'schedule';
}

/** The ticket fields a condition reads, with the kind of value each holds. */
export const FIELD_KINDS = {
  subject: 'text',
  description: 'text',
  /** Subject and description together. */
  text: 'text',
  status: 'enum',
  priority: 'enum',
  type: 'enum',
  channel: 'enum',
  impact: 'enum',
  urgency: 'enum',
  /** The category path; `contains` matches a part of it (`硬件` matches `硬件/打印机`). */
  category: 'text',
  tags: 'tags',
  requesterId: 'id',
  requesterEmail: 'text',
  organizationId: 'id',
  teamId: 'id',
  assigneeId: 'id',
  /** Who made the change that triggered the rule: `requester`, `staff` or `automation` (a rule). */
  changedBy: 'enum',
} as const;
export const ConditionField = z.enum(Object.keys(FIELD_KINDS) as [keyof typeof FIELD_KINDS]);
export type ConditionField = z.infer<typeof ConditionField>;

/** Which operators each kind of field takes. */
export const OPS_BY_KIND = {
  text: ['contains', 'not_contains', 'eq', 'neq', 'is_empty'],
  enum: ['eq', 'neq', 'in', 'not_in'],
  id: ['eq', 'neq', 'in', 'not_in', 'is_empty'],
  tags: ['contains', 'not_contains', 'is_empty'],
} as const;
export const ConditionOp = z.enum(['eq', 'neq', 'in', 'not_in', 'contains', 'not_contains', 'is_empty']);
export type ConditionOp = z.infer<typeof ConditionOp>;

const ENUM_VALUES: Record<string, readonly string[]> = {
  status: TicketStatus.options,
  priority: Priority.options,
  type: TicketType.options,
  channel: Channel.options,
  impact: Level.options,
  urgency: Level.options,
  changedBy: ['requester', 'staff', 'automation', 'system'],
};

const Scalar = z.union([z.string().trim().min(1).max(500), z.number().int().positive()]);

export const RuleCondition = z
  .object({
    field: ConditionField,
    op: ConditionOp,
    value: z.union([Scalar, z.array(Scalar).min(1).max(50)]).optional(),
  })
  .strict()
  .superRefine((condition, ctx) => {
    const kind = FIELD_KINDS[condition.field];
    const ops: readonly string[] = OPS_BY_KIND[kind];
    if (!ops.includes(condition.op)) {
      ctx.addIssue({
        code: 'custom',
        path: ['op'],
        message: `${condition.field} takes ${ops.join(', ')}`,
      });
      return;
    }
    const { value } = condition;
    if (condition.op === 'is_empty') {
      if (value !== undefined)
        ctx.addIssue({ code: 'custom', path: ['value'], message: 'is_empty takes no value' });
      return;
    }
    if (value === undefined) {
      ctx.addIssue({ code: 'custom', path: ['value'], message: 'a value is required' });
      return;
    }
    const list = condition.op === 'in' || condition.op === 'not_in';
    if (list !== Array.isArray(value)) {
      ctx.addIssue({
        code: 'custom',
        path: ['value'],
        message: list ? 'a list of values is required' : 'one value is required',
      });
      return;
    }
    const values = Array.isArray(value) ? value : [value];
    for (const one of values) {
      const bad =
        kind === 'id'
          ? typeof one !== 'number'
          : typeof one !== 'string' || (kind === 'enum' && !ENUM_VALUES[condition.field]?.includes(one));
      if (bad) {
        ctx.addIssue({
          code: 'custom',
          path: ['value'],
          message:
            kind === 'id'
              ? 'an id (a number) is required'
              : kind === 'enum'
                ? `one of ${ENUM_VALUES[condition.field]?.join(', ')}`
                : 'text is required',
        });
        return;
      }
    }
  });
export type RuleCondition = z.infer<typeof RuleCondition>;

/** All conditions must hold, or any one of them; an empty `all` always holds. */
export const RuleConditions = z.union([
  z.object({ all: z.array(RuleCondition).max(20) }).strict(),
  z.object({ any: z.array(RuleCondition).min(1).max(20) }).strict(),
]);
export type RuleConditions = z.infer<typeof RuleConditions>;

const body = (max: number) => z.string().trim().min(1).max(max);
/** A text in the requester's language: `{{ticket.number}}`-style variables are filled in. */
export const LocalizedTemplate = z.object({ 'zh-CN': body(5000), en: body(5000) }).strict();

export const RuleAction = z.discriminatedUnion('type', [
  z.object({ type: z.literal('add_tag'), tag: Tag }).strict(),
  z.object({ type: z.literal('assign_team'), teamId: z.number().int().positive() }).strict(),
  z.object({ type: z.literal('assign_agent'), agentId: z.number().int().positive() }).strict(),
  z.object({ type: z.literal('set_priority'), priority: Priority, reason: body(500) }).strict(),
  z.object({ type: z.literal('set_status'), status: TicketStatus }).strict(),
  /** A public reply to the requester, in their language. */
  z.object({ type: z.literal('reply'), template: LocalizedTemplate }).strict(),
  z.object({ type: z.literal('internal_note'), body: body(5000) }).strict(),
  /** Functional escalation (to the team, else the next tier) or hierarchical (to the leads). */
  z
    .object({
      type: z.literal('escalate'),
      kind: z.enum(['functional', 'hierarchical']),
      toTeamId: z.number().int().positive().optional(),
      reason: body(500),
    })
    .strict(),
  /** Tells people (in the bell, and by their preferences) in their own language. */
  z
    .object({
      type: z.literal('notify'),
      userIds: z.array(z.number().int().positive()).min(1).max(50),
      message: LocalizedTemplate,
    })
    .strict(),
  z.object({ type: z.literal('run_runbook'), runbookId: z.number().int().positive() }).strict(),
]);
export type RuleAction = z.infer<typeof RuleAction>;
export type RuleActionType = RuleAction['type'];

export const CreateRuleInput = z
  .object({
    name: body(200),
    enabled: z.boolean().default(true),
    trigger: RuleTrigger,
    conditions: RuleConditions,
    actions: z.array(RuleAction).min(1).max(20),
    /** Rules of one trigger run in this order (lower first), then by id. */
    position: z.number().int().min(0).max(100000).default(0),
  })
  .strict();
export type CreateRuleInput = z.infer<typeof CreateRuleInput>;

export const UpdateRuleInput = z
  .object({
    name: body(200),
    enabled: z.boolean(),
    trigger: RuleTrigger,
    conditions: RuleConditions,
    actions: z.array(RuleAction).min(1).max(20),
    position: z.number().int().min(0).max(100000),
  })
  .partial()
  .strict();
export type UpdateRuleInput = z.infer<typeof UpdateRuleInput>;

export const RuleDto = z.object({
  id: z.number(),
  name: z.string(),
  enabled: z.boolean(),
  trigger: RuleTrigger,
  conditions: RuleConditions,
  actions: z.array(RuleAction),
  position: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** The last time the loop guard stopped this rule, if ever. */
  lastLoopStopAt: z.string().nullable(),
  loopStops: z.number(),
});
export type RuleDto = z.infer<typeof RuleDto>;

/** One condition as the engine evaluated it. */
export const ConditionResult = z.object({
  field: ConditionField,
  op: ConditionOp,
  value: z.unknown(),
  actual: z.unknown(),
  matched: z.boolean(),
});
export type ConditionResult = z.infer<typeof ConditionResult>;

/** One action as it ran (or, in a dry run, as it would run). */
export const ActionResult = z.object({
  type: z.string(),
  /** What the action does, with the values it uses (the resolved reply text, the team ...). */
  detail: z.record(z.string(), z.unknown()),
  outcome: z.enum(['done', 'unchanged', 'failed', 'would_run']),
  error: z.string().nullable(),
});
export type ActionResult = z.infer<typeof ActionResult>;

export const RunOutcome = z.enum(['applied', 'failed', 'loop_stopped']);
export type RunOutcome = z.infer<typeof RunOutcome>;

export const RuleRunDto = z.object({
  id: z.number(),
  ruleId: z.number(),
  ruleName: z.string(),
  ticketId: z.number(),
  ticketNumber: z.number(),
  trigger: z.string(),
  outcome: RunOutcome,
  depth: z.number(),
  conditions: z.array(ConditionResult),
  actions: z.array(ActionResult),
  /** Why the loop guard stopped it: `depth` or `rate`. */
  stopReason: z.string().nullable(),
  at: z.string(),
});
export type RuleRunDto = z.infer<typeof RuleRunDto>;

export const ListRunsQuery = z.object({
  ticketId: z.coerce.number().int().positive().optional(),
  ruleId: z.coerce.number().int().positive().optional(),
  outcome: RunOutcome.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const DryRunInput = z
  .object({
    ticketId: z.number().int().positive(),
    /** Who is supposed to have made the change (the `changedBy` condition); default `requester`. */
    changedBy: z.enum(['requester', 'staff', 'automation', 'system']).optional(),
  })
  .strict();
export const DryRunDto = z.object({
  ruleId: z.number(),
  ticketId: z.number(),
  matched: z.boolean(),
  conditions: z.array(ConditionResult),
  actions: z.array(ActionResult),
});
export type DryRunDto = z.infer<typeof DryRunDto>;
