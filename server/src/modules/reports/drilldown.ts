import { type SQL, sql } from 'drizzle-orm';
import type { DrilldownMetric, DrilldownPage, DrilldownQuery } from '../../../../contracts/reports.ts';
import type { TicketStatus } from '../../../../contracts/tickets.ts';
import { type Queryable, readTogether } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import { type Actor, assertCan } from '../identity/index.ts';
import { loadResolutionSettings } from '../resolution/index.ts';
import { type ReportScope, scopeOf, within } from './filters.ts';
import {
  createdIn,
  OPEN_STATUSES_SQL,
  RESOLUTION_SECONDS,
  RESPONSE_SECONDS,
  resolvedIn,
} from './sql-parts.ts';
import { backlogInstant } from './summary-queries.ts';

interface MetricQuery {
  /** Rows of facts `f` (optionally joined) behind the number. */
  from: SQL;
  where: SQL;
  value: SQL;
  order: SQL;
}

function metricQuery(metric: DrilldownMetric, scope: ReportScope, now: Date, lowScore: number): MetricQuery {
  const facts = sql`report_ticket_facts f`;
  const newest = sql`f.created_at desc, f.ticket_id desc`;
  const csat = sql`report_ticket_facts f join surveys_csat_v s on s.ticket_id = f.ticket_id`;
  switch (metric) {
    case 'in':
      return { from: facts, where: createdIn(scope), value: sql`null::float8`, order: newest };
    case 'out':
      return {
        from: facts,
        where: resolvedIn(scope),
        value: RESOLUTION_SECONDS,
        order: sql`f.resolved_at desc, f.ticket_id desc`,
      };
    case 'cancelled':
      return {
        from: facts,
        where: sql`f.status = 'cancelled' and ${within(sql`f.closed_at`, scope)}`,
        value: sql`null::float8`,
        order: newest,
      };
    case 'backlog': {
      const t = backlogInstant(scope, now).toISOString();
      // The open intervals at the instant come first (the GiST index); offset 0 keeps PostgreSQL
      // from walking every fact in created_at order instead to fill the page.
      return {
        from: sql`(select i.ticket_id from report_status_intervals i
                    where i.status in ${OPEN_STATUSES_SQL} and tstzrange(i.entered_at, i.left_at, '[)') @> ${t}::timestamptz
                   offset 0) i
                  join report_ticket_facts f on f.ticket_id = i.ticket_id`,
        where: sql`true`,
        value: sql`extract(epoch from ${t}::timestamptz - f.created_at)`,
        order: sql`f.created_at asc, f.ticket_id asc`,
      };
    }
    case 'first_response':
      return {
        from: facts,
        where: sql`${createdIn(scope)} and f.first_response_at is not null`,
        value: RESPONSE_SECONDS,
        order: sql`${RESPONSE_SECONDS} desc, f.ticket_id desc`,
      };
    case 'resolution':
      return {
        from: facts,
        where: resolvedIn(scope),
        value: RESOLUTION_SECONDS,
        order: sql`${RESOLUTION_SECONDS} desc, f.ticket_id desc`,
      };
    case 'first_contact':
      return {
        from: facts,
        where: sql`${resolvedIn(scope)} and f.first_contact and f.reopen_count = 0`,
        value: RESOLUTION_SECONDS,
        order: sql`f.resolved_at desc, f.ticket_id desc`,
      };
    case 'reopened':
      return {
        from: facts,
        where: sql`${resolvedIn(scope)} and f.reopen_count > 0`,
        value: sql`f.reopen_count::float8`,
        order: sql`f.reopen_count desc, f.ticket_id desc`,
      };
    case 'repeat':
      return {
        from: facts,
        where: sql`${createdIn(scope)} and f.repeat_of is not null`,
        value: sql`f.repeat_of::float8`,
        order: newest,
      };
    case 'escalated':
      return {
        from: facts,
        where: sql`${createdIn(scope)} and f.escalation_count > 0`,
        value: sql`f.escalation_count::float8`,
        order: newest,
      };
    case 'csat':
    case 'csat_low':
      return {
        from: csat,
        where: sql`${within(sql`s.responded_at`, scope)}${metric === 'csat_low' ? sql` and s.score <= ${lowScore}` : sql``}`,
        value: sql`s.score::float8`,
        order: sql`s.score asc, s.responded_at desc, f.ticket_id desc`,
      };
    case 'sla_breached':
      return {
        from: sql`report_ticket_facts f join sla_ticket_states_v l on l.ticket_id = f.ticket_id`,
        where: sql`((${createdIn(scope)} and 'breached' in (l.first_response_state, l.next_update_state))
          or (${resolvedIn(scope)} and l.resolution_state = 'breached'))`,
        value: sql`null::float8`,
        order: newest,
      };
  }
}

