import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type {
  CatalogItemDto,
  CreateCatalogItemInput,
  FulfilmentTaskDto,
  ServiceRequestDto,
} from '../../../../contracts/catalog.ts';
import type { MessageDto, TicketDto, TimelineEventDto } from '../../../../contracts/tickets.ts';
import { buildTeam, buildTicket, buildUser, type TestUser } from '../../../test/factories.ts';
import { json, setupTestApp } from '../../../test/harness.ts';
import { applyTriage } from '../triage/index.ts';

const ctx = await setupTestApp();
const label = (zh: string, en: string) => ({ 'zh-CN': zh, en });

async function call(
  as: TestUser,
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  url: string,
  payload?: unknown,
) {
  return ctx.app.inject({
    method,
    url: `/api/v1${url}`,
    headers: as.headers,
    ...(payload ? { payload } : {}),
  });
}

async function agentOf(admin: TestUser, teamId: number): Promise<TestUser> {
  const agent = await buildUser(ctx, { role: 'agent' });
  const response = await call(admin, 'PATCH', `/users/${agent.user.id}`, { teamIds: [teamId] });
  expect(response.statusCode, response.body).toBe(200);
  return agent;
}

function laptopItem(teams: number[], extra: Partial<CreateCatalogItemInput> = {}) {
  return {
    name: label('申请笔记本电脑', 'Request a laptop'),
    description: label('新员工或设备更换', 'For new staff or a replacement'),
    published: true,
    form: [
      {
        key: 'kind',
        label: label('类型', 'Kind'),
        type: 'select',
        required: true,
        options: [
          { value: 'new', label: label('新员工', 'New staff') },
          { value: 'replace', label: label('更换', 'Replacement') },
        ],
      },
      {
        key: 'old_asset',
        label: label('旧资产编号', 'Old asset tag'),
        type: 'text',
        required: true,
        showIf: { key: 'kind', equals: 'replace' },
      },
      { key: 'needed_by', label: label('需要日期', 'Needed by'), type: 'date', required: false },
    ],
    tasks: teams.map((teamId, i) => ({ title: `Step ${i + 1}`, teamId })),
    taskOrder: 'sequential',
    ...extra,
  };
}

async function countRows(table: string): Promise<number> {
  const result = await ctx.database.db.execute<{ n: number }>(
    sql.raw(`select count(*)::int as n from ${table}`),
  );
  return result.rows[0]?.n ?? -1;
}

