import { describe, expect, it } from 'vitest';
import type {
  MessageDto,
  TicketDto,
  TicketSummaryDto,
  TimelineEventDto,
} from '../../../../contracts/tickets.ts';
import { buildTeam, buildTicket, buildUser, ticketInput } from '../../../test/factories.ts';
import { json, setupTestApp } from '../../../test/harness.ts';

const ctx = await setupTestApp();
const api = (path: string) => `/api/v1${path}`;

describe('opening a ticket', () => {
  it('gives the requester a number at once, derives the priority and records the creation', async () => {
    const requester = await buildUser(ctx);
    const response = await ctx.app.inject({
      method: 'POST',
      url: api('/tickets'),
      headers: requester.headers,
      payload: ticketInput({
        impact: 'high',
        urgency: 'medium',
        category: '软件/财务系统',
        errorCode: 'FIN-4012',
        environment: 'Windows 11, 财务系统 v5.2',
        stepsTried: '重启了电脑',
        businessImpact: '月末结账无法进行',
      }),
    });
    expect(response.statusCode).toBe(201);
    const ticket = json<TicketDto>(response);
    expect(ticket.number).toBeGreaterThanOrEqual(10001);
    expect(ticket).toMatchObject({
      status: 'new',
      priority: 'P2',
      channel: 'portal',
      category: '软件/财务系统',
      errorCode: 'FIN-4012',
      requester: { id: requester.user.id },
    });
    const timeline = await ctx.app.inject({
      url: api(`/tickets/${ticket.id}/timeline`),
      headers: requester.headers,
    });
    const events = json<{ items: TimelineEventDto[] }>(timeline).items;
    expect(events.map((e) => e.kind)).toEqual(['ticket.created']);
    expect(events[0]?.actor?.id).toBe(requester.user.id);
  });

  it('refuses a bad input with the field at fault and writes nothing', async () => {
    const requester = await buildUser(ctx);
    for (const [payload, field] of [
      [{ ...ticketInput(), impact: 'huge' }, 'impact'],
      [{ ...ticketInput(), subject: '' }, 'subject'],
      [{ ...ticketInput(), category: 'a//b' }, 'category'],
    ] as const) {
      const response = await ctx.app.inject({
        method: 'POST',
        url: api('/tickets'),
        headers: requester.headers,
        payload,
      });
      expect(response.statusCode).toBe(400);
      expect(json<{ error: { code: string; field: string } }>(response).error).toMatchObject({
        code: 'validation.invalid',
        field,
      });
    }
    const list = await ctx.app.inject({ url: api('/tickets'), headers: requester.headers });
    expect(json<{ items: unknown[] }>(list).items).toHaveLength(0);
  });

  it('answers in the caller’s language', async () => {
    const requester = await buildUser(ctx, { locale: 'zh-CN' });
    const response = await ctx.app.inject({ url: api('/tickets/999999'), headers: requester.headers });
    expect(response.statusCode).toBe(404);
    expect(json<{ error: { message: string } }>(response).error.message).toBe('工单不存在。');
  });

  it('lets an agent log a phone call as a ticket for a requester, and no requester for another', async () => {
    const agent = await buildUser(ctx, { role: 'agent' });
    const caller = await buildUser(ctx);
    const ticket = await buildTicket(ctx, agent, { requesterId: caller.user.id, channel: 'phone' });
    expect(ticket).toMatchObject({ channel: 'phone', requester: { id: caller.user.id } });
    const other = await buildUser(ctx);
    const refused = await ctx.app.inject({
      method: 'POST',
      url: api('/tickets'),
      headers: other.headers,
      payload: ticketInput({ requesterId: caller.user.id }),
    });
    expect(refused.statusCode).toBe(403);
  });
});

