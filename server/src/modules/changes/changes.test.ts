import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ChangeCalendar, ChangeDto, FreezeDto } from '../../../../contracts/changes.ts';
import { buildTicket, buildUser, type TestUser } from '../../../test/factories.ts';
import { outboxFor } from '../../../test/factories-feedback.ts';
import { json, setupTestApp } from '../../../test/harness.ts';

const ctx = await setupTestApp();

const call = (as: TestUser, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
  ctx.app.inject({ method, url: `/api/v1${url}`, headers: as.headers, ...(payload ? { payload } : {}) });

let admin: TestUser;
let lead: TestUser;
let agent: TestUser;
let cab1: TestUser;
let cab2: TestUser;
let freezeBoss: TestUser;
let requester: TestUser;
beforeAll(async () => {
  admin = await buildUser(ctx, { role: 'admin' });
  lead = await buildUser(ctx, { role: 'lead' });
  agent = await buildUser(ctx, { role: 'agent' });
  cab1 = await buildUser(ctx, { role: 'lead' });
  cab2 = await buildUser(ctx, { role: 'agent' });
  freezeBoss = await buildUser(ctx, { role: 'admin' });
  requester = await buildUser(ctx);
});

/** A window in the future: `day` days from a fixed base far ahead, `hours` long. */
function windowAt(day: number, hours = 2) {
  const start = new Date(Date.UTC(2031, 0, 1, 10) + day * 86_400_000);
  return {
    plannedStart: start.toISOString(),
    plannedEnd: new Date(start.getTime() + hours * 3_600_000).toISOString(),
  };
}

async function draft(overrides: Record<string, unknown> = {}, as: TestUser = agent): Promise<ChangeDto> {
  const response = await call(as, 'POST', '/changes', {
    type: 'normal',
    title: '升级财务系统数据库',
    description: 'PostgreSQL 15 -> 17',
    implementationPlan: 'pg_upgrade',
    rollbackPlan: '切回旧实例',
    testPlan: '导出报表',
    ...windowAt(0),
    ...overrides,
  });
  expect(response.statusCode, response.body).toBe(201);
  return json<ChangeDto>(response);
}

async function freeze(day: number, days: number, name = '春节封网'): Promise<FreezeDto> {
  const start = new Date(Date.UTC(2031, 0, 1) + day * 86_400_000);
  const response = await call(lead, 'POST', '/change-freezes', {
    name,
    startsAt: start.toISOString(),
    endsAt: new Date(start.getTime() + days * 86_400_000).toISOString(),
    reason: '节假日保障',
  });
  expect(response.statusCode, response.body).toBe(201);
  return json<FreezeDto>(response);
}

async function decide(as: TestUser, approvalId: number, decision: 'approve' | 'reject') {
  const response = await call(as, 'POST', `/approvals/${approvalId}/decision`, { decision, comment: 'CAB' });
  expect(response.statusCode, response.body).toBe(200);
}

const get = async (id: number) => json<ChangeDto>(await call(agent, 'GET', `/changes/${id}`));
const countEvents = async (kind: string) =>
  Number(
    (
      await ctx.database.db.execute<{ n: number }>(
        sql`select count(*)::int as n from audit_events where kind = ${kind}`,
      )
    ).rows[0]?.n,
  );

describe('changes: create, edit, statuses', () => {
  it('creates a draft with the issue’s fields and lists it', async () => {
    const ticket = await buildTicket(ctx, requester);
    const change = await draft({ ticketIds: [ticket.id], impact: 'high' });
    expect(change).toMatchObject({
      type: 'normal',
      status: 'draft',
      impact: 'high',
      risk: 'low',
      ticketIds: [ticket.id],
      owner: { id: agent.user.id },
      conflicts: [],
    });
    expect(change.tickets[0]).toMatchObject({ id: ticket.id, number: ticket.number });
    const list = json<{ items: { id: number }[] }>(await call(agent, 'GET', '/changes?status=draft'));
    expect(list.items.map((c) => c.id)).toContain(change.id);
  });

  it('refuses bad input with a 4xx and writes nothing', async () => {
    const before = await countEvents('change.created');
    const cases: [Record<string, unknown>, number, string][] = [
      [{ ...windowAt(1), plannedEnd: windowAt(0).plannedStart }, 400, 'change.bad_window'],
      [{ type: 'sideways' }, 400, 'validation.invalid'],
      [{ title: '' }, 400, 'validation.invalid'],
      [{ plannedStart: 'tomorrow' }, 400, 'validation.invalid'],
      [{ ticketIds: [987654321] }, 400, 'change.ticket_not_found'],
      [{ type: 'standard' }, 400, 'change.template_required'],
      [{ type: 'standard', templateId: 987654 }, 400, 'change.template_not_found'],
    ];
    for (const [body, status, code] of cases) {
      const response = await call(agent, 'POST', '/changes', {
        type: 'normal',
        title: 'x',
        ...windowAt(0),
        ...body,
      });
      expect(response.statusCode, JSON.stringify(body)).toBe(status);
      expect(json<{ error: { code: string } }>(response).error.code, JSON.stringify(body)).toBe(code);
    }
    expect(await countEvents('change.created')).toBe(before);
    const byRequester = await call(requester, 'POST', '/changes', {
      type: 'normal',
      title: 'x',
      ...windowAt(0),
    });
    expect(byRequester.statusCode).toBe(403);
  });

  it('edits only while not yet approved, and refuses moves the machine does not allow (409)', async () => {
    const change = await draft();
    const edited = await call(agent, 'PATCH', `/changes/${change.id}`, { title: '升级数据库（第二版）' });
    expect(json<ChangeDto>(edited).title).toBe('升级数据库（第二版）');
    const early = await call(agent, 'POST', `/changes/${change.id}/implement`, { outcome: 'successful' });
    expect(early.statusCode).toBe(409);
    expect(json<{ error: { code: string } }>(early).error.code).toBe('change.invalid_transition');
    expect((await call(agent, 'POST', `/changes/${change.id}/review`, { notes: 'x' })).statusCode).toBe(409);
    expect((await call(agent, 'POST', `/changes/${change.id}/schedule`)).statusCode).toBe(409);
    const submitted = await call(agent, 'POST', `/changes/${change.id}/submit`, {
      approvers: [cab1.user.id],
      mode: 'any',
    });
    expect(json<ChangeDto>(submitted).status).toBe('submitted');
    expect(
      (await call(agent, 'POST', `/changes/${change.id}/submit`, { approvers: [cab1.user.id] })).statusCode,
    ).toBe(409);
    await decide(cab1, json<ChangeDto>(submitted).approvalId as number, 'approve');
    expect((await get(change.id)).status).toBe('approved');
    const late = await call(agent, 'PATCH', `/changes/${change.id}`, { title: 'too late' });
    expect(late.statusCode).toBe(409);
    expect(json<{ error: { code: string } }>(late).error.code).toBe('change.not_editable');
    expect((await get(change.id)).title).toBe('升级数据库（第二版）');
    expect(json<ChangeDto>(await call(agent, 'POST', `/changes/${change.id}/schedule`)).status).toBe(
      'scheduled',
    );
    expect(json<ChangeDto>(await call(agent, 'POST', `/changes/${change.id}/start`)).status).toBe(
      'implementing',
    );
    const done = json<ChangeDto>(
      await call(agent, 'POST', `/changes/${change.id}/implement`, {
        outcome: 'successful',
        notes: '顺利完成',
      }),
    );
    expect(done).toMatchObject({ status: 'implemented', outcome: 'successful', reviewRequired: false });
    const reviewed = json<ChangeDto>(
      await call(agent, 'POST', `/changes/${change.id}/review`, { notes: '复盘完毕' }),
    );
    expect(reviewed).toMatchObject({ status: 'reviewed', reviewNotes: '复盘完毕' });
    expect(
      (await call(agent, 'POST', `/changes/${change.id}/implement`, { outcome: 'failed' })).statusCode,
    ).toBe(409);
  });

  it('rejects a change when one of two CAB members rejects (会签)', async () => {
    const change = await draft();
    const submitted = json<ChangeDto>(
      await call(agent, 'POST', `/changes/${change.id}/submit`, {
        approvers: [cab1.user.id, cab2.user.id],
        mode: 'all',
      }),
    );
    expect(submitted).toMatchObject({ status: 'submitted', approvalMode: 'all', approvalStage: 'cab' });
    await decide(cab1, submitted.approvalId as number, 'approve');
    expect((await get(change.id)).status).toBe('submitted');
    await decide(cab2, submitted.approvalId as number, 'reject');
    expect((await get(change.id)).status).toBe('rejected');
  });

  it('approves a change when both CAB members approve (会签)', async () => {
    const change = await draft();
    const submitted = json<ChangeDto>(
      await call(agent, 'POST', `/changes/${change.id}/submit`, {
        approvers: [cab1.user.id, cab2.user.id],
        mode: 'all',
      }),
    );
    await decide(cab2, submitted.approvalId as number, 'approve');
    expect((await get(change.id)).status).toBe('submitted');
    await decide(cab1, submitted.approvalId as number, 'approve');
    expect((await get(change.id)).status).toBe('approved');
  });

  it('goes back to draft when its approval is withdrawn, and can be edited and submitted again', async () => {
    const change = await draft();
    const submitted = json<ChangeDto>(
      await call(agent, 'POST', `/changes/${change.id}/submit`, {
        approvers: [cab1.user.id, cab2.user.id],
        mode: 'all',
      }),
    );
    const cancel = await call(agent, 'POST', `/approvals/${submitted.approvalId}/cancel`, {
      reason: '窗口要改',
    });
    expect(cancel.statusCode, cancel.body).toBe(200);
    expect(await get(change.id)).toMatchObject({ status: 'draft', approvalId: null });
    const edited = await call(agent, 'PATCH', `/changes/${change.id}`, { title: '升级数据库（新窗口）' });
    expect(edited.statusCode, edited.body).toBe(200);
    const again = json<ChangeDto>(
      await call(agent, 'POST', `/changes/${change.id}/submit`, { approvers: [cab1.user.id], mode: 'any' }),
    );
    expect(again.status).toBe('submitted');
    await decide(cab1, again.approvalId as number, 'approve');
    expect((await get(change.id)).status).toBe('approved');
  });

  it('needs CAB approvers for a normal change, none for a standard one from a template', async () => {
    const change = await draft();
    const none = await call(agent, 'POST', `/changes/${change.id}/submit`, { approvers: [] });
    expect(json<{ error: { code: string } }>(none).error.code).toBe('change.approvers_required');
    expect((await get(change.id)).status).toBe('draft');
    const template = await call(lead, 'POST', '/change-templates', {
      name: '重启打印服务',
      implementationPlan: 'systemctl restart cups',
      rollbackPlan: '无',
    });
    expect(template.statusCode, template.body).toBe(201);
    const unchanged = await call(lead, 'PATCH', `/change-templates/${json<{ id: number }>(template).id}`, {});
    expect(unchanged.statusCode, unchanged.body).toBe(200);
    expect(json<{ name: string }>(unchanged).name).toBe('重启打印服务');
    const forbidden = await call(agent, 'POST', '/change-templates', { name: 'x' });
    expect(forbidden.statusCode).toBe(403);
    const standard = await draft({
      type: 'standard',
      templateId: json<{ id: number }>(template).id,
      ...windowAt(40),
    });
    expect(standard.implementationPlan).toBe('pg_upgrade');
    const fromTemplate = await draft({
      type: 'standard',
      templateId: json<{ id: number }>(template).id,
      implementationPlan: '',
      ...windowAt(40),
    });
    expect(fromTemplate.implementationPlan).toBe('systemctl restart cups');
    const approved = json<ChangeDto>(await call(agent, 'POST', `/changes/${fromTemplate.id}/submit`, {}));
    expect(approved).toMatchObject({ status: 'approved', approvalId: null });
  });
});

describe('freeze windows (封网)', () => {
  it('refuses to submit a normal change planned inside a freeze (409 naming it), and changes nothing', async () => {
    const window = await freeze(100, 7, '国庆封网');
    const change = await draft(windowAt(102));
    expect(change.freezes).toEqual([{ id: window.id, name: '国庆封网' }]);
    const response = await call(agent, 'POST', `/changes/${change.id}/submit`, { approvers: [cab1.user.id] });
    expect(response.statusCode).toBe(409);
    const body = json<{ error: { code: string; message: string } }>(response);
    expect(body.error.code).toBe('change.freeze_conflict');
    expect(body.error.message).toContain('国庆封网');
    const after = await get(change.id);
    expect(after).toMatchObject({ status: 'draft', approvalId: null });
    const approvals = await ctx.database.db.execute(
      sql`select 1 from approvals where subject_type = 'change' and subject_id = ${change.id}`,
    );
    expect(approvals.rows).toHaveLength(0);
    // Just outside the window: fine.
    const outside = await draft(windowAt(107));
    expect(
      json<ChangeDto>(
        await call(agent, 'POST', `/changes/${outside.id}/submit`, { approvers: [cab1.user.id] }),
      ).status,
    ).toBe('submitted');
  });

  it('lets an emergency change in a freeze through the CAB and then the freeze approver', async () => {
    await freeze(200, 3, '双十一封网');
    const change = await draft({ type: 'emergency', title: '紧急修复支付网关', ...windowAt(201) });
    const missing = await call(agent, 'POST', `/changes/${change.id}/submit`, { approvers: [cab1.user.id] });
    expect(missing.statusCode).toBe(400);
    expect(json<{ error: { code: string } }>(missing).error.code).toBe('change.freeze_approval_required');
    const submitted = json<ChangeDto>(
      await call(agent, 'POST', `/changes/${change.id}/submit`, {
        approvers: [cab1.user.id],
        mode: 'all',
        freezeApproverIds: [freezeBoss.user.id],
      }),
    );
    expect(submitted).toMatchObject({
      status: 'submitted',
      approvalStage: 'cab',
      freezeApproverIds: [freezeBoss.user.id],
    });
    await decide(cab1, submitted.approvalId as number, 'approve');
    const waiting = await get(change.id);
    expect(waiting).toMatchObject({ status: 'submitted', approvalStage: 'freeze' });
    expect(waiting.approvalId).not.toBe(submitted.approvalId);
    // The first approval's approver cannot decide the freeze approval.
    const notTheirs = await call(cab1, 'POST', `/approvals/${waiting.approvalId}/decision`, {
      decision: 'approve',
    });
    expect(notTheirs.statusCode).toBeGreaterThanOrEqual(400);
    await decide(freezeBoss, waiting.approvalId as number, 'approve');
    expect((await get(change.id)).status).toBe('approved');
  });

  it('a no from the freeze approver rejects the emergency change', async () => {
    await freeze(300, 2, '年终封网');
    const change = await draft({ type: 'emergency', ...windowAt(300) });
    const submitted = json<ChangeDto>(
      await call(agent, 'POST', `/changes/${change.id}/submit`, {
        approvers: [cab1.user.id],
        freezeApproverIds: [freezeBoss.user.id],
      }),
    );
    await decide(cab1, submitted.approvalId as number, 'approve');
    await decide(freezeBoss, (await get(change.id)).approvalId as number, 'reject');
    expect((await get(change.id)).status).toBe('rejected');
  });

  it('is kept by leads and admins only; bad windows are 400', async () => {
    const start = new Date(Date.UTC(2032, 0, 1)).toISOString();
    const end = new Date(Date.UTC(2032, 0, 3)).toISOString();
    expect(
      (await call(agent, 'POST', '/change-freezes', { name: 'x', startsAt: start, endsAt: end })).statusCode,
    ).toBe(403);
    const bad = await call(admin, 'POST', '/change-freezes', { name: 'x', startsAt: end, endsAt: start });
    expect(json<{ error: { code: string } }>(bad).error.code).toBe('change.bad_freeze_window');
    const created = json<FreezeDto>(
      await call(admin, 'POST', '/change-freezes', { name: '元旦', startsAt: start, endsAt: end }),
    );
    const moved = await call(admin, 'PATCH', `/change-freezes/${created.id}`, {
      endsAt: new Date(Date.UTC(2031, 0, 1)).toISOString(),
    });
    expect(moved.statusCode).toBe(400);
    const renamed = json<FreezeDto>(
      await call(lead, 'PATCH', `/change-freezes/${created.id}`, { name: '元旦封网' }),
    );
    expect(renamed.name).toBe('元旦封网');
    expect((await call(agent, 'DELETE', `/change-freezes/${created.id}`)).statusCode).toBe(403);
    expect((await call(admin, 'DELETE', `/change-freezes/${created.id}`)).statusCode).toBe(204);
    expect((await call(admin, 'DELETE', `/change-freezes/${created.id}`)).statusCode).toBe(404);
  });
});

describe('change calendar (变更日历)', () => {
  it('lists changes and freezes in the window; a bad or too wide window is 400', async () => {
    await freeze(500, 2, '机房搬迁封网');
    const inside = await draft({ title: '日历内', ...windowAt(501) });
    const outside = await draft({ title: '日历外', ...windowAt(540) });
    const from = new Date(Date.UTC(2031, 0, 1) + 495 * 86_400_000).toISOString();
    const to = new Date(Date.UTC(2031, 0, 1) + 510 * 86_400_000).toISOString();
    const response = await call(
      agent,
      'GET',
      `/changes/calendar?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`,
    );
    expect(response.statusCode, response.body).toBe(200);
    const calendar = json<ChangeCalendar>(response);
    const ids = calendar.changes.map((c) => c.id);
    expect(ids).toContain(inside.id);
    expect(ids).not.toContain(outside.id);
    expect(calendar.freezes.map((f) => f.name)).toContain('机房搬迁封网');
    const wide = await call(
      agent,
      'GET',
      `/changes/calendar?from=2031-01-01T00:00:00Z&to=2032-01-01T00:00:00Z`,
    );
    expect(json<{ error: { code: string } }>(wide).error.code).toBe('change.bad_calendar_window');
    const backwards = await call(
      agent,
      'GET',
      `/changes/calendar?from=2031-02-01T00:00:00Z&to=2031-01-01T00:00:00Z`,
    );
    expect(backwards.statusCode).toBe(400);
    expect((await call(agent, 'GET', '/changes/calendar?from=yesterday&to=now')).statusCode).toBe(400);
    expect((await call(requester, 'GET', `/changes/calendar?from=${from}&to=${to}`)).statusCode).toBe(403);
  });
});

describe('outcomes and reviews', () => {
  async function approvedChange(type: 'normal' | 'emergency'): Promise<ChangeDto> {
    const change = await draft({ type, ...windowAt(600) });
    const submitted = json<ChangeDto>(
      await call(agent, 'POST', `/changes/${change.id}/submit`, { approvers: [cab1.user.id] }),
    );
    await decide(cab1, submitted.approvalId as number, 'approve');
    return get(change.id);
  }

  it('a failed change asks its owner for a review', async () => {
    const change = await approvedChange('normal');
    const failed = json<ChangeDto>(
      await call(agent, 'POST', `/changes/${change.id}/implement`, {
        outcome: 'failed',
        notes: '迁移脚本报错',
      }),
    );
    expect(failed).toMatchObject({ status: 'failed', outcome: 'failed', reviewRequired: true });
    const notices = await ctx.database.db.execute<{ title: string }>(
      sql`select title from notifications where user_id = ${agent.user.id} and event = 'change.review_requested'`,
    );
    expect(notices.rows.map((n) => n.title)).toContain(
      `Change #${change.id} needs a review: ${change.title}`,
    );
    const pending = json<{ items: { id: number }[] }>(
      await call(agent, 'GET', '/changes?reviewRequired=true'),
    );
    expect(pending.items.map((c) => c.id)).toContain(change.id);
  });

  it('an emergency change asks for a review even when successful; rolled back is its own status', async () => {
    const emergency = await approvedChange('emergency');
    const done = json<ChangeDto>(
      await call(agent, 'POST', `/changes/${emergency.id}/implement`, { outcome: 'successful' }),
    );
    expect(done).toMatchObject({ status: 'implemented', reviewRequired: true });
    const normal = await approvedChange('normal');
    const back = json<ChangeDto>(
      await call(agent, 'POST', `/changes/${normal.id}/implement`, { outcome: 'rolled_back' }),
    );
    expect(back).toMatchObject({ status: 'rolled_back', reviewRequired: true });
    const bad = await call(agent, 'POST', `/changes/${normal.id}/review`, { notes: '' });
    expect(bad.statusCode).toBe(400);
    expect(
      json<ChangeDto>(await call(agent, 'POST', `/changes/${normal.id}/review`, { notes: '回退原因已查明' })),
    ).toMatchObject({ status: 'reviewed', reviewRequired: false });
  });

  it('marks incidents caused by a change', async () => {
    const change = await approvedChange('normal');
    const ticket = await buildTicket(ctx, requester);
    const marked = json<ChangeDto>(
      await call(agent, 'POST', `/changes/${change.id}/caused-incidents`, { ticketIds: [ticket.id] }),
    );
    expect(marked.causedTicketIds).toEqual([ticket.id]);
    const unknown = await call(agent, 'POST', `/changes/${change.id}/caused-incidents`, {
      ticketIds: [99999999],
    });
    expect(unknown.statusCode).toBe(400);
  });
});

describe('a change that fixes a problem', () => {
  it('validates problemId, and implemented successfully resolves the problem and its incidents', async () => {
    const unknown = await call(agent, 'POST', '/changes', {
      type: 'normal',
      title: 'x',
      problemId: 99999999,
      ...windowAt(0),
    });
    expect(unknown.statusCode).toBe(400);
    expect(json<{ error: { code: string; field: string } }>(unknown).error).toMatchObject({
      code: 'problem.not_found',
      field: 'problemId',
    });
    const requesters = [requester, await buildUser(ctx, { locale: 'zh-CN' }), await buildUser(ctx)];
    const tickets = [];
    for (const person of requesters)
      tickets.push(await buildTicket(ctx, person, { subject: 'VPN 频繁断线' }));
    const problem = json<{ id: number }>(
      await call(agent, 'POST', '/problems', { title: 'VPN 断线', ticketIds: tickets.map((t) => t.id) }),
    );
    const change = await draft({ problemId: problem.id, title: '调整 VPN 空闲超时', ...windowAt(700) });
    expect(change.problemId).toBe(problem.id);
    expect(change.problem).toMatchObject({ id: problem.id, title: 'VPN 断线' });
    const submitted = json<ChangeDto>(
      await call(agent, 'POST', `/changes/${change.id}/submit`, { approvers: [cab1.user.id] }),
    );
    await decide(cab1, submitted.approvalId as number, 'approve');
    const done = await call(agent, 'POST', `/changes/${change.id}/implement`, {
      outcome: 'successful',
      notes: '空闲超时由 5 分钟调到 60 分钟',
    });
    expect(done.statusCode, done.body).toBe(200);
    const detail = json<{ status: string; incidents: { status: string }[] }>(
      await call(agent, 'GET', `/problems/${problem.id}`),
    );
    expect(detail.status).toBe('resolved');
    expect(detail.incidents.map((i) => i.status)).toEqual(['resolved', 'resolved', 'resolved']);
    // The change shows the problem's incidents, resolved.
    expect((await get(change.id)).tickets.map((t) => [t.id, t.status])).toEqual(
      tickets.map((t) => [t.id, 'resolved']),
    );
    for (const person of requesters)
      expect(await outboxFor(ctx, 'resolution.report', person.user.email)).toHaveLength(1);
  });

  it('a failed change leaves the problem and its incidents open', async () => {
    const ticket = await buildTicket(ctx, requester);
    const problem = json<{ id: number }>(
      await call(agent, 'POST', '/problems', { title: '打印机卡纸', ticketIds: [ticket.id] }),
    );
    const change = await draft({ problemId: problem.id, ...windowAt(710) });
    const submitted = json<ChangeDto>(
      await call(agent, 'POST', `/changes/${change.id}/submit`, { approvers: [cab1.user.id] }),
    );
    await decide(cab1, submitted.approvalId as number, 'approve');
    await call(agent, 'POST', `/changes/${change.id}/implement`, { outcome: 'failed' });
    const detail = json<{ status: string; incidents: { status: string }[] }>(
      await call(agent, 'GET', `/problems/${problem.id}`),
    );
    expect(detail.status).not.toBe('resolved');
    expect(detail.incidents[0]?.status).not.toBe('resolved');
  });
});

describe('changes on assets: conflicts and risk', () => {
  async function asset(name: string, criticality: 'low' | 'medium' | 'high' | 'critical', type = 'server') {
    const response = await call(agent, 'POST', '/assets', { name, type, criticality });
    expect(response.statusCode, response.body).toBe(201);
    return json<{ id: number }>(response).id;
  }
  async function relate(from: number, kind: string, to: number) {
    const response = await call(agent, 'POST', `/assets/${from}/relations`, { kind, targetId: to });
    expect(response.statusCode, response.body).toBeLessThan(300);
  }

  it('validates assetIds (400, nothing written)', async () => {
    const before = await countEvents('change.created');
    const response = await call(agent, 'POST', '/changes', {
      type: 'normal',
      title: 'x',
      assetIds: [99999999],
      ...windowAt(0),
    });
    expect(response.statusCode).toBe(400);
    expect(json<{ error: { code: string; field: string } }>(response).error).toMatchObject({
      code: 'asset.not_found',
      field: 'assetIds',
    });
    expect(await countEvents('change.created')).toBe(before);
  });

  it('lists overlapping changes on the same or related assets on both changes, and only those', async () => {
    const db1 = await asset('财务库服务器 DB-01', 'high');
    const erp = await asset('财务系统 ERP', 'medium', 'application');
    const storage = await asset('存储阵列 SAN-A', 'high');
    const lonely = await asset('打印机 PR-9', 'low', 'peripheral');
    await relate(erp, 'runs_on', db1);
    await relate(db1, 'depends_on', storage);
    const first = await draft({ title: '升级 ERP', assetIds: [erp], ...windowAt(800, 4) });
    // The storage under the database under the ERP, in an overlapping window: a conflict both ways.
    const second = await draft({ title: '扩容存储', assetIds: [storage], ...windowAt(800, 1) });
    // Same asset, a window that does not overlap; an unrelated asset in the same window.
    const later = await draft({ title: '补丁', assetIds: [erp], ...windowAt(801) });
    const elsewhere = await draft({ title: '换打印机', assetIds: [lonely], ...windowAt(800, 4) });
    const a = await get(first.id);
    const b = await get(second.id);
    expect(a.assets).toEqual([{ id: erp, name: '财务系统 ERP', type: 'application', criticality: 'medium' }]);
    expect(a.conflicts.map((c) => c.changeId)).toEqual([second.id]);
    expect(a.conflicts[0]).toMatchObject({
      title: '扩容存储',
      assetIds: [storage],
      plannedStart: second.plannedStart,
    });
    expect(b.conflicts.map((c) => c.changeId)).toEqual([first.id]);
    expect((await get(later.id)).conflicts).toEqual([]);
    expect((await get(elsewhere.id)).conflicts).toEqual([]);
    // A rejected or finished change no longer conflicts.
    const submitted = json<ChangeDto>(
      await call(agent, 'POST', `/changes/${second.id}/submit`, { approvers: [cab1.user.id] }),
    );
    await decide(cab1, submitted.approvalId as number, 'reject');
    expect((await get(first.id)).conflicts).toEqual([]);
  });

  it('computes the risk from criticality, open incidents and recent failures; an override needs a reason and is audited', async () => {
    const core = await asset('核心交换机 SW-CORE', 'critical', 'network');
    const calm = await draft({ assetIds: [], ...windowAt(900) });
    expect(calm).toMatchObject({ risk: 'low', riskFactors: { maxCriticality: null, score: 0 } });
    const onCore = await draft({ assetIds: [core], ...windowAt(900) });
    expect(onCore).toMatchObject({
      risk: 'high',
      computedRisk: 'high',
      riskFactors: { maxCriticality: 'critical', score: 4 },
    });
    for (let i = 0; i < 3; i++) await buildTicket(ctx, agent, { subject: `网络中断 ${i}`, assetIds: [core] });
    const busy = await draft({ assetIds: [core], ...windowAt(901) });
    expect(busy).toMatchObject({ risk: 'critical', riskFactors: { openIncidents: 3, score: 6 } });
    // A failed change on the asset counts for later ones.
    const failing = await draft({ assetIds: [core], ...windowAt(905) });
    const sub = json<ChangeDto>(
      await call(agent, 'POST', `/changes/${failing.id}/submit`, { approvers: [cab1.user.id] }),
    );
    await decide(cab1, sub.approvalId as number, 'approve');
    await call(agent, 'POST', `/changes/${failing.id}/implement`, { outcome: 'failed' });
    const after = await draft({ assetIds: [core], ...windowAt(910) });
    expect(after.riskFactors).toMatchObject({ recentFailedChanges: 1, openIncidents: 3, score: 7 });

    const noReason = await call(agent, 'PATCH', `/changes/${onCore.id}`, { risk: 'low' });
    expect(noReason.statusCode).toBe(400);
    expect(json<{ error: { code: string } }>(noReason).error.code).toBe('change.risk_reason_required');
    expect((await get(onCore.id)).risk).toBe('high');
    const overridden = json<ChangeDto>(
      await call(agent, 'PATCH', `/changes/${onCore.id}`, { risk: 'medium', riskReason: '交换机有冗余链路' }),
    );
    expect(overridden).toMatchObject({
      risk: 'medium',
      // Recomputed on the edit: the incidents and the failed change since raised it.
      computedRisk: 'critical',
      riskOverridden: true,
      riskReason: '交换机有冗余链路',
    });
    const audit = await ctx.database.db.execute<{ data: { to: string; reason: string; computed: string } }>(
      sql`select data from audit_events where kind = 'change.risk_overridden' and entity_id = ${onCore.id}`,
    );
    expect(audit.rows.map((r) => r.data)).toEqual([
      expect.objectContaining({ to: 'medium', computed: 'critical', reason: '交换机有冗余链路' }),
    ]);
    const back = json<ChangeDto>(
      await call(agent, 'PATCH', `/changes/${onCore.id}`, { risk: null, riskReason: '恢复计算值' }),
    );
    expect(back).toMatchObject({ risk: 'critical', riskOverridden: false });
  });
});