describe('catalog items', () => {
  it('lets administrators build items and everyone read the published ones', async () => {
    const admin = await buildUser(ctx, { role: 'admin' });
    const requester = await buildUser(ctx, { role: 'requester' });
    const team = await buildTeam(ctx);
    const parent = json<CatalogItemDto>(
      await call(admin, 'POST', '/catalog/items', { name: label('硬件', 'Hardware'), published: true }),
    );
    const created = await call(
      admin,
      'POST',
      '/catalog/items',
      laptopItem([team.id], { parentId: parent.id }),
    );
    expect(created.statusCode, created.body).toBe(201);
    const item = json<CatalogItemDto>(created);
    expect(item).toMatchObject({ parentId: parent.id, approval: null, taskOrder: 'sequential' });
    const draft = json<CatalogItemDto>(
      await call(admin, 'POST', '/catalog/items', { name: label('草稿', 'Draft'), published: false }),
    );

    const seen = json<{ items: CatalogItemDto[] }>(await call(requester, 'GET', '/catalog/items')).items.map(
      (i) => i.id,
    );
    expect(seen).toEqual(expect.arrayContaining([parent.id, item.id]));
    expect(seen).not.toContain(draft.id);
    expect((await call(requester, 'GET', `/catalog/items/${draft.id}`)).statusCode).toBe(404);
    expect((await call(requester, 'POST', '/catalog/items', laptopItem([team.id]))).statusCode).toBe(403);
    const all = json<{ items: CatalogItemDto[] }>(await call(admin, 'GET', '/catalog/items?all=true')).items;
    expect(all.map((i) => i.id)).toContain(draft.id);

    const patched = await call(admin, 'PATCH', `/catalog/items/${draft.id}`, {
      published: true,
      guide: 'Do X',
    });
    expect(json<CatalogItemDto>(patched)).toMatchObject({ published: true, guide: 'Do X' });
    expect(
      (await call(admin, 'PATCH', `/catalog/items/${parent.id}`, { parentId: item.id })).statusCode,
    ).toBe(400);
    expect((await call(admin, 'DELETE', `/catalog/items/${parent.id}`)).statusCode).toBe(409);
    expect((await call(admin, 'DELETE', `/catalog/items/${draft.id}`)).statusCode).toBe(204);
  });

  it('refuses bad definitions with the field at fault and saves nothing', async () => {
    const admin = await buildUser(ctx, { role: 'admin' });
    const team = await buildTeam(ctx);
    const good = laptopItem([team.id]);
    const [kind, oldAsset] = good.form;
    const before = await countRows('catalog_items');
    const cases: [unknown, string][] = [
      [{ ...good, form: [kind, kind] }, 'form.1.key'],
      [{ ...good, form: [oldAsset] }, 'form.0.showIf.key'],
      [{ ...good, form: [{ ...kind, options: [] }] }, 'form.0.options'],
      [{ ...good, form: [{ ...kind, options: undefined }] }, 'form.0.options'],
      [
        { ...good, form: [kind, { ...oldAsset, showIf: { key: 'kind', equals: 'tablet' } }] },
        'form.1.showIf.equals',
      ],
      [{ ...good, tasks: [{ title: 'x', teamId: 999999 }] }, 'tasks.0.teamId'],
      [{ ...good, approval: { approverIds: [999999], mode: 'any' } }, 'approval.approverIds.0'],
      [{ ...good, parentId: 999999 }, 'parentId'],
      [{ ...good, slaPolicyId: 999999 }, 'slaPolicyId'],
      [{ ...good, articleId: 999999 }, 'articleId'],
    ];
    for (const [payload, field] of cases) {
      const response = await call(admin, 'POST', '/catalog/items', payload);
      expect(response.statusCode, field).toBe(400);
      expect(json<{ error: { field: string } }>(response).error.field).toBe(field);
    }
    const badType = await call(admin, 'POST', '/catalog/items', {
      ...good,
      form: [{ ...kind, type: 'colour' }],
    });
    expect(badType.statusCode).toBe(400);
    expect(await countRows('catalog_items')).toBe(before);
  });
});

