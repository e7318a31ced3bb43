import { describe, expect, it } from 'vitest';
import type { SlaExplainDto, TicketSlaDto, VendorClockDto } from '../../../../contracts/sla.ts';
import type { TicketDto } from '../../../../contracts/tickets.ts';
import { buildTicket, buildUser } from '../../../test/factories.ts';
import { buildCalendar, buildPolicy } from '../../../test/factories-sla.ts';
import { json, setupTestApp } from '../../../test/harness.ts';
import { recomputeOpenTickets } from './recompute-job.ts';

const ctx = await setupTestApp();
const api = (path: string) => `/api/v1${path}`;
const admin = await buildUser(ctx, { role: 'admin' });
const agent = await buildUser(ctx, { role: 'agent' });
const MIN = 60_000;

async function getTicket(id: number, as = agent): Promise<TicketDto> {
  const response = await ctx.app.inject({ method: 'GET', url: api(`/tickets/${id}`), headers: as.headers });
  expect(response.statusCode).toBe(200);
  return json<TicketDto>(response);
}
async function patch(id: number, payload: Record<string, unknown>) {
  const response = await ctx.app.inject({
    method: 'PATCH',
    url: api(`/tickets/${id}`),
    headers: agent.headers,
    payload,
  });
  expect(response.statusCode).toBe(200);
}
async function message(id: number, as: typeof agent, internal = false) {
  const response = await ctx.app.inject({
    method: 'POST',
    url: api(`/tickets/${id}/messages`),
    headers: as.headers,
    payload: { body: internal ? '内部备注' : '我们正在处理，请稍候。', internal },
  });
  expect(response.statusCode).toBe(201);
}
const sla = (ticket: TicketDto) => ticket.sla as TicketSlaDto;

