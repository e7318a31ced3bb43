import { sql } from 'drizzle-orm';
import pg from 'pg';
import pino from 'pino';
import { describe, expect, it, vi } from 'vitest';
import { buildTicket, buildUser } from '../../../test/factories.ts';
import { buildPolicy } from '../../../test/factories-sla.ts';
import { backlogOnMetrics, setupTestApp } from '../../../test/harness.ts';
import { fireTimer } from './timer-job.ts';
import { slaTimerSweeper, sweepDueTimers } from './timer-sweeper.ts';

/**
 * The SLA sweeper (issue 18): due rows of ticket_sla (next_timer_at) claimed with `for update
 * skip locked`, each fired once in its own transaction, whatever the number of sweepers.
 */
const ctx = await setupTestApp();
const admin = await buildUser(ctx, { role: 'admin' });
const requester = await buildUser(ctx);
const api = (path: string) => `/api/v1${path}`;

async function alerts(ticketIds: readonly number[]) {
  return (
    await ctx.database.pool.query<{ ticket_id: string; kind: string; n: number }>(
      `select ticket_id, kind, count(*)::int as n from sla_alerts where ticket_id = any($1::bigint[])
        group by ticket_id, kind order by ticket_id, kind`,
      [ticketIds],
    )
  ).rows.map((row) => ({ ticketId: Number(row.ticket_id), kind: row.kind, n: row.n }));
}
async function breachedEvents(ticketIds: readonly number[]) {
  const result = await ctx.database.pool.query<{ n: number }>(
    `select count(*)::int as n from audit_events where kind = 'sla.breached' and ticket_id = any($1::bigint[])`,
    [ticketIds],
  );
  return result.rows[0]?.n;
}
/** Fires whatever is due now, so that a test sees only its own tickets' timers. */
async function drain() {
  for (let round = 0; round < 20; round += 1) {
    if ((await sweepDueTimers(ctx.database.db)).rows === 0) return;
  }
}
/** Tickets whose first response is due at once: one breach timer each, due now. */
async function dueTickets(count: number): Promise<number[]> {
  const policy = await buildPolicy(ctx, admin, { targets: { P3: { firstResponseMinutes: 0 } } });
  const ids: number[] = [];
  for (let i = 0; i < count; i += 1) {
    ids.push((await buildTicket(ctx, requester, { category: policy.category })).id);
  }
  return ids;
}

