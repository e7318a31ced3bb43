import { randomBytes } from 'node:crypto';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { RuleDto, RuleRunDto } from '../../../../contracts/automation.ts';
import type { EscalationDto } from '../../../../contracts/escalation.ts';
import type { NotificationDto } from '../../../../contracts/notifications.ts';
import type { TicketDto, TimelineEventDto } from '../../../../contracts/tickets.ts';
import { buildTeam, buildTicket, buildUser, type TestUser } from '../../../test/factories.ts';
import { buildCalendar, buildPolicy } from '../../../test/factories-sla.ts';
import { json, setupTestApp } from '../../../test/harness.ts';
import { slaTimerJob } from '../sla/index.ts';
import { sweepScheduledRules } from './index.ts';

const ctx = await setupTestApp();
const api = (path: string) => `/api/v1${path}`;
const admin = await buildUser(ctx, { role: 'admin' });
const agent = await buildUser(ctx, { role: 'agent' });
const requester = await buildUser(ctx, { locale: 'en' });
const word = () => `W${randomBytes(3).toString('hex')}`;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

async function call(as: TestUser, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) {
  return ctx.app.inject({ method, url: api(url), headers: as.headers, ...(payload ? { payload } : {}) });
}

async function createRule(payload: Record<string, unknown>): Promise<RuleDto> {
  const response = await call(admin, 'POST', '/automation/rules', { name: `rule ${word()}`, ...payload });
  expect(response.statusCode, response.body).toBe(201);
  return json<RuleDto>(response);
}

async function runsOf(ruleId: number): Promise<RuleRunDto[]> {
  return json<{ items: RuleRunDto[] }>(await call(admin, 'GET', `/automation/runs?ruleId=${ruleId}`)).items;
}

const sweep = (at: number) => ctx.database.db.transaction((tx) => sweepScheduledRules(tx, new Date(at)));

describe('scheduled rules in business time', () => {
  it('counts business days on the calendar: weekends and holidays do not count', async () => {
    // Mon-Fri (UTC) with the first working day after today a holiday: 3 business days from now
    // end on the 3rd working day that is neither a weekend day nor that holiday, at this time of day.
    const now = Date.now();
    const today = Math.floor(now / DAY) * DAY;
    const weekday = (day: number) => new Date(day).getUTCDay();
    const working = (day: number) => weekday(day) !== 0 && weekday(day) !== 6;
    let holiday = today + DAY;
    while (!working(holiday)) holiday += DAY;
    const key = (day: number) => new Date(day).toISOString().slice(0, 10);
    const calendar = await buildCalendar(ctx, admin, {
      timezone: 'UTC',
      hours: [1, 2, 3, 4, 5].map((d) => ({ weekday: d, from: '09:00', to: '18:00' })),
      holidays: [key(holiday)],
    });
    let day = today;
    for (let counted = 0; counted < 3; ) {
      day += DAY;
      if (working(day) && day !== holiday) counted++;
    }
    // At least 4 calendar days (a holiday and 3 working days), so never what 72 wall hours give.
    expect(day - today).toBeGreaterThanOrEqual(4 * DAY);

    const marker = word();
    const rule = await createRule({
      trigger: { schedule: { status: 'pending_requester', forBusinessDays: 3, calendarId: calendar.id } },
      conditions: { all: [{ field: 'tags', op: 'contains', value: marker }] },
      actions: [{ type: 'add_tag', tag: 'waited-3-business-days' }],
    });
    expect(rule.trigger).toEqual({
      schedule: { status: 'pending_requester', forBusinessDays: 3, calendarId: calendar.id },
    });
    const ticket = await buildTicket(ctx, agent, { requesterId: requester.user.id, tags: [marker] });
    await call(agent, 'PATCH', `/tickets/${ticket.id}`, { status: 'pending_requester' });
    const since = Date.parse(json<TicketDto>(await call(agent, 'GET', `/tickets/${ticket.id}`)).updatedAt);
    const due = day + (since - Math.floor(since / DAY) * DAY);

    await sweep(since + 73 * HOUR);
    await sweep(due - 60_000);
    expect(await runsOf(rule.id)).toHaveLength(0);
    await sweep(due + 60_000);
    expect((await runsOf(rule.id)).map((r) => r.ticketId)).toEqual([ticket.id]);
    const tags = json<TicketDto>(await call(agent, 'GET', `/tickets/${ticket.id}`)).tags;
    expect(tags).toContain('waited-3-business-days');
  });

  it('counts business hours on the calendar, not wall-clock hours', async () => {
    // Open 00:00-01:00 UTC every day: one business hour a day.
    const calendar = await buildCalendar(ctx, admin, {
      timezone: 'UTC',
      hours: [1, 2, 3, 4, 5, 6, 7].map((d) => ({ weekday: d, from: '00:00', to: '01:00' })),
    });
    const marker = word();
    const rule = await createRule({
      trigger: { schedule: { status: 'pending_requester', forBusinessHours: 2, calendarId: calendar.id } },
      conditions: { all: [{ field: 'tags', op: 'contains', value: marker }] },
      actions: [{ type: 'add_tag', tag: 'two-business-hours' }],
    });
    const ticket = await buildTicket(ctx, agent, { requesterId: requester.user.id, tags: [marker] });
    await call(agent, 'PATCH', `/tickets/${ticket.id}`, { status: 'pending_requester' });
    const since = Date.parse(json<TicketDto>(await call(agent, 'GET', `/tickets/${ticket.id}`)).updatedAt);
    // Two business hours are the opening hours of the next two days (or of today's hour and the next).
    const nextMidnight = Math.floor(since / DAY) * DAY + DAY;
    await sweep(since + 23 * HOUR);
    expect(await runsOf(rule.id)).toHaveLength(0);
    await sweep(nextMidnight + 2 * DAY);
    expect((await runsOf(rule.id)).map((r) => r.ticketId)).toEqual([ticket.id]);
  });

  it('refuses a business schedule without a calendar or with an unknown one, saving nothing', async () => {
    const before = json<{ items: RuleDto[] }>(await call(admin, 'GET', '/automation/rules')).items.length;
    const cases: [Record<string, unknown>, string][] = [
      [{ status: 'pending_requester', forBusinessDays: 3 }, 'trigger.schedule.calendarId'],
      [
        { status: 'pending_requester', forBusinessDays: 3, calendarId: 999999 },
        'trigger.schedule.calendarId',
      ],
      [{ status: 'pending_requester', forHours: 3, forBusinessDays: 3 }, 'trigger.schedule.forBusinessDays'],
      [{ status: 'pending_requester' }, 'trigger.schedule.forHours'],
      [
        { status: 'pending_requester', forBusinessDays: 400, calendarId: 1 },
        'trigger.schedule.forBusinessDays',
      ],
    ];
    for (const [schedule, field] of cases) {
      const response = await call(admin, 'POST', '/automation/rules', {
        name: 'x',
        trigger: { schedule },
        conditions: { all: [] },
        actions: [{ type: 'add_tag', tag: 'x' }],
      });
      expect(response.statusCode, JSON.stringify(schedule)).toBe(400);
      expect(json<{ error: { field: string } }>(response).error.field).toBe(field);
    }
    expect(json<{ items: RuleDto[] }>(await call(admin, 'GET', '/automation/rules')).items).toHaveLength(
      before,
    );
  });
});

