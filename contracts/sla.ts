import { z } from 'zod';
import { TimeZoneName } from './common.ts';
import { ClockName, ClockState, SlaClockDto, TicketSlaDto, VendorClockDto } from './sla-clock.ts';
import { CategoryPath, Priority, TicketStatus, TicketType } from './tickets.ts';

export * from './sla-clock.ts';
export { TimeZoneName };

const name = z.string().trim().min(1).max(120);
const HHMM = z.string().regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'a time like "09:00" (or "24:00")');
const toMinutes = (value: string) => Number(value.slice(0, 2)) * 60 + Number(value.slice(3, 5));

export const IsoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date like "2025-10-01"')
  .refine(
    (value) =>
      !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) &&
      new Date(`${value}T00:00:00Z`).toISOString().startsWith(value),
    'not a real date',
  );

export const OpeningWindow = z
  .object({ weekday: z.number().int().min(1).max(7), from: HHMM, to: HHMM })
  .refine((w) => toMinutes(w.from) < toMinutes(w.to), { message: '"to" must be after "from"', path: ['to'] });
export type OpeningWindow = z.infer<typeof OpeningWindow>;

const calendarFields = {
  name,
  timezone: TimeZoneName,
  /** Opening hours; several windows a day are allowed (09:00-12:00, 13:00-18:00). */
  hours: z.array(OpeningWindow).max(70),
  /** Local dates closed all day. */
  holidays: z.array(IsoDate).max(2000),
  /** Local dates worked although their weekday is not (调休 make-up workdays). */
  extraWorkdays: z.array(IsoDate).max(500),
};

function noDateInBoth(
  value: { holidays?: string[] | undefined; extraWorkdays?: string[] | undefined },
  ctx: z.RefinementCtx,
) {
  const holidays = new Set(value.holidays ?? []);
  const both = (value.extraWorkdays ?? []).find((day) => holidays.has(day));
  if (both) ctx.addIssue({ code: 'custom', path: ['extraWorkdays'], message: `${both} is also a holiday` });
}

export const CreateCalendarInput = z
  .object({
    ...calendarFields,
    holidays: calendarFields.holidays.default([]),
    extraWorkdays: calendarFields.extraWorkdays.default([]),
  })
  .superRefine(noDateInBoth);
export type CreateCalendarInput = z.infer<typeof CreateCalendarInput>;
export const UpdateCalendarInput = z.object(calendarFields).partial().superRefine(noDateInBoth);
export type UpdateCalendarInput = z.infer<typeof UpdateCalendarInput>;