describe('the SLA timer sweeper', () => {
  it('fires a due timer once, and adds no graphile-worker job per ticket', async () => {
    await drain();
    const [id] = await dueTickets(1);
    const jobs = await ctx.database.pool.query(
      `select count(*)::int as n from graphile_worker.jobs where task_identifier = 'sla.timer'`,
    );
    expect(jobs.rows[0].n).toBe(0);
    const first = await sweepDueTimers(ctx.database.db);
    expect(first).toMatchObject({ rows: 1, timers: 1, failed: 0 });
    expect(await alerts([id as number])).toEqual([{ ticketId: id, kind: 'breach', n: 1 }]);
    // Fired: the row's next timer moved on (no other clock runs), nothing due any more.
    const row = await ctx.database.pool.query(
      'select timers, next_timer_at from ticket_sla where ticket_id = $1',
      [id],
    );
    expect(row.rows[0]).toEqual({ timers: null, next_timer_at: null });
    expect(await sweepDueTimers(ctx.database.db)).toMatchObject({ rows: 0, timers: 0 });
    expect(await breachedEvents([id as number])).toBe(1);
  });

  it('shows the due rows on /metrics until they are fired', async () => {
    await drain();
    expect(await backlogOnMetrics(ctx, 'sla_timers')).toBe(0);
    const ids = await dueTickets(3);
    expect(await backlogOnMetrics(ctx, 'sla_timers')).toBe(3);
    expect(await sweepDueTimers(ctx.database.db)).toMatchObject({ rows: 3, timers: 3 });
    expect(await backlogOnMetrics(ctx, 'sla_timers')).toBe(0);
    expect(await alerts(ids)).toEqual(ids.map((ticketId) => ({ ticketId, kind: 'breach', n: 1 })));
  });

  it('fires by statements prepared once and planned generically, the live events of a row in one statement', async () => {
    await drain();
    const [id] = (await dueTickets(1)) as [number];
    const sent = vi.spyOn(pg.Client.prototype, 'query');
    try {
      // A round of the loop each worker runs (an outage's storm: thousands of rows, the same statements).
      await slaTimerSweeper.round({
        db: ctx.database.db,
        logger: pino({ level: 'silent' }),
        stopping: () => false,
      });
      const calls = sent.mock.calls.map(([config], i) => ({
        text: typeof config === 'string' ? config : (config as { text: string }).text,
        name: typeof config === 'string' ? undefined : (config as { name?: string }).name,
        client: sent.mock.contexts[i],
      }));
      const alert = calls.find((c) => c.text.includes('insert into sla_alerts'));
      expect(alert?.name).toBeDefined();
      // The row's transaction on its connection: begun with the setting, its live events (the
      // alert's and the recomputed clocks') sent by one statement, in the COMMIT's message (stop 40).
      const texts = calls.filter((c) => c.client === alert?.client).map((c) => c.text);
      const at = texts.findIndex((t) => t.includes('insert into sla_alerts'));
      const begin = texts.lastIndexOf('begin; set local plan_cache_mode = force_generic_plan', at);
      const end = texts.findIndex((t, i) => i > at && /\bcommit$/.test(t));
      expect(begin).toBeGreaterThanOrEqual(0);
      expect(end).toBeGreaterThan(at);
      expect(texts.slice(begin, end + 1).filter((t) => t.includes('pg_notify'))).toHaveLength(1);
      expect(texts[end]).toMatch(/^select pg_notify\(.*;\ncommit$/s);
    } finally {
      sent.mockRestore();
    }
    expect(await alerts([id])).toEqual([{ ticketId: id, kind: 'breach', n: 1 }]);
  });

  it('shares due rows between two sweepers running at once, each timer fired by one of them', async () => {
    await drain();
    const ids = await dueTickets(30);
    const [a, b] = await Promise.all([sweepDueTimers(ctx.database.db), sweepDueTimers(ctx.database.db)]);
    // Each row claimed by exactly one sweeper: the timers fired add up to the rows, not more.
    expect((a?.timers ?? 0) + (b?.timers ?? 0)).toBe(30);
    expect((a?.rows ?? 0) + (b?.rows ?? 0)).toBe(30);
    expect(await alerts(ids)).toEqual(ids.map((ticketId) => ({ ticketId, kind: 'breach', n: 1 })));
    expect(await breachedEvents(ids)).toBe(30);
  });

  it('skips a row another sweeper holds, without waiting for it; a rolled-back claim fires later', async () => {
    await drain();
    const [id] = (await dueTickets(1)) as [number];
    // Another sweeper's claim, its timer fired inside; then its process dies (the transaction
    // rolls back): the alert it gave is gone with it.
    const client = await ctx.database.pool.connect();
    try {
      await client.query('begin');
      const claim = await client.query(
        'select ticket_id from ticket_sla where ticket_id = $1 and next_timer_at <= now() for update skip locked',
        [id],
      );
      expect(claim.rows).toHaveLength(1);
      await client.query(`insert into sla_alerts (ticket_id, clock, cycle, kind, due_at, fired_at)
        values (${id}, 'firstResponse', 1, 'breach', now(), now())`);
      // While held: this sweeper skips the row (it does not wait for the lock, nor fire it).
      expect(await sweepDueTimers(ctx.database.db)).toMatchObject({ rows: 0, timers: 0 });
      await client.query('rollback');
    } finally {
      client.release();
    }
    expect(await alerts([id])).toEqual([]);
    // Rolled back: the row is still due, and the next sweep fires it.
    expect(await sweepDueTimers(ctx.database.db)).toMatchObject({ rows: 1, timers: 1 });
    expect(await alerts([id])).toEqual([{ ticketId: id, kind: 'breach', n: 1 }]);
  });

  it('fires a moved deadline at its new time, not at the old one', async () => {
    await drain();
    const policy = await buildPolicy(ctx, admin, {
      targets: { P2: { firstResponseMinutes: 0 }, P3: { firstResponseMinutes: 600 } },
    });
    const ticket = await buildTicket(ctx, requester, { category: policy.category });
    const next = async () =>
      (
        await ctx.database.pool.query<{ next_timer_at: Date | null }>(
          'select next_timer_at from ticket_sla where ticket_id = $1',
          [ticket.id],
        )
      ).rows[0]?.next_timer_at?.getTime();
    // P3: the warning, at a share of 600 minutes, hours away; nothing to fire now.
    expect(await next()).toBeGreaterThan(Date.parse(ticket.createdAt) + 300 * 60_000);
    expect(await sweepDueTimers(ctx.database.db)).toMatchObject({ rows: 0 });
    // P2 moves the deadline to now: the same row, due at once, fired by the next sweep.
    const patched = await ctx.app.inject({
      method: 'PATCH',
      url: api(`/tickets/${ticket.id}`),
      headers: admin.headers,
      payload: { priority: 'P2', priorityReason: 'VIP' },
    });
    expect(patched.statusCode).toBe(200);
    expect(await next()).toBeLessThanOrEqual(Date.now());
    expect(await sweepDueTimers(ctx.database.db)).toMatchObject({ rows: 1, timers: 1 });
    expect(await alerts([ticket.id])).toEqual([{ ticketId: ticket.id, kind: 'breach', n: 1 }]);
  });

  it('tries a timer whose firing failed again later, not in a loop', async () => {
    await drain();
    const [id] = (await dueTickets(1)) as [number];
    // A firing that fails: sla_alerts refuses the alert's insert for this ticket.
    await ctx.database.db.execute(
      sql.raw(`create function sweeper_test_refuse() returns trigger
      language plpgsql as $$ begin
        if new.ticket_id = ${id} then raise exception 'refused by the test'; end if; return new; end $$`),
    );
    await ctx.database.db.execute(
      sql.raw(`create trigger sweeper_test_refuse before insert on sla_alerts
        for each row execute function sweeper_test_refuse()`),
    );
    try {
      expect(await sweepDueTimers(ctx.database.db)).toMatchObject({ rows: 1, timers: 0, failed: 1 });
      const row = await ctx.database.pool.query<{ wait: number }>(
        `select extract(epoch from next_timer_at - now())::float8 as wait from ticket_sla where ticket_id = $1`,
        [id],
      );
      expect(row.rows[0]?.wait).toBeGreaterThan(5);
      expect(row.rows[0]?.wait).toBeLessThanOrEqual(10);
      expect(await sweepDueTimers(ctx.database.db)).toMatchObject({ rows: 0 });
      // Still failing 40 minutes after it was due: the next try waits half of that (20 minutes),
      // not another 10 s.
      await ctx.database.pool.query(
        `update ticket_sla set next_timer_at = now(),
                timers = jsonb_set(timers, '{firstResponse,runAt}', to_jsonb(now() - interval '40 minutes'))
          where ticket_id = $1`,
        [id],
      );
      expect(await sweepDueTimers(ctx.database.db)).toMatchObject({ rows: 1, timers: 0, failed: 1 });
      const later = await ctx.database.pool.query<{ wait: number }>(
        `select extract(epoch from next_timer_at - now())::float8 as wait from ticket_sla where ticket_id = $1`,
        [id],
      );
      expect(later.rows[0]?.wait).toBeGreaterThan(19 * 60);
      expect(later.rows[0]?.wait).toBeLessThan(21 * 60);
    } finally {
      await ctx.database.db.execute(sql.raw('drop trigger sweeper_test_refuse on sla_alerts'));
      await ctx.database.db.execute(sql.raw('drop function sweeper_test_refuse()'));
    }
    // Once it can, the timer fires (here by hand, as the retry would at its time).
    await ctx.database.db.transaction((tx) =>
      fireTimer(
        tx,
        { ticketId: id, clock: 'firstResponse', kind: 'breach', cycle: 1, runAt: new Date().toISOString() },
        Date.now(),
      ),
    );
    expect(await alerts([id])).toEqual([{ ticketId: id, kind: 'breach', n: 1 }]);
  });
});
