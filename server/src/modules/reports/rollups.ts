import { type SQL, sql } from 'drizzle-orm';
import type { Queryable } from '../../platform/db/database.ts';
import { addDays, localDay, startOfLocalDay } from './calendar.ts';

/** The dimensions reports filter and break down by, in the fixed order pairs are stored in. */
export const DIMENSIONS = [
  ['channel', 'channel'],
  ['priority', 'priority'],
  ['team', 'team_id'],
  ['category', 'category_id'],
  ['agent', 'assignee_id'],
  ['org', 'organization_id'],
] as const;
export type Dimension = (typeof DIMENSIONS)[number][0];

/** The additive measures of a rollup row. */
export const MEASURES = [
  'n_in',
  'repeats',
  'escalated',
  'fr_n',
  'fr_sum',
  'fr_business',
  'n_out',
  'fcr',
  'reopened',
  'res_n',
  'res_sum',
  'res_business',
  'p1_n',
  'p1_sum',
  'cancelled',
  'sla_fr_met',
  'sla_fr_breached',
  'sla_nu_met',
  'sla_nu_breached',
  'sla_res_met',
  'sla_res_breached',
  'csat_sent',
  'csat_sent_answered',
  'csat_n',
  'csat_sum',
  'speed_sum',
  'attitude_sum',
  'effectiveness_sum',
  'overall_sum',
  'satisfied',
  's1',
  's2',
  's3',
  's4',
  's5',
] as const;
export type Measure = (typeof MEASURES)[number];
export type Measures = Record<Measure, number>;

export interface RollupRow extends Measures {
  [column: string]: unknown;
  day: string;
  d1: string;
  k1: string;
  d2: string;
  k2: string;
}

const RESPONSE = `coalesce(f.response_business_seconds, extract(epoch from f.first_response_at - f.created_at))`;
const RESOLUTION = `coalesce(f.resolution_business_seconds, extract(epoch from f.resolved_at - f.created_at))`;

/** What each kind of event adds to the measures; anything not named adds 0. */
const EVENTS: { at: string; from: string; where?: string; adds: Partial<Record<Measure, string>> }[] = [
  {
    at: 'f.created_at',
    from: 'report_ticket_facts f left join sla_ticket_states_v l on l.ticket_id = f.ticket_id',
    adds: {
      n_in: '1',
      repeats: '(f.repeat_of is not null)::int',
      escalated: '(f.escalation_count > 0)::int',
      fr_n: '(f.first_response_at is not null)::int',
      fr_sum: `coalesce(${RESPONSE}, 0)`,
      fr_business: '(f.response_business_seconds is not null)::int',
      sla_fr_met: "(l.first_response_state = 'met')::int",
      sla_fr_breached: "(l.first_response_state = 'breached')::int",
      sla_nu_met: "(l.next_update_state = 'met')::int",
      sla_nu_breached: "(l.next_update_state = 'breached')::int",
    },
  },
  {
    at: 'f.resolved_at',
    from: 'report_ticket_facts f left join sla_ticket_states_v l on l.ticket_id = f.ticket_id',
    adds: {
      n_out: '1',
      fcr: '(f.first_contact and f.reopen_count = 0)::int',
      reopened: '(f.reopen_count > 0)::int',
      res_n: '1',
      res_sum: RESOLUTION,
      res_business: '(f.resolution_business_seconds is not null)::int',
      p1_n: "(f.priority = 'P1')::int",
      p1_sum: `case when f.priority = 'P1' then ${RESOLUTION} else 0 end`,
      sla_res_met: "(l.resolution_state = 'met')::int",
      sla_res_breached: "(l.resolution_state = 'breached')::int",
    },
  },
  {
    at: 'f.closed_at',
    from: 'report_ticket_facts f',
    where: "f.status = 'cancelled'",
    adds: { cancelled: '1' },
  },
  {
    at: 's.created_at',
    from: 'csat_surveys s join report_ticket_facts f on f.ticket_id = s.ticket_id',
    adds: { csat_sent: '1', csat_sent_answered: '(s.responded_at is not null)::int' },
  },
  {
    at: 's.responded_at',
    from: 'csat_surveys s join report_ticket_facts f on f.ticket_id = s.ticket_id',
    adds: {
      csat_n: '1',
      csat_sum: 's.score',
      speed_sum: 'coalesce(s.speed, 0)',
      attitude_sum: 'coalesce(s.attitude, 0)',
      effectiveness_sum: 'coalesce(s.effectiveness, 0)',
      overall_sum: 'coalesce(s.overall, 0)',
      satisfied: '(s.score >= 4)::int',
      s1: '(s.score = 1)::int',
      s2: '(s.score = 2)::int',
      s3: '(s.score = 3)::int',
      s4: '(s.score = 4)::int',
      s5: '(s.score = 5)::int',
    },
  },
];

/** The groupings: the whole desk, each dimension, and (depth 2) each pair of dimensions. */
function groupings(depth: 1 | 2): [number | null, number | null][] {
  const all: [number | null, number | null][] = [[null, null]];
  for (let i = 0; i < DIMENSIONS.length; i++) {
    all.push([i, null]);
    if (depth === 2) for (let j = i + 1; j < DIMENSIONS.length; j++) all.push([i, j]);
  }
  return all;
}

