import { sql } from 'drizzle-orm';
import type { Queryable } from '../../platform/db/database.ts';
import type { ReportScope } from './filters.ts';
import { within } from './filters.ts';
import { DIMENSIONS, type Dimension, MEASURES, type Measures } from './rollups.ts';
import { createdIn, RESOLUTION_SECONDS, resolvedIn } from './sql-parts.ts';

/** The measures a breakdown row and an agent's line show. */
const SHOWN = ['n_in', 'n_out', 'res_n', 'res_sum', 'csat_n', 'csat_sum'] as const;
type Shown = (typeof SHOWN)[number];

const column = (dim: Dimension) => DIMENSIONS.find(([name]) => name === dim)?.[1] ?? 'channel';

/**
 * The breakdowns of a summary under several filters by the dimensions that are not filtered
 * (stored rollups hold pairs, not triples): tickets in and out, resolution time and CSAT per
 * key, summed from the facts. Tickets in and out read only the covering indexes on created_at
 * and resolved_at (index-only scans; the filters are columns of those indexes); CSAT answers
 * join their ticket's facts.
 */
export async function factBreakdowns(
  db: Queryable,
  scope: ReportScope,
  dims: readonly Dimension[],
): Promise<Map<Dimension, Map<string, Measures>>> {
  const result = new Map<Dimension, Map<string, Measures>>(dims.map((d) => [d, new Map()]));
  if (dims.length === 0) return result;
  const keys = DIMENSIONS.map(([, c]) => `f.${c}`).join(', ');
  const events = sql`
    select ${sql.raw(keys)}, 1 as n_in, 0 as n_out, 0 as res_n, 0::float8 as res_sum, 0 as csat_n, 0 as csat_sum
      from report_ticket_facts f where ${createdIn(scope)} and ${scope.where}
    union all
    select ${sql.raw(keys)}, 0, 1, 1, ${RESOLUTION_SECONDS}, 0, 0
      from report_ticket_facts f where ${resolvedIn(scope)} and ${scope.where}
    union all
    select ${sql.raw(keys)}, 0, 0, 0, 0, 1, s.score
      from surveys_csat_v s join report_ticket_facts f on f.ticket_id = s.ticket_id
     where ${within(sql`s.responded_at`, scope)} and ${scope.where}`;
  const sums = SHOWN.map((m) => `sum(${m})::float8 as ${m}`).join(', ');
  const groups = dims.map((dim) =>
    sql.raw(
      `select '${dim}' as dim, coalesce(${column(dim)}::text, 'none') as key, ${sums} from ev group by ${column(dim)}`,
    ),
  );
  const rows = await db.execute<{ dim: Dimension; key: string } & Record<Shown, number>>(
    sql`with ev as materialized (${events}) ${sql.join(groups, sql` union all `)}`,
  );
  for (const row of rows.rows) {
    const measures = Object.fromEntries(MEASURES.map((m) => [m, 0])) as Measures;
    for (const m of SHOWN) measures[m] = Number(row[m]);
    result.get(row.dim)?.set(row.key, measures);
  }
  return result;
}
