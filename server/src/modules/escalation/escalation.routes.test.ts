import { describe, expect, it } from 'vitest';
import type { EscalationDto, MajorIncidentDto, NudgeDto } from '../../../../contracts/escalation.ts';
import type { MessageDto, TicketDto } from '../../../../contracts/tickets.ts';
import { buildTeam, buildTicket, buildUser } from '../../../test/factories.ts';
import { json, setupTestApp } from '../../../test/harness.ts';
import { nudgeTicket } from './nudge-ticket.ts';

const ctx = await setupTestApp();
const api = (path: string) => `/api/v1${path}`;
const admin = await buildUser(ctx, { role: 'admin' });
const agent = await buildUser(ctx, { role: 'agent' });
const lead = await buildUser(ctx, { role: 'lead' });

async function readTicket(id: number): Promise<TicketDto> {
  return json<TicketDto>(
    await ctx.app.inject({ method: 'GET', url: api(`/tickets/${id}`), headers: admin.headers }),
  );
}

describe('escalations', () => {
  it('records a functional escalation to a chosen team and keeps the first-tier owner', async () => {
    const requester = await buildUser(ctx);
    const l1 = await buildTeam(ctx, { tier: 'L1' });
    const l3 = await buildTeam(ctx, { tier: 'L3' });
    const ticket = await buildTicket(ctx, requester);
    await ctx.app.inject({
      method: 'PATCH',
      url: api(`/tickets/${ticket.id}`),
      headers: admin.headers,
      payload: { teamId: l1.id, assigneeId: agent.user.id },
    });
    const response = await ctx.app.inject({
      method: 'POST',
      url: api(`/tickets/${ticket.id}/escalations`),
      headers: agent.headers,
      payload: { kind: 'functional', reason: '需要数据库专家', tried: '重启服务，检查日志', toTeamId: l3.id },
    });
    expect(response.statusCode).toBe(201);
    expect(json<EscalationDto>(response)).toMatchObject({
      kind: 'functional',
      trigger: 'manual',
      reason: '需要数据库专家',
      tried: '重启服务，检查日志',
      fromTeam: { id: l1.id },
      toTeam: { id: l3.id },
      owner: { id: agent.user.id },
      createdBy: { id: agent.user.id },
    });
    const read = await readTicket(ticket.id);
    expect(read.team?.id).toBe(l3.id);
    expect(read.assignee?.id).toBe(agent.user.id);
    const report = await ctx.app.inject({
      method: 'GET',
      url: api('/escalations?kind=functional'),
      headers: lead.headers,
    });
    expect(report.statusCode).toBe(200);
    const body = json<{ items: EscalationDto[]; totals: { functional: number } }>(report);
    expect(body.items.some((e) => e.ticket.id === ticket.id)).toBe(true);
    expect(body.totals.functional).toBeGreaterThanOrEqual(1);
    const agentReport = await ctx.app.inject({
      method: 'GET',
      url: api('/escalations'),
      headers: agent.headers,
    });
    expect(agentReport.statusCode).toBe(403);
  });

  it('needs a team to escalate functionally when no next tier is set, and escalates hierarchically to the leads', async () => {
    const requester = await buildUser(ctx);
    const team = await buildTeam(ctx);
    await ctx.app.inject({
      method: 'PATCH',
      url: api(`/teams/${team.id}`),
      headers: admin.headers,
      payload: { memberIds: [lead.user.id, agent.user.id] },
    });
    const ticket = await buildTicket(ctx, requester);
    await ctx.app.inject({
      method: 'PATCH',
      url: api(`/tickets/${ticket.id}`),
      headers: admin.headers,
      payload: { teamId: team.id },
    });
    const none = await ctx.app.inject({
      method: 'POST',
      url: api(`/tickets/${ticket.id}/escalations`),
      headers: agent.headers,
      payload: { kind: 'functional', reason: 'beyond L1' },
    });
    expect(none.statusCode).toBe(409);
    expect(json(none)).toMatchObject({ error: { code: 'escalation.no_next_tier', field: 'toTeamId' } });
    const up = await ctx.app.inject({
      method: 'POST',
      url: api(`/tickets/${ticket.id}/escalations`),
      headers: agent.headers,
      payload: {
        kind: 'hierarchical',
        reason: 'Whole finance department affected',
        tried: 'Workaround failed',
      },
    });
    expect(up.statusCode).toBe(201);
    expect(json<EscalationDto>(up).notifiedUserIds).toEqual([lead.user.id]);
    const requesterTry = await ctx.app.inject({
      method: 'POST',
      url: api(`/tickets/${ticket.id}/escalations`),
      headers: requester.headers,
      payload: { kind: 'hierarchical', reason: 'please' },
    });
    expect(requesterTry.statusCode).toBe(403);
  });
});

