import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { ConfirmResolutionResult, ResolutionDto } from '../../../../contracts/resolution.ts';
import type { TimelineEventDto } from '../../../../contracts/tickets.ts';
import { buildTicket, buildUser, type TestUser } from '../../../test/factories.ts';
import {
  outboxFor,
  patchTicket,
  resolutionInput,
  resolveViaApi,
  waitingJob,
} from '../../../test/factories-feedback.ts';
import { json, setupTestApp } from '../../../test/harness.ts';
import type { LiveEvent } from '../../platform/events/events.ts';
import { autoCloseIfDue } from './auto-close.ts';

const ctx = await setupTestApp();
const DAY = 86_400_000;

async function assignedTicket(agent: TestUser, requester: TestUser) {
  const ticket = await buildTicket(ctx, requester);
  await patchTicket(ctx, agent, ticket, { assigneeId: agent.user.id, status: 'in_progress' });
  return ticket;
}

async function confirm(as: TestUser, ticketId: number, payload: Record<string, unknown>) {
  return ctx.app.inject({
    method: 'POST',
    url: `/api/v1/tickets/${ticketId}/confirm`,
    headers: as.headers,
    payload,
  });
}

async function timeline(as: TestUser, ticketId: number) {
  const response = await ctx.app.inject({
    method: 'GET',
    url: `/api/v1/tickets/${ticketId}/timeline`,
    headers: as.headers,
  });
  return json<{ items: TimelineEventDto[] }>(response).items;
}

describe('POST /tickets/:id/resolve', () => {
  it('resolves through the status machine, stores the report and mails it in the requester language', async () => {
    const agent = await buildUser(ctx, { role: 'agent' });
    const requester = await buildUser(ctx, { role: 'requester', locale: 'zh-CN' });
    const ticket = await assignedTicket(agent, requester);

    const result = await resolveViaApi(ctx, agent, ticket, {
      rootCause: '插件 2.3 版本导致报表编码错误',
      actions: '回退插件到 2.2 版本并重新导出',
      prevention: '插件升级前先在测试环境验证',
    });
    expect(result.ticket.status).toBe('resolved');
    expect(result.ticket.resolvedAt).not.toBeNull();
    expect(result.resolution).toMatchObject({
      resolutionCode: 'software_update',
      rootCause: '插件 2.3 版本导致报表编码错误',
      outcome: 'pending',
      resolvedBy: { id: agent.user.id },
    });
    expect(result.resolution.autoCloseAt).not.toBeNull();

    const mails = await outboxFor(ctx, 'resolution.report', requester.user.email);
    expect(mails).toHaveLength(1);
    const [mail] = mails;
    expect(mail?.locale).toBe('zh-CN');
    expect(mail?.subject).toBe(`【工单 #${ticket.number}】解决报告：${ticket.subject}`);
    for (const part of [
      '根本原因:\n插件 2.3 版本导致报表编码错误',
      '解决方案:\n回退插件到 2.2 版本并重新导出',
      '预防建议',
      '插件升级前先在测试环境验证',
    ]) {
      expect(mail?.text_body).toContain(part);
    }
    expect(mail?.text_body).toContain(`/portal/tickets/${ticket.id}`);

    const events = await timeline(requester, ticket.id);
    const recorded = events.find((e) => e.kind === 'resolution.recorded');
    expect(recorded?.data).toMatchObject({
      rootCause: '插件 2.3 版本导致报表编码错误',
      resolutionCode: 'software_update',
    });
    expect(await waitingJob(ctx, `resolution.auto_close:${ticket.id}`)).toMatchObject({
      task_identifier: 'resolution.auto_close',
    });
  });

  it('writes the English report for an English-speaking requester', async () => {
    const agent = await buildUser(ctx, { role: 'agent' });
    const requester = await buildUser(ctx, { role: 'requester', locale: 'en' });
    const ticket = await assignedTicket(agent, requester);
    await resolveViaApi(ctx, agent, ticket);
    const [mail] = await outboxFor(ctx, 'resolution.report', requester.user.email);
    expect(mail?.subject).toBe(`[Ticket #${ticket.number}] Resolution report: ${ticket.subject}`);
    expect(mail?.text_body).toContain('Root cause:\nThe export plug-in 2.3 broke the report encoding.');
    expect(mail?.text_body).toContain('Solution:\nRolled the plug-in back to 2.2');
    expect(mail?.text_body).toContain(
      'How to prevent it:\nTest plug-in updates on the staging system first.',
    );
    expect(mail?.html_body).toContain(
      '<p>How to prevent it:<br>Test plug-in updates on the staging system first.</p>',
    );
  });

  it('refuses requesters, unknown codes, missing parts and tickets that cannot be resolved', async () => {
    const agent = await buildUser(ctx, { role: 'agent' });
    const requester = await buildUser(ctx, { role: 'requester' });
    const ticket = await assignedTicket(agent, requester);
    const post = (as: TestUser, payload: unknown) =>
      ctx.app.inject({
        method: 'POST',
        url: `/api/v1/tickets/${ticket.id}/resolve`,
        headers: as.headers,
        payload: payload as object,
      });

    expect((await post(requester, resolutionInput())).statusCode).toBe(403);
    const unknown = await post(agent, resolutionInput({ resolutionCode: 'magic' }));
    expect(unknown.statusCode).toBe(400);
    expect(json<{ error: { code: string; field: string } }>(unknown).error).toMatchObject({
      code: 'resolution.code_invalid',
      field: 'resolutionCode',
    });
    const missing = await post(agent, { resolutionCode: 'fixed', rootCause: 'x', actions: 'y' });
    expect(missing.statusCode).toBe(400);
    const rows = await ctx.database.db.execute(
      sql`select 1 from ticket_resolutions where ticket_id = ${ticket.id}`,
    );
    expect(rows.rows).toHaveLength(0);

    await resolveViaApi(ctx, agent, ticket);
    const again = await post(agent, resolutionInput());
    expect(again.statusCode).toBe(409);
    expect(json<{ error: { code: string } }>(again).error.code).toBe('resolution.not_resolvable');
  });

  it('lists the resolution codes, and an administrator adds one', async () => {
    const admin = await buildUser(ctx, { role: 'admin' });
    const agent = await buildUser(ctx, { role: 'agent' });
    const list = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/resolution-codes',
      headers: agent.headers,
    });
    const codes = json<{ items: { code: string; labelZh: string }[] }>(list).items;
    expect(codes.map((c) => c.code)).toContain('workaround');
    expect(codes.find((c) => c.code === 'fixed')?.labelZh).toBe('已修复');
    const add = (as: TestUser) =>
      ctx.app.inject({
        method: 'POST',
        url: '/api/v1/resolution-codes',
        headers: as.headers,
        payload: { code: 'patch_applied', labelEn: 'Patch applied', labelZh: '已打补丁' },
      });
    expect((await add(agent)).statusCode).toBe(403);
    expect((await add(admin)).statusCode).toBe(201);
    expect((await add(admin)).statusCode).toBe(409);
  });
});