export const CalendarDto = z.object({
  id: z.number(),
  name: z.string(),
  timezone: z.string(),
  hours: z.array(z.object({ weekday: z.number(), from: z.string(), to: z.string() })),
  holidays: z.array(z.string()),
  extraWorkdays: z.array(z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type CalendarDto = z.infer<typeof CalendarDto>;

export const IcalImportResult = z.object({
  calendar: CalendarDto,
  events: z.number(),
  skipped: z.number(),
  holidaysAdded: z.number(),
  extraWorkdaysAdded: z.number(),
});

const oneOrMany = <T extends z.ZodType>(item: T) =>
  z.union([item, z.array(item).max(50)]).transform((v) => (Array.isArray(v) ? v : [v]) as z.output<T>[]);

/** Which tickets a policy applies to; every criterion given must hold (one value or a list). */
export const PolicyMatchInput = z.object({
  priority: oneOrMany(Priority).optional(),
  type: oneOrMany(TicketType).optional(),
  category: oneOrMany(CategoryPath).optional(),
  organizationId: oneOrMany(z.number().int().positive()).optional(),
});
export const PolicyMatchDto = z.object({
  priority: z.array(Priority).optional(),
  type: z.array(TicketType).optional(),
  category: z.array(z.string()).optional(),
  organizationId: z.array(z.number()).optional(),
});

const minutes = z.number().int().min(0).max(525_600);
export const ClockTargetsInput = z.object({
  firstResponseMinutes: minutes.optional(),
  updateMinutes: minutes.optional(),
  resolutionMinutes: minutes.optional(),
});
export const PolicyTargets = z.partialRecord(Priority, ClockTargetsInput);

export const PauseStatus = z.enum([
  'new',
  'open',
  'in_progress',
  'pending_requester',
  'pending_vendor',
  'pending_approval',
]);
export const BreachActions = z.object({
  /** Tell the assignee and the team's leads. */
  notify: z.boolean().default(true),
  /** Move the ticket to the next tier's team (routing tiers). */
  escalateToNextTier: z.boolean().default(false),
  /** Raise the priority one step (P3 -> P2). */
  raisePriority: z.boolean().default(false),
});

const policyFields = {
  name,
  order: z.number().int().min(0).max(1_000_000),
  /** false: a draft, simulated but not applied. */
  active: z.boolean(),
  match: PolicyMatchInput,
  /** Null: round the clock. */
  calendarId: z.number().int().positive().nullable(),
  targets: PolicyTargets,
  /** Statuses that pause every clock (default: waiting on requester or vendor). */
  pauseStatuses: z.array(PauseStatus).max(5),
  /** Per-clock overrides of pauseStatuses. */
  clockPauseStatuses: z.partialRecord(ClockName, z.array(PauseStatus).max(5)),
  warnAtPercent: z.number().int().min(1).max(100),
  breachActions: BreachActions,
};

export const CreateSlaPolicyInput = z.object({
  ...policyFields,
  order: policyFields.order.default(100),
  active: policyFields.active.default(true),
  match: policyFields.match.default({}),
  calendarId: policyFields.calendarId.default(null),
  pauseStatuses: policyFields.pauseStatuses.default([
    'pending_requester',
    'pending_vendor',
    'pending_approval',
  ]),
  clockPauseStatuses: policyFields.clockPauseStatuses.default({}),
  warnAtPercent: policyFields.warnAtPercent.default(75),
  breachActions: policyFields.breachActions.default({
    notify: true,
    escalateToNextTier: false,
    raisePriority: false,
  }),
});
export type CreateSlaPolicyInput = z.infer<typeof CreateSlaPolicyInput>;
export const UpdateSlaPolicyInput = z.object(policyFields).partial();
export type UpdateSlaPolicyInput = z.infer<typeof UpdateSlaPolicyInput>;

export const SlaPolicyDto = z.object({
  id: z.number(),
  name: z.string(),
  order: z.number(),
  active: z.boolean(),
  match: PolicyMatchDto,
  calendarId: z.number().nullable(),
  calendarName: z.string().nullable(),
  targets: z.partialRecord(
    Priority,
    z.object({
      firstResponseMinutes: z.number().optional(),
      updateMinutes: z.number().optional(),
      resolutionMinutes: z.number().optional(),
    }),
  ),
  pauseStatuses: z.array(TicketStatus),
  clockPauseStatuses: z.partialRecord(ClockName, z.array(TicketStatus)),
  warnAtPercent: z.number(),
  breachActions: z.object({
    notify: z.boolean(),
    escalateToNextTier: z.boolean(),
    raisePriority: z.boolean(),
  }),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type SlaPolicyDto = z.infer<typeof SlaPolicyDto>;

export const SimulateInput = z
  .object({
    from: z.iso.datetime({ offset: true }),
    to: z.iso.datetime({ offset: true }),
    /** Try the policy with another (draft) calendar. */
    calendarId: z.number().int().positive().optional(),
  })
  .refine((v) => Date.parse(v.from) < Date.parse(v.to), {
    message: '"to" must be after "from"',
    path: ['to'],
  })
  .refine((v) => Date.parse(v.to) - Date.parse(v.from) <= 400 * 86_400_000, {
    message: 'at most 400 days',
    path: ['to'],
  });

const ClockCompliance = z.object({
  met: z.number(),
  breached: z.number(),
  running: z.number(),
  paused: z.number(),
  /** met / (met + breached), in percent; null when nothing finished. */
  compliancePercent: z.number().nullable(),
});
const Compliance = z.object({
  firstResponse: ClockCompliance,
  nextUpdate: ClockCompliance,
  resolution: ClockCompliance,
});
export const SimulationResult = z.object({
  policyId: z.number(),
  from: z.string(),
  to: z.string(),
  /** Tickets created in the period. */
  tickets: z.number(),
  /** Of those, the tickets the simulated policy would govern. */
  matched: z.number(),
  /** Only the first tickets of a very large period are simulated. */
  truncated: z.boolean(),
  /** With the simulated policy in force (as if active, at its order). */
  simulated: Compliance,
  /** The same tickets with the policies in force today. */
  current: Compliance,
  samples: z.array(
    z.object({
      ticketId: z.number(),
      number: z.number(),
      resolution: ClockState.nullable(),
      firstResponse: ClockState.nullable(),
    }),
  ),
});
export type SimulationResult = z.infer<typeof SimulationResult>;

export const ClockStepDto = z.object({
  at: z.string(),
  kind: z.string(),
  data: z.record(z.string(), z.unknown()),
});
export const ClockExplainDto = SlaClockDto.extend({
  clock: ClockName,
  policyId: z.number(),
  policyName: z.string(),
  priority: Priority,
  timezone: z.string(),
  calendarName: z.string().nullable(),
  warnAtPercent: z.number(),
  startedAt: z.string(),
  stopReason: z.string().nullable(),
  pauseStatus: z.string().nullable(),
  pausedMinutes: z.number(),
  cycle: z.number(),
  cycles: z.array(
    z.object({
      cycle: z.number(),
      startedAt: z.string(),
      endedAt: z.string(),
      state: ClockState,
      dueAt: z.string().nullable(),
    }),
  ),
  steps: z.array(ClockStepDto),
  text: z.object({ en: z.array(z.string()), 'zh-CN': z.array(z.string()) }),
});
export type ClockExplainDto = z.infer<typeof ClockExplainDto>;

export const SlaExplainDto = z.object({
  ticketId: z.number(),
  computedAt: z.string(),
  policyId: z.number().nullable(),
  policyName: z.string().nullable(),
  clocks: z.object({
    firstResponse: ClockExplainDto.nullable(),
    nextUpdate: ClockExplainDto.nullable(),
    resolution: ClockExplainDto.nullable(),
  }),
  vendor: z.array(VendorClockDto),
  /** One paragraph per clock, for people. */
  text: z.object({ en: z.array(z.string()), 'zh-CN': z.array(z.string()) }),
});
export type SlaExplainDto = z.infer<typeof SlaExplainDto>;

export const ClocksQuery = z.object({
  ticketIds: z
    .string()
    .transform((s) => s.split(',').filter(Boolean).map(Number))
    .pipe(z.array(z.number().int().positive()).min(1).max(200)),
});
export const TicketClocksDto = z.object({
  items: z.array(z.object({ ticketId: z.number(), sla: TicketSlaDto })),
});

/** What a requester may read about the service levels that apply to them (SL-4). */
export const CommitmentDto = z.object({
  policyName: z.string(),
  match: PolicyMatchDto,
  timezone: z.string(),
  calendarName: z.string().nullable(),
  hours: z.array(z.object({ weekday: z.number(), from: z.string(), to: z.string() })),
  targets: SlaPolicyDto.shape.targets,
});

export const CreateVendorInput = z.object({
  name,
  contact: z.string().trim().max(500).optional(),
  calendarId: z.number().int().positive().nullable().default(null),
  responseMinutes: minutes.nullable().optional(),
  resolutionMinutes: minutes.min(1),
});
export const VendorDto = z.object({
  id: z.number(),
  name: z.string(),
  contact: z.string().nullable(),
  calendarId: z.number().nullable(),
  responseMinutes: z.number().nullable(),
  resolutionMinutes: z.number(),
  createdAt: z.string(),
});
export type VendorDto = z.infer<typeof VendorDto>;
export const HandOffInput = z.object({
  vendorId: z.number().int().positive(),
  reference: z.string().trim().max(200).optional(),
  note: z.string().trim().max(2000).optional(),
});
export const CompleteHandoffInput = z.object({ note: z.string().trim().max(2000).optional() });

/**
 * A progress update (CM-1, CM-2), which reaches the requester as a public reply in their
 * language: `plain` for an ordinary ticket (what is happening, and when to expect the next
 * step if known); `outage` for outages and major incidents (impact, workaround, expected
 * recovery). Without `kind`, an update with `impact` is an outage notice (the first version).
 */
export const ProgressUpdateKind = z.enum(['plain', 'outage']);
export type ProgressUpdateKind = z.infer<typeof ProgressUpdateKind>;
export const ProgressUpdateInput = z
  .object({
    kind: ProgressUpdateKind.optional(),
    /** The plain update's words. */
    text: z.string().trim().max(5000).optional(),
    impact: z.string().trim().max(2000).optional(),
    workaround: z.string().trim().max(2000).optional(),
    /** When service is expected back, or the next step; required for an outage notice. */
    expectedAt: z.iso.datetime({ offset: true }).optional(),
    note: z.string().trim().max(5000).optional(),
  })
  .superRefine((value, context) => {
    const kind = value.kind ?? (value.impact === undefined && value.text !== undefined ? 'plain' : 'outage');
    const required = kind === 'plain' ? (['text'] as const) : (['impact', 'expectedAt'] as const);
    for (const field of required) {
      if (!value[field]) context.addIssue({ code: 'custom', path: [field], message: `${field} is required` });
    }
  });
export type ProgressUpdateInput = z.infer<typeof ProgressUpdateInput>;
export const ProgressUpdateResult = z.object({ messageId: z.number(), body: z.string() });
