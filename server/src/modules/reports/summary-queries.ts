import { sql } from 'drizzle-orm';
import { type Queryable, readTogether } from '../../platform/db/database.ts';
import { idArray } from '../../platform/db/id-array.ts';
import { NPS_COUNTS_SQL } from '../surveys/index.ts';
import type { ReportScope } from './filters.ts';
import { within } from './filters.ts';
import {
  createdIn,
  durationColumns,
  OPEN_STATUSES_SQL,
  RESOLUTION_SECONDS,
  RESPONSE_SECONDS,
  resolvedIn,
} from './sql-parts.ts';

type Row = Record<string, unknown>;
const first = async (q: Promise<{ rows: Row[] }>): Promise<Row> => (await q).rows[0] ?? {};

/**
 * Exact count, mean, median and 90th percentile of the times to first response (tickets
 * created in the period) and to resolution (tickets resolved in it, and the P1 among them).
 * They read only the covering indexes on created_at and resolved_at.
 */
export async function durationFigures(
  db: Queryable,
  scope: ReportScope,
): Promise<{ created: Row; resolved: Row }> {
  const [created, resolved] = await readTogether(db, [
    () =>
      first(
        db.execute(sql`
        select ${durationColumns('fr', RESPONSE_SECONDS, sql`true`, sql`f.response_business_seconds`)}
          from report_ticket_facts f
         where ${createdIn(scope)} and f.first_response_at is not null and ${scope.where}`),
      ),
    () =>
      first(
        db.execute(sql`
        select ${durationColumns('res', RESOLUTION_SECONDS, sql`true`, sql`f.resolution_business_seconds`)},
               ${durationColumns('p1', RESOLUTION_SECONDS, sql`f.priority = 'P1'`, sql`f.resolution_business_seconds`)}
          from report_ticket_facts f
         where ${resolvedIn(scope)} and ${scope.where}`),
      ),
  ] as const);
  return { created, resolved };
}

/** The instant the backlog is measured at: the end of the period, or now if that is earlier. */
export function backlogInstant(scope: ReportScope, now: Date): Date {
  return new Date(Math.min(scope.to.getTime(), now.getTime()));
}

/** Tickets open at an instant (from the status history), their age and their owners. */
export function backlogFigures(db: Queryable, scope: ReportScope, at: Date): Promise<Row> {
  const t = at.toISOString();
  return first(
    db.execute(sql`
      with b as (
        select i.status, f.assignee_id, extract(epoch from ${t}::timestamptz - f.created_at) as age
          from report_status_intervals i
          join report_ticket_facts f on f.ticket_id = i.ticket_id
         where i.status in ${OPEN_STATUSES_SQL}
           and tstzrange(i.entered_at, i.left_at, '[)') @> ${t}::timestamptz
           and ${scope.where})
      select count(*)::int as open,
             avg(age)::float8 as age_mean,
             percentile_cont(0.5) within group (order by age) as age_median,
             percentile_cont(0.9) within group (order by age) as age_p90,
             max(age)::float8 as age_max,
             count(*) filter (where age < 86400)::int as age_1d,
             count(*) filter (where age >= 86400 and age < 3 * 86400)::int as age_3d,
             count(*) filter (where age >= 3 * 86400 and age < 7 * 86400)::int as age_7d,
             count(*) filter (where age >= 7 * 86400 and age < 30 * 86400)::int as age_30d,
             count(*) filter (where age >= 30 * 86400)::int as age_older,
             (select coalesce(json_object_agg(status, n), '{}') from
               (select status, count(*)::int as n from b group by status) s) as by_status,
             (select coalesce(json_object_agg(assignee_id, n), '{}') from
               (select assignee_id, count(*)::int as n from b where assignee_id is not null group by assignee_id) a)
               as by_agent
        from b`),
  );
}

/** NPS answers given in the period (only the organisation filter applies to NPS). */
export function npsFigures(db: Queryable, scope: ReportScope): Promise<Row> {
  const org = scope.filters.organizationId
    ? sql` and organization_id = ${scope.filters.organizationId}`
    : sql``;
  return first(
    db.execute(sql`
      select ${sql.raw(NPS_COUNTS_SQL)} from surveys_nps_invitations_v
       where ${within(sql`responded_at`, scope)}${org}`),
  );
}

/** Display names for the ids the figures mention. */
export async function names(
  db: Queryable,
  ids: { users: number[]; teams: number[]; categories: number[] },
): Promise<{ users: Map<number, string>; teams: Map<number, string>; categories: Map<number, string> }> {
  const load = async (table: 'users' | 'teams' | 'categories', list: number[]) => {
    if (list.length === 0) return new Map<number, string>();
    const label = table === 'categories' ? sql.raw('path') : sql.raw('name');
    const result = await db.execute<{ id: number; label: string }>(
      sql`select id, ${label} as label from ${sql.identifier(table)} where id = any(${idArray(list)})`,
    );
    return new Map(result.rows.map((r) => [Number(r.id), r.label]));
  };
  const [users, teams, categories] = await readTogether(db, [
    () => load('users', ids.users),
    () => load('teams', ids.teams),
    () => load('categories', ids.categories),
  ] as const);
  return { users, teams, categories };
}