describe('POST /tickets/:id/confirm', () => {
  it('closes the ticket when the requester confirms the fix, and opens the satisfaction survey', async () => {
    const agent = await buildUser(ctx, { role: 'agent' });
    const requester = await buildUser(ctx, { role: 'requester' });
    const ticket = await assignedTicket(agent, requester);
    await resolveViaApi(ctx, agent, ticket);

    const response = await confirm(requester, ticket.id, { fixed: true, comment: 'Works again, thanks' });
    expect(response.statusCode).toBe(200);
    const body = json<ConfirmResolutionResult>(response);
    expect(body.ticket.status).toBe('closed');
    expect(body.resolution).toMatchObject({
      outcome: 'confirmed',
      outcomeComment: 'Works again, thanks',
      autoCloseAt: null,
    });
    expect(await waitingJob(ctx, `resolution.auto_close:${ticket.id}`)).toBeNull();
    const surveys = await ctx.database.db.execute(
      sql`select 1 from csat_surveys where ticket_id = ${ticket.id}`,
    );
    expect(surveys.rows).toHaveLength(1);
    expect(await outboxFor(ctx, 'csat.survey', requester.user.email)).toHaveLength(1);
    expect((await timeline(requester, ticket.id)).map((e) => e.kind)).toContain('resolution.confirmed');
  });

  it('reopens when not fixed: the reopen count rises and the assignee is told at once', async () => {
    const agent = await buildUser(ctx, { role: 'agent' });
    const requester = await buildUser(ctx, { role: 'requester' });
    const ticket = await assignedTicket(agent, requester);
    await resolveViaApi(ctx, agent, ticket);

    const told: LiveEvent[] = [];
    const listener = (event: LiveEvent) => {
      if (event.ticketId === ticket.id) told.push(event);
    };
    ctx.events.on('event', listener);
    const response = await confirm(requester, ticket.id, {
      fixed: false,
      comment: 'Still fails with FIN-4012',
    });
    expect(response.statusCode).toBe(200);
    const body = json<ConfirmResolutionResult>(response);
    expect(body.ticket).toMatchObject({ status: 'open', reopenCount: 1, resolvedAt: null });
    expect(body.resolution?.outcome).toBe('rejected');
    await expect.poll(() => told.find((e) => e.type === 'resolution.rejected')).toBeTruthy();
    ctx.events.off('event', listener);
    expect(told.find((e) => e.type === 'resolution.rejected')).toMatchObject({
      userIds: [agent.user.id],
      data: { comment: 'Still fails with FIN-4012', reopenCount: 1 },
    });
    const events = await timeline(agent, ticket.id);
    expect(events.map((e) => e.kind)).toContain('resolution.rejected');
    // The reason is the requester's public message in the conversation ...
    const reason = events.find(
      (e) => e.kind === 'message.created' && e.data.purpose === 'resolution_rejected',
    );
    expect(reason).toMatchObject({
      actor: { id: requester.user.id },
      data: { body: 'Still fails with FIN-4012' },
    });
    const messages = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/tickets/${ticket.id}/messages`,
      headers: requester.headers,
    });
    expect(json<{ items: { body: string; internal: boolean }[] }>(messages).items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ body: 'Still fails with FIN-4012', internal: false }),
      ]),
    );
    // ... and the assignee's notification carries it.
    const bell = await ctx.database.db.execute<{ event: string; body: string }>(
      sql`select event, body from notifications where user_id = ${agent.user.id} and ticket_id = ${ticket.id}`,
    );
    const told2 = bell.rows.find((row) => row.event === 'resolution.rejected');
    expect(told2?.body).toContain('Still fails with FIN-4012');
    expect(bell.rows.filter((row) => row.event === 'ticket.requester_replied')).toEqual([]);
    expect(await waitingJob(ctx, `resolution.auto_close:${ticket.id}`)).toBeNull();

    // Resolved again and confirmed: two resolutions, the newest confirmed.
    await resolveViaApi(ctx, agent, ticket, { resolutionCode: 'configuration' });
    const second = json<ConfirmResolutionResult>(await confirm(requester, ticket.id, { fixed: true }));
    expect(second.ticket).toMatchObject({ status: 'closed', reopenCount: 1 });
    const list = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/tickets/${ticket.id}/resolutions`,
      headers: requester.headers,
    });
    const items = json<{ items: ResolutionDto[] }>(list).items;
    expect(items.map((r) => [r.resolutionCode, r.outcome])).toEqual([
      ['configuration', 'confirmed'],
      ['software_update', 'rejected'],
    ]);
  });

  it('only the requester confirms their own resolved ticket', async () => {
    const agent = await buildUser(ctx, { role: 'agent' });
    const requester = await buildUser(ctx, { role: 'requester' });
    const stranger = await buildUser(ctx, { role: 'requester' });
    const ticket = await assignedTicket(agent, requester);

    const early = await confirm(requester, ticket.id, { fixed: true });
    expect(early.statusCode).toBe(409);
    expect(json<{ error: { code: string } }>(early).error.code).toBe('resolution.not_resolved');
    await resolveViaApi(ctx, agent, ticket);
    expect((await confirm(agent, ticket.id, { fixed: true })).statusCode).toBe(403);
    expect((await confirm(stranger, ticket.id, { fixed: true })).statusCode).toBe(404);
    expect((await confirm(requester, ticket.id, { fixed: 'yes' })).statusCode).toBe(400);
    // "Not fixed" needs the reason, which the desk reads in the conversation.
    const bare = await confirm(requester, ticket.id, { fixed: false, comment: '   ' });
    expect(bare.statusCode).toBe(400);
    expect(json<{ error: { code: string; field: string } }>(bare).error).toMatchObject({
      code: 'resolution.reason_required',
      field: 'comment',
    });
    const still = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/tickets/${ticket.id}`,
      headers: agent.headers,
    });
    expect(json<{ status: string }>(still).status).toBe('resolved');
  });
});

describe('auto-close', () => {
  it('closes a resolved ticket after the administrator’s number of days without an answer', async () => {
    const admin = await buildUser(ctx, { role: 'admin' });
    const agent = await buildUser(ctx, { role: 'agent' });
    const requester = await buildUser(ctx, { role: 'requester' });
    const settings = await ctx.app.inject({
      method: 'PUT',
      url: '/api/v1/settings/resolution',
      headers: admin.headers,
      payload: { autoCloseDays: 3 },
    });
    expect(json<{ autoCloseDays: number }>(settings).autoCloseDays).toBe(3);
    const ticket = await assignedTicket(agent, requester);
    const { ticket: resolved } = await resolveViaApi(ctx, agent, ticket);
    const resolvedAt = Date.parse(resolved.resolvedAt ?? '');
    const job = await waitingJob(ctx, `resolution.auto_close:${ticket.id}`);
    expect(new Date(job?.run_at ?? 0).getTime()).toBe(resolvedAt + 3 * DAY);

    const db = ctx.database.db;
    const early = await db.transaction((tx) =>
      autoCloseIfDue({ tx, ticketId: ticket.id, now: new Date(resolvedAt + 2 * DAY) }),
    );
    expect(early).toBe('rescheduled');
    const late = await db.transaction((tx) =>
      autoCloseIfDue({ tx, ticketId: ticket.id, now: new Date(resolvedAt + 3 * DAY + 1000) }),
    );
    expect(late).toBe('closed');
    const after = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/tickets/${ticket.id}/resolutions`,
      headers: agent.headers,
    });
    expect(json<{ items: ResolutionDto[] }>(after).items[0]?.outcome).toBe('auto_closed');
    const closed = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/tickets/${ticket.id}`,
      headers: agent.headers,
    });
    expect(json<{ status: string }>(closed).status).toBe('closed');
    const kinds = (await timeline(agent, ticket.id)).map((e) => e.kind);
    expect(kinds).toContain('resolution.auto_closed');
    // Running again (a retried job) changes nothing.
    expect(await db.transaction((tx) => autoCloseIfDue({ tx, ticketId: ticket.id, now: new Date() }))).toBe(
      'nothing',
    );
    await ctx.app.inject({
      method: 'PUT',
      url: '/api/v1/settings/resolution',
      headers: admin.headers,
      payload: { autoCloseDays: 7 },
    });
  });

  it('a member of staff reopening by hand stops the timer and settles the resolution', async () => {
    const agent = await buildUser(ctx, { role: 'agent' });
    const requester = await buildUser(ctx, { role: 'requester' });
    const ticket = await assignedTicket(agent, requester);
    await resolveViaApi(ctx, agent, ticket);
    const reopened = await patchTicket(ctx, agent, ticket, { status: 'open' });
    expect(reopened.reopenCount).toBe(1);
    expect(await waitingJob(ctx, `resolution.auto_close:${ticket.id}`)).toBeNull();
    const list = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/tickets/${ticket.id}/resolutions`,
      headers: agent.headers,
    });
    expect(json<{ items: ResolutionDto[] }>(list).items[0]?.outcome).toBe('reopened_by_staff');
  });

  it('refuses settings from non-administrators and a bad time zone', async () => {
    const admin = await buildUser(ctx, { role: 'admin' });
    const lead = await buildUser(ctx, { role: 'lead' });
    const put = (as: TestUser, payload: object) =>
      ctx.app.inject({ method: 'PUT', url: '/api/v1/settings/resolution', headers: as.headers, payload });
    expect((await put(lead, { autoCloseDays: 2 })).statusCode).toBe(403);
    expect((await put(admin, { autoCloseDays: 0 })).statusCode).toBe(400);
    const zone = await put(admin, { reportTimezone: 'Mars/Olympus' });
    expect(json<{ error: { code: string } }>(zone).error.code).toBe('resolution.invalid_timezone');
  });
});

