import { sql } from 'drizzle-orm';
import type { AgentFigures, Breakdown, ReportFilters, ReportSummary } from '../../../../contracts/reports.ts';
import type { TicketStatus } from '../../../../contracts/tickets.ts';
import { type Queryable, readTogether } from '../../platform/db/database.ts';
import { type Actor, assertCan } from '../identity/index.ts';
import { loadResolutionSettings } from '../resolution/index.ts';
import { npsFromCounts } from '../surveys/index.ts';
import { factBreakdowns } from './filtered-breakdowns.ts';
import { type ReportScope, scopeOf } from './filters.ts';
import {
  aggregatePair,
  aggregateRollups,
  type DimensionFilter,
  inStoredOrder,
  isWholeDays,
  liveRollupRows,
  type RollupFigures,
  storedRollupRows,
} from './rollup-read.ts';
import { type Dimension, type Measures, type RollupRow, rollupRowsSql } from './rollups.ts';
import { average, count, durationStats, rate, ratio, seconds } from './sql-parts.ts';
import { backlogFigures, backlogInstant, durationFigures, names, npsFigures } from './summary-queries.ts';

type Row = Record<string, unknown>;
const BREAKDOWNS = ['channel', 'priority', 'team', 'category'] as const;
/** The dimensions a summary shows per key: the breakdowns and the agents. */
const BREAKDOWN_DIMS: readonly Dimension[] = [...BREAKDOWNS, 'agent'];

/**
 * GET /reports/summary (MX-1, MX-4): every figure of the period under the filters. The
 * additive measures come from daily rollups (whole days, at most two filters) or are summed
 * from the facts (any other period, three filters or more); medians and percentiles are
 * always exact.
 */
export async function getReportSummary(options: {
  db: Queryable;
  actor: Actor;
  filters: ReportFilters;
  now?: Date;
}): Promise<ReportSummary> {
  const { db, actor, filters } = options;
  const now = options.now ?? new Date();
  assertCan(actor, 'report.read');
  const { reportTimezone } = await loadResolutionSettings(db);
  return computeSummary(db, scopeOf(filters, reportTimezone, now), now);
}

/** The filters of a summary as rollup dimensions and keys (a category with those below it). */
async function dimensionFilters(db: Queryable, filters: ReportFilters): Promise<DimensionFilter[]> {
  const given: DimensionFilter[] = [];
  if (filters.teamId) given.push({ dim: 'team', keys: [String(filters.teamId)] });
  if (filters.agentId) given.push({ dim: 'agent', keys: [String(filters.agentId)] });
  if (filters.channel) given.push({ dim: 'channel', keys: [filters.channel] });
  if (filters.priority) given.push({ dim: 'priority', keys: [filters.priority] });
  if (filters.organizationId) given.push({ dim: 'org', keys: [String(filters.organizationId)] });
  if (filters.category) {
    const ids = await db.execute<{ id: number }>(sql`select id from ticket_categories_v c
      where lower(c.path) = lower(${filters.category}) or lower(c.path) like lower(${filters.category}) || '/%'`);
    given.push({ dim: 'category', keys: ids.rows.length ? ids.rows.map((r) => String(r.id)) : ['-1'] });
  }
  return given;
}

/**
 * The additive figures summed from every fact of the period, the plain way (no rollup, no
 * index shortcut): what every faster path must equal.
 */
export async function factFigures(db: Queryable, scope: ReportScope): Promise<RollupFigures> {
  const rows = await db.execute<RollupRow>(rollupRowsSql(scope, scope.timezone, scope.where, 1));
  return aggregateRollups(rows.rows, null);
}

/**
 * The additive figures from the daily rollups where they apply (whole days, at most two
 * filters), else from the facts. With two filters the pair's rollups give the totals and the
 * filtered dimensions; the other breakdowns are summed from the facts' covering indexes.
 */
async function rollupFigures(db: Queryable, scope: ReportScope): Promise<RollupFigures> {
  const filters = isWholeDays(scope) ? await dimensionFilters(db, scope.filters) : undefined;
  if (!filters || filters.length > 2) return aggregateRollups(await liveRollupRows(db, scope), null);
  const [first, second] = inStoredOrder(filters);
  if (!first || !second) return aggregateRollups(await storedRollupRows(db, scope, filters), first ?? null);
  const others = BREAKDOWN_DIMS.filter((dim) => dim !== first.dim && dim !== second.dim);
  const [rows, breakdowns] = await readTogether(db, [
    () => storedRollupRows(db, scope, filters),
    () => factBreakdowns(db, scope, others),
  ] as const);
  const figures = aggregatePair(rows, [first, second]);
  for (const [dim, values] of breakdowns) figures.byDim[dim] = values;
  return figures;
}

