import { z } from 'zod';
import { CategoryPath, TicketType } from './tickets.ts';

const name = z.string().trim().min(1).max(120);
const oneOrMany = <T extends z.ZodType>(item: T) =>
  z.union([item, z.array(item).max(50)]).transform((v) => (Array.isArray(v) ? v : [v]) as z.output<T>[]);

export const AssignmentStrategy = z.enum(['manual', 'round_robin', 'least_loaded', 'skill']);
export type AssignmentStrategy = z.infer<typeof AssignmentStrategy>;
const Skill = z.string().trim().min(1).max(60);

/** Which new tickets a rule takes: every criterion given must hold (one value or a list). */
export const RoutingMatchInput = z.object({
  type: oneOrMany(TicketType).optional(),
  category: oneOrMany(CategoryPath).optional(),
  organizationId: oneOrMany(z.number().int().positive()).optional(),
  /** Any of these words in the subject or description (case-insensitive). */
  keywords: oneOrMany(z.string().trim().min(1).max(100)).optional(),
});
export const RoutingMatchDto = z.object({
  type: z.array(TicketType).optional(),
  category: z.array(z.string()).optional(),
  organizationId: z.array(z.number()).optional(),
  keywords: z.array(z.string()).optional(),
});

const ruleFields = {
  name,
  order: z.number().int().min(0).max(1_000_000),
  active: z.boolean(),
  match: RoutingMatchInput,
  teamId: z.number().int().positive(),
  strategy: AssignmentStrategy,
  /** For the skill strategy: what the ticket needs. */
  skills: z.array(Skill).max(20),
};
export const CreateRoutingRuleInput = z.object({
  ...ruleFields,
  order: ruleFields.order.default(100),
  active: ruleFields.active.default(true),
  match: ruleFields.match.default({}),
  strategy: ruleFields.strategy.default('manual'),
  skills: ruleFields.skills.default([]),
});
export type CreateRoutingRuleInput = z.infer<typeof CreateRoutingRuleInput>;
export const UpdateRoutingRuleInput = z.object(ruleFields).partial();
export type UpdateRoutingRuleInput = z.infer<typeof UpdateRoutingRuleInput>;

export const RoutingRuleDto = z.object({
  id: z.number(),
  name: z.string(),
  order: z.number(),
  active: z.boolean(),
  match: RoutingMatchDto,
  teamId: z.number(),
  teamName: z.string(),
  strategy: AssignmentStrategy,
  skills: z.array(z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type RoutingRuleDto = z.infer<typeof RoutingRuleDto>;

export const TierDto = z.object({
  teamId: z.number(),
  teamName: z.string(),
  tier: z.string(),
  nextTeamId: z.number().nullable(),
  nextTeamName: z.string().nullable(),
});
export const SetTierInput = z.object({ nextTeamId: z.number().int().positive().nullable() });

export const AgentProfileInput = z.object({
  skills: z.array(Skill).max(50).optional(),
  /** The calendar of the agent's working hours; null: always on duty unless rostered. */
  calendarId: z.number().int().positive().nullable().optional(),
});
export const AgentAvailabilityDto = z.object({
  userId: z.number(),
  name: z.string(),
  role: z.string(),
  teamIds: z.array(z.number()),
  skills: z.array(z.string()),
  calendarId: z.number().nullable(),
  onDuty: z.boolean(),
  /** Why: "calendar", "roster" or "always" (no calendar set). */
  dutyReason: z.enum(['calendar', 'roster', 'always', 'off']),
  openTickets: z.number(),
});
export type AgentAvailabilityDto = z.infer<typeof AgentAvailabilityDto>;

/** A duty-roster shift (GV-3 值班表): the agent covers the team in this period. */
export const CreateDutyShiftInput = z
  .object({
    teamId: z.number().int().positive(),
    userId: z.number().int().positive(),
    startsAt: z.iso.datetime({ offset: true }),
    endsAt: z.iso.datetime({ offset: true }),
    note: z.string().trim().max(500).optional(),
  })
  .refine((v) => Date.parse(v.endsAt) > Date.parse(v.startsAt), {
    message: '"endsAt" must be after "startsAt"',
    path: ['endsAt'],
  })
  .refine((v) => Date.parse(v.endsAt) - Date.parse(v.startsAt) <= 14 * 86_400_000, {
    message: 'a shift lasts at most 14 days',
    path: ['endsAt'],
  });
export const DutyShiftDto = z.object({
  id: z.number(),
  teamId: z.number(),
  userId: z.number(),
  userName: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  note: z.string().nullable(),
});
export type DutyShiftDto = z.infer<typeof DutyShiftDto>;
export const DutyShiftQuery = z.object({
  teamId: z.coerce.number().int().positive().optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
});
