import type {
  DrilldownPage,
  ReportSummary,
  SummaryTable,
  WeeklyMetric,
  WeeklyReport,
  WeeklyTable,
} from '../../../../contracts/reports.ts';
import { channelLabel, type ExportLocale, metricLabel, statusLabel, word } from './labels.ts';

export type Cell = string | number | null;
/** A table as every export format renders it: a title, headed columns, rows of plain values. */
export interface ReportTable {
  name: string;
  title: string;
  headers: string[];
  rows: Cell[][];
}

const hours = (s: number | null) => (s === null ? null : Math.round((s / 3600) * 100) / 100);
const percent = (r: number | null) => (r === null ? null : Math.round(r * 10_000) / 100);

/** A weekly metric's value as exported: hours for durations, percent for rates. */
export function exportValue(unit: WeeklyMetric['unit'], value: number | null): number | null {
  if (unit === 'seconds') return hours(value);
  if (unit === 'rate') return percent(value);
  return value;
}

export function weeklyTables(report: WeeklyReport, locale: ExportLocale): Record<WeeklyTable, ReportTable> {
  const w = (key: string, params?: Record<string, string | number>) => word(key, locale, params);
  return {
    metrics: {
      name: 'metrics',
      title: w('metrics'),
      headers: [
        w('metric'),
        w('week'),
        ...[1, 2, 3, 4].map((n) => w('week_minus', { n })),
        w('previous_average'),
        w('change'),
      ],
      rows: report.metrics.map((m) => [
        metricLabel(m.key, locale),
        exportValue(m.unit, m.week),
        ...m.previous.map((v) => exportValue(m.unit, v)),
        exportValue(m.unit, m.previousAverage),
        exportValue(m.unit, m.change),
      ]),
    },
    status_waits: {
      name: 'status_waits',
      title: w('status_waits'),
      headers: [w('status'), w('tickets'), w('total_hours'), w('median_hours'), w('p90_hours')],
      rows: report.bottlenecks.statusWaits.map((s) => [
        statusLabel(s.status, locale),
        s.tickets,
        hours(s.totalSeconds),
        hours(s.medianSeconds),
        hours(s.p90Seconds),
      ]),
    },
    vendor_delays: {
      name: 'vendor_delays',
      title: w('vendor_delays'),
      headers: [
        w('vendor'),
        w('tickets'),
        w('total_hours'),
        w('median_hours'),
        w('longest_hours'),
        w('over_target'),
      ],
      rows: report.bottlenecks.vendorDelays.map((v) => [
        v.key || w('no_vendor'),
        v.tickets,
        hours(v.totalSeconds),
        hours(v.medianSeconds),
        hours(v.longestSeconds),
        v.overTarget,
      ]),
    },
    longest_waiting: {
      name: 'longest_waiting',
      title: w('longest_waiting'),
      headers: [w('number'), w('subject'), w('status'), w('waiting_hours')],
      rows: report.bottlenecks.longestWaiting.map((t) => [
        `#${t.number}`,
        t.subject,
        statusLabel(t.status, locale),
        hours(t.waitingSeconds),
      ]),
    },
    agents: agentsTable(report.agents, locale),
    categories: {
      name: 'categories',
      title: w('categories'),
      headers: [w('category'), w('week'), w('previous_weekly_average')],
      rows: report.categories.map((c) => [c.category || w('none'), c.week, c.previousAverage]),
    },
  };
}

function agentsTable(agents: ReportSummary['agents'], locale: ExportLocale): ReportTable {
  const w = (key: string) => word(key, locale);
  return {
    name: 'agents',
    title: w('agents'),
    headers: [
      w('agent'),
      w('assigned'),
      w('resolved'),
      w('open'),
      w('mean_resolution_hours'),
      w('csat_average'),
      w('csat_responses'),
    ],
    rows: agents.map((a) => [
      a.name,
      a.assigned,
      a.resolved,
      a.open,
      hours(a.meanResolutionSeconds),
      a.csatAverage,
      a.csatResponses,
    ]),
  };
}

