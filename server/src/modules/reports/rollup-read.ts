import { type SQL, sql } from 'drizzle-orm';
import type { Queryable } from '../../platform/db/database.ts';
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

/** The one filter a summary from stored rollups may have: a dimension and its keys. */
export type Perspective = { dim: Dimension; keys: string[] } | null;

export interface RollupFigures {
  total: Measures;
  byDay: Map<string, Measures>;
  byDim: Record<Dimension, Map<string, Measures>>;
}

const ROLLUP_TZ_KEY = 'reports_rollup_timezone';
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

/** Whether a summary can be read from stored rollups: whole local days and at most one filter. */
export function isWholeDays(scope: ReportScope): boolean {
  const aligned = (d: Date) =>
    startOfLocalDay(localDay(d, scope.timezone), scope.timezone).getTime() === d.getTime();
  return aligned(scope.from) && aligned(scope.to);
}

function rowCondition(perspective: Perspective): SQL {
  if (!perspective) return sql`d2 = 'all'`;
  const keys = `{${perspective.keys.map((k) => `"${k.replace(/"/g, '')}"`).join(',')}}`;
  return sql`((d1 = ${perspective.dim} and k1 = any(${keys}::text[])) or (d2 = ${perspective.dim} and k2 = any(${keys}::text[])))`;
}

/**
 * The rollup rows of a period: the stored ones for days summed since their last change, the
 * others computed from the facts now. Falls back to computing every day when the stored sums
 * were made in another time zone.
 */
export async function storedRollupRows(
  db: Queryable,
  scope: ReportScope,
  perspective: Perspective,
): Promise<RollupRow[]> {
  const tz = scope.timezone;
  const fromDay = localDay(scope.from, tz);
  const toDay = localDay(scope.to, tz);
  const [stored, dirty] = await Promise.all([
    db.execute<{ value: unknown }>(sql`select value from settings where key = ${ROLLUP_TZ_KEY}`),
    db.execute<{ day: string }>(
      sql`select to_char(day, 'YYYY-MM-DD') as day from report_dirty_days where day >= ${fromDay}::date and day < ${toDay}::date`,
    ),
  ]);
  const storedTz = (stored.rows[0]?.value as { timezone?: string } | undefined)?.timezone;
  const condition = rowCondition(perspective);
  const depth = perspective ? 2 : 1;
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
  await db.execute(sql`insert into settings (key, value) values (${ROLLUP_TZ_KEY}, ${JSON.stringify({ timezone: tz })}::jsonb)
    on conflict (key) do update set value = excluded.value, updated_at = now()`);
}

/** The live rollup rows of a period under any filters (no stored sums): the whole desk and each dimension. */
export async function liveRollupRows(db: Queryable, scope: ReportScope): Promise<RollupRow[]> {
  const result = await db.execute<RollupRow>(rollupRowsSql(scope, scope.timezone, scope.where, 1));
  return result.rows;
}
