import { describe, expect, it } from 'vitest';
import type { CatalogItemDto, SelfHelpDto } from '../../../../contracts/catalog.ts';
import type { SlaPolicyDto } from '../../../../contracts/sla.ts';
import type { TicketDto } from '../../../../contracts/tickets.ts';
import { buildTeam, buildTicket, buildUser, type TestUser } from '../../../test/factories.ts';
import { json, setupTestApp } from '../../../test/harness.ts';
import { applyTriage } from '../triage/index.ts';

const ctx = await setupTestApp();
const label = (zh: string, en: string) => ({ 'zh-CN': zh, en });

async function call(as: TestUser, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) {
  return ctx.app.inject({
    method,
    url: `/api/v1${url}`,
    headers: as.headers,
    ...(payload ? { payload } : {}),
  });
}

const targets = (resolutionMinutes: number, firstResponseMinutes: number) =>
  Object.fromEntries(['P1', 'P2', 'P3', 'P4'].map((p) => [p, { firstResponseMinutes, resolutionMinutes }]));

describe('a catalog item’s SLA policy', () => {
  it('times the requests made from the item instead of the policy the matching picks', async () => {
    const admin = await buildUser(ctx, { role: 'admin' });
    const requester = await buildUser(ctx, { role: 'requester', locale: 'zh-CN' });
    // First in order and matching every service request: what the matching would pick.
    const matching = json<SlaPolicyDto>(
      await call(admin, 'POST', '/sla-policies', {
        name: `服务请求通用 ${Date.now()}`,
        order: 0,
        match: { type: ['service_request'] },
        targets: targets(2880, 240),
      }),
    );
    // Matches nothing by itself (an organisation that does not exist), last in order.
    const itemPolicy = json<SlaPolicyDto>(
      await call(admin, 'POST', '/sla-policies', {
        name: `笔记本电脑申请 ${Date.now()}`,
        order: 1_000_000,
        match: { organizationId: [987654] },
        targets: targets(7 * 24 * 60, 60),
      }),
    );
    const item = json<CatalogItemDto>(
      await call(admin, 'POST', '/catalog/items', {
        name: label('申请显示器', 'Request a monitor'),
        published: true,
        slaPolicyId: itemPolicy.id,
      }),
    );
    const plain = json<CatalogItemDto>(
      await call(admin, 'POST', '/catalog/items', {
        name: label('申请键盘', 'Request a keyboard'),
        published: true,
      }),
    );

    const created = await call(requester, 'POST', `/catalog/items/${item.id}/requests`, { answers: {} });
    expect(created.statusCode, created.body).toBe(201);
    const { ticket } = json<{ ticket: TicketDto }>(created);
    expect(ticket.sla?.policyName).toBe(itemPolicy.name);
    const read = json<TicketDto>(await call(requester, 'GET', `/tickets/${ticket.id}`));
    expect(read.sla).toMatchObject({
      policyId: itemPolicy.id,
      policyName: itemPolicy.name,
      firstResponse: { targetMinutes: 60 },
      resolution: { targetMinutes: 7 * 24 * 60 },
    });
    const due = Date.parse(read.sla?.resolution?.dueAt ?? '');
    expect(due - Date.parse(read.createdAt)).toBeGreaterThanOrEqual(7 * 24 * 3_600_000 - 1000);
    // The deadline the queues sort by is the item policy's too.
    const explain = json<{ policyId: number }>(await call(admin, 'GET', `/tickets/${ticket.id}/sla/explain`));
    expect(explain.policyId).toBe(itemPolicy.id);

    const other = json<{ ticket: TicketDto }>(
      await call(requester, 'POST', `/catalog/items/${plain.id}/requests`, { answers: {} }),
    ).ticket;
    expect(json<TicketDto>(await call(requester, 'GET', `/tickets/${other.id}`)).sla).toMatchObject({
      policyId: matching.id,
      resolution: { targetMinutes: 2880 },
    });

    // A ticket's later change keeps the item's policy (the matching does not take over).
    const agent = await buildUser(ctx, { role: 'admin' });
    const moved = await call(agent, 'PATCH', `/tickets/${ticket.id}`, { status: 'open' });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(json<TicketDto>(await call(requester, 'GET', `/tickets/${ticket.id}`)).sla?.policyId).toBe(
      itemPolicy.id,
    );

    // A switched-off policy gives the ticket back to the matching.
    expect((await call(admin, 'PATCH', `/sla-policies/${itemPolicy.id}`, { active: false })).statusCode).toBe(
      200,
    );
    expect(json<TicketDto>(await call(requester, 'GET', `/tickets/${ticket.id}`)).sla?.policyId).toBe(
      matching.id,
    );
    await call(admin, 'PATCH', `/sla-policies/${matching.id}`, { active: false });
  });
});

