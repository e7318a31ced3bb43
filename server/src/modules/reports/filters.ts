import { type SQL, sql } from 'drizzle-orm';
import type { ReportFilters } from '../../../../contracts/reports.ts';
import { AppError } from '../../platform/http/errors.ts';
import { addDays, startOfLocalDay } from './calendar.ts';

const DAY_MS = 86_400_000;
export const MAX_PERIOD_DAYS = 800;

/** A report's period and filters, resolved: instants, and the SQL conditions on facts `f`. */
export interface ReportScope {
  from: Date;
  to: Date;
  timezone: string;
  filters: ReportFilters;
  /** Conditions on report_ticket_facts f (never empty: `true` without filters). */
  where: SQL;
}

const isDay = (value: string) => /^\d{4}-\d{2}-\d{2}$/.test(value);

/**
 * Turns the query's period into instants: a day means the whole day in the report time
 * zone (`to` inclusive), an instant is taken as it is (`to` exclusive). Default: the 30 days
 * up to now.
 */
export function resolvePeriod(
  filters: Pick<ReportFilters, 'from' | 'to'>,
  timezone: string,
  now: Date,
): { from: Date; to: Date } {
  const to = filters.to
    ? isDay(filters.to)
      ? startOfLocalDay(addDays(filters.to, 1), timezone)
      : new Date(filters.to)
    : now;
  const from = filters.from
    ? isDay(filters.from)
      ? startOfLocalDay(filters.from, timezone)
      : new Date(filters.from)
    : new Date(to.getTime() - 30 * DAY_MS);
  if (from.getTime() >= to.getTime()) throw new AppError('report.invalid_period', { field: 'from' });
  if (to.getTime() - from.getTime() > MAX_PERIOD_DAYS * DAY_MS) {
    throw new AppError('report.period_too_long', { field: 'from', params: { max: MAX_PERIOD_DAYS } });
  }
  return { from, to };
}

/** The filter conditions on the facts alias `f` (the ticket as it is now). */
export function factFilters(filters: ReportFilters): SQL {
  const parts: SQL[] = [];
  if (filters.teamId) parts.push(sql`f.team_id = ${filters.teamId}`);
  if (filters.agentId) parts.push(sql`f.assignee_id = ${filters.agentId}`);
  if (filters.channel) parts.push(sql`f.channel = ${filters.channel}`);
  if (filters.priority) parts.push(sql`f.priority = ${filters.priority}`);
  if (filters.organizationId) parts.push(sql`f.organization_id = ${filters.organizationId}`);
  if (filters.category) {
    // A category matches itself and everything below it.
    parts.push(sql`f.category_id in (select c.id from ticket_categories_v c
      where lower(c.path) = lower(${filters.category}) or lower(c.path) like lower(${filters.category}) || '/%')`);
  }
  return parts.length ? sql.join(parts, sql` and `) : sql`true`;
}

export function scopeOf(filters: ReportFilters, timezone: string, now: Date): ReportScope {
  const { from, to } = resolvePeriod(filters, timezone, now);
  return { from, to, timezone, filters, where: factFilters(filters) };
}

/** `column` in [from, to). */
export function within(column: SQL, scope: { from: Date; to: Date }): SQL {
  return sql`${column} >= ${scope.from.toISOString()}::timestamptz and ${column} < ${scope.to.toISOString()}::timestamptz`;
}
