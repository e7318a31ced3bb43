import { sql } from 'drizzle-orm';
import type { WeeklyReport } from '../../../../contracts/reports.ts';
import type { TicketStatus } from '../../../../contracts/tickets.ts';
import type { Queryable } from '../../platform/db/database.ts';
import { count, seconds } from './sql-parts.ts';

type Period = { from: Date; to: Date };
type Bottlenecks = WeeklyReport['bottlenecks'];

/**
 * Where tickets waited during the week: for each status, the ticket-time spent in it within
 * the week and how long its waits last. Time still running counts up to the end of the week
 * (or now, for the current week).
 */
export async function statusWaits(
  db: Queryable,
  week: Period,
  now: Date,
): Promise<Bottlenecks['statusWaits']> {
  const from = week.from.toISOString();
  const end = new Date(Math.min(week.to.getTime(), now.getTime())).toISOString();
  const result = await db.execute<Record<string, unknown>>(sql`
    select i.status, count(distinct i.ticket_id)::int as tickets,
           sum(extract(epoch from least(coalesce(i.left_at, ${end}::timestamptz), ${end}::timestamptz)
                                 - greatest(i.entered_at, ${from}::timestamptz)))::float8 as total,
           percentile_cont(0.5) within group (order by extract(epoch from
             least(coalesce(i.left_at, ${end}::timestamptz), ${end}::timestamptz) - i.entered_at)) as median,
           percentile_cont(0.9) within group (order by extract(epoch from
             least(coalesce(i.left_at, ${end}::timestamptz), ${end}::timestamptz) - i.entered_at)) as p90
      from report_status_intervals i
     where i.status not in ('closed', 'cancelled')
       and i.entered_at < ${end}::timestamptz
       and coalesce(i.left_at, 'infinity'::timestamptz) > ${from}::timestamptz
     group by i.status
     order by total desc`);
  return result.rows.map((r) => ({
    status: r.status as TicketStatus,
    tickets: count(r.tickets),
    totalSeconds: seconds(r.total) ?? 0,
    medianSeconds: seconds(r.median),
    p90Seconds: seconds(r.p90),
  }));
}

/**
 * Vendor delays: hand-overs to each vendor that were open during the week (the SLA
 * module's vendor_handoffs), and waits on a vendor with no hand-over recorded (key '').
 */
export async function vendorDelays(
  db: Queryable,
  week: Period,
  now: Date,
): Promise<Bottlenecks['vendorDelays']> {
  const from = week.from.toISOString();
  const end = new Date(Math.min(week.to.getTime(), now.getTime())).toISOString();
  const result = await db.execute<Record<string, unknown>>(sql`
    with waits as (
      select h.vendor_name as key, h.ticket_id, h.started_at as started, h.completed_at as ended, h.resolution_minutes
        from sla_vendor_handoffs_v h
       where h.started_at < ${end}::timestamptz and coalesce(h.completed_at, 'infinity'::timestamptz) > ${from}::timestamptz
      union all
      select '' as key, i.ticket_id, i.entered_at, i.left_at, null::int
        from report_status_intervals i
       where i.status = 'pending_vendor' and i.entered_at < ${end}::timestamptz
         and coalesce(i.left_at, 'infinity'::timestamptz) > ${from}::timestamptz
         and not exists (select 1 from sla_vendor_handoffs_v h where h.ticket_id = i.ticket_id))
    select key, count(distinct ticket_id)::int as tickets,
           sum(extract(epoch from least(coalesce(ended, ${end}::timestamptz), ${end}::timestamptz)
                                 - greatest(started, ${from}::timestamptz)))::float8 as total,
           percentile_cont(0.5) within group (order by extract(epoch from
             least(coalesce(ended, ${end}::timestamptz), ${end}::timestamptz) - started)) as median,
           max(extract(epoch from least(coalesce(ended, ${end}::timestamptz), ${end}::timestamptz) - started))::float8
             as longest,
           count(*) filter (where resolution_minutes is not null and
             least(coalesce(ended, ${end}::timestamptz), ${end}::timestamptz) - started
               > make_interval(mins => resolution_minutes))::int as over_target
      from waits group by key order by total desc`);
  return result.rows.map((r) => ({
    key: String(r.key),
    tickets: count(r.tickets),
    overTarget: count(r.over_target),
    totalSeconds: seconds(r.total) ?? 0,
    medianSeconds: seconds(r.median),
    longestSeconds: seconds(r.longest),
  }));
}

/** The tickets still open at the end of the week that have waited longest in their status. */
export async function longestWaiting(
  db: Queryable,
  week: Period,
  now: Date,
  limit = 10,
): Promise<Bottlenecks['longestWaiting']> {
  const end = new Date(Math.min(week.to.getTime(), now.getTime())).toISOString();
  const result = await db.execute<Record<string, unknown>>(sql`
    select t.id, t.number, t.subject, i.status,
           extract(epoch from ${end}::timestamptz - i.entered_at)::float8 as waiting
      from report_status_intervals i join tickets_v t on t.id = i.ticket_id
     where i.status in ('new', 'open', 'in_progress', 'pending_requester', 'pending_vendor', 'pending_approval', 'resolved')
       and i.entered_at <= ${end}::timestamptz
       and coalesce(i.left_at, 'infinity'::timestamptz) > ${end}::timestamptz
     order by i.entered_at asc, t.id asc
     limit ${limit}`);
  return result.rows.map((r) => ({
    ticketId: Number(r.id),
    number: Number(r.number),
    subject: String(r.subject),
    status: r.status as TicketStatus,
    waitingSeconds: seconds(r.waiting) ?? 0,
  }));
}

/** Categories by tickets in the week, beside their weekly average over the four weeks before. */
export async function categoryTrends(
  db: Queryable,
  week: Period,
  before: Period,
  limit = 10,
): Promise<WeeklyReport['categories']> {
  const result = await db.execute<Record<string, unknown>>(sql`
    select coalesce(c.path, '') as category,
           count(*) filter (where f.created_at >= ${week.from.toISOString()}::timestamptz)::int as week,
           (count(*) filter (where f.created_at < ${before.to.toISOString()}::timestamptz))::float8 / 4 as previous
      from report_ticket_facts f left join ticket_categories_v c on c.id = f.category_id
     where f.created_at >= ${before.from.toISOString()}::timestamptz and f.created_at < ${week.to.toISOString()}::timestamptz
     group by c.path
     order by week desc, previous desc, category
     limit ${limit}`);
  return result.rows.map((r) => ({
    category: String(r.category),
    week: count(r.week),
    previousAverage: Math.round(Number(r.previous ?? 0) * 100) / 100,
  }));
}
