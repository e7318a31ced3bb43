import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import type { EscalationDto } from '../../../../contracts/escalation.ts';
import type { TicketDto, TimelineEventDto } from '../../../../contracts/tickets.ts';
import { buildTeam, buildTicket, buildUser } from '../../../test/factories.ts';
import { buildPolicy } from '../../../test/factories-sla.ts';
import { json, setupTestApp } from '../../../test/harness.ts';
import { type JobDefinition, startWorker } from '../../platform/jobs/jobs.ts';
import type { RecordedEvent } from '../audit/index.ts';
import { breachPlan } from './breach-actions.ts';
import { fireTimer, slaTimerJob } from './timer-job.ts';
import { slaTimerSweeper } from './timer-sweeper.ts';

const ctx = await setupTestApp();
const api = (path: string) => `/api/v1${path}`;
const admin = await buildUser(ctx, { role: 'admin' });
const MIN = 60_000;

async function alerts(ticketId: number) {
  return (
    await ctx.database.pool.query<{ clock: string; kind: string; cycle: number }>(
      'select clock, kind, cycle from sla_alerts where ticket_id = $1 order by id',
      [ticketId],
    )
  ).rows;
}
async function timeline(ticketId: number, as = admin) {
  const response = await ctx.app.inject({
    method: 'GET',
    url: api(`/tickets/${ticketId}/timeline`),
    headers: as.headers,
  });
  return json<{ items: TimelineEventDto[] }>(response).items;
}