describe('a ticket’s clocks', () => {
  it('start when the ticket is opened: GET /tickets/:id shows them with their deadlines', async () => {
    const requester = await buildUser(ctx);
    const policy = await buildPolicy(ctx, admin);
    const ticket = await buildTicket(ctx, requester, { category: policy.category });
    expect(ticket.priority).toBe('P3');
    const read = await getTicket(ticket.id, requester);
    const created = Date.parse(read.createdAt);
    expect(sla(read).policyId).toBe(policy.id);
    for (const [clock, minutes] of [
      ['firstResponse', 240],
      ['nextUpdate', 480],
      ['resolution', 960],
    ] as const) {
      const value = sla(read)[clock];
      expect(value).toMatchObject({ state: 'running', targetMinutes: minutes });
      // Round the clock: the deadline is the creation plus the target.
      expect(Date.parse(value?.dueAt ?? '')).toBe(created + minutes * MIN);
      expect(Date.parse(value?.warnAt ?? '')).toBe(created + minutes * 0.75 * MIN);
    }
  });

  it('stops the first-response clock at the first public reply by the desk, not at an internal note', async () => {
    const requester = await buildUser(ctx);
    const policy = await buildPolicy(ctx, admin);
    const ticket = await buildTicket(ctx, requester, { category: policy.category });
    await message(ticket.id, agent, true);
    expect(sla(await getTicket(ticket.id)).firstResponse?.state).toBe('running');
    await message(ticket.id, requester);
    expect(sla(await getTicket(ticket.id)).firstResponse?.state).toBe('running');
    await message(ticket.id, agent);
    const after = sla(await getTicket(ticket.id));
    expect(after.firstResponse).toMatchObject({ state: 'met' });
    expect(after.firstResponse?.stoppedAt).not.toBeNull();
    expect(after.nextUpdate?.state).toBe('running');
  });

  it('pauses while waiting on the requester and resumes when they reply', async () => {
    const requester = await buildUser(ctx);
    const policy = await buildPolicy(ctx, admin);
    const ticket = await buildTicket(ctx, requester, { category: policy.category });
    await patch(ticket.id, { status: 'pending_requester' });
    const paused = sla(await getTicket(ticket.id));
    expect(paused.resolution).toMatchObject({ state: 'paused', dueAt: null });
    expect(paused.resolution?.pausedSince).not.toBeNull();
    const stored = await ctx.database.pool.query(
      'select next_due_at, timers from ticket_sla where ticket_id = $1',
      [ticket.id],
    );
    expect(stored.rows[0]).toMatchObject({ next_due_at: null, timers: null });
    await message(ticket.id, requester);
    const resumed = await getTicket(ticket.id);
    expect(resumed.status).toBe('open');
    expect(sla(resumed).resolution?.state).toBe('running');
    const explain = json<SlaExplainDto>(
      await ctx.app.inject({
        method: 'GET',
        url: api(`/tickets/${ticket.id}/sla/explain`),
        headers: agent.headers,
      }),
    );
    const kinds = explain.clocks.resolution?.steps.map((s) => s.kind);
    expect(kinds).toEqual(['started', 'paused', 'resumed']);
    expect(explain.clocks.resolution?.steps[1]?.data).toMatchObject({ status: 'pending_requester' });
    expect(explain.clocks.resolution?.text.en.join(' ')).toMatch(/waiting on requester/);
    expect(explain.clocks.resolution?.text['zh-CN'].join(' ')).toMatch(/暂停计时：等待请求人/);
    expect(explain.text.en[0]).toMatch(/^First response: Started/);
  });

  it('stores one warning timer per clock with the row, the earliest as its next_timer_at, and moves it with the deadline', async () => {
    const requester = await buildUser(ctx);
    const policy = await buildPolicy(ctx, admin);
    const ticket = await buildTicket(ctx, requester, { category: policy.category });
    const timers = async () => {
      const row = (
        await ctx.database.pool.query<{
          timers: Record<string, { kind: string; runAt: string }> | null;
          next_timer_at: Date | null;
        }>('select timers, next_timer_at from ticket_sla where ticket_id = $1', [ticket.id])
      ).rows[0];
      const list = Object.entries(row?.timers ?? {})
        .map(([clock, timer]) => ({ clock, kind: timer.kind, runAt: Date.parse(timer.runAt) }))
        .sort((a, b) => a.clock.localeCompare(b.clock));
      return { list, next: row?.next_timer_at?.getTime() ?? null };
    };
    const before = await timers();
    expect(before.list.map((t) => t.clock)).toEqual(['firstResponse', 'nextUpdate', 'resolution']);
    expect(before.list.every((t) => t.kind === 'warning')).toBe(true);
    const created = Date.parse(ticket.createdAt);
    expect(before.list[0]?.runAt).toBe(created + 180 * MIN);
    // The sweeper's time: the earliest of the timers.
    expect(before.next).toBe(Math.min(...before.list.map((t) => t.runAt)));
    // No graphile-worker job per ticket and clock (issue 18).
    const jobs = await ctx.database.pool.query(
      `select count(*)::int as n from graphile_worker.jobs where task_identifier = 'sla.timer'`,
    );
    expect(jobs.rows[0].n).toBe(0);
    // Raising the priority to P2 (60-minute first response) moves the timer and the row's time.
    await patch(ticket.id, { priority: 'P2', priorityReason: 'VIP' });
    const after = await timers();
    expect(after.list).toHaveLength(3);
    expect(after.list[0]?.runAt).toBe(created + 45 * MIN);
    expect(after.next).toBe(created + 45 * MIN);
    // Resolving stops every clock and removes the timers.
    await patch(ticket.id, { status: 'resolved' });
    expect(await timers()).toEqual({ list: [], next: null });
  });

  it('applies a policy change mid-ticket and explains it', async () => {
    const requester = await buildUser(ctx);
    const standard = await buildPolicy(ctx, admin);
    const urgent = await buildPolicy(ctx, admin, {
      order: 0,
      name: 'Urgent',
      match: { category: standard.category, priority: 'P1' },
      targets: { P1: { firstResponseMinutes: 10, resolutionMinutes: 120 } },
    });
    const ticket = await buildTicket(ctx, requester, { category: standard.category });
    expect(ticket.sla?.policyId).toBe(standard.id);
    await patch(ticket.id, { priority: 'P1', priorityReason: '全线停产' });
    const read = sla(await getTicket(ticket.id));
    expect(read.policyId).toBe(urgent.id);
    expect(read.resolution?.targetMinutes).toBe(120);
    expect(read.nextUpdate).toBeNull();
    const explain = json<SlaExplainDto>(
      await ctx.app.inject({
        method: 'GET',
        url: api(`/tickets/${ticket.id}/sla/explain`),
        headers: agent.headers,
      }),
    );
    expect(explain.clocks.resolution?.steps.map((s) => s.kind)).toEqual([
      'started',
      'priority_changed',
      'policy_changed',
    ]);
    expect(explain.clocks.resolution?.text.en.join(' ')).toMatch(/Policy changed at .* to “Urgent”/);
  });

  it('gives imported tickets the clocks of their recorded events, without alarms for the past', async () => {
    const policy = await buildPolicy(ctx, admin);
    const line = {
      externalId: `legacy-${Date.now()}`,
      subject: '旧系统工单',
      description: 'Imported from the previous help desk.',
      type: 'incident',
      category: policy.category,
      impact: 'medium',
      urgency: 'medium',
      requesterEmail: `old-${Date.now()}@example.com`,
      createdAt: '2024-03-01T09:00:00+08:00',
      events: [
        {
          at: '2024-03-01T10:30:00+08:00',
          kind: 'message',
          body: '已收到',
          authorEmail: 'old-agent@example.com',
        },
        { at: '2024-03-01T11:00:00+08:00', kind: 'status', status: 'pending_requester' },
        { at: '2024-03-01T12:00:00+08:00', kind: 'status', status: 'in_progress' },
        { at: '2024-03-01T13:00:00+08:00', kind: 'status', status: 'resolved' },
      ],
    };
    const response = await ctx.app.inject({
      method: 'POST',
      url: api('/import/tickets'),
      headers: { ...admin.headers, 'content-type': 'application/x-ndjson' },
      payload: `${JSON.stringify(line)}\n`,
    });
    expect(response.statusCode).toBe(200);
    const id = (
      await ctx.database.pool.query('select id from tickets where external_id = $1', [line.externalId])
    ).rows[0].id as number;
    const read = sla(await getTicket(id));
    expect(read.firstResponse).toMatchObject({ state: 'met', businessMinutesUsed: 90 });
    // 09:00-11:00 and 12:00-13:00 counted; the hour waiting on the requester did not.
    expect(read.resolution).toMatchObject({ state: 'met', businessMinutesUsed: 180 });
    // No alarms for past deadlines: no timer, nothing for the sweeper.
    const timers = await ctx.database.pool.query(
      'select timers, next_timer_at from ticket_sla where ticket_id = $1',
      [id],
    );
    expect(timers.rows[0]).toEqual({ timers: null, next_timer_at: null });
  });

  it('recomputes every open ticket after a calendar change', async () => {
    const requester = await buildUser(ctx);
    const calendar = await buildCalendar(ctx, admin, {
      hours: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, from: '00:00', to: '24:00' })),
    });
    const policy = await buildPolicy(ctx, admin, { calendarId: calendar.id });
    const ticket = await buildTicket(ctx, requester, { category: policy.category });
    const stored = async () =>
      (
        await ctx.database.pool.query('select first_response_due_at from ticket_sla where ticket_id = $1', [
          ticket.id,
        ])
      ).rows[0].first_response_due_at as Date;
    const before = await stored();
    expect(before.getTime()).toBe(Date.parse(ticket.createdAt) + 240 * MIN);
    // Tomorrow (and the day after) become holidays in the calendar's zone.
    const day = (offset: number) =>
      new Date(Date.now() + 8 * 3_600_000 + offset * 86_400_000).toISOString().slice(0, 10);
    const update = await ctx.app.inject({
      method: 'PATCH',
      url: api(`/calendars/${calendar.id}`),
      headers: admin.headers,
      payload: { holidays: [day(0), day(1)] },
    });
    expect(update.statusCode).toBe(200);
    const result = await recomputeOpenTickets(ctx.database.db, Date.now());
    expect(result.tickets).toBeGreaterThanOrEqual(1);
    expect((await stored()).getTime()).toBeGreaterThan(before.getTime() + 24 * 60 * MIN);
  });
});