describe('escalate and notify actions', () => {
  it('escalates to a team as the automation account, on the ticket and its timeline', async () => {
    const [desk, network] = [await buildTeam(ctx), await buildTeam(ctx)];
    const marker = word();
    await createRule({
      trigger: { event: 'ticket.created' },
      conditions: { all: [{ field: 'subject', op: 'contains', value: marker }] },
      actions: [
        { type: 'assign_team', teamId: desk.id },
        { type: 'escalate', kind: 'functional', toTeamId: network.id, reason: `VPN down ${marker}` },
      ],
    });
    const ticket = await buildTicket(ctx, requester, { subject: `VPN ${marker}` });
    const escalations = json<{ items: EscalationDto[] }>(
      await call(admin, 'GET', `/tickets/${ticket.id}/escalations`),
    ).items;
    expect(escalations).toHaveLength(1);
    expect(escalations[0]).toMatchObject({
      kind: 'functional',
      reason: `VPN down ${marker}`,
      fromTeam: { id: desk.id },
      toTeam: { id: network.id },
      createdBy: { name: expect.stringContaining('自动化') },
    });
    expect(json<TicketDto>(await call(admin, 'GET', `/tickets/${ticket.id}`)).team?.id).toBe(network.id);
    const timeline = json<{ items: TimelineEventDto[] }>(
      await call(admin, 'GET', `/tickets/${ticket.id}/timeline`),
    ).items;
    const ran = timeline.find((e) => e.kind === 'automation.rule_ran');
    expect(ran).toBeDefined();
    expect(timeline.map((e) => e.kind)).toContain('ticket.escalated');
  });

  it('notifies people in the bell, each in their language; an inactive person fails the run', async () => {
    const zh = await buildUser(ctx, { role: 'lead', locale: 'zh-CN' });
    const en = await buildUser(ctx, { role: 'agent', locale: 'en' });
    const marker = word();
    const rule = await createRule({
      trigger: { event: 'ticket.created' },
      conditions: { all: [{ field: 'subject', op: 'contains', value: marker }] },
      actions: [
        {
          type: 'notify',
          userIds: [zh.user.id, en.user.id],
          message: { 'zh-CN': '新的 VIP 工单 #{{ticket.number}}', en: 'New VIP ticket #{{ticket.number}}' },
        },
      ],
    });
    const ticket = await buildTicket(ctx, requester, { subject: `VIP ${marker}` });
    const bell = async (as: TestUser) =>
      json<{ items: NotificationDto[] }>(await call(as, 'GET', '/notifications')).items.filter(
        (n) => n.ticketId === ticket.id && n.event === 'automation.notice',
      );
    expect((await bell(zh)).map((n) => n.body)).toEqual([`新的 VIP 工单 #${ticket.number}`]);
    expect((await bell(en)).map((n) => n.body)).toEqual([`New VIP ticket #${ticket.number}`]);
    expect((await runsOf(rule.id))[0]).toMatchObject({ ticketId: ticket.id, outcome: 'applied' });

    // Someone switched off since the rule was written: the action fails, the ticket stands.
    expect((await call(admin, 'PATCH', `/users/${en.user.id}`, { active: false })).statusCode).toBe(200);
    const second = await buildTicket(ctx, requester, { subject: `VIP again ${marker}` });
    const failed = (await runsOf(rule.id)).find((r) => r.ticketId === second.id);
    expect(failed).toMatchObject({ outcome: 'failed' });
    expect(JSON.stringify(failed)).toContain('automation.user_not_found');
    expect((await bell(zh)).length).toBe(1);
  });
});

