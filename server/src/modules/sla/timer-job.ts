import { sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db/database.ts';
import { publish } from '../../platform/events/events.ts';
import { defineJob } from '../../platform/jobs/jobs.ts';
import { recordEvent } from '../audit/index.ts';
import { tellStaff, type Words } from '../notifications/index.ts';
import { type ComputedTicket, computeTickets } from './compute-sla.ts';
import type { ClockResult } from './domain/clocks.ts';
import { CLOCK_LABEL, formatDuration } from './domain/explain-text.ts';
import { formatInZone } from './domain/zone.ts';
import { recomputeClocks } from './recompute.ts';
import { slaTimerJobSpec, type TimerPayload } from './timer-keys.ts';

/**
 * The `sla.timer` job of earlier versions (one per ticket and clock, until issue 18): timers are
 * now fired by the sweeper (timer-sweeper.ts) from ticket_sla.next_timer_at, and no code adds
 * this job. It stays for a job added by an instance still on the old code during an upgrade:
 * fireTimer re-reads everything, so such a job runs out harmlessly.
 */
export const slaTimerJob = defineJob<TimerPayload>({
  ...slaTimerJobSpec,
  async run(payload, { db, now }) {
    // The worker starts a job when the database clock reaches run_at; never judge it earlier.
    const at = Math.max(now.getTime(), Date.parse(payload.runAt));
    await db.transaction((tx) => fireTimer(tx, payload, at));
  },
});

/**
 * A clock's warning or breach timer (SL-3). It re-reads the ticket, so a timer that is out of
 * date does nothing wrong: it acts only if the clock really reached the threshold, records
 * the alert once (sla_alerts is unique per ticket, clock, cycle and kind), and stores the
 * clock's next timer.
 */
export async function fireTimer(tx: Tx, payload: TimerPayload, at: number): Promise<void> {
  const lock = await tx.execute(
    sql`select 1 from ticket_sla where ticket_id = ${payload.ticketId} for update`,
  );
  if (lock.rows.length === 0) return;
  // The policies in force from the cache, checked against the version stamp the ticket's read
  // carries (a policy or calendar changed since is loaded again in the same read's transaction).
  const ticket = (await computeTickets(tx, [payload.ticketId], at)).get(payload.ticketId);
  if (!ticket) return;
  const clock = ticket.computation[payload.clock];
  const live =
    clock && clock.cycle === payload.cycle && clock.stoppedAt === null && clock.pausedSince === null;
  if (
    live &&
    payload.kind === 'warning' &&
    clock.warnAt !== null &&
    clock.warnAt <= at &&
    clock.state === 'running'
  ) {
    await alert(tx, ticket, clock, 'warning', at);
  } else if (live && payload.kind === 'breach' && clock.state === 'breached') {
    // The first breach's `sla.breached` event brings the policy's breach actions (breach-actions.ts
    // and escalation, subscribed by the module registry).
    await alert(tx, ticket, clock, 'breach', at);
  }
  // The clock's next timer (and the row's next_timer_at) moves on with the recomputed clocks.
  await recomputeClocks(tx, [payload.ticketId], at, { publish: true });
}

/** When the alert was due: the warning threshold, or the deadline (timer latency is measured against it). */
function dueAtOf(clock: ClockResult, kind: 'warning' | 'breach'): string | null {
  const due = kind === 'warning' ? clock.warnAt : clock.dueAt;
  return due === null ? null : new Date(due).toISOString();
}

/** Gives the alert once (nothing if it was already given). */
async function alert(
  tx: Tx,
  ticket: ComputedTicket,
  clock: ClockResult,
  kind: 'warning' | 'breach',
  at: number,
): Promise<void> {
  const inserted = await tx.execute(sql`
    insert into sla_alerts (ticket_id, clock, cycle, kind, due_at, fired_at)
    values (${ticket.facts.id}, ${clock.clock}, ${clock.cycle}, ${kind}, ${dueAtOf(clock, kind)}, now())
    on conflict do nothing returning id`);
  if (inserted.rows.length === 0) return;
  const recipients = await recipientsFor(tx, ticket);
  const data = {
    clock: clock.clock,
    cycle: clock.cycle,
    dueAt: clock.dueAt === null ? null : new Date(clock.dueAt).toISOString(),
    targetMinutes: clock.targetMinutes,
    businessMinutesUsed: clock.businessMinutesUsed,
    warnAtPercent: clock.warnAtPercent,
    policyId: clock.policyId,
    notifiedUserIds: recipients,
    // Alerts are for the desk; the requester's timeline does not show them.
    internal: true,
  };
  const eventKind = kind === 'warning' ? 'sla.warning' : 'sla.breached';
  await tellStaff(tx, {
    userIds: recipients,
    event: eventKind,
    ticketId: ticket.facts.id,
    data,
    words: (locale) => alertWords(locale, kind, clock, ticket.facts.number),
  });
  await publish(tx, {
    type: eventKind,
    ticketId: ticket.facts.id,
    ...(recipients.length ? { userIds: recipients } : {}),
    data: { ...data, number: ticket.facts.number },
  });
  // Recorded last: its subscribers (the breach actions) act after the alert is told, as the
  // timeline has always shown it.
  await recordEvent(tx, {
    kind: eventKind,
    entityType: 'ticket',
    entityId: ticket.facts.id,
    ticketId: ticket.facts.id,
    actorId: null,
    at: new Date(at),
    data,
  });
}

function alertWords(
  locale: 'zh-CN' | 'en',
  kind: 'warning' | 'breach',
  clock: ClockResult,
  number: number,
): Words {
  const due = clock.dueAt === null ? '' : `${formatInZone(clock.timezone, clock.dueAt)} (${clock.timezone})`;
  const left = formatDuration(clock.remainingMs, locale);
  if (locale === 'zh-CN') {
    const label = CLOCK_LABEL[clock.clock].zh;
    return kind === 'warning'
      ? {
          title: `超时预警：工单 #${number} ${label}`,
          body: `工单 #${number} 的${label}将于 ${due} 到期，剩余工作时间 ${left}。`,
        }
      : { title: `已超时：工单 #${number} ${label}`, body: `工单 #${number} 的${label}已于 ${due} 超时。` };
  }
  const label = CLOCK_LABEL[clock.clock].en.toLowerCase();
  return kind === 'warning'
    ? {
        title: `SLA warning: ticket #${number} ${label}`,
        body: `The ${label} of ticket #${number} is due ${due}; ${left} of business time left.`,
      }
    : {
        title: `SLA breached: ticket #${number} ${label}`,
        body: `The ${label} of ticket #${number} was due ${due} and is breached.`,
      };
}

/** The assignee and the leads of the ticket's team. */
async function recipientsFor(tx: Tx, ticket: ComputedTicket): Promise<number[]> {
  const ids = new Set<number>();
  if (ticket.facts.assigneeId !== null) ids.add(ticket.facts.assigneeId);
  if (ticket.facts.teamId !== null) {
    const leads = await tx.execute<{ id: number }>(sql`
      select u.id from identity_team_members_v m join identity_users_v u on u.id = m.user_id
       where m.team_id = ${ticket.facts.teamId} and u.role = 'lead' and u.active`);
    for (const row of leads.rows) ids.add(row.id);
  }
  return [...ids];
}
