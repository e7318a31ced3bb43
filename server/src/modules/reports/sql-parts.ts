import { type SQL, sql } from 'drizzle-orm';
import type { DurationStats, Rate } from '../../../../contracts/reports.ts';
import { within } from './filters.ts';

/** Seconds from creation to first response: business time where the SLA module stored it. */
export const RESPONSE_SECONDS = sql.raw(
  `coalesce(f.response_business_seconds, extract(epoch from f.first_response_at - f.created_at))`,
);
/** Seconds from creation to the latest resolution, likewise. */
export const RESOLUTION_SECONDS = sql.raw(
  `coalesce(f.resolution_business_seconds, extract(epoch from f.resolved_at - f.created_at))`,
);

export const OPEN_STATUSES_SQL = sql.raw(
  `('new', 'open', 'in_progress', 'pending_requester', 'pending_vendor', 'pending_approval')`,
);

export const createdIn = (scope: { from: Date; to: Date }) => within(sql`f.created_at`, scope);
export const resolvedIn = (scope: { from: Date; to: Date }) => within(sql`f.resolved_at`, scope);

/** count, mean, median and p90 of `value` over the rows matching `when`, as columns `<prefix>_*`. */
export function durationColumns(prefix: string, value: SQL, when: SQL = sql`true`, business?: SQL): SQL {
  const p = sql.raw(prefix);
  return sql`count(${value}) filter (where ${when})::int as ${p}_n,
    avg(${value}) filter (where ${when})::float8 as ${p}_mean,
    percentile_cont(0.5) within group (order by ${value}) filter (where ${when}) as ${p}_median,
    percentile_cont(0.9) within group (order by ${value}) filter (where ${when}) as ${p}_p90,
    count(${business ?? sql`null`}) filter (where ${when})::int as ${p}_business`;
}

type Row = Record<string, unknown>;
const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const round = (v: number | null, digits = 0): number | null =>
  v === null ? null : Math.round(v * 10 ** digits) / 10 ** digits;

export function durationStats(row: Row, prefix: string): DurationStats {
  const n = Number(row[`${prefix}_n`] ?? 0);
  const business = Number(row[`${prefix}_business`] ?? 0);
  return {
    count: n,
    meanSeconds: round(num(row[`${prefix}_mean`])),
    medianSeconds: round(num(row[`${prefix}_median`])),
    p90Seconds: round(num(row[`${prefix}_p90`])),
    basis: business === 0 ? 'calendar' : business === n ? 'business' : 'mixed',
  };
}

/** A rate to four decimals; null when there is nothing to divide by. */
export function rate(numerator: number, denominator: number): Rate {
  return {
    numerator,
    denominator,
    rate: denominator === 0 ? null : Math.round((numerator / denominator) * 10_000) / 10_000,
  };
}

export function ratio(numerator: number, denominator: number): number | null {
  return rate(numerator, denominator).rate;
}

export const average = (v: unknown, digits = 2): number | null => round(num(v), digits);
export const count = (v: unknown): number => Number(v ?? 0);
export const seconds = (v: unknown): number | null => round(num(v));
