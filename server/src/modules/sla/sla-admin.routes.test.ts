import { describe, expect, it } from 'vitest';
import type { CalendarDto, SimulationResult, SlaPolicyDto } from '../../../../contracts/sla.ts';
import { buildTicket, buildUser } from '../../../test/factories.ts';
import { buildCalendar, buildPolicy } from '../../../test/factories-sla.ts';
import { json, setupTestApp } from '../../../test/harness.ts';

const ctx = await setupTestApp();
const api = (path: string) => `/api/v1${path}`;
const admin = await buildUser(ctx, { role: 'admin' });
const agent = await buildUser(ctx, { role: 'agent' });

describe('business calendars', () => {
  it('creates a calendar with several windows a day, holidays and make-up workdays, and lists it', async () => {
    const calendar = await buildCalendar(ctx, admin, {
      name: '上海办公室',
      holidays: ['2025-10-01', '2025-10-02'],
      extraWorkdays: ['2025-09-28'],
    });
    expect(calendar).toMatchObject({
      name: '上海办公室',
      timezone: 'Asia/Shanghai',
      holidays: ['2025-10-01', '2025-10-02'],
      extraWorkdays: ['2025-09-28'],
    });
    expect(calendar.hours).toHaveLength(10);
    const listed = await ctx.app.inject({ method: 'GET', url: api('/calendars'), headers: agent.headers });
    expect(json<{ items: CalendarDto[] }>(listed).items.map((c) => c.id)).toContain(calendar.id);
    const again = await ctx.app.inject({
      method: 'POST',
      url: api('/calendars'),
      headers: admin.headers,
      payload: { name: '上海办公室', timezone: 'Asia/Shanghai', hours: [] },
    });
    expect(again.statusCode).toBe(409);
    expect(json(again)).toMatchObject({ error: { code: 'sla.calendar_name_taken', field: 'name' } });
  });

  it('rejects bad input with the field at fault and writes nothing', async () => {
    const bad = async (payload: Record<string, unknown>) => {
      const response = await ctx.app.inject({
        method: 'POST',
        url: api('/calendars'),
        headers: admin.headers,
        payload,
      });
      expect(response.statusCode).toBe(400);
      return json<{ error: { code: string; field?: string } }>(response).error;
    };
    const base = { name: 'Bad', timezone: 'Asia/Shanghai', hours: [] };
    expect((await bad({ ...base, timezone: 'Mars/Olympus' })).field).toBe('timezone');
    expect((await bad({ ...base, hours: [{ weekday: 1, from: '18:00', to: '09:00' }] })).field).toMatch(
      /^hours/,
    );
    expect((await bad({ ...base, hours: [{ weekday: 8, from: '09:00', to: '18:00' }] })).field).toMatch(
      /^hours/,
    );
    expect((await bad({ ...base, holidays: ['2025-02-30'] })).field).toMatch(/^holidays/);
    expect((await bad({ ...base, holidays: ['2025-10-01'], extraWorkdays: ['2025-10-01'] })).field).toBe(
      'extraWorkdays',
    );
    const listed = await ctx.app.inject({ method: 'GET', url: api('/calendars'), headers: admin.headers });
    expect(json<{ items: CalendarDto[] }>(listed).items.some((c) => c.name === 'Bad')).toBe(false);
  });

  it('lets only administrators change calendars', async () => {
    const response = await ctx.app.inject({
      method: 'POST',
      url: api('/calendars'),
      headers: agent.headers,
      payload: { name: 'Mine', timezone: 'UTC', hours: [] },
    });
    expect(response.statusCode).toBe(403);
  });

  it('imports holidays and make-up workdays from an iCalendar feed', async () => {
    const calendar = await buildCalendar(ctx, admin, { holidays: ['2025-10-08'] });
    const ics = [
      'BEGIN:VCALENDAR',
      'BEGIN:VEVENT',
      'DTSTART;VALUE=DATE:20251001',
      'DTEND;VALUE=DATE:20251004',
      'SUMMARY:国庆节',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'DTSTART;VALUE=DATE:20250928',
      'SUMMARY:国庆节 调休上班',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'DTSTART;VALUE=DATE:20251011',
      'SUMMARY:补班',
      'END:VEVENT',
      'END:VCALENDAR',
    ].join('\r\n');
    const response = await ctx.app.inject({
      method: 'POST',
      url: api(`/calendars/${calendar.id}/ical`),
      headers: { ...admin.headers, 'content-type': 'text/calendar' },
      payload: ics,
    });
    expect(response.statusCode).toBe(200);
    expect(json(response)).toMatchObject({
      events: 3,
      holidaysAdded: 3,
      extraWorkdaysAdded: 2,
      calendar: {
        holidays: ['2025-10-01', '2025-10-02', '2025-10-03', '2025-10-08'],
        extraWorkdays: ['2025-09-28', '2025-10-11'],
      },
    });
    const empty = await ctx.app.inject({
      method: 'POST',
      url: api(`/calendars/${calendar.id}/ical`),
      headers: { ...admin.headers, 'content-type': 'text/plain' },
      payload: 'not a calendar',
    });
    expect(empty.statusCode).toBe(400);
    expect(json(empty)).toMatchObject({ error: { code: 'sla.ical_invalid' } });
  });

  it('refuses to delete a calendar a policy uses', async () => {
    const calendar = await buildCalendar(ctx, admin);
    await buildPolicy(ctx, admin, { calendarId: calendar.id });
    const response = await ctx.app.inject({
      method: 'DELETE',
      url: api(`/calendars/${calendar.id}`),
      headers: admin.headers,
    });
    expect(response.statusCode).toBe(409);
    expect(json(response)).toMatchObject({ error: { code: 'sla.calendar_in_use' } });
  });

  it('refuses to delete a calendar an agent works by (routing counts its uses), and deletes it once free', async () => {
    const calendar = await buildCalendar(ctx, admin);
    const worker = await buildUser(ctx, { role: 'agent' });
    const profile = (calendarId: number | null) =>
      ctx.app.inject({
        method: 'PUT',
        url: api(`/agents/${worker.user.id}/profile`),
        headers: admin.headers,
        payload: { calendarId },
      });
    expect((await profile(calendar.id)).statusCode).toBe(200);
    const remove = () =>
      ctx.app.inject({ method: 'DELETE', url: api(`/calendars/${calendar.id}`), headers: admin.headers });
    const refused = await remove();
    expect(refused.statusCode).toBe(409);
    expect(json(refused)).toMatchObject({ error: { code: 'sla.calendar_in_use' } });
    expect((await profile(null)).statusCode).toBe(200);
    expect((await remove()).statusCode).toBe(204);
  });
});