describe('auto-close job', () => {
  it('ends quietly for a ticket that is gone, and fails (to be retried) on any other error', async () => {
    const agent = await buildUser(ctx, { role: 'agent' });
    const requester = await buildUser(ctx, { role: 'requester' });
    const db = ctx.database.db;
    expect(
      await db.transaction((tx) => autoCloseIfDue({ tx, ticketId: 2_000_000_000, now: new Date() })),
    ).toBe('nothing');

    const ticket = await assignedTicket(agent, requester);
    await resolveViaApi(ctx, agent, ticket);
    // Another transaction holds the ticket's row: the job's lock times out, which is no "ticket gone".
    const holder = await ctx.database.pool.connect();
    try {
      await holder.query('begin');
      await holder.query('select id from tickets where id = $1 for update', [ticket.id]);
      await expect(
        db.transaction(async (tx) => {
          await tx.execute(sql`set local lock_timeout = '100ms'`);
          return autoCloseIfDue({ tx, ticketId: ticket.id, now: new Date(Date.now() + 400 * DAY) });
        }),
      ).rejects.toMatchObject({ cause: { code: '55P03' } }); // lock_not_available
    } finally {
      await holder.query('rollback');
      holder.release();
    }
    const still = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/tickets/${ticket.id}`,
      headers: agent.headers,
    });
    expect(json<{ status: string }>(still).status).toBe('resolved');
  });
});
