import { type SQL, sql } from 'drizzle-orm';
import type { Db, Queryable, Tx } from '../../platform/db/database.ts';
import { idArray } from '../../platform/db/id-array.ts';
import { loadResolutionSettings } from '../resolution/index.ts';
import { businessDurations } from '../sla/index.ts';
import { historyField, type TicketChange } from '../tickets/index.ts';
import { scheduleRollups } from './rollup-job.ts';
import { markDaysDirty } from './rollups.ts';

/** The team of a `ticket.updated` change (`e`): its id, or the bare id an import wrote. */
function teamId(side: 'from' | 'to'): SQL {
  const ref = historyField('ticket.updated', ['changes', 'team', side, 'id']);
  const bare = historyField('ticket.updated', ['changes', 'team', side]);
  const json = historyField('ticket.updated', ['changes', 'team', side], { json: true });
  return sql`coalesce(${ref}::bigint, case when jsonb_typeof(${json}) = 'number' then ${bare}::bigint end)`;
}

/**
 * The report facts of a set of tickets, recomputed from the system of record: the ticket
 * row, its public messages, its audit history (status changes, team changes), its
 * resolutions and escalations. Reports read only these facts.
 *
 * - first response: the first public message by staff, the first resolution (the report is
 *   an answer), or the creation itself when staff opened the ticket for the requester (a
 *   phone call): whichever came first;
 * - escalations: escalation records, or moves to a team of a higher tier, whichever are more;
 * - repeat: the same requester opened a ticket in the same category within the window before;
 * - business seconds to first response and to resolution: kept while the instant they measure
 *   to is unchanged, emptied when it changes (and then filled by `fillBusinessTimes`); zero at
 *   once for a ticket answered at its creation.
 */
function upsertFacts(target: SQL, repeatWindowDays: number): SQL {
  const statusTo = historyField('ticket.updated', ['changes', 'status', 'to']);
  return sql`
insert into report_ticket_facts as r (ticket_id, created_at, type, channel, category_id, priority, team_id,
  assignee_id, organization_id, requester_id, status, first_response_at, first_resolved_at, resolved_at,
  closed_at, reopen_count, escalation_count, first_contact, repeat_of, response_business_seconds, refreshed_at)
select t.id, t.created_at, t.type, t.channel, t.category_id, t.priority, t.team_id, t.assignee_id,
  t.organization_id, t.requester_id, t.status,
  resp.at,
  rs.first_at,
  case when t.status in ('resolved', 'closed') then t.resolved_at end,
  t.closed_at, t.reopen_count,
  greatest(coalesce(esc.records, 0), coalesce(tier.moves, 0)),
  coalesce(fc.first_contact, false),
  rp.id,
  case when resp.at = t.created_at then 0 end,
  now()
from tickets_v t
left join lateral (
  select min(m.created_at) as at from ticket_messages_v m join identity_users_v u on u.id = m.author_id
   where m.ticket_id = t.id and not m.internal and u.role <> 'requester') fr on true
left join lateral (
  select bool_or(u.role <> 'requester' and e.actor_id <> t.requester_id) as by_staff
    from audit_events_v e join identity_users_v u on u.id = e.actor_id
   where e.ticket_id = t.id and e.kind = 'ticket.created') cr on true
left join lateral (
  select min(e.at) as first_at from audit_events_v e
   where e.ticket_id = t.id and e.kind = 'ticket.updated'
     and ${statusTo} = 'resolved') rs on true
left join lateral (
  select least(fr.at, rs.first_at, case when cr.by_staff then t.created_at end) as at) resp on true
left join lateral (
  select count(*)::int as records from escalation_records_v x where x.ticket_id = t.id) esc on true
left join lateral (
  select count(*)::int as moves from audit_events_v e
    join identity_teams_v tf on tf.id = ${teamId('from')}
    join identity_teams_v tt on tt.id = ${teamId('to')}
   where e.ticket_id = t.id and e.kind = 'ticket.updated' and tt.tier > tf.tier) tier on true
left join lateral (
  select r.first_contact from resolution_records_v r where r.ticket_id = t.id
   order by r.resolved_at, r.id limit 1) fc on true
left join lateral (
  select p.id from tickets_v p
   where t.category_id is not null and p.requester_id = t.requester_id and p.category_id = t.category_id
     and p.created_at < t.created_at and p.created_at >= t.created_at - make_interval(days => ${repeatWindowDays}::int)
   -- Spelled as tickets_requester_created_idx is built, so that the newest comes first from
   -- the index instead of a sort of all the requester's tickets (a mail gateway has thousands).
   order by p.created_at desc nulls last, p.id desc nulls last limit 1) rp on true
where ${target}
on conflict (ticket_id) do update set
  created_at = excluded.created_at, type = excluded.type, channel = excluded.channel,
  category_id = excluded.category_id, priority = excluded.priority, team_id = excluded.team_id,
  assignee_id = excluded.assignee_id, organization_id = excluded.organization_id,
  requester_id = excluded.requester_id, status = excluded.status,
  first_response_at = excluded.first_response_at, first_resolved_at = excluded.first_resolved_at,
  resolved_at = excluded.resolved_at, closed_at = excluded.closed_at, reopen_count = excluded.reopen_count,
  escalation_count = excluded.escalation_count, first_contact = excluded.first_contact,
  repeat_of = excluded.repeat_of, refreshed_at = excluded.refreshed_at,
  response_business_seconds = case
    when excluded.response_business_seconds is not null then excluded.response_business_seconds
    when excluded.first_response_at is not distinct from r.first_response_at then r.response_business_seconds end,
  resolution_business_seconds = case
    when excluded.resolved_at is not distinct from r.resolved_at then r.resolution_business_seconds end`;
}