describe('service requests', () => {
  it('checks the answers against the form: required only when shown, types, options', async () => {
    const admin = await buildUser(ctx, { role: 'admin' });
    const requester = await buildUser(ctx, { role: 'requester', locale: 'zh-CN' });
    const team = await buildTeam(ctx);
    const item = json<CatalogItemDto>(await call(admin, 'POST', '/catalog/items', laptopItem([team.id])));
    const tickets = await countRows('tickets');
    const cases: [Record<string, unknown>, string][] = [
      [{}, 'answers.kind'],
      [{ kind: 'replace' }, 'answers.old_asset'],
      [{ kind: 'tablet' }, 'answers.kind'],
      [{ kind: 'new', needed_by: '2026-13-01' }, 'answers.needed_by'],
      [{ kind: 'new', colour: 'red' }, 'answers.colour'],
    ];
    for (const [answers, field] of cases) {
      const response = await call(requester, 'POST', `/catalog/items/${item.id}/requests`, { answers });
      expect(response.statusCode, field).toBe(400);
      const error = json<{ error: { code: string; field: string; message: string } }>(response).error;
      expect(error.field).toBe(field);
      expect(error.code).toMatch(/^catalog\.answer_/);
    }
    expect(await countRows('tickets')).toBe(tickets);
    const hidden = await call(requester, 'POST', `/catalog/items/${item.id}/requests`, {
      answers: { kind: 'new', old_asset: 'A-1' },
    });
    expect(hidden.statusCode, hidden.body).toBe(201);
    const { ticket } = json<{ ticket: TicketDto }>(hidden);
    const shown = json<ServiceRequestDto>(
      await call(requester, 'GET', `/tickets/${ticket.id}/service-request`),
    );
    expect(shown.answers.map((a) => a.key)).toEqual(['kind']);
    expect(shown.answers[0]?.text).toEqual({ 'zh-CN': '新员工', en: 'New staff' });
  });

  it('runs a request without approval from form to resolution, tasks one after another', async () => {
    const admin = await buildUser(ctx, { role: 'admin' });
    const requester = await buildUser(ctx, { role: 'requester', locale: 'zh-CN' });
    const [desk, field] = [await buildTeam(ctx), await buildTeam(ctx)];
    const [deskAgent, fieldAgent] = [await agentOf(admin, desk.id), await agentOf(admin, field.id)];
    const item = json<CatalogItemDto>(
      await call(admin, 'POST', '/catalog/items', laptopItem([desk.id, field.id])),
    );

    const created = await call(requester, 'POST', `/catalog/items/${item.id}/requests`, {
      answers: { kind: 'replace', old_asset: 'NB-0042', needed_by: '2026-12-24' },
    });
    expect(created.statusCode, created.body).toBe(201);
    const { ticket } = json<{ ticket: TicketDto }>(created);
    expect(ticket).toMatchObject({ type: 'service_request', subject: '申请笔记本电脑' });
    expect(ticket.description).toContain('旧资产编号：NB-0042');

    let tasks = json<{ items: FulfilmentTaskDto[] }>(
      await call(requester, 'GET', `/tickets/${ticket.id}/tasks`),
    ).items;
    expect(tasks.map((t) => [t.title, t.status])).toEqual([
      ['Step 1', 'open'],
      ['Step 2', 'waiting'],
    ]);
    const [first, second] = tasks as [FulfilmentTaskDto, FulfilmentTaskDto];
    expect((await call(requester, 'PATCH', `/tasks/${first.id}`, { status: 'done' })).statusCode).toBe(404);
    expect((await call(fieldAgent, 'PATCH', `/tasks/${first.id}`, { status: 'done' })).statusCode).toBe(403);
    expect((await call(fieldAgent, 'PATCH', `/tasks/${second.id}`, { status: 'done' })).statusCode).toBe(409);
    expect((await call(deskAgent, 'PATCH', `/tasks/${first.id}`, { status: 'open' })).statusCode).toBe(400);
    const done = await call(deskAgent, 'PATCH', `/tasks/${first.id}`, { status: 'done' });
    expect(json<FulfilmentTaskDto>(done)).toMatchObject({ status: 'done', doneById: deskAgent.user.id });
    expect((await call(deskAgent, 'PATCH', `/tasks/${first.id}`, { status: 'done' })).statusCode).toBe(409);
    tasks = json<{ items: FulfilmentTaskDto[] }>(
      await call(requester, 'GET', `/tickets/${ticket.id}/tasks`),
    ).items;
    expect(tasks.map((t) => t.status)).toEqual(['done', 'open']);
    const inProgress = json<TicketDto>(await call(requester, 'GET', `/tickets/${ticket.id}`));
    expect(inProgress.status).toBe('in_progress');

    expect((await call(fieldAgent, 'PATCH', `/tasks/${second.id}`, { status: 'done' })).statusCode).toBe(200);
    const resolved = json<TicketDto>(await call(requester, 'GET', `/tickets/${ticket.id}`));
    expect(resolved.status).toBe('resolved');
    const request = json<ServiceRequestDto>(
      await call(deskAgent, 'GET', `/tickets/${ticket.id}/service-request`),
    );
    expect(request.status).toBe('fulfilled');
    const timeline = json<{ items: TimelineEventDto[] }>(
      await call(deskAgent, 'GET', `/tickets/${ticket.id}/timeline`),
    );
    const kinds = timeline.items.map((e) => e.kind);
    for (const kind of [
      'catalog.requested',
      'catalog.tasks_created',
      'catalog.task_done',
      'catalog.request_fulfilled',
    ]) {
      expect(kinds).toContain(kind);
    }
  });

  it('finishes parallel tasks in any order and hides requests from other requesters', async () => {
    const admin = await buildUser(ctx, { role: 'admin' });
    const requester = await buildUser(ctx, { role: 'requester' });
    const stranger = await buildUser(ctx, { role: 'requester' });
    const team = await buildTeam(ctx);
    const item = json<CatalogItemDto>(
      await call(admin, 'POST', '/catalog/items', laptopItem([team.id, team.id], { taskOrder: 'parallel' })),
    );
    const { ticket } = json<{ ticket: TicketDto }>(
      await call(requester, 'POST', `/catalog/items/${item.id}/requests`, { answers: { kind: 'new' } }),
    );
    expect(ticket.subject).toBe('Request a laptop');
    expect((await call(stranger, 'GET', `/tickets/${ticket.id}/tasks`)).statusCode).toBe(404);
    expect((await call(stranger, 'GET', `/tickets/${ticket.id}/service-request`)).statusCode).toBe(404);
    const tasks = json<{ items: FulfilmentTaskDto[] }>(
      await call(admin, 'GET', `/tickets/${ticket.id}/tasks`),
    ).items;
    expect(tasks.map((t) => t.status)).toEqual(['open', 'open']);
    await call(admin, 'PATCH', `/tasks/${tasks[1]?.id}`, { status: 'done' });
    expect(json<TicketDto>(await call(admin, 'GET', `/tickets/${ticket.id}`)).status).toBe('in_progress');
    await call(admin, 'PATCH', `/tasks/${tasks[0]?.id}`, { status: 'done' });
    expect(json<TicketDto>(await call(admin, 'GET', `/tickets/${ticket.id}`)).status).toBe('resolved');
  });

  it('waits for its approval: approved starts the tasks, rejected closes it with the reason told', async () => {
    const admin = await buildUser(ctx, { role: 'admin' });
    const approver = await buildUser(ctx, { role: 'lead' });
    const requester = await buildUser(ctx, { role: 'requester', locale: 'zh-CN' });
    const team = await buildTeam(ctx);
    const agent = await agentOf(admin, team.id);
    const item = json<CatalogItemDto>(
      await call(
        admin,
        'POST',
        '/catalog/items',
        laptopItem([team.id], {
          approval: { approverIds: [approver.user.id], approverRules: [], mode: 'any' },
        }),
      ),
    );
    const open = async () => {
      const response = await call(requester, 'POST', `/catalog/items/${item.id}/requests`, {
        answers: { kind: 'new' },
      });
      expect(response.statusCode, response.body).toBe(201);
      const { ticket } = json<{ ticket: TicketDto }>(response);
      const request = json<ServiceRequestDto>(
        await call(requester, 'GET', `/tickets/${ticket.id}/service-request`),
      );
      expect(request).toMatchObject({ status: 'awaiting_approval', tasks: [] });
      expect(request.approvalId).not.toBeNull();
      return { ticket, approvalId: request.approvalId as number };
    };

    const approved = await open();
    expect((await call(agent, 'GET', `/tickets/${approved.ticket.id}/tasks`)).json()).toEqual({ items: [] });
    const pending = json<{ items: { id: number; subjectType: string; subjectId: number }[] }>(
      await call(approver, 'GET', '/approvals?status=pending'),
    ).items;
    expect(pending.find((a) => a.id === approved.approvalId)?.subjectType).toBe('service_request');
    const yes = await call(approver, 'POST', `/approvals/${approved.approvalId}/decision`, {
      decision: 'approve',
    });
    expect(yes.statusCode, yes.body).toBe(200);
    const tasks = json<{ items: FulfilmentTaskDto[] }>(
      await call(agent, 'GET', `/tickets/${approved.ticket.id}/tasks`),
    ).items;
    expect(tasks.map((t) => t.status)).toEqual(['open']);
    expect((await call(agent, 'PATCH', `/tasks/${tasks[0]?.id}`, { status: 'done' })).statusCode).toBe(200);
    expect(json<TicketDto>(await call(requester, 'GET', `/tickets/${approved.ticket.id}`)).status).toBe(
      'resolved',
    );

    const rejected = await open();
    const no = await call(approver, 'POST', `/approvals/${rejected.approvalId}/decision`, {
      decision: 'reject',
      comment: '本季度预算已用完',
    });
    expect(no.statusCode, no.body).toBe(200);
    expect(json<TicketDto>(await call(requester, 'GET', `/tickets/${rejected.ticket.id}`)).status).toBe(
      'cancelled',
    );
    const messages = json<{ items: MessageDto[] }>(
      await call(requester, 'GET', `/tickets/${rejected.ticket.id}/messages`),
    );
    const reply = messages.items.find((m) => m.body.includes('本季度预算已用完'));
    expect(reply).toMatchObject({ internal: false });
    expect(reply?.body).toContain('审批未通过');
    expect(
      json<ServiceRequestDto>(await call(requester, 'GET', `/tickets/${rejected.ticket.id}/service-request`))
        .status,
    ).toBe('rejected');
    expect((await call(agent, 'GET', `/tickets/${rejected.ticket.id}/tasks`)).json()).toEqual({ items: [] });
  });
});