describe('SLA policies', () => {
  it('creates a policy with its defaults and lists policies in the order they are tried', async () => {
    const calendar = await buildCalendar(ctx, admin);
    const response = await ctx.app.inject({
      method: 'POST',
      url: api('/sla-policies'),
      headers: admin.headers,
      payload: {
        name: 'VIP 客户',
        order: 5,
        match: { priority: ['P1', 'P2'], type: 'incident', organizationId: 12 },
        calendarId: calendar.id,
        targets: { P1: { firstResponseMinutes: 15, updateMinutes: 60, resolutionMinutes: 240 } },
      },
    });
    expect(response.statusCode).toBe(201);
    const policy = json<SlaPolicyDto>(response);
    expect(policy).toMatchObject({
      name: 'VIP 客户',
      order: 5,
      active: true,
      match: { priority: ['P1', 'P2'], type: ['incident'], organizationId: [12] },
      calendarId: calendar.id,
      calendarName: calendar.name,
      pauseStatuses: ['pending_requester', 'pending_vendor', 'pending_approval'],
      warnAtPercent: 75,
      breachActions: { notify: true, escalateToNextTier: false, raisePriority: false },
    });
    const listed = json<{ items: SlaPolicyDto[] }>(
      await ctx.app.inject({ method: 'GET', url: api('/sla-policies'), headers: agent.headers }),
    ).items;
    const orders = listed.map((p) => p.order);
    expect(orders).toEqual([...orders].sort((a, b) => a - b));
    expect(listed.map((p) => p.id)).toContain(policy.id);
  });

  it('rejects an unknown calendar and bad targets', async () => {
    const unknown = await ctx.app.inject({
      method: 'POST',
      url: api('/sla-policies'),
      headers: admin.headers,
      payload: { name: 'X', calendarId: 999999, targets: {} },
    });
    expect(unknown.statusCode).toBe(404);
    expect(json(unknown)).toMatchObject({ error: { code: 'sla.calendar_not_found', field: 'calendarId' } });
    const negative = await ctx.app.inject({
      method: 'POST',
      url: api('/sla-policies'),
      headers: admin.headers,
      payload: { name: 'X', targets: { P1: { firstResponseMinutes: -5 } } },
    });
    expect(negative.statusCode).toBe(400);
    const percent = await ctx.app.inject({
      method: 'POST',
      url: api('/sla-policies'),
      headers: admin.headers,
      payload: { name: 'X', targets: {}, warnAtPercent: 150 },
    });
    expect(percent.statusCode).toBe(400);
    expect(json(percent)).toMatchObject({ error: { field: 'warnAtPercent' } });
  });

  it('updates a policy and asks for the open tickets to be recomputed', async () => {
    const policy = await buildPolicy(ctx, admin);
    const response = await ctx.app.inject({
      method: 'PATCH',
      url: api(`/sla-policies/${policy.id}`),
      headers: admin.headers,
      payload: { warnAtPercent: 80, targets: { P3: { firstResponseMinutes: 120 } } },
    });
    expect(response.statusCode).toBe(200);
    expect(json(response)).toMatchObject({
      warnAtPercent: 80,
      targets: { P3: { firstResponseMinutes: 120 } },
    });
    const jobs = await ctx.database.pool.query(
      `select count(*)::int as n from graphile_worker.jobs where key = 'sla:recompute-all'`,
    );
    expect(jobs.rows[0].n).toBe(1);
  });

  it('simulates a draft policy on the tickets of a period beside the policies in force', async () => {
    const requester = await buildUser(ctx);
    const draft = await buildPolicy(ctx, admin, {
      active: false,
      targets: { P3: { firstResponseMinutes: 0, resolutionMinutes: 100000 } },
    });
    const ticket = await buildTicket(ctx, requester, { category: draft.category });
    expect(ticket.priority).toBe('P3');
    // A draft is not applied.
    expect(ticket.sla?.policyId).not.toBe(draft.id);
    const from = new Date(Date.parse(ticket.createdAt) - 60_000).toISOString();
    const to = new Date(Date.parse(ticket.createdAt) + 60_000).toISOString();
    const response = await ctx.app.inject({
      method: 'POST',
      url: api(`/sla-policies/${draft.id}/simulate`),
      headers: admin.headers,
      payload: { from, to },
    });
    expect(response.statusCode).toBe(200);
    const result = json<SimulationResult>(response);
    expect(result.matched).toBe(1);
    expect(result.tickets).toBeGreaterThanOrEqual(1);
    // A zero-minute first response is breached at once under the draft.
    expect(result.simulated.firstResponse).toMatchObject({ breached: 1, compliancePercent: 0 });
    expect(result.simulated.resolution).toMatchObject({ running: 1, compliancePercent: null });
    expect(result.current.firstResponse.breached + result.current.firstResponse.running).toBe(1);
    expect(result.samples[0]).toMatchObject({ ticketId: ticket.id, firstResponse: 'breached' });
    const backwards = await ctx.app.inject({
      method: 'POST',
      url: api(`/sla-policies/${draft.id}/simulate`),
      headers: admin.headers,
      payload: { from: to, to: from },
    });
    expect(backwards.statusCode).toBe(400);
  });
});

describe('published commitments (SL-4)', () => {
  it('shows requesters the targets that can apply to them, without other organisations’ policies', async () => {
    const requester = await buildUser(ctx);
    await buildPolicy(ctx, admin, { name: 'Only org 424242', match: { organizationId: 424242 } });
    const response = await ctx.app.inject({
      method: 'GET',
      url: api('/sla/commitments'),
      headers: requester.headers,
    });
    expect(response.statusCode).toBe(200);
    const items = json<{ items: { policyName: string; targets: Record<string, unknown> }[] }>(response).items;
    expect(items.some((c) => c.policyName === 'Only org 424242')).toBe(false);
    expect(items.some((c) => c.policyName.includes('Standard'))).toBe(true);
  });
});
