import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { AgentAvailabilityDto } from '../../../../contracts/routing.ts';
import { buildTicket, buildUser, type TestUser } from '../../../test/factories.ts';
import { buildRoutingRule, buildTeamWith } from '../../../test/factories-routing.ts';
import { buildCalendar } from '../../../test/factories-sla.ts';
import { json, setupTestApp } from '../../../test/harness.ts';

const ctx = await setupTestApp();
const api = (path: string) => `/api/v1${path}`;
const admin = await buildUser(ctx, { role: 'admin' });
const requester = await buildUser(ctx);

const teamWith = (members: TestUser[]) => buildTeamWith(ctx, admin, members);
const rule = (payload: Record<string, unknown>) => buildRoutingRule(ctx, admin, payload);

const word = () => `KW${randomBytes(3).toString('hex')}`;

describe('routing rules', () => {
  it('send a new ticket to the team of the first matching rule and go round its agents', async () => {
    const [a, b] = [await buildUser(ctx, { role: 'agent' }), await buildUser(ctx, { role: 'agent' })];
    const team = await teamWith([a, b]);
    const keyword = word();
    const created = await rule({
      name: 'VPN',
      match: { keywords: [keyword] },
      teamId: team.id,
      strategy: 'round_robin',
    });
    expect(created).toMatchObject({
      teamId: team.id,
      teamName: team.name,
      strategy: 'round_robin',
      order: 100,
    });
    const assignees: (number | undefined)[] = [];
    for (let i = 0; i < 3; i += 1) {
      const ticket = await buildTicket(ctx, requester, { subject: `${keyword} 无法连接 ${i}` });
      expect(ticket.team?.id).toBe(team.id);
      assignees.push(ticket.assignee?.id);
    }
    const [first, second] = [a.user.id, b.user.id].sort((x, y) => x - y);
    expect(assignees).toEqual([first, second, first]);
    const other = await buildTicket(ctx, requester, { subject: 'nothing to match here' });
    expect(other.team).toBeNull();
  });

  it('assigns only agents on duty: by their calendar or by the duty roster', async () => {
    const agent = await buildUser(ctx, { role: 'agent' });
    const team = await teamWith([agent]);
    const keyword = word();
    await rule({
      name: 'Printers',
      match: { keywords: [keyword] },
      teamId: team.id,
      strategy: 'least_loaded',
    });
    // A calendar that is never open: the agent is off duty.
    const closed = await buildCalendar(ctx, admin, { hours: [] });
    const profile = await ctx.app.inject({
      method: 'PUT',
      url: api(`/agents/${agent.user.id}/profile`),
      headers: admin.headers,
      payload: { calendarId: closed.id, skills: ['printer'] },
    });
    expect(profile.statusCode).toBe(200);
    expect(json<AgentAvailabilityDto>(profile)).toMatchObject({
      onDuty: false,
      dutyReason: 'off',
      skills: ['printer'],
    });
    const unassigned = await buildTicket(ctx, requester, { subject: `${keyword} 卡纸` });
    expect(unassigned.team?.id).toBe(team.id);
    expect(unassigned.assignee).toBeNull();
    // A roster shift covering now puts them on duty.
    const lead = await buildUser(ctx, { role: 'lead' });
    const shift = await ctx.app.inject({
      method: 'POST',
      url: api('/duty-shifts'),
      headers: lead.headers,
      payload: {
        teamId: team.id,
        userId: agent.user.id,
        startsAt: new Date(Date.now() - 3_600_000).toISOString(),
        endsAt: new Date(Date.now() + 3_600_000).toISOString(),
        note: '夜班',
      },
    });
    expect(shift.statusCode).toBe(201);
    const assigned = await buildTicket(ctx, requester, { subject: `${keyword} 又卡纸了` });
    expect(assigned.assignee?.id).toBe(agent.user.id);
    const board = await ctx.app.inject({
      method: 'GET',
      url: api(`/agents/availability?teamId=${team.id}`),
      headers: lead.headers,
    });
    expect(json<{ items: AgentAvailabilityDto[] }>(board).items).toEqual([
      expect.objectContaining({ userId: agent.user.id, onDuty: true, dutyReason: 'roster', openTickets: 1 }),
    ]);
  });

  it('picks by skill among the agents on duty', async () => {
    const [network, printers] = [
      await buildUser(ctx, { role: 'agent' }),
      await buildUser(ctx, { role: 'agent' }),
    ];
    const team = await teamWith([network, printers]);
    for (const [agent, skills] of [
      [network, ['network', 'vpn']],
      [printers, ['printer']],
    ] as const) {
      await ctx.app.inject({
        method: 'PUT',
        url: api(`/agents/${agent.user.id}/profile`),
        headers: admin.headers,
        payload: { skills },
      });
    }
    const keyword = word();
    await rule({
      name: 'Skill',
      match: { keywords: [keyword] },
      teamId: team.id,
      strategy: 'skill',
      skills: ['vpn'],
    });
    const ticket = await buildTicket(ctx, requester, { subject: `${keyword} VPN` });
    expect(ticket.assignee?.id).toBe(network.user.id);
  });

  it('validates rules and lets only administrators write them', async () => {
    const agent = await buildUser(ctx, { role: 'agent' });
    const forbidden = await ctx.app.inject({
      method: 'POST',
      url: api('/routing-rules'),
      headers: agent.headers,
      payload: { name: 'x', teamId: 1 },
    });
    expect(forbidden.statusCode).toBe(403);
    const unknown = await ctx.app.inject({
      method: 'POST',
      url: api('/routing-rules'),
      headers: admin.headers,
      payload: { name: 'x', teamId: 999999 },
    });
    expect(unknown.statusCode).toBe(404);
    expect(json(unknown)).toMatchObject({ error: { code: 'team.not_found', field: 'teamId' } });
    const badStrategy = await ctx.app.inject({
      method: 'POST',
      url: api('/routing-rules'),
      headers: admin.headers,
      payload: { name: 'x', teamId: 1, strategy: 'random' },
    });
    expect(badStrategy.statusCode).toBe(400);
    expect(json(badStrategy)).toMatchObject({ error: { field: 'strategy' } });
  });
});
