import { type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import { type Queryable, readTogether } from '../../platform/db/database.ts';
import { textArray } from '../../platform/db/text-array.ts';
import { defineSettings } from '../identity/index.ts';
import { localDay, startOfLocalDay } from './calendar.ts';
import type { ReportScope } from './filters.ts';
import {
  DIMENSIONS,
  type Dimension,
  dayRuns,
  MEASURES,
  type Measures,
  type RollupRow,
  rollupRowsSql,
} from './rollups.ts';

/** A filter as rollups read it: a dimension and its keys (a category and those below it). */
export interface DimensionFilter {
  dim: Dimension;
  keys: string[];
}
/** The one filter a summary from single-dimension rollups has, or none. */
export type Perspective = DimensionFilter | null;

export interface RollupFigures {
  total: Measures;
  byDay: Map<string, Measures>;
  byDim: Record<Dimension, Map<string, Measures>>;
}

/** The time zone the stored rollups are summed in (none: nothing stored yet). */
const rollupTimezone = defineSettings<{ timezone?: string }>(
  'reports_rollup_timezone',
  z.object({ timezone: z.string().optional() }),
  () => ({}),
);
const empty = (): Measures => Object.fromEntries(MEASURES.map((m) => [m, 0])) as Measures;
const order = (dim: string) => DIMENSIONS.findIndex(([name]) => name === dim);

function add(into: Map<string, Measures>, key: string, row: Measures): void {
  let target = into.get(key);
  if (!target) {
    target = empty();
    into.set(key, target);
  }
  for (const m of MEASURES) target[m] += Number(row[m]);
}

/** Sums the rows the way the perspective reads them: totals, per day, per value of each dimension. */
export function aggregateRollups(rows: readonly RollupRow[], perspective: Perspective): RollupFigures {
  const totals = new Map<string, Measures>();
  const byDay = new Map<string, Measures>();
  const byDim = Object.fromEntries(DIMENSIONS.map(([name]) => [name, new Map<string, Measures>()])) as Record<
    Dimension,
    Map<string, Measures>
  >;
  const keys = new Set(perspective?.keys ?? []);
  for (const row of rows) {
    if (!perspective) {
      if (row.d1 === 'all') {
        add(totals, 'all', row);
        add(byDay, row.day, row);
      } else if (row.d2 === 'all') add(byDim[row.d1 as Dimension], row.k1, row);
      continue;
    }
    const f = perspective.dim;
    if (row.d1 === f && keys.has(row.k1)) {
      if (row.d2 === 'all') {
        add(totals, 'all', row);
        add(byDay, row.day, row);
        add(byDim[f], row.k1, row);
      } else add(byDim[row.d2 as Dimension], row.k2, row);
    } else if (row.d2 === f && keys.has(row.k2) && order(row.d1) < order(f)) {
      add(byDim[row.d1 as Dimension], row.k1, row);
    }
  }
  return { total: totals.get('all') ?? empty(), byDay, byDim };
}

/**
 * Sums the rows of one pair of filters (d1/k1 and d2/k2 in the stored order): the totals, per
 * day, and per key of each filtered dimension. The other breakdowns need a third dimension and
 * come from the facts.
 */
export function aggregatePair(
  rows: readonly RollupRow[],
  pair: readonly [DimensionFilter, DimensionFilter],
): RollupFigures {
  const figures = aggregateRollups([], null);
  const totals = new Map<string, Measures>();
  const [first, second] = pair;
  for (const row of rows) {
    add(totals, 'all', row);
    add(figures.byDay, row.day, row);
    add(figures.byDim[first.dim], row.k1, row);
    add(figures.byDim[second.dim], row.k2, row);
  }
  return { ...figures, total: totals.get('all') ?? empty() };
}

/** The filters in the order pairs are stored in (d1 before d2). */
export function inStoredOrder(filters: readonly DimensionFilter[]): DimensionFilter[] {
  return [...filters].sort((a, b) => order(a.dim) - order(b.dim));
}

/** Whether a summary can be read from stored rollups: whole local days (and at most two filters). */
export function isWholeDays(scope: ReportScope): boolean {
  const aligned = (d: Date) =>
    startOfLocalDay(localDay(d, scope.timezone), scope.timezone).getTime() === d.getTime();
  return aligned(scope.from) && aligned(scope.to);
}

function rowCondition(filters: readonly DimensionFilter[]): SQL {
  const [first, second] = inStoredOrder(filters);
  if (!first) return sql`d2 = 'all'`;
  if (second) {
    return sql`(d1 = ${first.dim} and k1 = any(${textArray(first.keys)})
      and d2 = ${second.dim} and k2 = any(${textArray(second.keys)}))`;
  }
  const keys = textArray(first.keys);
  return sql`((d1 = ${first.dim} and k1 = any(${keys})) or (d2 = ${first.dim} and k2 = any(${keys})))`;
}

/**
 * The rollup rows of a period for no filter, one (its rows and its pairs) or two (their
 * pair's rows): the stored ones for days summed since their last change, the others computed
 * from the facts now. Falls back to computing every day when the stored sums were made in
 * another time zone.
 */
export async function storedRollupRows(
  db: Queryable,
  scope: ReportScope,
  filters: readonly DimensionFilter[],
): Promise<RollupRow[]> {
  const tz = scope.timezone;
  const fromDay = localDay(scope.from, tz);
  const toDay = localDay(scope.to, tz);
  const [stored, dirty] = await readTogether(db, [
    () => rollupTimezone.get(db),
    () =>
      db.execute<{ day: string }>(
        sql`select distinct to_char(day, 'YYYY-MM-DD') as day from report_dirty_days where day >= ${fromDay}::date and day < ${toDay}::date`,
      ),
  ] as const);
  const storedTz = stored.timezone;
  const condition = rowCondition(filters);
  const depth = filters.length > 0 ? 2 : 1;
  if (storedTz !== tz) {
    const live = await db.execute<RollupRow>(
      sql`select * from (${rollupRowsSql(scope, tz, sql`true`, depth)}) r where ${condition}`,
    );
    return live.rows;
  }
  const dirtyDays = dirty.rows.map((r) => r.day);
  const parts: SQL[] = [
    sql`select to_char(day, 'YYYY-MM-DD') as day, d1, k1, d2, k2, ${sql.raw(MEASURES.join(', '))}
          from report_rollups
         where day >= ${fromDay}::date and day < ${toDay}::date
           and day <> all(${`{${dirtyDays.join(',')}}`}::date[]) and ${condition}`,
  ];
  for (const [a, b] of dayRuns(dirtyDays)) {
    const range = { from: startOfLocalDay(a, tz), to: startOfLocalDay(b, tz) };
    parts.push(sql`select * from (${rollupRowsSql(range, tz, sql`true`, depth)}) r where ${condition}`);
  }
  const result = await db.execute<RollupRow>(sql.join(parts, sql` union all `));
  return result.rows;
}

/** Records the time zone the stored rollups are summed in. */
export async function recordRollupTimezone(db: Queryable, tz: string): Promise<void> {
  await rollupTimezone.set(db, { timezone: tz });
}

/** The live rollup rows of a period under any filters (no stored sums): the whole desk and each dimension. */
export async function liveRollupRows(db: Queryable, scope: ReportScope): Promise<RollupRow[]> {
  const result = await db.execute<RollupRow>(rollupRowsSql(scope, scope.timezone, scope.where, 1));
  return result.rows;
}
