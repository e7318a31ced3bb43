import { type SQL, sql } from 'drizzle-orm';
import { type Queryable, sendWithNext } from '../../platform/db/database.ts';
import { publishMany } from '../../platform/events/events.ts';
import { type ComputedTicket, computeTickets } from './compute-sla.ts';
import type { ClockResult } from './domain/clocks.ts';
import { CLOCK_NAMES, type ClockName } from './domain/policy.ts';
import type { LoadedPolicy } from './policy-loader.ts';

export interface Timer {
  kind: 'warning' | 'breach';
  runAt: string;
  cycle: number;
}
/** A ticket's next timer per running clock, as `ticket_sla.timers` stores them. */
export type Timers = Partial<Record<ClockName, Timer>>;

export interface RecomputeOptions {
  /** An imported ticket: deadlines already past are history, not alarms to raise now. */
  historical?: boolean;
  /** Announce the new clocks to browsers (one ticket changed, not a bulk recompute). */
  publish?: boolean;
  policies?: LoadedPolicy[];
}

export interface RecomputeResult {
  tickets: number;
  /** Rows of ticket_sla that changed (the others are left alone). */
  rowsWritten: number;
  /** Clock timers set or moved (written with their row). */
  timersAdded: number;
  /** Clock timers that no longer apply (a stopped or paused clock, an alert given). */
  timersRemoved: number;
}

interface StoredRow extends Record<string, unknown> {
  ticket_id: number;
  policy_id: number | null;
  fr_ms: number | null;
  fr_state: string | null;
  nu_ms: number | null;
  nu_state: string | null;
  res_ms: number | null;
  res_state: string | null;
  next_ms: number | null;
  timers: Timers | null;
  fired: string[] | null;
}

/** The ticket's stored clocks (ticket_sla s) and the alerts already given, as one JSON column. */
const STORED = sql`(select json_build_object(
      'ticket_id', s.ticket_id, 'policy_id', s.policy_id, 'fr_state', s.first_response_state,
      'nu_state', s.next_update_state, 'res_state', s.resolution_state, 'timers', s.timers,
      'fr_ms', (extract(epoch from s.first_response_due_at) * 1000)::bigint,
      'nu_ms', (extract(epoch from s.next_update_due_at) * 1000)::bigint,
      'res_ms', (extract(epoch from s.resolution_due_at) * 1000)::bigint,
      'next_ms', (extract(epoch from s.next_due_at) * 1000)::bigint,
      'fired', (select array_agg(a.clock || ':' || a.cycle || ':' || a.kind) from sla_alerts a
                 where a.ticket_id = s.ticket_id))
    from ticket_sla s where s.ticket_id = t.id)`;

const ms = (value: unknown) => (typeof value === 'string' ? Date.parse(value) : null);

/** What a stored row says, as one string: a row whose signature did not change is not written. */
function signature(values: {
  policy: unknown;
  due: unknown[];
  states: unknown[];
  next: unknown;
  timers: Timers | null;
}): string {
  const timers = CLOCK_NAMES.map((clock) => {
    const timer = values.timers?.[clock];
    return timer ? `${timer.kind}@${timer.runAt}#${timer.cycle}` : '';
  });
  return JSON.stringify([values.policy, values.due, values.states, values.next, timers]);
}

/**
 * Recomputes the clocks of tickets from their history, stores the deadlines for the queues
 * (ticket_sla) and each running clock's next timer with the row: `timers` and `next_timer_at`,
 * the earliest of them, which the SLA sweeper (timer-sweeper.ts) fires when it comes. A moved
 * deadline moves its timer in the same write; no job per ticket (issue 18). Runs in the
 * caller's transaction.
 */
export async function recomputeClocks(
  tx: Queryable,
  ticketIds: readonly number[],
  now: number,
  options: RecomputeOptions = {},
): Promise<RecomputeResult> {
  if (ticketIds.length === 0) return { tickets: 0, rowsWritten: 0, timersAdded: 0, timersRemoved: 0 };
  // The tickets' clocks and their stored row in one read (the policies from the cache).
  const computed = await computeTickets(tx, ticketIds, now, options.policies, STORED);
  const previous = new Map<number, StoredRow>();
  for (const [ticketId, ticket] of computed) {
    if (ticket.extra) previous.set(ticketId, ticket.extra as StoredRow);
  }
  const rows: Record<string, unknown>[] = [];
  let timersAdded = 0;
  let timersRemoved = 0;
  for (const [ticketId, ticket] of computed) {
    const before = previous.get(ticketId);
    const fired = new Set(before?.fired ?? []);
    const timers: Timers = {};
    for (const clock of CLOCK_NAMES) {
      const want = nextTimer(ticket.computation[clock], fired, now, options.historical ?? false);
      const had = before?.timers?.[clock];
      if (want) timers[clock] = want;
      if (want && !sameTimer(had, want)) timersAdded += 1;
      else if (!want && had) timersRemoved += 1;
    }
    const row = storedRow(ticketId, ticket, timers, now);
    const unchanged =
      before !== undefined &&
      signature({
        policy: before.policy_id,
        due: [before.fr_ms, before.nu_ms, before.res_ms],
        states: [before.fr_state, before.nu_state, before.res_state],
        next: before.next_ms,
        timers: before.timers,
      }) ===
        signature({
          policy: row.policy_id,
          due: [ms(row.fr_due), ms(row.nu_due), ms(row.res_due)],
          states: [row.fr_state, row.nu_state, row.res_state],
          next: ms(row.next_due),
          timers: (row.timers as Timers | null) ?? null,
        });
    if (!unchanged) rows.push(row);
  }
  // The stored clocks and their timers in one statement; nothing reads its result, so it goes
  // with the transaction's next statement where it can (the intake's: with its COMMIT).
  if (rows.length > 0) {
    const upsert = upsertRows(rows);
    if (!sendWithNext(tx, upsert)) await tx.execute(upsert);
  }
  if (options.publish) {
    // One statement for all of them (a group commit's tickets: one round trip, not one each).
    await publishMany(
      tx,
      [...computed.keys()].map((ticketId) => ({ type: 'sla.changed', ticketId })),
    );
  }
  return {
    tickets: computed.size,
    rowsWritten: rows.length,
    timersAdded,
    timersRemoved,
  };
}