describe('standard requests from the catalog (CL-4)', () => {
  it("answers a new ticket that names an item with a guide, in the requester's language", async () => {
    const admin = await buildUser(ctx, { role: 'admin' });
    const requester = await buildUser(ctx, { role: 'requester', locale: 'en' });
    const guide = 'Open https://id.example.com, choose "Forgot password" and follow the SMS code.';
    const item = json<CatalogItemDto>(
      await call(admin, 'POST', '/catalog/items', {
        name: label('重置邮箱密码', 'Reset email password'),
        published: true,
        guide,
      }),
    );
    const triage = (ticketId: number) =>
      ctx.database.db.transaction((tx) => applyTriage({ tx, ticketId, now: new Date() }));
    const messagesOf = async (ticketId: number) =>
      json<{ items: MessageDto[] }>(await call(requester, 'GET', `/tickets/${ticketId}/messages`)).items;

    const matching = await buildTicket(ctx, requester, {
      subject: 'Please reset my email password',
      description: 'I forgot the password of my email account and cannot sign in.',
    });
    await triage(matching.id);
    const [answer] = await messagesOf(matching.id);
    expect(answer).toMatchObject({ internal: false });
    expect(answer?.body).toContain(guide);
    expect(answer?.body).toContain('"Reset email password" is a standard request');
    const timeline = json<{ items: TimelineEventDto[] }>(
      await call(admin, 'GET', `/tickets/${matching.id}/timeline`),
    );
    expect(timeline.items.map((e) => e.kind)).toContain('catalog.guide_sent');

    const unrelated = await buildTicket(ctx, requester, {
      subject: 'Printer jams',
      description: 'Paper jam on floor 3.',
    });
    await triage(unrelated.id);
    expect(await messagesOf(unrelated.id)).toEqual([]);

    const { ticket: fromCatalog } = json<{ ticket: TicketDto }>(
      await call(requester, 'POST', `/catalog/items/${item.id}/requests`, { answers: {} }),
    );
    await triage(fromCatalog.id);
    expect(await messagesOf(fromCatalog.id)).toEqual([]);
  });
});