describe('vendors and progress updates', () => {
  it('runs the vendor’s contract clock beside the customer clock, which waits', async () => {
    const requester = await buildUser(ctx);
    const policy = await buildPolicy(ctx, admin);
    const vendor = await ctx.app.inject({
      method: 'POST',
      url: api('/vendors'),
      headers: admin.headers,
      payload: { name: `联想售后 ${Date.now()}`, resolutionMinutes: 1440 },
    });
    expect(vendor.statusCode).toBe(201);
    const ticket = await buildTicket(ctx, requester, { category: policy.category });
    const handoff = await ctx.app.inject({
      method: 'POST',
      url: api(`/tickets/${ticket.id}/vendor-handoffs`),
      headers: agent.headers,
      payload: { vendorId: json<{ id: number }>(vendor).id, reference: 'RMA-2291' },
    });
    expect(handoff.statusCode).toBe(201);
    const clock = json<VendorClockDto>(handoff);
    expect(clock).toMatchObject({ state: 'running', targetMinutes: 1440, reference: 'RMA-2291' });
    const read = await getTicket(ticket.id);
    expect(read.status).toBe('pending_vendor');
    expect(sla(read).resolution?.state).toBe('paused');
    expect(sla(read).vendor).toMatchObject({ handoffId: clock.handoffId, state: 'running' });
    const twice = await ctx.app.inject({
      method: 'POST',
      url: api(`/tickets/${ticket.id}/vendor-handoffs`),
      headers: agent.headers,
      payload: { vendorId: clock.vendorId },
    });
    expect(twice.statusCode).toBe(409);
    const done = await ctx.app.inject({
      method: 'POST',
      url: api(`/tickets/${ticket.id}/vendor-handoffs/${clock.handoffId}/complete`),
      headers: agent.headers,
      payload: {},
    });
    expect(done.statusCode).toBe(200);
    expect(json(done)).toMatchObject({ state: 'met' });
    const after = await getTicket(ticket.id);
    expect(after.status).toBe('in_progress');
    expect(sla(after).resolution?.state).toBe('running');
  });

  it('posts a progress update from the template in the requester’s language and restarts the update clock', async () => {
    const requester = await buildUser(ctx, { locale: 'zh-CN' });
    const policy = await buildPolicy(ctx, admin);
    const ticket = await buildTicket(ctx, requester, { category: policy.category });
    const response = await ctx.app.inject({
      method: 'POST',
      url: api(`/tickets/${ticket.id}/progress-updates`),
      headers: agent.headers,
      payload: {
        impact: '财务部无法导出报表',
        workaround: '请使用网页版导出',
        expectedAt: '2030-01-02T10:00:00+08:00',
      },
    });
    expect(response.statusCode).toBe(201);
    const body = json<{ body: string }>(response).body;
    expect(body).toContain('影响范围：财务部无法导出报表');
    expect(body).toContain('临时解决方案：请使用网页版导出');
    expect(body).toContain('预计恢复时间：2030-01-02 10:00 (Asia/Shanghai)');
    const explain = json<SlaExplainDto>(
      await ctx.app.inject({
        method: 'GET',
        url: api(`/tickets/${ticket.id}/sla/explain`),
        headers: agent.headers,
      }),
    );
    expect(explain.clocks.nextUpdate).toMatchObject({ cycle: 2, state: 'running' });
    expect(explain.clocks.firstResponse?.state).toBe('met');
    const forbidden = await ctx.app.inject({
      method: 'POST',
      url: api(`/tickets/${ticket.id}/progress-updates`),
      headers: requester.headers,
      payload: { impact: 'x', expectedAt: '2030-01-02T10:00:00+08:00' },
    });
    expect(forbidden.statusCode).toBe(403);
  });

  it('gives the queue the clocks of a page of tickets, for staff only', async () => {
    const requester = await buildUser(ctx);
    const policy = await buildPolicy(ctx, admin);
    const a = await buildTicket(ctx, requester, { category: policy.category });
    const b = await buildTicket(ctx, requester, { category: policy.category });
    const response = await ctx.app.inject({
      method: 'GET',
      url: api(`/sla/clocks?ticketIds=${a.id},${b.id}`),
      headers: agent.headers,
    });
    expect(response.statusCode).toBe(200);
    const items = json<{ items: { ticketId: number; sla: TicketSlaDto }[] }>(response).items;
    expect(items.map((i) => i.ticketId)).toEqual([a.id, b.id]);
    expect(items[0]?.sla.resolution?.state).toBe('running');
    const requesterRead = await ctx.app.inject({
      method: 'GET',
      url: api(`/sla/clocks?ticketIds=${a.id}`),
      headers: requester.headers,
    });
    expect(requesterRead.statusCode).toBe(403);
  });
});
