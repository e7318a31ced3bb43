import { describe, expect, it } from 'vitest';
import type { CatalogItemDto } from '../../../../contracts/catalog.ts';
import type { SlaPolicyDto } from '../../../../contracts/sla.ts';
import type { TicketDto } from '../../../../contracts/tickets.ts';
import { buildUser, type TestUser } from '../../../test/factories.ts';
import { json, setupTestApp } from '../../../test/harness.ts';

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