/** The statuses each ticket went through, from its creation and its audited status changes. */
function rebuildIntervals(target: SQL): SQL[] {
  const statusTo = historyField('ticket.updated', ['changes', 'status', 'to']);
  return [
    sql`delete from report_status_intervals where ticket_id in (select t.id from tickets_v t where ${target})`,
    sql`
insert into report_status_intervals (ticket_id, seq, status, entered_at, left_at)
select ticket_id, (row_number() over w)::int, status, at, lead(at) over w
  from (
    select t.id as ticket_id, t.created_at as at, 0::bigint as ord, 'new'::text as status
      from tickets_v t where ${target}
    union all
    select e.ticket_id, e.at, e.id, ${statusTo}
      from audit_events_v e join tickets_v t on t.id = e.ticket_id
     where ${target} and e.kind = 'ticket.updated' and ${statusTo} is not null
  ) ev
window w as (partition by ticket_id order by at, ord)`,
  ];
}

interface PendingRow extends Record<string, unknown> {
  ticket_id: number;
  first_response_at: Date | string | null;
  resolved_at: Date | string | null;
}

const epoch = (value: Date | string | null) =>
  value === null ? null : value instanceof Date ? value.getTime() : Date.parse(value);

/**
 * Business seconds to first response and to resolution where they are missing, from the SLA
 * module (the same history and calendars as the clocks). Only tickets that were just answered
 * or resolved (or whose policy sets no calendar) have any: opening a ticket computes nothing.
 */
async function fillBusinessTimes(tx: Queryable, target: SQL): Promise<void> {
  const pending = await tx.execute<PendingRow>(sql`
    select f.ticket_id, f.first_response_at, f.resolved_at
      from tickets_v t join report_ticket_facts f on f.ticket_id = t.id
     where ${target}
       and ((f.first_response_at is not null and f.response_business_seconds is null)
         or (f.resolved_at is not null and f.resolution_business_seconds is null))`);
  if (pending.rows.length === 0) return;
  const durations = await businessDurations(
    tx,
    pending.rows.map((row) => ({
      ticketId: Number(row.ticket_id),
      respondedAt: epoch(row.first_response_at),
      resolvedAt: epoch(row.resolved_at),
    })),
  );
  const found = [...durations].filter(([, d]) => d.responseSeconds !== null || d.resolutionSeconds !== null);
  if (found.length === 0) return;
  const list = (values: (number | null)[]) => `{${values.map((v) => (v === null ? 'NULL' : v)).join(',')}}`;
  await tx.execute(sql`
    update report_ticket_facts f
       set response_business_seconds = coalesce(f.response_business_seconds, d.response),
           resolution_business_seconds = coalesce(f.resolution_business_seconds, d.resolution)
      from unnest(${list(found.map(([id]) => id))}::bigint[], ${list(found.map(([, d]) => d.responseSeconds))}::int[],
                  ${list(found.map(([, d]) => d.resolutionSeconds))}::int[]) as d(ticket_id, response, resolution)
     where f.ticket_id = d.ticket_id`);
}

