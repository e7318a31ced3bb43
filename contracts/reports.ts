import { z } from 'zod';
import { ChangeFigures } from './changes.ts';
import { ProblemFigures } from './problems.ts';
import { NpsResult } from './surveys.ts';
import { CategoryPath, Channel, Priority, TicketStatus } from './tickets.ts';

/** A day (YYYY-MM-DD, in the report time zone) or an exact instant with an offset. */
const Moment = z.union([z.iso.date(), z.iso.datetime({ offset: true })]);

/** The filters every report takes (MX-1): period, team, agent, channel, category, priority, organisation. */
export const ReportFilters = z.object({
  /** Start of the period, inclusive. Default: 30 days before `to`. */
  from: Moment.optional(),
  /** End of the period: a day is inclusive (the whole day), an instant exclusive. Default: now. */
  to: Moment.optional(),
  teamId: z.coerce.number().int().positive().optional(),
  agentId: z.coerce.number().int().positive().optional(),
  channel: Channel.optional(),
  category: CategoryPath.optional(),
  priority: Priority.optional(),
  organizationId: z.coerce.number().int().positive().optional(),
});
export type ReportFilters = z.infer<typeof ReportFilters>;

export const SummaryTable = z.enum([
  'metrics',
  'agents',
  'channel',
  'priority',
  'team',
  'category',
  'daily',
  'backlog_age',
]);
export type SummaryTable = z.infer<typeof SummaryTable>;

export const SummaryQuery = ReportFilters.extend({
  format: z.enum(['json', 'csv']).default('json'),
  table: SummaryTable.default('metrics'),
});

const Rate = z.object({ numerator: z.number(), denominator: z.number(), rate: z.number().nullable() });
export type Rate = z.infer<typeof Rate>;

export const DurationStats = z.object({
  count: z.number(),
  meanSeconds: z.number().nullable(),
  medianSeconds: z.number().nullable(),
  p90Seconds: z.number().nullable(),
  /** `business` where a business calendar applied (SLA clocks), else `calendar` time. */
  basis: z.enum(['business', 'calendar', 'mixed']),
});
export type DurationStats = z.infer<typeof DurationStats>;

const Breakdown = z.object({
  key: z.string(),
  label: z.string(),
  in: z.number(),
  out: z.number(),
  meanResolutionSeconds: z.number().nullable(),
  csatAverage: z.number().nullable(),
});
export type Breakdown = z.infer<typeof Breakdown>;

export const AgentFigures = z.object({
  agentId: z.number(),
  name: z.string(),
  assigned: z.number(),
  resolved: z.number(),
  open: z.number(),
  meanResolutionSeconds: z.number().nullable(),
  csatAverage: z.number().nullable(),
  csatResponses: z.number(),
});
export type AgentFigures = z.infer<typeof AgentFigures>;

export const CsatFigures = z.object({
  sent: z.number(),
  responses: z.number(),
  responseRate: z.number().nullable(),
  average: z.number().nullable(),
  /** Share of answers scoring 4 or 5. */
  satisfiedRate: z.number().nullable(),
  dimensions: z.object({
    speed: z.number().nullable(),
    attitude: z.number().nullable(),
    effectiveness: z.number().nullable(),
    overall: z.number().nullable(),
  }),
  /** Answers scoring 1, 2, 3, 4 and 5. */
  distribution: z.array(z.number()).length(5),
});
export type CsatFigures = z.infer<typeof CsatFigures>;

export const SlaClockFigures = z.object({
  clock: z.string(),
  met: z.number(),
  breached: z.number(),
  rate: z.number().nullable(),
});

export const ReportSummary = z.object({
  period: z.object({ from: z.string(), to: z.string(), timezone: z.string() }),
  volume: z.object({ in: z.number(), out: z.number(), cancelled: z.number() }),
  backlog: z.object({
    open: z.number(),
    meanAgeSeconds: z.number().nullable(),
    medianAgeSeconds: z.number().nullable(),
    p90AgeSeconds: z.number().nullable(),
    oldestAgeSeconds: z.number().nullable(),
    byAge: z.array(z.object({ bucket: z.string(), count: z.number() })),
    byStatus: z.array(z.object({ status: TicketStatus, count: z.number() })),
  }),
  firstResponse: DurationStats,
  resolution: DurationStats,
  p1Resolution: DurationStats,
  firstContactResolution: Rate,
  reopen: Rate,
  repeat: Rate,
  escalation: Rate,
  sla: z.object({
    /** False until the SLA module stores per-ticket clock results. */
    available: z.boolean(),
    clocks: z.array(SlaClockFigures),
  }),
  csat: CsatFigures,
  nps: NpsResult,
  agents: z.array(AgentFigures),
  breakdowns: z.object({
    channel: z.array(Breakdown),
    priority: z.array(Breakdown),
    team: z.array(Breakdown),
    category: z.array(Breakdown),
  }),
  daily: z.array(z.object({ day: z.string(), in: z.number(), out: z.number() })),
});
export type ReportSummary = z.infer<typeof ReportSummary>;

