import { eq } from 'drizzle-orm';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { buildTicket, buildUser } from '../../../test/factories.ts';
import { eventually, pickPort, startMailCatcher, startTestWorker } from '../../../test/factories-channels.ts';
import { json, setupTestApp } from '../../../test/harness.ts';
import { outboxEmails } from '../../db/schema.ts';
import { queueEmail } from './index.ts';
import { sendOutboxEmail } from './send-outbox-email.ts';

const catcher = await startMailCatcher(await pickPort(4310));
const ctx = await setupTestApp({ SMTP_URL: catcher.url, MAIL_FROM: 'IT Desk <desk@support.localhost>' });
await startTestWorker(ctx);
const silent = pino({ level: 'silent' });
const OWN_ID = /^<sd\.\d+\.[0-9a-z]+@support\.localhost>$/;

describe('ticket mail through the outbox', () => {
  it('acknowledges a new ticket with its number, threads the agent reply, and never mails an internal note', async () => {
    const requester = await buildUser(ctx, { role: 'requester', locale: 'zh-CN' });
    const agent = await buildUser(ctx, { role: 'agent' });
    const ticket = await buildTicket(ctx, requester, { subject: '打印机无法打印' });

    const ack = await eventually(() => catcher.mailsTo(requester.user.email)[0], 'acknowledgement mail');
    expect(ack.parsed.subject).toContain(`[#${ticket.number}]`);
    expect(ack.parsed.subject).toContain('已受理');
    expect(ack.parsed.text).toContain(`#${ticket.number}`);
    expect(ack.parsed.messageId).toMatch(OWN_ID);
    expect(ack.parsed.headers.get('auto-submitted')).toBe('auto-generated');
    expect(ack.envelopeFrom).toBe('desk@support.localhost');

    const note = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/tickets/${ticket.id}/messages`,
      headers: agent.headers,
      payload: { body: 'SECRET internal: the vendor is late', internal: true },
    });
    expect(note.statusCode).toBe(201);
    const reply = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/tickets/${ticket.id}/messages`,
      headers: agent.headers,
      payload: { body: '请重启打印服务后再试。', internal: false },
    });
    expect(reply.statusCode).toBe(201);
    const replyMail = await eventually(
      () => catcher.mailsTo(requester.user.email).find((m) => m.parsed.text?.includes('请重启打印服务')),
      'reply mail',
    );
    expect(replyMail.parsed.inReplyTo).toBe(ack.parsed.messageId);
    expect(replyMail.parsed.references).toContain(ack.parsed.messageId);
    expect(replyMail.parsed.headers.get('auto-submitted')).toBeUndefined();

    const status = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/v1/tickets/${ticket.id}`,
      headers: agent.headers,
      payload: { status: 'resolved' },
    });
    expect(status.statusCode).toBe(200);
    const statusMail = await eventually(
      () => catcher.mailsTo(requester.user.email).find((m) => m.parsed.subject?.includes('状态更新')),
      'status mail',
    );
    expect(statusMail.parsed.text).toContain('已解决');
    // Everything the requester was sent has been delivered by now; none carries the note.
    const all = catcher.mailsTo(requester.user.email);
    expect(all).toHaveLength(3);
    expect(all.some((m) => m.raw.toString().includes('SECRET'))).toBe(false);

    // The catcher has a mail as soon as the SMTP server accepts it; the worker marks its row
    // sent when it commits right after, so wait for that rather than race it.
    const outbox = await eventually(async () => {
      const rows = await ctx.database.db
        .select()
        .from(outboxEmails)
        .where(eq(outboxEmails.ticketId, ticket.id));
      return rows.length === 3 && rows.every((r) => r.status === 'sent') ? rows : undefined;
    }, 'every outbox row marked sent');
    expect(outbox.map((r) => r.status)).toEqual(['sent', 'sent', 'sent']);
  });

  it('retries a refused mail and never sends a sent row twice', async () => {
    catcher.refuseNext(1);
    await ctx.database.db.transaction((tx) =>
      queueEmail(tx, {
        to: 'retry@example.com',
        subject: 'Weekly report',
        text: 'numbers',
        kind: 'report.weekly',
      }),
    );
    const [row] = await ctx.database.db
      .select()
      .from(outboxEmails)
      .where(eq(outboxEmails.toAddress, 'retry@example.com'));
    if (!row) throw new Error('no outbox row');
    const refused = await eventually(async () => {
      const [current] = await ctx.database.db.select().from(outboxEmails).where(eq(outboxEmails.id, row.id));
      return current && current.attempts > 0 ? current : null;
    }, 'a first, refused attempt');
    expect(refused.status).toBe('pending');
    expect(refused.lastError).toContain('451');
    // The retry (here by hand instead of after the backoff), then again: sent once only.
    await sendOutboxEmail(ctx.database.db, row.id, silent);
    await sendOutboxEmail(ctx.database.db, row.id, silent);
    const [after] = await ctx.database.db.select().from(outboxEmails).where(eq(outboxEmails.id, row.id));
    expect(after).toMatchObject({ status: 'sent', attempts: 2, lastError: null });
    expect(catcher.mailsTo('retry@example.com')).toHaveLength(1);
    expect(catcher.mailsTo('retry@example.com')[0]?.parsed.messageId).toBe(row.messageId);
  });

  it('writes nothing when the caller rolls back', async () => {
    await expect(
      ctx.database.db.transaction(async (tx) => {
        await queueEmail(tx, { to: 'rollback@example.com', subject: 'x', text: 'y', kind: 'test' });
        throw new Error('business rule failed');
      }),
    ).rejects.toThrow('business rule failed');
    const rows = await ctx.database.db
      .select()
      .from(outboxEmails)
      .where(eq(outboxEmails.toAddress, 'rollback@example.com'));
    expect(rows).toHaveLength(0);
  });
});

describe('notification centre', () => {
  it('lists, counts and marks read the caller’s own notifications only', async () => {
    const requester = await buildUser(ctx, { role: 'requester' });
    const other = await buildUser(ctx, { role: 'requester' });
    const ticket = await buildTicket(ctx, requester);
    const page = json<{ items: { id: number; event: string; ticketId: number }[]; unreadCount: number }>(
      await ctx.app.inject({ method: 'GET', url: '/api/v1/notifications', headers: requester.headers }),
    );
    expect(page.unreadCount).toBe(1);
    expect(page.items[0]).toMatchObject({ event: 'ticket.created', ticketId: ticket.id });
    const id = page.items[0]?.id;
    const foreign = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/notifications/${id}/read`,
      headers: other.headers,
    });
    expect(foreign.statusCode).toBe(404);
    const read = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/notifications/${id}/read`,
      headers: requester.headers,
    });
    expect(read.statusCode).toBe(200);
    const count = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/notifications/unread-count',
      headers: requester.headers,
    });
    expect(json(count)).toEqual({ unreadCount: 0 });
  });

  it('follows preferences: email off means no mail, in-app still arrives', async () => {
    const requester = await buildUser(ctx, { role: 'requester' });
    const saved = await ctx.app.inject({
      method: 'PUT',
      url: '/api/v1/notifications/preferences',
      headers: requester.headers,
      payload: {
        events: [{ event: 'ticket.created', channels: { email: false } }],
        contact: { phone: '+86 138 0000 0000' },
      },
    });
    expect(saved.statusCode).toBe(200);
    expect(json<{ contact: { phone: string } }>(saved).contact.phone).toBe('+86 138 0000 0000');
    const ticket = await buildTicket(ctx, requester);
    const outbox = await ctx.database.db
      .select()
      .from(outboxEmails)
      .where(eq(outboxEmails.ticketId, ticket.id));
    expect(outbox).toHaveLength(0);
    const page = json<{ unreadCount: number }>(
      await ctx.app.inject({ method: 'GET', url: '/api/v1/notifications', headers: requester.headers }),
    );
    expect(page.unreadCount).toBe(1);
    const bad = await ctx.app.inject({
      method: 'PUT',
      url: '/api/v1/notifications/preferences',
      headers: requester.headers,
      payload: { events: [{ event: 'no.such.event', channels: { email: true } }] },
    });
    expect(bad.statusCode).toBe(400);
    expect(json<{ error: { field: string } }>(bad).error.field).toBe('events.0.event');
  });

  it('delivers a notification live over Server-Sent Events', async () => {
    const requester = await buildUser(ctx, { role: 'requester' });
    const port = await pickPort(4320);
    await ctx.app.listen({ port, host: '127.0.0.1' });
    const controller = new AbortController();
    const response = await fetch(`http://127.0.0.1:${port}/api/v1/events`, {
      headers: requester.headers,
      signal: controller.signal,
    });
    const reader = response.body?.getReader();
    if (!reader) throw new Error('no stream');
    let received = '';
    await reader.read(); // the retry line: the subscription is in place
    const ticket = await buildTicket(ctx, requester);
    await eventually(async () => {
      const chunk = await reader.read();
      received += new TextDecoder().decode(chunk.value);
      return received.includes('event: notification');
    }, 'a live notification');
    controller.abort();
    expect(received).toContain(`"ticketId":${ticket.id}`);
  });
});