describe('a catalog request awaiting approval', () => {
  it('waits as pending_approval with its clocks paused, goes on when approved, is cancelled with the reason when rejected', async () => {
    const admin = await buildUser(ctx, { role: 'admin' });
    const approver = await buildUser(ctx, { role: 'lead' });
    const requester = await buildUser(ctx, { role: 'requester', locale: 'en' });
    const team = await buildTeam(ctx);
    const policy = json<SlaPolicyDto>(
      await call(admin, 'POST', '/sla-policies', {
        name: `审批类 ${Date.now()}`,
        order: 1_000_000,
        match: { organizationId: [987655] },
        targets: targets(600, 60),
      }),
    );
    expect(policy.pauseStatuses).toContain('pending_approval');
    const approval = { approverIds: [approver.user.id], mode: 'any' };
    const withTasks = json<CatalogItemDto>(
      await call(admin, 'POST', '/catalog/items', {
        name: label('开通 VPN', 'VPN access'),
        published: true,
        approval,
        tasks: [{ title: 'Create the account', teamId: team.id }],
        slaPolicyId: policy.id,
      }),
    );
    const withoutTasks = json<CatalogItemDto>(
      await call(admin, 'POST', '/catalog/items', {
        name: label('申请管理员权限', 'Admin rights'),
        published: true,
        approval,
      }),
    );
    const request = async (itemId: number) => {
      const response = await call(requester, 'POST', `/catalog/items/${itemId}/requests`, { answers: {} });
      expect(response.statusCode, response.body).toBe(201);
      const { ticket } = json<{ ticket: TicketDto }>(response);
      const approvalId = json<{ approvalId: number }>(
        await call(requester, 'GET', `/tickets/${ticket.id}/service-request`),
      ).approvalId;
      return { ticket, approvalId };
    };
    const read = async (id: number) => json<TicketDto>(await call(admin, 'GET', `/tickets/${id}`));

    const first = await request(withTasks.id);
    expect(first.ticket.status).toBe('pending_approval');
    let ticket = await read(first.ticket.id);
    expect(ticket.status).toBe('pending_approval');
    expect(ticket.sla?.resolution).toMatchObject({ countingNow: false });
    expect(ticket.sla?.resolution?.pausedSince).not.toBeNull();
    const explain = json<{ text: { en: string[] } }>(
      await call(admin, 'GET', `/tickets/${first.ticket.id}/sla/explain`),
    );
    expect(explain.text.en.join(' ')).toContain('waiting for approval');
    // The requester sees that it waits, in their language.
    const seen = await call(requester, 'GET', `/tickets/${first.ticket.id}`);
    expect(json<TicketDto>(seen).status).toBe('pending_approval');

    const yes = await call(approver, 'POST', `/approvals/${first.approvalId}/decision`, {
      decision: 'approve',
    });
    expect(yes.statusCode, yes.body).toBe(200);
    ticket = await read(first.ticket.id);
    expect(ticket.status).toBe('in_progress');
    expect(ticket.sla?.resolution).toMatchObject({ countingNow: true, pausedSince: null });

    const second = await request(withTasks.id);
    const no = await call(approver, 'POST', `/approvals/${second.approvalId}/decision`, {
      decision: 'reject',
      comment: 'Not for contractors',
    });
    expect(no.statusCode, no.body).toBe(200);
    expect((await read(second.ticket.id)).status).toBe('cancelled');
    const messages = json<{ items: { body: string; internal: boolean }[] }>(
      await call(requester, 'GET', `/tickets/${second.ticket.id}/messages`),
    ).items;
    expect(messages.find((m) => m.body.includes('Not for contractors'))).toMatchObject({ internal: false });

    // No tasks: once approved it is the agents' to work, open.
    const third = await request(withoutTasks.id);
    expect((await read(third.ticket.id)).status).toBe('pending_approval');
    await call(approver, 'POST', `/approvals/${third.approvalId}/decision`, { decision: 'approve' });
    expect((await read(third.ticket.id)).status).toBe('open');
  });
});