export const DrilldownMetric = z.enum([
  'in',
  'out',
  'cancelled',
  'backlog',
  'first_response',
  'resolution',
  'first_contact',
  'reopened',
  'repeat',
  'escalated',
  'csat',
  'csat_low',
  'sla_breached',
]);
export type DrilldownMetric = z.infer<typeof DrilldownMetric>;

export const DrilldownQuery = ReportFilters.extend({
  metric: DrilldownMetric,
  format: z.enum(['json', 'csv']).default('json'),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(200).optional(),
});
export type DrilldownQuery = z.infer<typeof DrilldownQuery>;

export const DrilldownRow = z.object({
  ticketId: z.number(),
  number: z.number(),
  subject: z.string(),
  status: TicketStatus,
  priority: Priority,
  channel: z.string(),
  team: z.string().nullable(),
  assignee: z.string().nullable(),
  createdAt: z.string(),
  resolvedAt: z.string().nullable(),
  /** The number behind the metric for this ticket: seconds for durations, the score for CSAT. */
  value: z.number().nullable(),
});
export type DrilldownRow = z.infer<typeof DrilldownRow>;
export const DrilldownPage = z.object({
  metric: DrilldownMetric,
  total: z.number(),
  items: z.array(DrilldownRow),
  nextCursor: z.string().nullable(),
});
export type DrilldownPage = z.infer<typeof DrilldownPage>;

/** ISO week such as 2026-W07. */
export const IsoWeek = z.string().regex(/^\d{4}-W(0[1-9]|[1-4]\d|5[0-3])$/, 'a week such as 2026-W07');

export const WeeklyTable = z.enum([
  'metrics',
  'status_waits',
  'vendor_delays',
  'longest_waiting',
  'agents',
  'categories',
]);
export type WeeklyTable = z.infer<typeof WeeklyTable>;

export const WeeklyQuery = z.object({
  /** Default: the last complete week. */
  week: IsoWeek.optional(),
  format: z.enum(['json', 'xlsx', 'pdf', 'csv']).default('json'),
  table: WeeklyTable.default('metrics'),
});

export const WeeklyMetric = z.object({
  key: z.string(),
  unit: z.enum(['count', 'seconds', 'rate', 'score']),
  week: z.number().nullable(),
  /** The four weeks before, newest first. */
  previous: z.array(z.number().nullable()).length(4),
  previousAverage: z.number().nullable(),
  /** week - previousAverage. */
  change: z.number().nullable(),
});
export type WeeklyMetric = z.infer<typeof WeeklyMetric>;

export const StatusWait = z.object({
  status: TicketStatus,
  tickets: z.number(),
  totalSeconds: z.number(),
  medianSeconds: z.number().nullable(),
  p90Seconds: z.number().nullable(),
});
/** Time with a vendor: per vendor from the SLA module's hand-overs; `''` for vendor waits with none recorded. */
export const VendorDelay = z.object({
  key: z.string(),
  tickets: z.number(),
  /** Hand-overs that took longer than the vendor's contract target (wall-clock). */
  overTarget: z.number(),
  totalSeconds: z.number(),
  medianSeconds: z.number().nullable(),
  longestSeconds: z.number().nullable(),
});
export const LongestWaiting = z.object({
  ticketId: z.number(),
  number: z.number(),
  subject: z.string(),
  status: TicketStatus,
  waitingSeconds: z.number(),
});
export const CategoryTrend = z.object({
  category: z.string(),
  week: z.number(),
  previousAverage: z.number(),
});

export const WeeklyReport = z.object({
  week: z.string(),
  from: z.string(),
  to: z.string(),
  timezone: z.string(),
  generatedAt: z.string(),
  metrics: z.array(WeeklyMetric),
  bottlenecks: z.object({
    statusWaits: z.array(StatusWait),
    vendorDelays: z.array(VendorDelay),
    longestWaiting: z.array(LongestWaiting),
  }),
  agents: z.array(AgentFigures),
  categories: z.array(CategoryTrend),
  /** Problem management (issue 14): open problems by age at the week's end, known errors. */
  problems: ProblemFigures,
  /** Change management (issue 14): success rate, emergency share, incidents caused by changes. */
  changes: ChangeFigures,
});
export type WeeklyReport = z.infer<typeof WeeklyReport>;

export const ReportSubscription = z.object({ weekly: z.boolean() });