describe('rules on SLA events, from a real clock run', () => {
  it('runs sla.warning and sla.breached rules when the ticket’s timers fire', async () => {
    const policy = await buildPolicy(ctx, admin, {
      targets: Object.fromEntries(
        ['P1', 'P2', 'P3', 'P4'].map((p) => [p, { firstResponseMinutes: 10, resolutionMinutes: 600 }]),
      ),
      warnAtPercent: 80,
      breachActions: { notify: false, escalateToNextTier: false, raisePriority: false },
    });
    const warned = await createRule({
      trigger: { event: 'sla.warning' },
      conditions: { all: [{ field: 'category', op: 'eq', value: policy.category }] },
      actions: [{ type: 'add_tag', tag: 'sla-warned' }],
    });
    const breached = await createRule({
      trigger: { event: 'sla.breached' },
      conditions: { all: [{ field: 'category', op: 'eq', value: policy.category }] },
      actions: [
        { type: 'set_priority', priority: 'P1', reason: 'first response missed' },
        { type: 'internal_note', body: 'SLA missed on #{{ticket.number}}' },
      ],
    });
    const ticket = await buildTicket(ctx, requester, { category: policy.category });
    // The clock's timer as the SLA module stored it, run by its handler at its time.
    const fireNext = async (kind: 'warning' | 'breach') => {
      const row = await ctx.database.pool.query<{ timers: Record<string, { runAt: string; kind: string }> }>(
        'select timers from ticket_sla where ticket_id = $1',
        [ticket.id],
      );
      const timer = row.rows[0]?.timers.firstResponse;
      const payload = timer && { ticketId: ticket.id, clock: 'firstResponse', ...timer };
      expect(payload?.kind).toBe(kind);
      await slaTimerJob.run(payload as never, {
        db: ctx.database.db,
        logger: pino({ level: 'silent' }),
        now: new Date(Date.parse(payload?.runAt ?? '') + 1000),
      });
    };
    await fireNext('warning');
    let read = json<TicketDto>(await call(admin, 'GET', `/tickets/${ticket.id}`));
    expect(read.tags).toContain('sla-warned');
    expect(read.priority).not.toBe('P1');
    expect(await runsOf(breached.id)).toHaveLength(0);
    const [warnRun] = await runsOf(warned.id);
    expect(warnRun).toMatchObject({ ticketId: ticket.id, trigger: 'sla.warning', outcome: 'applied' });

    await fireNext('breach');
    read = json<TicketDto>(await call(admin, 'GET', `/tickets/${ticket.id}`));
    expect(read).toMatchObject({ priority: 'P1', priorityReason: 'first response missed' });
    const [breachRun] = await runsOf(breached.id);
    expect(breachRun).toMatchObject({ ticketId: ticket.id, trigger: 'sla.breached', outcome: 'applied' });
    const kinds = json<{ items: TimelineEventDto[] }>(
      await call(admin, 'GET', `/tickets/${ticket.id}/timeline`),
    ).items.map((e) => e.kind);
    expect(kinds.indexOf('sla.breached')).toBeGreaterThan(-1);
    expect(kinds.filter((k) => k === 'automation.rule_ran')).toHaveLength(2);
  });
});