/**
 * Rollup rows computed from the facts for the events in [from, to), by local day of `tz`.
 * `where` narrows the tickets (filters on facts `f`); depth 2 adds the pairs of dimensions.
 */
export function rollupRowsSql(range: { from: Date; to: Date }, tz: string, where: SQL, depth: 1 | 2): SQL {
  const from = range.from.toISOString();
  const to = range.to.toISOString();
  const branches = EVENTS.map((event) => {
    const measures = MEASURES.map((m) => `coalesce((${event.adds[m] ?? '0'})::float8, 0) as ${m}`).join(', ');
    const dims = DIMENSIONS.map(([, column]) => `f.${column}`).join(', ');
    return sql`select (${sql.raw(event.at)} at time zone ${tz})::date as day, ${sql.raw(dims)}, ${sql.raw(measures)}
      from ${sql.raw(event.from)}
     where ${sql.raw(event.at)} >= ${from}::timestamptz and ${sql.raw(event.at)} < ${to}::timestamptz
       ${event.where ? sql.raw(`and ${event.where}`) : sql``} and ${where}`;
  });
  const sums = MEASURES.map((m) => `sum(${m}) as ${m}`).join(', ');
  const columns = DIMENSIONS.map(([, column]) => column);
  // Every grouping in one aggregate (grouping sets), its rows told apart by the dimensions it
  // left out: GROUPING()'s bit for a dimension is 1 when it is not grouped.
  const sets = groupings(depth);
  const bits = (set: readonly (number | null)[]) =>
    columns.reduce((mask, _, i) => (set.includes(i) ? mask : mask | (1 << (columns.length - 1 - i))), 0);
  const pick = (side: 0 | 1, part: (i: number | null) => string) =>
    `case grouping(${columns.join(', ')}) ${sets.map((set) => `when ${bits(set)} then ${part(set[side] ?? null)}`).join(' ')} end`;
  const key = (i: number | null) => (i === null ? `'all'` : `coalesce(${DIMENSIONS[i]?.[1]}::text, 'none')`);
  const name = (i: number | null) => `'${i === null ? 'all' : DIMENSIONS[i]?.[0]}'`;
  const groupingSets = sets
    .map(
      (set) => `(${['day', ...set.filter((i) => i !== null).map((i) => columns[i as number])].join(', ')})`,
    )
    .join(', ');
  // The events summed first by day and every dimension (a few thousand rows where there were a
  // day's hundred thousand tickets), then those sums by each grouping.
  return sql`with ev as (${sql.join(branches, sql` union all `)}),
    fine as (select day, ${sql.raw(columns.join(', '))}, ${sql.raw(sums)} from ev group by day, ${sql.raw(columns.join(', '))})
    select to_char(day, 'YYYY-MM-DD') as day, ${sql.raw(pick(0, name))} as d1, ${sql.raw(pick(0, key))} as k1,
           ${sql.raw(pick(1, name))} as d2, ${sql.raw(pick(1, key))} as k2, ${sql.raw(sums)}
      from fine group by grouping sets (${sql.raw(groupingSets)})`;
}

/** The instants a run of local days [fromDay, toDay) covers. */
export function dayRange(fromDay: string, toDay: string, tz: string): { from: Date; to: Date } {
  return { from: startOfLocalDay(fromDay, tz), to: startOfLocalDay(toDay, tz) };
}

/** Runs of consecutive days, as [first, day after last). */
export function dayRuns(days: readonly string[]): [string, string][] {
  const sorted = [...new Set(days)].sort();
  const runs: [string, string][] = [];
  for (const day of sorted) {
    const last = runs[runs.length - 1];
    if (last && last[1] === day) last[1] = addDays(day, 1);
    else runs.push([day, addDays(day, 1)]);
  }
  return runs;
}

/** Replaces the stored rollups of [fromDay, toDay) by sums computed from the facts now. */
export async function materializeRollups(
  tx: Queryable,
  fromDay: string,
  toDay: string,
  tz: string,
): Promise<void> {
  await tx.execute(sql`delete from report_rollups where day >= ${fromDay}::date and day < ${toDay}::date`);
  const columns = sql.raw(['day', 'd1', 'k1', 'd2', 'k2', ...MEASURES].join(', '));
  await tx.execute(sql`insert into report_rollups (${columns})
    select day::date, d1, k1, d2, k2, ${sql.raw(MEASURES.join(', '))}
      from (${rollupRowsSql(dayRange(fromDay, toDay, tz), tz, sql`true`, 2)}) r`);
}

/** Marks the local days of these instants as needing their rollups summed again. */
export async function markDaysDirty(
  tx: Queryable,
  instants: readonly (Date | string | null)[],
  tz: string,
): Promise<void> {
  const days = [
    ...new Set(instants.filter((v): v is Date | string => v !== null).map((v) => localDay(new Date(v), tz))),
  ];
  if (days.length === 0) return;
  await tx.execute(sql`insert into report_dirty_days (day)
    select unnest(${`{${days.join(',')}}`}::date[])`);
}