export async function computeSummary(
  db: Queryable,
  scope: ReportScope,
  now: Date,
  additive: (db: Queryable, scope: ReportScope) => Promise<RollupFigures> = rollupFigures,
): Promise<ReportSummary> {
  const [figures, durations, backlog, nps] = await readTogether(db, [
    () => additive(db, scope),
    () => durationFigures(db, scope),
    () => backlogFigures(db, scope, backlogInstant(scope, now)),
    () => npsFigures(db, scope),
  ] as const);
  const t = figures.total;
  const openByAgent = (backlog.by_agent ?? {}) as Record<string, number>;
  const numeric = (keys: Iterable<string>) => [...keys].filter((k) => k !== 'none').map(Number);
  const labels = await names(db, {
    users: [...new Set([...numeric(figures.byDim.agent.keys()), ...numeric(Object.keys(openByAgent))])],
    teams: numeric(figures.byDim.team.keys()),
    categories: numeric(figures.byDim.category.keys()),
  });
  const clock = (clockName: string, met: number, breached: number) => ({
    clock: clockName,
    met,
    breached,
    rate: ratio(met, met + breached),
  });
  return {
    period: { from: scope.from.toISOString(), to: scope.to.toISOString(), timezone: scope.timezone },
    volume: { in: t.n_in, out: t.n_out, cancelled: t.cancelled },
    backlog: backlogSection(backlog),
    firstResponse: durationStats(durations.created, 'fr'),
    resolution: durationStats(durations.resolved, 'res'),
    p1Resolution: durationStats(durations.resolved, 'p1'),
    firstContactResolution: rate(t.fcr, t.n_out),
    reopen: rate(t.reopened, t.n_out),
    repeat: rate(t.repeats, t.n_in),
    escalation: rate(t.escalated, t.n_in),
    sla: {
      available: true,
      clocks: [
        clock('first_response', t.sla_fr_met, t.sla_fr_breached),
        clock('next_update', t.sla_nu_met, t.sla_nu_breached),
        clock('resolution', t.sla_res_met, t.sla_res_breached),
      ],
    },
    csat: {
      sent: t.csat_sent,
      responses: t.csat_n,
      responseRate: ratio(t.csat_sent_answered, t.csat_sent),
      average: mean(t.csat_sum, t.csat_n),
      satisfiedRate: ratio(t.satisfied, t.csat_n),
      dimensions: {
        speed: mean(t.speed_sum, t.csat_n),
        attitude: mean(t.attitude_sum, t.csat_n),
        effectiveness: mean(t.effectiveness_sum, t.csat_n),
        overall: mean(t.overall_sum, t.csat_n),
      },
      distribution: [t.s1, t.s2, t.s3, t.s4, t.s5],
    },
    nps: npsFromCounts(count(nps.promoters), count(nps.passives), count(nps.detractors)),
    agents: agentFigures(figures.byDim.agent, openByAgent, labels.users),
    breakdowns: Object.fromEntries(
      BREAKDOWNS.map((dim) => [
        dim,
        [...figures.byDim[dim].entries()]
          .map(
            ([key, m]): Breakdown => ({
              key,
              label: label(dim, key, labels),
              in: m.n_in,
              out: m.n_out,
              meanResolutionSeconds: seconds(m.res_n ? m.res_sum / m.res_n : null),
              csatAverage: mean(m.csat_sum, m.csat_n),
            }),
          )
          .filter((b) => b.in + b.out > 0 || b.csatAverage !== null)
          .sort((a, b) => b.in - a.in || b.out - a.out || a.key.localeCompare(b.key)),
      ]),
    ) as ReportSummary['breakdowns'],
    daily: [...figures.byDay.entries()]
      .map(([day, m]) => ({ day, in: m.n_in, out: m.n_out }))
      .filter((d) => d.in + d.out > 0)
      .sort((a, b) => a.day.localeCompare(b.day)),
  };
}

const mean = (sum: number, n: number) => (n === 0 ? null : average(sum / n));

function backlogSection(backlog: Row): ReportSummary['backlog'] {
  return {
    open: count(backlog.open),
    meanAgeSeconds: seconds(backlog.age_mean),
    medianAgeSeconds: seconds(backlog.age_median),
    p90AgeSeconds: seconds(backlog.age_p90),
    oldestAgeSeconds: seconds(backlog.age_max),
    byAge: [
      { bucket: 'lt_1d', count: count(backlog.age_1d) },
      { bucket: '1d_3d', count: count(backlog.age_3d) },
      { bucket: '3d_7d', count: count(backlog.age_7d) },
      { bucket: '7d_30d', count: count(backlog.age_30d) },
      { bucket: 'gt_30d', count: count(backlog.age_older) },
    ],
    byStatus: Object.entries((backlog.by_status ?? {}) as Record<string, number>)
      .map(([status, n]) => ({ status: status as TicketStatus, count: Number(n) }))
      .sort((a, b) => b.count - a.count),
  };
}

function label(
  dim: (typeof BREAKDOWNS)[number],
  key: string,
  labels: { teams: Map<number, string>; categories: Map<number, string> },
): string {
  if (key === 'none') return '';
  if (dim === 'team') return labels.teams.get(Number(key)) ?? key;
  if (dim === 'category') return labels.categories.get(Number(key)) ?? key;
  return key;
}

function agentFigures(
  byAgent: Map<string, Measures>,
  openByAgent: Record<string, number>,
  userNames: Map<number, string>,
): AgentFigures[] {
  const keys = new Set([...byAgent.keys(), ...Object.keys(openByAgent)].filter((k) => k !== 'none'));
  return [...keys]
    .map((key) => {
      const m = byAgent.get(key);
      return {
        agentId: Number(key),
        name: userNames.get(Number(key)) ?? key,
        assigned: m?.n_in ?? 0,
        resolved: m?.n_out ?? 0,
        open: count(openByAgent[key]),
        meanResolutionSeconds: seconds(m?.res_n ? m.res_sum / m.res_n : null),
        csatAverage: m ? mean(m.csat_sum, m.csat_n) : null,
        csatResponses: m?.csat_n ?? 0,
      };
    })
    .filter((a) => a.assigned + a.resolved + a.open + a.csatResponses > 0)
    .sort((a, b) => b.resolved - a.resolved || b.assigned - a.assigned || a.name.localeCompare(b.name));
}
