import { and, eq, isNull } from 'drizzle-orm';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import type { UserDto } from '../../../../contracts/identity.ts';
import { buildUser } from '../../../test/factories.ts';
import { pickPort } from '../../../test/factories-channels.ts';
import { json, setupTestApp } from '../../../test/harness.ts';
import { buildApp } from '../../app.ts';
import { apiTokens, auditEvents } from '../../db/schema.ts';
import { connectDatabase } from '../../platform/db/database.ts';
import { EventHub, type LiveEvent } from '../../platform/events/events.ts';
import { SESSIONS_ENDED_EVENT } from './end-sessions.ts';

const ctx = await setupTestApp();
// A second instance on the same database, with its own session cache and LISTEN connection.
const otherDatabase = connectDatabase(ctx.url, { poolSize: 2 });
const events = new EventHub();
await events.start(ctx.url, pino({ level: 'silent' }));
const other = await buildApp({ events, db: otherDatabase.db, config: ctx.config, logger: false });
afterAll(async () => {
  await other.close();
  await events.stop();
  await otherDatabase.close();
});
const api = (path: string) => `/api/v1${path}`;
const PASSWORD = 'correct horse battery';
type Headers = Record<string, string>;

/** A person with a password, signed in twice (two browsers), with an API token. */
async function personWithSessions(role: 'admin' | 'agent' | 'requester') {
  const creator = await buildUser(ctx, { role: 'admin' });
  const email = `${role}-${Math.random().toString(16).slice(2)}@example.com`;
  const created = await ctx.app.inject({
    method: 'POST',
    url: api('/users'),
    headers: creator.headers,
    payload: { email, name: '李四', password: PASSWORD, role },
  });
  expect(created.statusCode).toBe(201);
  const user = json<UserDto>(created);
  const signIn = async (): Promise<Headers> => {
    const login = await ctx.app.inject({
      method: 'POST',
      url: api('/auth/login'),
      payload: { email, password: PASSWORD },
    });
    expect(login.statusCode).toBe(200);
    return { cookie: `sd_session=${login.cookies.find((c) => c.name === 'sd_session')?.value}` };
  };
  const first = await signIn();
  const second = await signIn();
  const token = await ctx.app.inject({ method: 'POST', url: api('/tokens'), headers: first, payload: {} });
  const bearer = { authorization: `Bearer ${json<{ token: string }>(token).token}` };
  return { user, first, second, bearer };
}

const status = async (headers: Headers, app = ctx.app) =>
  (await app.inject({ url: api('/me'), headers })).statusCode;

