import { describe, expect, it } from 'vitest';
import { buildTeam, buildTicket, buildUser } from '../../../test/factories.ts';
import { json, setupTestApp } from '../../../test/harness.ts';

const ctx = await setupTestApp();

describe('canned responses', () => {
  it('are shared by team, personal otherwise, and fill their variables for a ticket', async () => {
    const team = await buildTeam(ctx);
    const admin = await buildUser(ctx, { role: 'admin' });
    const member = await buildUser(ctx, { role: 'agent', name: '李工' });
    const outsider = await buildUser(ctx, { role: 'agent' });
    await ctx.app.inject({
      method: 'PATCH',
      url: `/api/v1/users/${member.user.id}`,
      headers: admin.headers,
      payload: { teamIds: [team.id] },
    });
    const shared = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/channels/canned-responses',
      headers: member.headers,
      payload: {
        title: '重启指引',
        body: '{{requester.name}}您好，工单 #{{ticket.number}}：请重启后再试。—— {{agent.name}}',
        teamId: team.id,
      },
    });
    expect(shared.statusCode, shared.body).toBe(201);
    const created = json<{ id: number; variables: string[] }>(shared);
    expect(created.variables).toEqual(['requester.name', 'ticket.number', 'agent.name']);
    const notMine = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/channels/canned-responses',
      headers: outsider.headers,
      payload: { title: 'x', body: 'y', teamId: team.id },
    });
    expect(notMine.statusCode).toBe(403);
    const outsiderList = json<{ items: { id: number }[] }>(
      await ctx.app.inject({
        method: 'GET',
        url: '/api/v1/channels/canned-responses',
        headers: outsider.headers,
      }),
    );
    expect(outsiderList.items.map((c) => c.id)).not.toContain(created.id);

    const requester = await buildUser(ctx, { role: 'requester', name: '张三' });
    const ticket = await buildTicket(ctx, requester);
    const rendered = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/channels/canned-responses/${created.id}/render`,
      headers: member.headers,
      payload: { ticketId: ticket.id },
    });
    expect(json(rendered)).toEqual({ body: `张三您好，工单 #${ticket.number}：请重启后再试。—— 李工` });
    const requesterList = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/channels/canned-responses',
      headers: requester.headers,
    });
    expect(requesterList.statusCode).toBe(403);
  });

  it('are written per language, and a ticket lists those in its requester’s language first', async () => {
    const agent = await buildUser(ctx, { role: 'agent' });
    const add = async (title: string, locale: 'zh-CN' | 'en' | null) => {
      const response = await ctx.app.inject({
        method: 'POST',
        url: '/api/v1/channels/canned-responses',
        headers: agent.headers,
        payload: { title, body: title, locale },
      });
      expect(response.statusCode, response.body).toBe(201);
      expect(json<{ locale: string | null }>(response).locale).toBe(locale);
    };
    await add('A 请重启电脑', 'zh-CN');
    await add('B Please restart', 'en');
    await add('C 📎 / attachment', null);
    const english = await buildUser(ctx, { role: 'requester', locale: 'en' });
    const chinese = await buildUser(ctx, { role: 'requester', locale: 'zh-CN' });
    const titlesFor = async (requester: typeof english) => {
      const ticket = await buildTicket(ctx, requester);
      const response = await ctx.app.inject({
        method: 'GET',
        url: `/api/v1/channels/canned-responses?ticketId=${ticket.id}`,
        headers: agent.headers,
      });
      expect(response.statusCode, response.body).toBe(200);
      return json<{ items: { title: string }[] }>(response).items.map((item) => item.title);
    };
    expect(await titlesFor(english)).toEqual(['B Please restart', 'C 📎 / attachment', 'A 请重启电脑']);
    expect(await titlesFor(chinese)).toEqual(['A 请重启电脑', 'C 📎 / attachment', 'B Please restart']);
    const bad = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/channels/canned-responses',
      headers: agent.headers,
      payload: { title: 'x', body: 'x', locale: 'fr' },
    });
    expect(bad.statusCode).toBe(400);
  });
});

describe('notice templates', () => {
  it('come with outage, maintenance and upgrade notices that state impact and expected recovery', async () => {
    const agent = await buildUser(ctx, { role: 'agent' });
    const admin = await buildUser(ctx, { role: 'admin' });
    const list = json<{ items: { id: number; kind: string; locale: string; variables: string[] }[] }>(
      await ctx.app.inject({
        method: 'GET',
        url: '/api/v1/channels/notice-templates',
        headers: agent.headers,
      }),
    );
    expect(new Set(list.items.map((t) => t.kind))).toEqual(new Set(['outage', 'maintenance', 'upgrade']));
    for (const template of list.items)
      expect(template.variables).toEqual(expect.arrayContaining(['impact', 'expectedRecovery']));
    const outage = list.items.find((t) => t.kind === 'outage' && t.locale === 'zh-CN');
    const rendered = json<{ subject: string; body: string }>(
      await ctx.app.inject({
        method: 'POST',
        url: `/api/v1/channels/notice-templates/${outage?.id}/render`,
        headers: agent.headers,
        payload: { service: '财务系统', impact: '全公司无法导出报表', expectedRecovery: '今天 18:00 前' },
      }),
    );
    expect(rendered.subject).toBe('【故障通知】财务系统 服务中断');
    expect(rendered.body).toContain('影响范围：全公司无法导出报表');
    expect(rendered.body).toContain('预计恢复时间：今天 18:00 前');
    const missingRecovery = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/channels/notice-templates',
      headers: admin.headers,
      payload: { kind: 'outage', name: 'bad', locale: 'en', subject: 'Down', body: 'Impact: {{impact}}' },
    });
    expect(missingRecovery.statusCode).toBe(400);
    const byAgent = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/channels/notice-templates',
      headers: agent.headers,
      payload: {
        kind: 'outage',
        name: 'x',
        locale: 'en',
        subject: 'x',
        body: '{{impact}} {{expectedRecovery}}',
      },
    });
    expect(byAgent.statusCode).toBe(403);
  });
});