describe('standard requests confirmed as deflected (CL-4)', () => {
  it('resolves a ticket as deflected when its requester confirms the guide, and counts it', async () => {
    const admin = await buildUser(ctx, { role: 'admin' });
    const requester = await buildUser(ctx, { role: 'requester', locale: 'zh-CN' });
    const other = await buildUser(ctx, { role: 'requester' });
    const agent = await buildUser(ctx, { role: 'agent' });
    await call(admin, 'POST', '/catalog/items', {
      name: label('重置邮箱密码', 'Reset email password'),
      published: true,
      guide: '打开 https://id.example.com，选择“忘记密码”，按短信验证码操作。',
    });
    const stats = async () => {
      const { deflections, deflectedTickets } = json<{ deflections: number; deflectedTickets: number }>(
        await call(admin, 'GET', '/kb/stats'),
      );
      return { deflections, deflectedTickets };
    };
    const before = await stats();
    const triage = (ticketId: number) =>
      ctx.database.db.transaction((tx) => applyTriage({ tx, ticketId, now: new Date() }));

    const answered = await buildTicket(ctx, requester, {
      subject: '请帮我重置邮箱密码',
      description: '忘记了邮箱密码，无法登录。',
    });
    const plain = await buildTicket(ctx, requester, {
      subject: '打印机卡纸',
      description: '三楼打印机卡纸。',
    });
    await triage(answered.id);
    await triage(plain.id);

    expect(json<SelfHelpDto>(await call(requester, 'GET', `/tickets/${answered.id}/self-help`))).toEqual({
      offered: true,
      source: 'catalog',
      confirmedAt: null,
      canConfirm: true,
    });
    expect(json<SelfHelpDto>(await call(agent, 'GET', `/tickets/${answered.id}/self-help`)).canConfirm).toBe(
      false,
    );
    // Not the requester, not offered, someone else's ticket: refused, nothing changes.
    expect((await call(agent, 'POST', `/tickets/${answered.id}/self-help/confirm`)).statusCode).toBe(403);
    const notOffered = await call(requester, 'POST', `/tickets/${plain.id}/self-help/confirm`);
    expect(json<{ error: { code: string } }>(notOffered).error.code).toBe('catalog.self_help_not_offered');
    expect((await call(other, 'POST', `/tickets/${answered.id}/self-help/confirm`)).statusCode).toBe(404);
    expect(await stats()).toEqual(before);

    const confirmed = await call(requester, 'POST', `/tickets/${answered.id}/self-help/confirm`);
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(json<SelfHelpDto>(confirmed)).toMatchObject({ offered: true, canConfirm: false });
    expect(json<SelfHelpDto>(confirmed).confirmedAt).not.toBeNull();
    const ticket = json<TicketDto>(await call(requester, 'GET', `/tickets/${answered.id}`));
    expect(ticket.status).toBe('closed');
    const timeline = json<{ items: { kind: string; actor: { name: string } | null }[] }>(
      await call(admin, 'GET', `/tickets/${answered.id}/timeline`),
    ).items;
    expect(timeline.map((e) => e.kind)).toContain('catalog.deflection_confirmed');
    expect(await stats()).toEqual({
      deflections: before.deflections + 1,
      deflectedTickets: before.deflectedTickets + 1,
    });
    // Once.
    const again = await call(requester, 'POST', `/tickets/${answered.id}/self-help/confirm`);
    expect(json<{ error: { code: string } }>(again).error.code).toBe('catalog.self_help_done');
    expect((await stats()).deflectedTickets).toBe(before.deflectedTickets + 1);
  });
});
