import { sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { describe, expect, it } from 'vitest';
import type { UserDto } from '../../../../contracts/identity.ts';
import { buildUser } from '../../../test/factories.ts';
import { json, setupTestApp } from '../../../test/harness.ts';
import { buildApp } from '../../app.ts';

const ctx = await setupTestApp({
  LOGIN_MAX_FAILURES: '3',
  LOGIN_FAILURE_WINDOW_MINUTES: '15',
  LOGIN_LOCK_MINUTES: '10',
  LOGIN_RATE_PER_MINUTE: '1000',
  ANONYMOUS_RATE_PER_MINUTE: '1000',
});
const api = (path: string) => `/api/v1${path}`;
const PASSWORD = 'correct horse battery';

async function person(locale: 'zh-CN' | 'en' = 'en') {
  const admin = await buildUser(ctx, { role: 'admin' });
  const email = `locked-${Math.random().toString(16).slice(2)}@example.com`;
  const response = await ctx.app.inject({
    method: 'POST',
    url: api('/users'),
    headers: admin.headers,
    payload: { email, name: 'Lin', password: PASSWORD, role: 'requester', locale },
  });
  expect(response.statusCode).toBe(201);
  return { email, user: json<UserDto>(response) };
}

const signIn = (email: string, password: string, app = ctx.app) =>
  app.inject({ method: 'POST', url: api('/auth/login'), payload: { email, password } });

function refusal(response: LightMyRequestResponse) {
  return {
    status: response.statusCode,
    retryAfter: response.headers['retry-after'] ?? null,
    body: response.json(),
  };
}

async function lockNotices(userId: number) {
  const bell = await ctx.database.db.execute<{ n: number }>(
    sql`select count(*)::int as n from notifications where user_id = ${userId} and event = 'account.locked'`,
  );
  const mail = await ctx.database.db.execute<{ n: number }>(
    sql`select count(*)::int as n from outbox_emails where kind = 'account.locked'
          and to_address = (select email from users where id = ${userId})`,
  );
  return { bell: bell.rows[0]?.n, mail: mail.rows[0]?.n };
}

describe('brute force on one account', () => {
  it('locks the account after the limit, refuses even the right password, and tells the person once', async () => {
    const { email, user } = await person();
    expect((await signIn(email, 'wrong-1')).statusCode).toBe(401);
    expect((await signIn(email, 'wrong-2')).statusCode).toBe(401);
    const third = await signIn(email, 'wrong-3');
    expect(third.statusCode).toBe(429);
    expect(third.json()).toMatchObject({ error: { code: 'auth.too_many_attempts' } });
    expect(Number(third.headers['retry-after'])).toBeGreaterThan(590);
    expect(Number(third.headers['retry-after'])).toBeLessThanOrEqual(600);

    const right = await signIn(email, PASSWORD);
    expect(right.statusCode).toBe(429);
    expect(right.cookies).toHaveLength(0);
    for (let i = 0; i < 3; i++) expect((await signIn(email, `again-${i}`)).statusCode).toBe(429);

    // One notice per lock-out, not per attempt: in the bell and by mail.
    expect(await lockNotices(user.id)).toEqual({ bell: 1, mail: 1 });
  });

  it('answers an address that has no account exactly as one that has', async () => {
    const { email } = await person();
    const ghost = `nobody-${Math.random().toString(16).slice(2)}@example.com`;
    const answers = { real: [] as unknown[], ghost: [] as unknown[] };
    for (let i = 0; i < 4; i++) {
      answers.real.push(refusal(await signIn(email, `wrong-${i}`)));
      answers.ghost.push(refusal(await signIn(ghost, `wrong-${i}`)));
    }
    expect(answers.ghost).toEqual(answers.real);
    expect(answers.real.map((a) => (a as { status: number }).status)).toEqual([401, 401, 429, 429]);
  });

  it('answers a locked account in Chinese to a Chinese browser', async () => {
    const { email } = await person('zh-CN');
    for (let i = 0; i < 3; i++) await signIn(email, `wrong-${i}`);
    const response = await ctx.app.inject({
      method: 'POST',
      url: api('/auth/login'),
      headers: { 'accept-language': 'zh-CN' },
      payload: { email, password: PASSWORD },
    });
    expect(response.json()).toEqual({
      error: { code: 'auth.too_many_attempts', message: '登录尝试次数过多，请在 10 分钟后重试。' },
    });
  });

  it('a right password before the limit clears the count', async () => {
    const { email } = await person();
    await signIn(email, 'wrong-1');
    await signIn(email, 'wrong-2');
    expect((await signIn(email, PASSWORD)).statusCode).toBe(200);
    expect((await signIn(email, 'wrong-3')).statusCode).toBe(401);
    expect((await signIn(email, 'wrong-4')).statusCode).toBe(401);
  });

  it('counts failures on every instance that shares the database', async () => {
    const other = await buildApp({
      db: ctx.database.db,
      config: ctx.config,
      events: ctx.events,
      logger: false,
    });
    try {
      const { email, user } = await person();
      expect((await signIn(email, 'wrong-1', ctx.app)).statusCode).toBe(401);
      expect((await signIn(email, 'wrong-2', other)).statusCode).toBe(401);
      expect((await signIn(email, 'wrong-3', ctx.app)).statusCode).toBe(429);
      expect((await signIn(email, PASSWORD, other)).statusCode).toBe(429);
      expect(await lockNotices(user.id)).toEqual({ bell: 1, mail: 1 });
    } finally {
      await other.close();
    }
  });
});

describe('rate limits per client address', () => {
  it('throttles sign-in attempts from one address, whatever the account', async () => {
    const app = await buildApp({
      db: ctx.database.db,
      config: { ...ctx.config, LOGIN_RATE_PER_MINUTE: 5 },
      events: ctx.events,
      logger: false,
    });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 7; i++) {
        const response = await app.inject({
          method: 'POST',
          url: api('/auth/login'),
          remoteAddress: '198.51.100.7',
          payload: { email: `spray-${i}@example.com`, password: 'x' },
        });
        statuses.push(response.statusCode);
        if (response.statusCode === 429) {
          expect(response.json()).toMatchObject({ error: { code: 'rate_limited' } });
          expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
        }
      }
      expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429]);
      // Another address is not held back by the first.
      const elsewhere = await app.inject({
        method: 'POST',
        url: api('/auth/login'),
        remoteAddress: '198.51.100.8',
        payload: { email: 'spray-x@example.com', password: 'x' },
      });
      expect(elsewhere.statusCode).toBe(401);
    } finally {
      await app.close();
    }
  });

  it('throttles anonymous requests (chat widget, survey answers, webhooks) but not signed-in people', async () => {
    const app = await buildApp({
      db: ctx.database.db,
      config: { ...ctx.config, ANONYMOUS_RATE_PER_MINUTE: 4 },
      events: ctx.events,
      logger: false,
    });
    const staff = await buildUser(ctx, { role: 'agent' });
    try {
      const anonymous = [
        {
          method: 'POST' as const,
          url: api('/channels/chats/widget'),
          payload: { name: 'V', email: 'v@example.com', message: 'hi' },
        },
        { method: 'POST' as const, url: api('/surveys/csat/not-a-token'), payload: { rating: 5 } },
        { method: 'POST' as const, url: api('/channels/im-bots/1/inbound'), payload: { externalId: 'x' } },
        { method: 'GET' as const, url: api('/surveys/nps/not-a-token') },
      ];
      const statuses: number[] = [];
      for (const request of [...anonymous, ...anonymous]) {
        statuses.push((await app.inject({ ...request, remoteAddress: '203.0.113.9' })).statusCode);
      }
      expect(statuses.slice(0, 4).every((s) => s !== 429)).toBe(true);
      expect(statuses.slice(4)).toEqual([429, 429, 429, 429]);
      for (let i = 0; i < 6; i++) {
        const me = await app.inject({
          url: api('/me'),
          headers: staff.headers,
          remoteAddress: '203.0.113.9',
        });
        expect(me.statusCode).toBe(200);
      }
    } finally {
      await app.close();
    }
  });
});