/**
 * The one timer a clock needs next: its warning, then its breach. A paused or stopped clock
 * needs none; an alert already given is not given again.
 */
function nextTimer(
  clock: ClockResult | null,
  fired: Set<string>,
  now: number,
  historical: boolean,
): Timer | null {
  if (!clock || clock.stoppedAt !== null || clock.pausedSince !== null || clock.dueAt === null) return null;
  const prefix = `${clock.clock}:${clock.cycle}:`;
  let timer: Timer | null = null;
  if (
    !fired.has(`${prefix}warning`) &&
    clock.warnAt !== null &&
    clock.warnAt < clock.dueAt &&
    clock.dueAt > now
  ) {
    timer = { kind: 'warning', runAt: new Date(clock.warnAt).toISOString(), cycle: clock.cycle };
  } else if (!fired.has(`${prefix}breach`)) {
    timer = { kind: 'breach', runAt: new Date(clock.dueAt).toISOString(), cycle: clock.cycle };
  }
  if (timer && historical && Date.parse(timer.runAt) < now) return null;
  return timer;
}

function sameTimer(a: Timer | undefined, b: Timer): boolean {
  return a !== undefined && a.kind === b.kind && a.runAt === b.runAt && a.cycle === b.cycle;
}

function storedRow(
  ticketId: number,
  ticket: ComputedTicket,
  timers: Timers,
  now: number,
): Record<string, unknown> {
  const { computation } = ticket;
  const due = (clock: ClockResult | null) =>
    clock?.dueAt == null ? null : new Date(clock.dueAt).toISOString();
  const active = CLOCK_NAMES.map((name) => computation[name]).filter(
    (clock): clock is ClockResult =>
      clock !== null && clock.stoppedAt === null && clock.pausedSince === null && clock.dueAt !== null,
  );
  const nextDue = active.length ? Math.min(...active.map((clock) => clock.dueAt as number)) : null;
  const runAts = Object.values(timers).map((timer) => Date.parse(timer.runAt));
  return {
    ticket_id: ticketId,
    policy_id: computation.policyId,
    fr_due: due(computation.firstResponse),
    fr_state: computation.firstResponse?.state ?? null,
    nu_due: due(computation.nextUpdate),
    nu_state: computation.nextUpdate?.state ?? null,
    res_due: due(computation.resolution),
    res_state: computation.resolution?.state ?? null,
    next_due: nextDue === null ? null : new Date(nextDue).toISOString(),
    timers: Object.keys(timers).length ? timers : null,
    next_timer: runAts.length ? new Date(Math.min(...runAts)).toISOString() : null,
    computed_at: new Date(now).toISOString(),
  };
}

/** The upsert of the stored clocks (ticket_sla), as one statement of fixed text. */
function upsertRows(rows: Record<string, unknown>[]): SQL {
  return sql`
    insert into ticket_sla (ticket_id, policy_id, first_response_due_at, first_response_state,
      next_update_due_at, next_update_state, resolution_due_at, resolution_state, next_due_at, timers, next_timer_at,
      computed_at)
    select r.ticket_id, r.policy_id, r.fr_due, r.fr_state, r.nu_due, r.nu_state, r.res_due, r.res_state,
           r.next_due, r.timers, r.next_timer, r.computed_at
      from json_to_recordset(${JSON.stringify(rows)}::json) as r(ticket_id bigint, policy_id bigint,
        fr_due timestamptz, fr_state text, nu_due timestamptz, nu_state text, res_due timestamptz,
        res_state text, next_due timestamptz, timers jsonb, next_timer timestamptz, computed_at timestamptz)
    on conflict (ticket_id) do update set
      policy_id = excluded.policy_id,
      first_response_due_at = excluded.first_response_due_at,
      first_response_state = excluded.first_response_state,
      next_update_due_at = excluded.next_update_due_at,
      next_update_state = excluded.next_update_state,
      resolution_due_at = excluded.resolution_due_at,
      resolution_state = excluded.resolution_state,
      next_due_at = excluded.next_due_at,
      timers = excluded.timers,
      next_timer_at = excluded.next_timer_at,
      computed_at = excluded.computed_at`;
}