describe('nudges (催办)', () => {
  it('lets the requester nudge once an hour, and the third nudge escalates to the team lead', async () => {
    const requester = await buildUser(ctx);
    const ticket = await buildTicket(ctx, requester);
    const first = await ctx.app.inject({
      method: 'POST',
      url: api(`/tickets/${ticket.id}/nudge`),
      headers: requester.headers,
      payload: { message: '请尽快处理' },
    });
    expect(first.statusCode).toBe(201);
    expect(json<NudgeDto>(first)).toMatchObject({ ordinal: 1, escalated: false, message: '请尽快处理' });
    const again = await ctx.app.inject({
      method: 'POST',
      url: api(`/tickets/${ticket.id}/nudge`),
      headers: requester.headers,
    });
    expect(again.statusCode).toBe(429);
    expect(json(again)).toMatchObject({ error: { code: 'nudge.too_soon' } });
    // The time to try again is written for the reader (their zone, Asia/Shanghai here), never as raw UTC.
    const retryAt = new Date(Date.parse(json<NudgeDto>(first).createdAt) + 3_600_000);
    const message = json<{ error: { message: string } }>(again).error.message;
    expect(message).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
    expect(message).toContain(
      new Intl.DateTimeFormat('en-US', {
        timeZone: 'Asia/Shanghai',
        year: 'numeric',
        month: 'short',
        day: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      }).format(retryAt),
    );
    const byAgent = await ctx.app.inject({
      method: 'POST',
      url: api(`/tickets/${ticket.id}/nudge`),
      headers: agent.headers,
    });
    expect(byAgent.statusCode).toBe(403);
    expect(json(byAgent)).toMatchObject({ error: { code: 'nudge.requester_only' } });

    const later = (hours: number) => new Date(Date.now() + hours * 3_600_000 + 60_000);
    const nudge = (hours: number) =>
      ctx.database.db.transaction((tx) =>
        nudgeTicket({ tx, actor: requester.actor, ticketId: ticket.id, input: {}, now: later(hours) }),
      );
    expect(await nudge(1)).toMatchObject({ ordinal: 2, escalated: false });
    expect(await nudge(2)).toMatchObject({ ordinal: 3, escalated: true });
    const escalations = json<{ items: EscalationDto[] }>(
      await ctx.app.inject({
        method: 'GET',
        url: api(`/tickets/${ticket.id}/escalations`),
        headers: agent.headers,
      }),
    ).items;
    expect(escalations).toEqual([expect.objectContaining({ kind: 'hierarchical', trigger: 'nudge' })]);
    const listed = await ctx.app.inject({
      method: 'GET',
      url: api(`/tickets/${ticket.id}/nudges`),
      headers: requester.headers,
    });
    expect(json<{ items: unknown[] }>(listed).items).toHaveLength(3);
  });

  it('refuses to nudge a resolved ticket', async () => {
    const requester = await buildUser(ctx);
    const ticket = await buildTicket(ctx, requester);
    await ctx.app.inject({
      method: 'PATCH',
      url: api(`/tickets/${ticket.id}`),
      headers: admin.headers,
      payload: { status: 'resolved' },
    });
    const response = await ctx.app.inject({
      method: 'POST',
      url: api(`/tickets/${ticket.id}/nudge`),
      headers: requester.headers,
    });
    expect(response.statusCode).toBe(409);
    expect(json(response)).toMatchObject({ error: { code: 'nudge.ticket_not_open' } });
  });
});

describe('major incidents', () => {
  it('declares a P1, broadcasts updates to every linked requester, and resolves the linked tickets with it', async () => {
    const [alice, bob] = [await buildUser(ctx), await buildUser(ctx)];
    const primary = await buildTicket(ctx, alice, { subject: 'ERP 全部无法登录' });
    const affected = await buildTicket(ctx, bob, { subject: 'ERP 登录失败' });
    const declared = await ctx.app.inject({
      method: 'POST',
      url: api('/major-incidents'),
      headers: agent.headers,
      payload: {
        title: 'ERP 登录中断',
        summary: '所有用户无法登录 ERP',
        ticketId: primary.id,
        ticketIds: [affected.id],
      },
    });
    expect(declared.statusCode).toBe(201);
    const incident = json<MajorIncidentDto>(declared);
    expect(incident).toMatchObject({ priority: 'P1', status: 'active', primaryTicketId: primary.id });
    expect(incident.tickets.map((t) => t.id).sort()).toEqual([primary.id, affected.id].sort());
    expect((await readTicket(primary.id)).priority).toBe('P1');

    const update = await ctx.app.inject({
      method: 'POST',
      url: api(`/major-incidents/${incident.id}/updates`),
      headers: agent.headers,
      payload: { body: '已定位到认证服务故障，预计 30 分钟内恢复。' },
    });
    expect(update.statusCode).toBe(201);
    expect(json<MajorIncidentDto>(update).updates[0]).toMatchObject({ ticketsReached: 2 });
    const bobsMessages = json<{ items: MessageDto[] }>(
      await ctx.app.inject({
        method: 'GET',
        url: api(`/tickets/${affected.id}/messages`),
        headers: bob.headers,
      }),
    ).items;
    expect(bobsMessages.some((m) => m.body.includes('认证服务故障') && !m.internal)).toBe(true);

    const resolved = await ctx.app.inject({
      method: 'POST',
      url: api(`/major-incidents/${incident.id}/resolve`),
      headers: agent.headers,
      payload: { resolution: '认证服务已恢复' },
    });
    expect(resolved.statusCode).toBe(200);
    expect(json<MajorIncidentDto>(resolved).status).toBe('resolved');
    expect((await readTicket(affected.id)).status).toBe('resolved');
    expect((await readTicket(primary.id)).status).toBe('resolved');
    const late = await ctx.app.inject({
      method: 'POST',
      url: api(`/major-incidents/${incident.id}/updates`),
      headers: agent.headers,
      payload: { body: 'again' },
    });
    expect(late.statusCode).toBe(409);
    const byRequester = await ctx.app.inject({
      method: 'POST',
      url: api('/major-incidents'),
      headers: alice.headers,
      payload: { title: 'x' },
    });
    expect(byRequester.statusCode).toBe(403);
  });
});
