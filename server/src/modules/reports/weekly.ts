import type { ReportSummary, WeeklyMetric, WeeklyReport } from '../../../../contracts/reports.ts';
import { type Queryable, readTogether } from '../../platform/db/database.ts';
import { type Actor, assertCan } from '../identity/index.ts';
import { loadResolutionSettings } from '../resolution/index.ts';
import { isoWeekOf, isoWeekRange, localDay, shiftIsoWeek } from './calendar.ts';
import { changeFigures } from './change-figures.ts';
import { factFilters } from './filters.ts';
import { problemFigures } from './problem-figures.ts';
import { computeSummary } from './summary.ts';
import { categoryTrends, longestWaiting, statusWaits, vendorDelays } from './weekly-bottlenecks.ts';

const DAY_MS = 86_400_000;

/** The measures the weekly report compares, and how to read each from a summary. */
export const WEEKLY_METRICS: readonly {
  key: string;
  unit: WeeklyMetric['unit'];
  read: (s: ReportSummary) => number | null;
}[] = [
  { key: 'tickets_in', unit: 'count', read: (s) => s.volume.in },
  { key: 'tickets_out', unit: 'count', read: (s) => s.volume.out },
  { key: 'backlog', unit: 'count', read: (s) => s.backlog.open },
  { key: 'backlog_median_age', unit: 'seconds', read: (s) => s.backlog.medianAgeSeconds },
  { key: 'first_response_median', unit: 'seconds', read: (s) => s.firstResponse.medianSeconds },
  { key: 'first_response_p90', unit: 'seconds', read: (s) => s.firstResponse.p90Seconds },
  { key: 'resolution_median', unit: 'seconds', read: (s) => s.resolution.medianSeconds },
  { key: 'resolution_p90', unit: 'seconds', read: (s) => s.resolution.p90Seconds },
  { key: 'p1_resolution_mean', unit: 'seconds', read: (s) => s.p1Resolution.meanSeconds },
  { key: 'first_contact_rate', unit: 'rate', read: (s) => s.firstContactResolution.rate },
  { key: 'reopen_rate', unit: 'rate', read: (s) => s.reopen.rate },
  { key: 'repeat_rate', unit: 'rate', read: (s) => s.repeat.rate },
  { key: 'escalation_rate', unit: 'rate', read: (s) => s.escalation.rate },
  { key: 'sla_first_response', unit: 'rate', read: (s) => clock(s, 'first_response') },
  { key: 'sla_resolution', unit: 'rate', read: (s) => clock(s, 'resolution') },
  { key: 'csat_average', unit: 'score', read: (s) => s.csat.average },
  { key: 'csat_responses', unit: 'count', read: (s) => s.csat.responses },
  { key: 'nps', unit: 'score', read: (s) => s.nps.score },
];

function clock(s: ReportSummary, name: string): number | null {
  return s.sla.clocks.find((c) => c.clock === name)?.rate ?? null;
}

/** The last complete ISO week before `now`, in the zone. */
export function lastCompleteWeek(now: Date, timeZone: string): string {
  return isoWeekOf(localDay(new Date(now.getTime() - 7 * DAY_MS), timeZone));
}

export async function getWeeklyReport(options: {
  db: Queryable;
  actor: Actor;
  week?: string;
  now?: Date;
}): Promise<WeeklyReport> {
  assertCan(options.actor, 'report.read');
  return buildWeeklyReport(options.db, options.week, options.now ?? new Date());
}

/**
 * MX-2: the week's figures against each of the four weeks before, and where tickets waited
 * (statuses, vendors, the oldest open tickets, the busiest categories).
 */
export async function buildWeeklyReport(
  db: Queryable,
  requested: string | undefined,
  now: Date,
): Promise<WeeklyReport> {
  const { reportTimezone: timezone } = await loadResolutionSettings(db);
  const week = requested ?? lastCompleteWeek(now, timezone);
  const weeks = [0, -1, -2, -3, -4].map((shift) => isoWeekRange(shiftIsoWeek(week, shift), timezone));
  const [current] = weeks as [{ from: Date; to: Date }];
  const before = { from: weeks[4]?.from ?? current.from, to: current.from };
  const summaries = await readTogether(
    db,
    weeks.map(
      (range) => () => computeSummary(db, { ...range, timezone, filters: {}, where: factFilters({}) }, now),
    ),
  );
  const [waits, vendors, longest, categories, problems, changes] = await readTogether(db, [
    () => statusWaits(db, current, now),
    () => vendorDelays(db, current, now),
    () => longestWaiting(db, current, now),
    () => categoryTrends(db, current, before),
    () => problemFigures(db, current),
    () => changeFigures(db, current),
  ] as const);
  const [thisWeek] = summaries as [ReportSummary];
  return {
    week,
    from: current.from.toISOString(),
    to: current.to.toISOString(),
    timezone,
    generatedAt: now.toISOString(),
    metrics: WEEKLY_METRICS.map(({ key, unit, read }) => {
      const value = read(thisWeek);
      const previous = summaries.slice(1).map(read);
      const known = previous.filter((v): v is number => v !== null);
      const previousAverage = known.length
        ? Math.round((known.reduce((a, b) => a + b, 0) / known.length) * 10_000) / 10_000
        : null;
      return {
        key,
        unit,
        week: value,
        previous,
        previousAverage,
        change:
          value === null || previousAverage === null
            ? null
            : Math.round((value - previousAverage) * 10_000) / 10_000,
      };
    }),
    bottlenecks: { statusWaits: waits, vendorDelays: vendors, longestWaiting: longest },
    agents: thisWeek.agents,
    categories,
    problems,
    changes,
  };
}