describe('a password change ends sessions', () => {
  it("an administrator's reset ends every session and token of the person, not the administrator's", async () => {
    const admin = await personWithSessions('admin');
    const person = await personWithSessions('agent');
    // Warm the session cache: a cached session must not outlive the reset.
    for (const headers of [person.first, person.second, person.bearer])
      expect(await status(headers)).toBe(200);

    const reset = await ctx.app.inject({
      method: 'PATCH',
      url: api(`/users/${person.user.id}`),
      headers: admin.first,
      payload: { password: 'a brand new secret' },
    });
    expect(reset.statusCode, reset.body).toBe(200);
    for (const headers of [person.first, person.second, person.bearer])
      expect(await status(headers)).toBe(401);
    for (const headers of [admin.first, admin.second, admin.bearer]) expect(await status(headers)).toBe(200);
    const [event] = await ctx.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.kind, 'user.updated'), eq(auditEvents.entityId, person.user.id)));
    expect(event?.data).toMatchObject({ passwordChanged: true, sessionsEnded: 2, tokensRevoked: 1 });
    // The new password works.
    const again = await ctx.app.inject({
      method: 'POST',
      url: api('/auth/login'),
      payload: { email: person.user.email, password: 'a brand new secret' },
    });
    expect(again.statusCode).toBe(200);
  });

  it('keeps API tokens when the administrator says so', async () => {
    const admin = await buildUser(ctx, { role: 'admin' });
    const person = await personWithSessions('requester');
    const reset = await ctx.app.inject({
      method: 'PATCH',
      url: api(`/users/${person.user.id}`),
      headers: admin.headers,
      payload: { password: 'a brand new secret', revokeTokens: false },
    });
    expect(reset.statusCode).toBe(200);
    expect(await status(person.first)).toBe(401);
    expect(await status(person.second)).toBe(401);
    expect(await status(person.bearer)).toBe(200);
    const bad = await ctx.app.inject({
      method: 'PATCH',
      url: api(`/users/${person.user.id}`),
      headers: admin.headers,
      payload: { password: 'another new secret', revokeTokens: 'no' },
    });
    expect(bad.statusCode).toBe(400);
    expect(await status(person.bearer)).toBe(200);
  });

  it('changing nothing but the name ends nothing', async () => {
    const admin = await buildUser(ctx, { role: 'admin' });
    const person = await personWithSessions('agent');
    await ctx.app.inject({
      method: 'PATCH',
      url: api(`/users/${person.user.id}`),
      headers: admin.headers,
      payload: { name: '李四（IT）' },
    });
    for (const headers of [person.first, person.second, person.bearer])
      expect(await status(headers)).toBe(200);
  });

  it('changing your own password keeps the session you changed it in and ends the others', async () => {
    const admin = await personWithSessions('admin');
    const changed = await ctx.app.inject({
      method: 'PATCH',
      url: api(`/users/${admin.user.id}`),
      headers: admin.first,
      payload: { password: 'my own new secret' },
    });
    expect(changed.statusCode).toBe(200);
    expect(await status(admin.first)).toBe(200);
    expect(await status(admin.second)).toBe(401);
    expect(await status(admin.bearer)).toBe(401);
  });

  it('deactivation ends sessions and tokens, and reactivation does not bring them back', async () => {
    const admin = await buildUser(ctx, { role: 'admin' });
    const person = await personWithSessions('agent');
    const patch = (payload: object) =>
      ctx.app.inject({
        method: 'PATCH',
        url: api(`/users/${person.user.id}`),
        headers: admin.headers,
        payload,
      });
    expect((await patch({ active: false })).statusCode).toBe(200);
    expect((await patch({ active: true })).statusCode).toBe(200);
    for (const headers of [person.first, person.second, person.bearer])
      expect(await status(headers)).toBe(401);
    const live = await ctx.database.db
      .select()
      .from(apiTokens)
      .where(and(eq(apiTokens.userId, person.user.id), isNull(apiTokens.revokedAt)));
    expect(live).toEqual([]);
  });

  it('reaches the session cache of another instance through the database at once', async () => {
    const admin = await buildUser(ctx, { role: 'admin' });
    const person = await personWithSessions('agent');
    for (const headers of [person.first, person.bearer]) expect(await status(headers, other)).toBe(200);

    const heard = new Promise<LiveEvent>((resolve) => {
      const onEvent = (event: LiveEvent) => {
        if (event.type !== SESSIONS_ENDED_EVENT || event.data?.userId !== person.user.id) return;
        events.off('event', onEvent);
        resolve(event);
      };
      events.on('event', onEvent);
    });
    const reset = await ctx.app.inject({
      method: 'PATCH',
      url: api(`/users/${person.user.id}`),
      headers: admin.headers,
      payload: { password: 'a brand new secret' },
    });
    expect(reset.statusCode).toBe(200);
    // The other instance's cache listener runs before this one (it subscribed first), so once
    // the notification has arrived there, its cached sessions are gone: no 5 s wait.
    await heard;
    for (const headers of [person.first, person.bearer]) expect(await status(headers, other)).toBe(401);
  });

  it("closes the person's open live-event stream", async () => {
    const admin = await buildUser(ctx, { role: 'admin' });
    const person = await personWithSessions('agent');
    const port = await pickPort(3993);
    await ctx.app.listen({ port, host: '127.0.0.1' });
    const stream = await fetch(`http://127.0.0.1:${port}/api/v1/events`, { headers: person.first });
    expect(stream.status).toBe(200);
    const reader = stream.body?.getReader();
    if (!reader) throw new Error('no stream');
    await reader.read();
    await ctx.app.inject({
      method: 'PATCH',
      url: api(`/users/${person.user.id}`),
      headers: admin.headers,
      payload: { active: false },
    });
    let text = '';
    for (;;) {
      const chunk = await reader.read();
      if (chunk.done) break;
      text += new TextDecoder().decode(chunk.value);
    }
    expect(text).toContain(`event: ${SESSIONS_ENDED_EVENT}`);
    const reconnect = await fetch(`http://127.0.0.1:${port}/api/v1/events`, { headers: person.first });
    expect(reconnect.status).toBe(401);
  });
});