interface DrillRow extends Record<string, unknown> {
  ticket_id: number;
  number: number;
  subject: string;
  status: TicketStatus;
  priority: 'P1' | 'P2' | 'P3' | 'P4';
  channel: string;
  team: string | null;
  assignee: string | null;
  created_at: string | Date;
  resolved_at: string | Date | null;
  value: number | null;
}

const encodeCursor = (offset: number) => Buffer.from(`o:${offset}`).toString('base64url');
function decodeCursor(cursor: string | undefined): number {
  if (!cursor) return 0;
  const match = /^o:(\d{1,9})$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!match) throw new AppError('cursor.invalid', { field: 'cursor' });
  return Number(match[1]);
}

/** GET /reports/drilldown: the tickets behind a number of the summary, under the same filters. */
export async function getDrilldown(options: {
  db: Queryable;
  actor: Actor;
  query: DrilldownQuery;
  now?: Date;
}): Promise<DrilldownPage> {
  const { db, actor, query } = options;
  const now = options.now ?? new Date();
  assertCan(actor, 'report.read');
  const settings = await loadResolutionSettings(db);
  const scope = scopeOf(query, settings.reportTimezone, now);
  const q = metricQuery(query.metric, scope, now, settings.lowScoreThreshold);
  const offset = decodeCursor(query.cursor);
  const [total, page] = await readTogether(db, [
    () =>
      db.execute<{ n: number }>(
        sql`select count(*)::int as n from ${q.from} where ${q.where} and ${scope.where}`,
      ),
    // The page is picked from the facts alone (sorted, limited), then named: joining the
    // tickets, teams and people before the limit would join every row of the period.
    () =>
      db.execute<DrillRow>(sql`
      select p.ticket_id, t.number, t.subject, t.status, t.priority, t.channel, tm.name as team,
             a.name as assignee, t.created_at, p.resolved_at, p.value
        from (select f.ticket_id, f.resolved_at, (${q.value})::float8 as value,
                     row_number() over (order by ${q.order}) as position
                from ${q.from}
               where ${q.where} and ${scope.where}
               order by ${q.order}
               limit ${query.limit + 1} offset ${offset}) p
        join tickets_v t on t.id = p.ticket_id
        left join identity_teams_v tm on tm.id = t.team_id
        left join identity_users_v a on a.id = t.assignee_id
       order by p.position`),
  ] as const);
  const rows = page.rows.slice(0, query.limit);
  return {
    metric: query.metric,
    total: Number(total.rows[0]?.n ?? 0),
    items: rows.map((r) => ({
      ticketId: Number(r.ticket_id),
      number: Number(r.number),
      subject: r.subject,
      status: r.status,
      priority: r.priority,
      channel: r.channel,
      team: r.team,
      assignee: r.assignee,
      createdAt: new Date(r.created_at).toISOString(),
      resolvedAt: r.resolved_at === null ? null : new Date(r.resolved_at).toISOString(),
      value: r.value === null ? null : Math.round(Number(r.value) * 100) / 100,
    })),
    nextCursor: page.rows.length > query.limit ? encodeCursor(offset + query.limit) : null,
  };
}
