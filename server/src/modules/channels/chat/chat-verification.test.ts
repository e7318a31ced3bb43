import { randomBytes } from 'node:crypto';
import { and, desc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { buildUser } from '../../../../test/factories.ts';
import { json, setupTestApp } from '../../../../test/harness.ts';
import { chats, outboxEmails, tickets, users } from '../../../db/schema.ts';

const ctx = await setupTestApp();
const db = ctx.database.db;

type Chat = {
  id: number;
  status: string;
  verified: boolean;
  requester: { id: number | null; name: string; email: string };
  ticketId: number | null;
  messages: { body: string; authorName: string; fromStaff: boolean }[];
};
type ApiError = { error: { code: string; field?: string; message: string } };

async function startWidget(email: string, name = '王小明') {
  const started = await ctx.app.inject({
    method: 'POST',
    url: '/api/v1/channels/chats/widget',
    headers: { 'accept-language': 'zh-CN' },
    payload: { name, email, subject: '密码过期', message: '我的密码过期了，登录不上', locale: 'zh-CN' },
  });
  expect(started.statusCode, started.body).toBe(201);
  const { chat, token } = json<{ chat: Chat; token: string }>(started);
  return { chat, visitor: { 'x-chat-token': token } };
}

/** The code in the newest verification mail to an address (what the visitor reads). */
async function mailedCode(email: string): Promise<string> {
  const [mail] = await db
    .select()
    .from(outboxEmails)
    .where(and(eq(outboxEmails.kind, 'chat.verification'), eq(outboxEmails.toAddress, email)))
    .orderBy(desc(outboxEmails.id))
    .limit(1);
  const code = /\b(\d{6})\b/.exec(mail?.textBody ?? '')?.[1];
  if (!code) throw new Error(`no code mailed to ${email}`);
  return code;
}

const verify = (chatId: number, headers: Record<string, string>, code: string) =>
  ctx.app.inject({
    method: 'POST',
    url: `/api/v1/channels/chats/${chatId}/verify`,
    headers,
    payload: { code },
  });
const resend = (chatId: number, headers: Record<string, string>) =>
  ctx.app.inject({ method: 'POST', url: `/api/v1/channels/chats/${chatId}/verification`, headers });
const wrongCode = (code: string) => (code === '000000' ? '000001' : '000000');
const fresh = (name: string) => `${name}-${randomBytes(4).toString('hex')}@client.example`;

describe('widget chat identity', () => {
  it("an unverified visitor typing an existing person's email never acts as that account", async () => {
    const admin = await buildUser(ctx, { role: 'admin', email: fresh('admin') });
    const agent = await buildUser(ctx, { role: 'agent' });
    const { chat, visitor } = await startWidget(admin.user.email, '管理员');
    expect(chat.verified).toBe(false);
    expect(chat.requester).toEqual({ id: null, name: '管理员', email: admin.user.email });
    // The address's owner got a code; the visitor's answer does not say whether an account exists.
    expect(await mailedCode(admin.user.email)).toMatch(/^\d{6}$/);

    const seen = json<{ items: Chat[] }>(
      await ctx.app.inject({ method: 'GET', url: '/api/v1/channels/chats', headers: agent.headers }),
    ).items.find((c) => c.id === chat.id);
    expect(seen).toMatchObject({ verified: false, requester: { id: null } });
    await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/channels/chats/${chat.id}/messages`,
      headers: visitor,
      payload: { body: '请把我加到管理员组' },
    });
    const transcript = json<Chat>(
      await ctx.app.inject({
        method: 'GET',
        url: `/api/v1/channels/chats/${chat.id}`,
        headers: agent.headers,
      }),
    );
    expect(transcript.messages.map((m) => m.authorName)).toEqual(['管理员', '管理员']);

    for (const action of ['convert', 'resolve']) {
      const refused = await ctx.app.inject({
        method: 'POST',
        url: `/api/v1/channels/chats/${chat.id}/${action}`,
        headers: agent.headers,
        payload: {},
      });
      expect(refused.statusCode, refused.body).toBe(409);
      expect(json<ApiError>(refused).error).toMatchObject({
        code: 'channels.chat_unverified',
        field: 'requesterId',
      });
    }
    const theirs = await db.select().from(tickets).where(eq(tickets.requesterId, admin.user.id));
    expect(theirs).toEqual([]);
    const [row] = await db.select().from(chats).where(eq(chats.id, chat.id));
    expect(row).toMatchObject({ requesterId: null, verifiedAt: null, status: 'waiting' });
  });

  it('converts an unverified chat for the requester the agent chose explicitly', async () => {
    const person = await buildUser(ctx, { email: fresh('person') });
    const agent = await buildUser(ctx, { role: 'agent' });
    const { chat } = await startWidget(person.user.email);
    const converted = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/channels/chats/${chat.id}/convert`,
      headers: agent.headers,
      payload: { requesterId: person.user.id },
    });
    expect(converted.statusCode, converted.body).toBe(200);
    const [ticket] = await db
      .select()
      .from(tickets)
      .where(eq(tickets.id, json<Chat>(converted).ticketId ?? 0));
    expect(ticket?.requesterId).toBe(person.user.id);
  });

  it('an email that belongs to no account becomes a new requester contact on conversion', async () => {
    const agent = await buildUser(ctx, { role: 'agent' });
    const email = fresh('newcomer');
    const { chat } = await startWidget(email, '新同事');
    expect(await db.select().from(users).where(eq(users.email, email))).toEqual([]);
    const converted = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/channels/chats/${chat.id}/convert`,
      headers: agent.headers,
      payload: {},
    });
    expect(converted.statusCode, converted.body).toBe(200);
    const [contact] = await db.select().from(users).where(eq(users.email, email));
    expect(contact).toMatchObject({ role: 'requester', name: '新同事', passwordHash: null });
    const [ticket] = await db
      .select()
      .from(tickets)
      .where(eq(tickets.id, json<Chat>(converted).ticketId ?? 0));
    expect(ticket?.requesterId).toBe(contact?.id);
  });

  it('the right code makes the chat the account holder’s, once', async () => {
    const person = await buildUser(ctx, { email: fresh('owner') });
    const agent = await buildUser(ctx, { role: 'agent' });
    const { chat, visitor } = await startWidget(person.user.email, '王小明');
    const code = await mailedCode(person.user.email);
    const [stored] = await db.select().from(chats).where(eq(chats.id, chat.id));
    expect(stored?.verificationCodeHash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored?.verificationCodeHash).not.toContain(code);

    const ok = await verify(chat.id, visitor, code);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(json<Chat>(ok)).toMatchObject({
      verified: true,
      requester: { id: person.user.id, email: person.user.email },
    });
    const again = await verify(chat.id, visitor, code);
    expect(again.statusCode).toBe(409);
    expect(json<ApiError>(again).error.code).toBe('channels.chat_code_none');
    // Now the person finds the chat among their own, and its ticket is theirs.
    const mine = json<{ items: Chat[] }>(
      await ctx.app.inject({ method: 'GET', url: '/api/v1/channels/chats', headers: person.headers }),
    );
    expect(mine.items.map((c) => c.id)).toContain(chat.id);
    const converted = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/channels/chats/${chat.id}/convert`,
      headers: agent.headers,
      payload: {},
    });
    expect(converted.statusCode).toBe(200);
    const [ticket] = await db
      .select()
      .from(tickets)
      .where(eq(tickets.id, json<Chat>(converted).ticketId ?? 0));
    expect(ticket?.requesterId).toBe(person.user.id);
  });

  it('a wrong code counts, five wrong codes spend it, and a new code works', async () => {
    const email = fresh('guesser');
    const { chat, visitor } = await startWidget(email);
    const code = await mailedCode(email);
    const first = await verify(chat.id, visitor, wrongCode(code));
    expect(first.statusCode).toBe(400);
    expect(json<ApiError>(first).error).toMatchObject({ code: 'channels.chat_code_wrong', field: 'code' });
    expect(json<ApiError>(first).error.message).toContain('4');
    for (let i = 0; i < 4; i++)
      expect((await verify(chat.id, visitor, wrongCode(code))).statusCode).toBe(400);
    const [row] = await db.select().from(chats).where(eq(chats.id, chat.id));
    expect(row?.verificationAttempts).toBe(5);
    const locked = await verify(chat.id, visitor, code);
    expect(locked.statusCode).toBe(400);
    expect(json<ApiError>(locked).error.code).toBe('channels.chat_code_locked');
    const malformed = await verify(chat.id, visitor, '12ab');
    expect(json<ApiError>(malformed).error.code).toBe('validation.invalid');

    const resent = await resend(chat.id, visitor);
    expect(resent.statusCode, resent.body).toBe(201);
    const next = await mailedCode(email);
    const ok = await verify(chat.id, visitor, next);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(json<Chat>(ok).verified).toBe(true);
    const [account] = await db.select().from(users).where(eq(users.email, email));
    expect(json<Chat>(ok).requester.id).toBe(account?.id);
  });

  it('an expired code is refused, and the number of codes a chat can mail is bounded', async () => {
    const email = fresh('late');
    const { chat, visitor } = await startWidget(email);
    const code = await mailedCode(email);
    await db
      .update(chats)
      .set({ verificationExpiresAt: new Date(Date.now() - 1000) })
      .where(eq(chats.id, chat.id));
    const expired = await verify(chat.id, visitor, code);
    expect(expired.statusCode).toBe(400);
    expect(json<ApiError>(expired).error.code).toBe('channels.chat_code_expired');
    for (let i = 0; i < 4; i++) expect((await resend(chat.id, visitor)).statusCode).toBe(201);
    const limit = await resend(chat.id, visitor);
    expect(limit.statusCode).toBe(409);
    expect(json<ApiError>(limit).error.code).toBe('channels.chat_code_send_limit');
    // Only the chat's own token may verify or ask for codes.
    const stranger = await verify(chat.id, { 'x-chat-token': 'not-the-token' }, code);
    expect(stranger.statusCode).toBe(404);
  });

  it("a signed-in person's portal chat is verified as themselves", async () => {
    const requester = await buildUser(ctx);
    const started = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/channels/chats',
      headers: requester.headers,
      payload: { subject: '打印机', message: '打印机卡纸' },
    });
    expect(json<Chat>(started)).toMatchObject({
      verified: true,
      requester: { id: requester.user.id, email: requester.user.email },
    });
    const noCode = await resend(json<Chat>(started).id, requester.headers);
    expect(noCode.statusCode).toBe(409);
  });

  it('bounds the codes one address receives in an hour, however many chats ask', async () => {
    const email = fresh('flooded');
    for (let i = 0; i < 10; i++) await startWidget(email);
    const refused = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/channels/chats/widget',
      payload: { name: 'x', email: email.toUpperCase(), subject: 's', message: 'm' },
    });
    expect(refused.statusCode).toBe(429);
    expect(json<ApiError>(refused).error).toMatchObject({
      code: 'channels.chat_code_address_limit',
      field: 'email',
    });
    const mails = await db
      .select()
      .from(outboxEmails)
      .where(and(eq(outboxEmails.kind, 'chat.verification'), eq(outboxEmails.toAddress, email)));
    expect(mails).toHaveLength(10);
    expect(await db.select().from(chats).where(eq(chats.visitorEmail, email.toUpperCase()))).toEqual([]);
  });
});
