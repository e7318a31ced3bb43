import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { buildUser } from '../../../../test/factories.ts';
import { eventually, pickPort } from '../../../../test/factories-channels.ts';
import { json, setupTestApp } from '../../../../test/harness.ts';
import { tickets } from '../../../db/schema.ts';

const ctx = await setupTestApp();
const db = ctx.database.db;
type Chat = {
  id: number;
  status: string;
  ticketId: number | null;
  ticketNumber: number | null;
  messages: { body: string; fromStaff: boolean }[];
};

describe('live chat', () => {
  it('a requester chats from the portal, an agent answers, and the chat becomes a ticket with its transcript', async () => {
    const requester = await buildUser(ctx, { role: 'requester' });
    const agent = await buildUser(ctx, { role: 'agent' });
    const other = await buildUser(ctx, { role: 'agent' });
    const started = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/channels/chats',
      headers: requester.headers,
      payload: { subject: 'VPN 连不上', message: '您好，VPN 一直连接超时' },
    });
    expect(started.statusCode).toBe(201);
    const chat = json<Chat>(started);
    expect(chat.status).toBe('waiting');

    const waiting = json<{ items: Chat[] }>(
      await ctx.app.inject({
        method: 'GET',
        url: '/api/v1/channels/chats?status=waiting',
        headers: agent.headers,
      }),
    );
    expect(waiting.items.map((c) => c.id)).toContain(chat.id);
    const stranger = await buildUser(ctx, { role: 'requester' });
    const hidden = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/channels/chats/${chat.id}`,
      headers: stranger.headers,
    });
    expect(hidden.statusCode).toBe(404);

    const accepted = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/channels/chats/${chat.id}/accept`,
      headers: agent.headers,
    });
    expect(json<Chat>(accepted).status).toBe('active');
    const taken = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/channels/chats/${chat.id}/accept`,
      headers: other.headers,
    });
    expect(taken.statusCode).toBe(409);
    await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/channels/chats/${chat.id}/messages`,
      headers: agent.headers,
      payload: { body: '请问您用的是哪个 VPN 客户端？' },
    });
    await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/channels/chats/${chat.id}/messages`,
      headers: requester.headers,
      payload: { body: 'FortiClient 7.2' },
    });
    const converted = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/channels/chats/${chat.id}/convert`,
      headers: agent.headers,
      payload: { impact: 'medium', urgency: 'high' },
    });
    expect(converted.statusCode, converted.body).toBe(200);
    const done = json<Chat>(converted);
    expect(done.status).toBe('converted');
    const [ticket] = await db
      .select()
      .from(tickets)
      .where(eq(tickets.id, done.ticketId ?? 0));
    expect(ticket).toMatchObject({ channel: 'chat', subject: 'VPN 连不上', requesterId: requester.user.id });
    for (const line of ['VPN 一直连接超时', '哪个 VPN 客户端', 'FortiClient 7.2'])
      expect(ticket?.description).toContain(line);
    const late = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/channels/chats/${chat.id}/messages`,
      headers: requester.headers,
      payload: { body: 'hello?' },
    });
    expect(late.statusCode).toBe(409);
  });

  it('counts a chat resolved at first contact, with a resolved ticket', async () => {
    const requester = await buildUser(ctx, { role: 'requester' });
    const agent = await buildUser(ctx, { role: 'agent' });
    const chat = json<Chat>(
      await ctx.app.inject({
        method: 'POST',
        url: '/api/v1/channels/chats',
        headers: requester.headers,
        payload: { subject: '怎么改密码', message: '怎么修改域账号密码？' },
      }),
    );
    await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/channels/chats/${chat.id}/messages`,
      headers: agent.headers,
      payload: { body: '按 Ctrl+Alt+Del 选择更改密码。' },
    });
    const before = json<{ resolvedAtFirstContact: number }>(
      await ctx.app.inject({ method: 'GET', url: '/api/v1/channels/chats/stats', headers: agent.headers }),
    );
    const resolved = json<Chat>(
      await ctx.app.inject({
        method: 'POST',
        url: `/api/v1/channels/chats/${chat.id}/resolve`,
        headers: agent.headers,
        payload: {},
      }),
    );
    expect(resolved.status).toBe('resolved');
    const [ticket] = await db
      .select()
      .from(tickets)
      .where(eq(tickets.id, resolved.ticketId ?? 0));
    expect(ticket).toMatchObject({ status: 'resolved', channel: 'chat', assigneeId: agent.user.id });
    const after = json<{ resolvedAtFirstContact: number }>(
      await ctx.app.inject({ method: 'GET', url: '/api/v1/channels/chats/stats', headers: agent.headers }),
    );
    expect(after.resolvedAtFirstContact).toBe(before.resolvedAtFirstContact + 1);
    const requesterStats = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/channels/chats/stats',
      headers: requester.headers,
    });
    expect(requesterStats.statusCode).toBe(403);
  });

  it('lets a widget visitor chat with a token and hear the agent live', async () => {
    const agent = await buildUser(ctx, { role: 'agent' });
    const started = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/channels/chats/widget',
      payload: {
        name: '访客',
        email: 'visitor@client.example',
        subject: 'Widget question',
        message: 'Is the ERP down?',
      },
    });
    expect(started.statusCode, started.body).toBe(201);
    const { chat, token } = json<{ chat: Chat; token: string }>(started);
    const noToken = await ctx.app.inject({ method: 'GET', url: `/api/v1/channels/chats/${chat.id}` });
    expect(noToken.statusCode).toBe(401);
    const wrong = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/channels/chats/${chat.id}`,
      headers: { 'x-chat-token': 'nope' },
    });
    expect(wrong.statusCode).toBe(404);

    const port = await pickPort(4380);
    await ctx.app.listen({ port, host: '127.0.0.1' });
    const controller = new AbortController();
    const stream = await fetch(
      `http://127.0.0.1:${port}/api/v1/channels/chats/${chat.id}/stream?token=${token}`,
      {
        signal: controller.signal,
      },
    );
    const reader = stream.body?.getReader();
    if (!reader) throw new Error('no stream');
    await reader.read();
    await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/channels/chats/${chat.id}/messages`,
      headers: agent.headers,
      payload: { body: 'ERP is back up.' },
    });
    let received = '';
    await eventually(async () => {
      const chunk = await reader.read();
      received += new TextDecoder().decode(chunk.value);
      return received.includes('ERP is back up.');
    }, 'the agent message on the visitor stream');
    controller.abort();
    const reply = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/channels/chats/${chat.id}/messages`,
      headers: { 'x-chat-token': token },
      payload: { body: 'Thanks!' },
    });
    expect(reply.statusCode).toBe(201);
    expect(json<{ fromStaff: boolean }>(reply).fromStaff).toBe(false);
  });
});