describe('templates', () => {
  it('lets an administrator edit a template per event and language, and uses it', async () => {
    const admin = await buildUser(ctx, { role: 'admin' });
    const requester = await buildUser(ctx, { role: 'requester', locale: 'en' });
    const agent = await buildUser(ctx, { role: 'agent' });
    const forbidden = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/channels/templates',
      headers: agent.headers,
    });
    expect(forbidden.statusCode).toBe(403);
    const list = json<{ items: { event: string; locale: string; variables: string[] }[] }>(
      await ctx.app.inject({ method: 'GET', url: '/api/v1/channels/templates', headers: admin.headers }),
    );
    expect(list.items.find((t) => t.event === 'ticket.created' && t.locale === 'en')?.variables).toContain(
      'ticket.number',
    );
    const saved = await ctx.app.inject({
      method: 'PUT',
      url: '/api/v1/channels/templates/ticket.created/en',
      headers: admin.headers,
      payload: {
        subject: 'Ticket {{ticket.number}} logged',
        body: 'Dear {{requester.name}}, number {{ticket.number}}.',
      },
    });
    expect(saved.statusCode).toBe(204);
    const ticket = await buildTicket(ctx, requester);
    const mail = await eventually(() => catcher.mailsTo(requester.user.email)[0], 'custom ack');
    expect(mail.parsed.subject).toBe(`Ticket ${ticket.number} logged`);
    expect(mail.parsed.text).toContain(`Dear ${requester.user.name}`);
    const reset = await ctx.app.inject({
      method: 'DELETE',
      url: '/api/v1/channels/templates/ticket.created/en',
      headers: admin.headers,
    });
    expect(reset.statusCode).toBe(204);
    const unknown = await ctx.app.inject({
      method: 'PUT',
      url: '/api/v1/channels/templates/nope/en',
      headers: admin.headers,
      payload: { subject: 'x', body: 'y' },
    });
    expect(unknown.statusCode).toBe(404);
  });
});
