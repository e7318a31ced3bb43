import type { LightMyRequestResponse } from 'fastify';
import { describe, expect, it } from 'vitest';
import { buildUser } from '../../../test/factories.ts';
import { setupTestApp } from '../../../test/harness.ts';

// A small shared limit for anonymous requests, and the sign-in route's own limit beside it.
const ctx = await setupTestApp({ ANONYMOUS_RATE_PER_MINUTE: '3', LOGIN_RATE_PER_MINUTE: '2' });

/** Each test from its own client address, so that the limits' counters start at zero. */
let lastAddress = 10;
const client = () => `10.0.0.${lastAddress++}`;

const shown = (response: LightMyRequestResponse) => ({
  status: response.statusCode,
  limit: response.headers['x-ratelimit-limit'] ?? null,
  remaining: response.headers['x-ratelimit-remaining'] ?? null,
  retryAfter: response.headers['retry-after'] ?? null,
  code: response.statusCode === 429 ? response.json().error.code : null,
});

describe('the shared limit of anonymous requests (issue 18: the allow list asked first)', () => {
  it('counts anonymous API requests per address: the fourth in a minute is a 429 rate_limited', async () => {
    const remoteAddress = client();
    const answers = [];
    for (let i = 0; i < 4; i++) {
      answers.push(shown(await ctx.app.inject({ method: 'GET', url: '/api/v1/me', remoteAddress })));
    }
    expect(answers.slice(0, 3)).toEqual([
      { status: 401, limit: '3', remaining: '2', retryAfter: null, code: null },
      { status: 401, limit: '3', remaining: '1', retryAfter: null, code: null },
      { status: 401, limit: '3', remaining: '0', retryAfter: null, code: null },
    ]);
    expect(answers[3]).toMatchObject({ status: 429, limit: '3', remaining: '0', code: 'rate_limited' });
    expect(Number(answers[3]?.retryAfter)).toBeGreaterThan(0);
    // Another address is not concerned.
    const other = await ctx.app.inject({ method: 'GET', url: '/api/v1/me', remoteAddress: client() });
    expect(shown(other)).toMatchObject({ status: 401, remaining: '2' });
  });

  it('never counts a signed-in person, nor anything outside /api', async () => {
    const agent = await buildUser(ctx, { role: 'agent' });
    const remoteAddress = client();
    for (let i = 0; i < 6; i++) {
      const me = await ctx.app.inject({
        method: 'GET',
        url: '/api/v1/me',
        headers: agent.headers,
        remoteAddress,
      });
      expect(shown(me)).toEqual({ status: 200, limit: null, remaining: null, retryAfter: null, code: null });
      const health = await ctx.app.inject({ method: 'GET', url: '/healthz', remoteAddress });
      expect(shown(health)).toEqual({
        status: 200,
        limit: null,
        remaining: null,
        retryAfter: null,
        code: null,
      });
    }
    // The same address, anonymous: its count starts at one.
    const anonymous = await ctx.app.inject({ method: 'GET', url: '/api/v1/me', remoteAddress });
    expect(shown(anonymous)).toMatchObject({ status: 401, limit: '3', remaining: '2' });
  });

  it("keeps a route's own limit apart from the shared one, signed in or not", async () => {
    const remoteAddress = client();
    const login = () =>
      ctx.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        remoteAddress,
        payload: { email: 'nobody@example.com', password: 'not the password' },
      });
    expect(shown(await login())).toMatchObject({ status: 401, limit: '2', remaining: '1' });
    expect(shown(await login())).toMatchObject({ status: 401, limit: '2', remaining: '0' });
    expect(shown(await login())).toMatchObject({ status: 429, code: 'rate_limited' });
    // The shared limit of that address is untouched by the sign-ins.
    const me = await ctx.app.inject({ method: 'GET', url: '/api/v1/me', remoteAddress });
    expect(shown(me)).toMatchObject({ status: 401, limit: '3', remaining: '2' });
  });
});