export function summaryTable(summary: ReportSummary, table: SummaryTable, locale: ExportLocale): ReportTable {
  const w = (key: string) => word(key, locale);
  if (table === 'agents') return agentsTable(summary.agents, locale);
  if (table === 'daily') {
    return {
      name: 'daily',
      title: w('day'),
      headers: [w('day'), w('in'), w('out')],
      rows: summary.daily.map((d) => [d.day, d.in, d.out]),
    };
  }
  if (table === 'backlog_age') {
    return {
      name: 'backlog_age',
      title: w('bucket'),
      headers: [w('bucket'), w('count')],
      rows: summary.backlog.byAge.map((b) => [w(b.bucket), b.count]),
    };
  }
  if (table === 'metrics') {
    const s = summary;
    const clock = (name: string) => s.sla.clocks.find((c) => c.clock === name)?.rate ?? null;
    const rows: [string, number | null][] = [
      ['tickets_in', s.volume.in],
      ['tickets_out', s.volume.out],
      ['tickets_cancelled', s.volume.cancelled],
      ['backlog', s.backlog.open],
      ['backlog_median_age', hours(s.backlog.medianAgeSeconds)],
      ['backlog_p90_age', hours(s.backlog.p90AgeSeconds)],
      ['first_response_median', hours(s.firstResponse.medianSeconds)],
      ['first_response_p90', hours(s.firstResponse.p90Seconds)],
      ['resolution_median', hours(s.resolution.medianSeconds)],
      ['resolution_p90', hours(s.resolution.p90Seconds)],
      ['p1_resolution_mean', hours(s.p1Resolution.meanSeconds)],
      ['first_contact_rate', percent(s.firstContactResolution.rate)],
      ['reopen_rate', percent(s.reopen.rate)],
      ['repeat_rate', percent(s.repeat.rate)],
      ['escalation_rate', percent(s.escalation.rate)],
      ['sla_first_response', percent(clock('first_response'))],
      ['sla_next_update', percent(clock('next_update'))],
      ['sla_resolution', percent(clock('resolution'))],
      ['csat_average', s.csat.average],
      ['csat_responses', s.csat.responses],
      ['csat_response_rate', percent(s.csat.responseRate)],
      ['csat_speed', s.csat.dimensions.speed],
      ['csat_attitude', s.csat.dimensions.attitude],
      ['csat_effectiveness', s.csat.dimensions.effectiveness],
      ['csat_overall', s.csat.dimensions.overall],
      ['nps', s.nps.score],
    ];
    return {
      name: 'metrics',
      title: w('metrics'),
      headers: [w('metric'), w('value')],
      rows: rows.map(([key, value]) => [metricLabel(key, locale), value]),
    };
  }
  const rows = summary.breakdowns[table];
  const keyLabel = (key: string, label: string) => {
    if (key === 'none') return w('none');
    if (table === 'channel') return channelLabel(key, locale);
    return label || key;
  };
  return {
    name: table,
    title: w(table),
    headers: [w(table), w('in'), w('out'), w('mean_resolution_hours'), w('csat_average')],
    rows: rows.map((b) => [
      keyLabel(b.key, b.label),
      b.in,
      b.out,
      hours(b.meanResolutionSeconds),
      b.csatAverage,
    ]),
  };
}

export function drilldownTable(page: DrilldownPage, locale: ExportLocale): ReportTable {
  const w = (key: string) => word(key, locale);
  return {
    name: `drilldown_${page.metric}`,
    title: page.metric,
    headers: [
      w('number'),
      w('subject'),
      w('status'),
      w('priority'),
      w('channel'),
      w('team'),
      w('assignee'),
      w('created_at'),
      w('resolved_at'),
      w('value'),
    ],
    rows: page.items.map((r) => [
      `#${r.number}`,
      r.subject,
      statusLabel(r.status, locale),
      r.priority,
      channelLabel(r.channel, locale),
      r.team,
      r.assignee,
      r.createdAt,
      r.resolvedAt,
      r.value,
    ]),
  };
}

export { statusLabel };