describe('who sees what', () => {
  it('keeps a requester out of another requester’s ticket: read, list, reply, attach, timeline', async () => {
    const alice = await buildUser(ctx);
    const bob = await buildUser(ctx);
    const ticket = await buildTicket(ctx, alice);
    const attempts = [
      ctx.app.inject({ url: api(`/tickets/${ticket.id}`), headers: bob.headers }),
      ctx.app.inject({ url: api(`/tickets/${ticket.id}/messages`), headers: bob.headers }),
      ctx.app.inject({ url: api(`/tickets/${ticket.id}/timeline`), headers: bob.headers }),
      ctx.app.inject({ url: api(`/tickets/${ticket.id}/attachments`), headers: bob.headers }),
      ctx.app.inject({
        method: 'POST',
        url: api(`/tickets/${ticket.id}/messages`),
        headers: bob.headers,
        payload: { body: 'me too' },
      }),
      ctx.app.inject({
        method: 'POST',
        url: api(`/tickets/${ticket.id}/attachments`),
        headers: { ...bob.headers, 'content-type': 'multipart/form-data; boundary=X' },
        payload:
          '--X\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\nhi\r\n--X--\r\n',
      }),
    ];
    for (const response of await Promise.all(attempts)) expect(response.statusCode).toBe(404);
    const list = await ctx.app.inject({ url: api('/tickets'), headers: bob.headers });
    expect(json<{ items: TicketSummaryDto[] }>(list).items.map((t) => t.id)).not.toContain(ticket.id);
    const edit = await ctx.app.inject({
      method: 'PATCH',
      url: api(`/tickets/${ticket.id}`),
      headers: alice.headers,
      payload: { status: 'cancelled' },
    });
    expect(edit.statusCode).toBe(403);
  });

  it('never shows internal notes to the requester: messages, timeline, attachments', async () => {
    const requester = await buildUser(ctx);
    const agent = await buildUser(ctx, { role: 'agent' });
    const ticket = await buildTicket(ctx, requester);
    const note = await ctx.app.inject({
      method: 'POST',
      url: api(`/tickets/${ticket.id}/messages`),
      headers: agent.headers,
      payload: { body: 'SECRET: vendor case 77', internal: true },
    });
    expect(note.statusCode).toBe(201);
    const noteId = json<MessageDto>(note).id;
    await ctx.app.inject({
      method: 'POST',
      url: api(`/tickets/${ticket.id}/messages`),
      headers: agent.headers,
      payload: { body: '您好，我们正在处理。' },
    });
    const upload = await ctx.app.inject({
      method: 'POST',
      url: api(`/tickets/${ticket.id}/attachments`),
      headers: { ...agent.headers, 'content-type': 'multipart/form-data; boundary=X' },
      payload: `--X\r\nContent-Disposition: form-data; name="messageId"\r\n\r\n${noteId}\r\n--X\r\nContent-Disposition: form-data; name="file"; filename="vendor.txt"\r\nContent-Type: text/plain\r\n\r\nSECRET log\r\n--X--\r\n`,
    });
    expect(upload.statusCode).toBe(201);

    const asRequester = await Promise.all(
      ['messages', 'timeline', 'attachments'].map((part) =>
        ctx.app.inject({ url: api(`/tickets/${ticket.id}/${part}`), headers: requester.headers }),
      ),
    );
    for (const response of asRequester) {
      expect(response.statusCode).toBe(200);
      expect(response.body).not.toContain('SECRET');
      expect(response.body).not.toContain('vendor.txt');
    }
    expect(asRequester[0]?.body).toContain('我们正在处理');
    const download = await ctx.app.inject({
      url: api(`/tickets/${ticket.id}/attachments/${json<{ id: number }>(upload).id}`),
      headers: requester.headers,
    });
    expect(download.statusCode).toBe(404);
    const asAgent = await ctx.app.inject({
      url: api(`/tickets/${ticket.id}/messages`),
      headers: agent.headers,
    });
    expect(asAgent.body).toContain('SECRET');

    const requesterNote = await ctx.app.inject({
      method: 'POST',
      url: api(`/tickets/${ticket.id}/messages`),
      headers: requester.headers,
      payload: { body: 'sneaky', internal: true },
    });
    expect(requesterNote.statusCode).toBe(403);
  });

  it('shows a requester the tickets of an organisation that shares them', async () => {
    const admin = await buildUser(ctx, { role: 'admin' });
    const org = await ctx.app.inject({
      method: 'POST',
      url: api('/organizations'),
      headers: admin.headers,
      payload: { name: `财务部 ${Date.now()}`, shareTickets: true },
    });
    const orgId = json<{ id: number }>(org).id;
    const a = await buildUser(ctx, { organizationId: orgId });
    const b = await buildUser(ctx, { organizationId: orgId });
    const ticket = await buildTicket(ctx, a);
    const read = await ctx.app.inject({ url: api(`/tickets/${ticket.id}`), headers: b.headers });
    expect(read.statusCode).toBe(200);
  });
});