describe('warning and breach timers', () => {
  it('warn the assignee and team lead, then on breach raise the priority and escalate to the next tier, once', async () => {
    const requester = await buildUser(ctx);
    const agent = await buildUser(ctx, { role: 'agent' });
    const lead = await buildUser(ctx, { role: 'lead' });
    const l1 = await buildTeam(ctx, { tier: 'L1' });
    const l2 = await buildTeam(ctx, { tier: 'L2' });
    await ctx.app.inject({
      method: 'PATCH',
      url: api(`/teams/${l1.id}`),
      headers: admin.headers,
      payload: { memberIds: [agent.user.id, lead.user.id] },
    });
    const tier = await ctx.app.inject({
      method: 'PUT',
      url: api(`/routing/tiers/${l1.id}`),
      headers: admin.headers,
      payload: { nextTeamId: l2.id },
    });
    expect(tier.statusCode).toBe(200);
    const policy = await buildPolicy(ctx, admin, {
      targets: { P3: { firstResponseMinutes: 10, resolutionMinutes: 600 } },
      breachActions: { notify: true, escalateToNextTier: true, raisePriority: true },
    });
    const ticket = await buildTicket(ctx, requester, { category: policy.category });
    const assigned = await ctx.app.inject({
      method: 'PATCH',
      url: api(`/tickets/${ticket.id}`),
      headers: admin.headers,
      payload: { teamId: l1.id, assigneeId: agent.user.id },
    });
    expect(assigned.statusCode).toBe(200);
    const created = Date.parse(ticket.createdAt);
    const fire = (kind: 'warning' | 'breach', at: number) =>
      ctx.database.db.transaction((tx) =>
        fireTimer(
          tx,
          { ticketId: ticket.id, clock: 'firstResponse', kind, cycle: 1, runAt: new Date(at).toISOString() },
          at,
        ),
      );

    // A timer that fires before its time does nothing.
    await fire('warning', created + 5 * MIN);
    expect(await alerts(ticket.id)).toEqual([]);

    await fire('warning', created + 8 * MIN);
    expect(await alerts(ticket.id)).toEqual([{ clock: 'firstResponse', kind: 'warning', cycle: 1 }]);
    const warning = (await timeline(ticket.id)).find((e) => e.kind === 'sla.warning');
    expect(warning?.data).toMatchObject({ clock: 'firstResponse', targetMinutes: 10 });
    expect([...((warning?.data.notifiedUserIds as number[] | undefined) ?? [])].sort()).toEqual(
      [agent.user.id, lead.user.id].sort(),
    );
    // Both are told through the notifications module (the bell), in their language.
    const bell = await ctx.database.pool.query(
      `select user_id, title from notifications where ticket_id = $1 and event = 'sla.warning' order by user_id`,
      [ticket.id],
    );
    expect(bell.rows.map((r) => Number(r.user_id)).sort()).toEqual([agent.user.id, lead.user.id].sort());
    expect(bell.rows[0].title).toMatch(/^SLA warning: ticket #\d+ first response$/);
    // The next timer of the clock is its breach, and the row is due then (the sweeper's time).
    const next = await ctx.database.pool.query(
      'select timers, next_timer_at from ticket_sla where ticket_id = $1',
      [ticket.id],
    );
    expect(next.rows[0].timers.firstResponse).toMatchObject({ kind: 'breach' });
    expect(new Date(next.rows[0].next_timer_at).toISOString()).toBe(next.rows[0].timers.firstResponse.runAt);

    await fire('breach', created + 11 * MIN);
    await fire('breach', created + 12 * MIN);
    expect((await alerts(ticket.id)).map((a) => a.kind)).toEqual(['warning', 'breach']);
    const read = json<TicketDto>(
      await ctx.app.inject({ method: 'GET', url: api(`/tickets/${ticket.id}`), headers: admin.headers }),
    );
    expect(read.priority).toBe('P2');
    expect(read.priorityReason).toBe('sla.first_response_breached');
    expect(read.team?.id).toBe(l2.id);
    // The first-tier owner stays responsible.
    expect(read.assignee?.id).toBe(agent.user.id);
    const kinds = (await timeline(ticket.id)).map((e) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(['sla.warning', 'sla.breached', 'ticket.escalated']));
    // The breach actions follow the breach in the timeline: the priority first, then the move to
    // the next tier and its escalation record (escalation subscribes to `sla.breached`).
    const history = await timeline(ticket.id);
    const fromBreach = history.slice(history.findIndex((e) => e.kind === 'sla.breached'));
    expect(fromBreach.map((e) => [e.kind, Object.keys((e.data.changes ?? {}) as object).sort()])).toEqual([
      ['sla.breached', []],
      ['ticket.updated', ['priority', 'priorityOverridden', 'priorityReason']],
      ['ticket.updated', ['team']],
      ['ticket.escalated', []],
    ]);
    const report = await ctx.app.inject({
      method: 'GET',
      url: api('/escalations?trigger=sla_breach'),
      headers: lead.headers,
    });
    const items = json<{ items: EscalationDto[] }>(report).items;
    expect(items.find((e) => e.ticket.id === ticket.id)).toMatchObject({
      kind: 'functional',
      trigger: 'sla_breach',
      fromTeam: { id: l1.id },
      toTeam: { id: l2.id },
      owner: { id: agent.user.id },
    });
    // Alerts are for the desk: the requester's timeline does not show them.
    const theirs = (await timeline(ticket.id, requester)).map((e) => e.kind);
    expect(theirs).not.toContain('sla.breached');
  });
});

describe('the breach actions of a breach', () => {
  it('are read once per event, however many of its subscribers ask (a breach storm fires thousands)', async () => {
    const requester = await buildUser(ctx);
    const policy = await buildPolicy(ctx, admin, {
      targets: { P3: { firstResponseMinutes: 10, resolutionMinutes: 600 } },
      breachActions: { notify: true, escalateToNextTier: true, raisePriority: true },
    });
    const ticket = await buildTicket(ctx, requester, { category: policy.category });
    const event: RecordedEvent<'sla.breached'> = {
      kind: 'sla.breached',
      entityType: 'ticket',
      entityId: ticket.id,
      ticketId: ticket.id,
      actorId: null,
      at: new Date(),
      data: {
        clock: 'firstResponse',
        cycle: 1,
        dueAt: null,
        targetMinutes: 10,
        businessMinutesUsed: 10,
        warnAtPercent: null,
        policyId: policy.id,
        notifiedUserIds: [],
        internal: false,
      },
    };
    await ctx.database.db.transaction(async (tx) => {
      // The statements the plan's reads build (drizzle's select), counted on the transaction.
      let selects = 0;
      const counting = new Proxy(tx, {
        get(target, property) {
          const value = Reflect.get(target, property, target);
          if (property === 'select' && typeof value === 'function')
            return (...args: unknown[]) => {
              selects += 1;
              return value.apply(target, args);
            };
          return typeof value === 'function' ? value.bind(target) : value;
        },
      });
      const first = await breachPlan(counting, event);
      expect(first).toMatchObject({ ticketId: ticket.id, raisePriority: true, escalateToNextTier: true });
      const read = selects;
      expect(read).toBeGreaterThan(0);
      // Escalation's subscriber asks for the same event's plan: nothing is read again.
      expect(await breachPlan(counting, event)).toBe(first);
      expect(selects).toBe(read);
      // Another event (another breach) reads its own.
      expect(await breachPlan(counting, { ...event })).toEqual(first);
      expect(selects).toBe(2 * read);
    });
  });
});

describe('durable timers, fired by the worker’s sweeper', () => {
  const worker = startWorker({
    pool: ctx.database.pool,
    db: ctx.database.db,
    logger: pino({ level: 'silent' }),
    jobs: [slaTimerJob as JobDefinition<never>],
    loops: [slaTimerSweeper],
    concurrency: 2,
  });
  afterAll(async () => (await worker).stop());

  it('fire a due timer in the worker and record the breach once', async () => {
    await worker;
    const requester = await buildUser(ctx);
    const policy = await buildPolicy(ctx, admin, { targets: { P3: { firstResponseMinutes: 0 } } });
    const ticket = await buildTicket(ctx, requester, { category: policy.category });
    let found: { kind: string }[] = [];
    for (let attempt = 0; attempt < 60 && found.length === 0; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      found = await alerts(ticket.id);
    }
    expect(found).toEqual([{ clock: 'firstResponse', kind: 'breach', cycle: 1 }]);
    expect((await timeline(ticket.id)).some((e) => e.kind === 'sla.breached')).toBe(true);
  });
});