async function refresh(tx: Queryable, target: SQL): Promise<void> {
  const { repeatWindowDays } = await loadResolutionSettings(tx);
  await tx.execute(upsertFacts(target, repeatWindowDays));
  await fillBusinessTimes(tx, target);
  for (const statement of rebuildIntervals(target)) await tx.execute(statement);
}

/** Recomputes the facts of some tickets, in the caller's transaction. */
export async function refreshTicketFacts(tx: Queryable, ticketIds: readonly number[]): Promise<void> {
  if (ticketIds.length === 0) return;
  await refresh(tx, sql`t.id = any(${idArray(ticketIds)})`);
}

/** The instants of tickets that place them in days of the reports (before and after a change). */
async function reportInstants(
  tx: Queryable,
  ticketIds: readonly number[],
): Promise<(Date | string | null)[]> {
  const result = await tx.execute<Record<string, Date | string | null>>(sql`
    select f.created_at, f.resolved_at, f.closed_at, s.created_at as sent_at, s.responded_at
      from report_ticket_facts f left join surveys_csat_v s on s.ticket_id = f.ticket_id
     where f.ticket_id = any(${idArray(ticketIds)})`);
  return result.rows.flatMap((r) => Object.values(r));
}

/**
 * Keeps the facts current: a ticket follow-up (after commit, many changes at a time)
 * recomputes the changed tickets' rows in one pass, and the days they counted in, before and
 * after, wait for their rollups.
 */
export async function reportFactsFollowUp(tx: Tx, changes: readonly TicketChange[]): Promise<void> {
  const ticketIds = [...new Set(changes.map((change) => change.ticketId))];
  const { reportTimezone } = await loadResolutionSettings(tx);
  const before = await reportInstants(tx, ticketIds);
  await refreshTicketFacts(tx, ticketIds);
  await markDaysDirty(tx, [...before, ...(await reportInstants(tx, ticketIds))], reportTimezone);
  await scheduleRollups(tx);
}

/** A CSAT answer (or a survey) changes the days of its ticket's satisfaction figures. */
export async function markTicketReportDays(tx: Tx, ticketId: number): Promise<void> {
  const { reportTimezone } = await loadResolutionSettings(tx);
  await markDaysDirty(tx, await reportInstants(tx, [ticketId]), reportTimezone);
  await scheduleRollups(tx);
}

/**
 * Rebuilds every ticket's facts in batches of ids (after an upgrade, a bulk load, or a
 * change of the repeat window). Each batch commits on its own.
 */
export async function rebuildAllFacts(
  db: Db,
  options: { batchSize?: number; onProgress?: (done: number, total: number) => void } = {},
): Promise<number> {
  const batch = options.batchSize ?? 20_000;
  const bounds = await db.execute<{ min: number | null; max: number | null; count: number }>(
    sql`select min(id) as min, max(id) as max, count(*)::int as count from tickets_v`,
  );
  const { min, max, count } = bounds.rows[0] ?? { min: null, max: null, count: 0 };
  if (min === null || max === null) return 0;
  let done = 0;
  for (let start = Number(min); start <= Number(max); start += batch) {
    const end = start + batch - 1;
    await db.transaction((tx) => refresh(tx, sql`t.id between ${start} and ${end}`));
    done = Math.min(count, done + batch);
    options.onProgress?.(done, count);
  }
  return count;
}