describe('working a ticket', () => {
  it('changes status through the state machine, with before and after in the timeline', async () => {
    const requester = await buildUser(ctx);
    const agent = await buildUser(ctx, { role: 'agent' });
    const team = await buildTeam(ctx, { tier: 'L2' });
    const ticket = await buildTicket(ctx, requester);
    const patch = (payload: object) =>
      ctx.app.inject({ method: 'PATCH', url: api(`/tickets/${ticket.id}`), headers: agent.headers, payload });

    const bad = await patch({ status: 'closed' });
    expect(bad.statusCode).toBe(409);
    expect(json<{ error: { code: string } }>(bad).error.code).toBe('ticket.invalid_transition');

    const moved = await patch({ status: 'in_progress', teamId: team.id, assigneeId: agent.user.id });
    expect(moved.statusCode).toBe(200);
    expect(json<TicketDto>(moved)).toMatchObject({
      status: 'in_progress',
      team: { id: team.id, tier: 'L2' },
      assignee: { id: agent.user.id },
    });
    expect((await patch({ status: 'resolved' })).statusCode).toBe(200);
    const reopened = json<TicketDto>(await patch({ status: 'open' }));
    expect(reopened.reopenCount).toBe(1);
    expect(reopened.resolvedAt).toBeNull();

    const timeline = await ctx.app.inject({
      url: api(`/tickets/${ticket.id}/timeline`),
      headers: agent.headers,
    });
    const updates = json<{ items: TimelineEventDto[] }>(timeline).items.filter(
      (e) => e.kind === 'ticket.updated',
    );
    expect(updates).toHaveLength(3);
    expect(updates[0]?.data.changes).toMatchObject({
      status: { from: 'new', to: 'in_progress' },
      team: { from: null, to: { id: team.id, name: team.name } },
      assignee: { from: null, to: { id: agent.user.id } },
    });
    expect(updates[0]?.actor?.id).toBe(agent.user.id);
  });

  it('needs a reason to override the priority, and returns to the matrix on request', async () => {
    const agent = await buildUser(ctx, { role: 'agent' });
    const ticket = await buildTicket(ctx, agent, { impact: 'low', urgency: 'low' });
    const patch = (payload: object) =>
      ctx.app.inject({ method: 'PATCH', url: api(`/tickets/${ticket.id}`), headers: agent.headers, payload });
    const noReason = await patch({ priority: 'P1' });
    expect(noReason.statusCode).toBe(400);
    expect(json<{ error: { field: string } }>(noReason).error.field).toBe('priorityReason');
    expect(
      json<TicketDto>(await ctx.app.inject({ url: api(`/tickets/${ticket.id}`), headers: agent.headers }))
        .priority,
    ).toBe('P4');

    const overridden = json<TicketDto>(
      await patch({ priority: 'P1', priorityReason: 'CEO laptop before board meeting' }),
    );
    expect(overridden).toMatchObject({
      priority: 'P1',
      priorityOverridden: true,
      priorityReason: 'CEO laptop before board meeting',
    });
    // An override survives a change of impact; clearing it returns to the matrix.
    expect(json<TicketDto>(await patch({ impact: 'high' })).priority).toBe('P1');
    expect(json<TicketDto>(await patch({ priority: null }))).toMatchObject({
      priority: 'P3',
      priorityOverridden: false,
    });
  });

  it('links tickets both ways and refuses a link to itself', async () => {
    const agent = await buildUser(ctx, { role: 'agent' });
    const a = await buildTicket(ctx, agent);
    const b = await buildTicket(ctx, agent);
    const link = await ctx.app.inject({
      method: 'POST',
      url: api(`/tickets/${a.id}/links`),
      headers: agent.headers,
      payload: { kind: 'duplicate_of', targetId: b.id },
    });
    expect(link.statusCode).toBe(201);
    const fromB = json<TicketDto>(
      await ctx.app.inject({ url: api(`/tickets/${b.id}`), headers: agent.headers }),
    );
    expect(fromB.links).toEqual([
      expect.objectContaining({
        kind: 'duplicate_of',
        direction: 'incoming',
        ticket: expect.objectContaining({ id: a.id }),
      }),
    ]);
    const again = await ctx.app.inject({
      method: 'POST',
      url: api(`/tickets/${a.id}/links`),
      headers: agent.headers,
      payload: { kind: 'duplicate_of', targetId: b.id },
    });
    expect(again.statusCode).toBe(409);
    const self = await ctx.app.inject({
      method: 'POST',
      url: api(`/tickets/${a.id}/links`),
      headers: agent.headers,
      payload: { kind: 'related', targetId: a.id },
    });
    expect(self.statusCode).toBe(400);
  });

  it('puts a ticket waiting on the requester back to open when they reply', async () => {
    const requester = await buildUser(ctx);
    const agent = await buildUser(ctx, { role: 'agent' });
    const ticket = await buildTicket(ctx, requester);
    await ctx.app.inject({
      method: 'PATCH',
      url: api(`/tickets/${ticket.id}`),
      headers: agent.headers,
      payload: { status: 'pending_requester' },
    });
    await ctx.app.inject({
      method: 'POST',
      url: api(`/tickets/${ticket.id}/messages`),
      headers: requester.headers,
      payload: { body: '截图已附上' },
    });
    const after = json<TicketDto>(
      await ctx.app.inject({ url: api(`/tickets/${ticket.id}`), headers: agent.headers }),
    );
    expect(after.status).toBe('open');
  });
});
