import { connect } from 'node:net';
import { Writable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { UserDto } from '../../../../contracts/identity.ts';
import { buildTicket, buildUser } from '../../../test/factories.ts';
import { json, setupTestApp } from '../../../test/harness.ts';
import { buildApp } from '../../app.ts';

const ctx = await setupTestApp({
  PUBLIC_URL: 'https://desk.example.com',
  WIDGET_FRAME_ANCESTORS: 'https://www.example.com',
});
const api = (path: string) => `/api/v1${path}`;

/** A signed-in browser session (cookie) for a new person. */
async function session(role: 'admin' | 'requester' = 'requester') {
  const admin = await buildUser(ctx, { role: 'admin' });
  const email = `csrf-${Math.random().toString(16).slice(2)}@example.com`;
  const created = await ctx.app.inject({
    method: 'POST',
    url: api('/users'),
    headers: admin.headers,
    payload: { email, name: 'Wu', password: 'correct horse battery', role },
  });
  const user = json<UserDto>(created);
  const login = await ctx.app.inject({
    method: 'POST',
    url: api('/auth/login'),
    headers: { 'sec-fetch-site': 'same-origin', origin: 'https://desk.example.com' },
    payload: { email, password: 'correct horse battery' },
  });
  expect(login.statusCode).toBe(200);
  const cookie = login.cookies.find((c) => c.name === 'sd_session')?.value;
  return { user, email, cookie: `sd_session=${cookie}` };
}

describe('cross-site requests with the session cookie', () => {
  it("refuses a foreign page's text/plain POSTs and multipart upload, changing nothing", async () => {
    const { cookie, user } = await session('admin');
    const requester = await buildUser(ctx);
    const ticket = await buildTicket(ctx, requester);
    const foreign = { cookie, 'sec-fetch-site': 'cross-site', origin: 'https://evil.example.net' };
    for (const url of ['/calendars/1/ical', '/notifications/read-all', '/auth/logout']) {
      const response = await ctx.app.inject({
        method: 'POST',
        url: api(url),
        headers: { ...foreign, 'content-type': 'text/plain' },
        payload: 'BEGIN:VCALENDAR',
      });
      expect(response.statusCode, url).toBe(403);
      expect(response.json()).toMatchObject({ error: { code: 'auth.cross_site' } });
    }
    const boundary = 'x1';
    const upload = await ctx.app.inject({
      method: 'POST',
      url: api(`/tickets/${ticket.id}/attachments`),
      headers: { ...foreign, 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\nhello\r\n--${boundary}--\r\n`,
    });
    expect(upload.statusCode).toBe(403);
    // The session still works: logout was refused.
    const me = await ctx.app.inject({ url: api('/me'), headers: { cookie } });
    expect(json<UserDto>(me).id).toBe(user.id);
    const attachments = await ctx.app.inject({
      url: api(`/tickets/${ticket.id}/attachments`),
      headers: { cookie },
    });
    expect(json<{ items: unknown[] }>(attachments).items).toHaveLength(0);
  });

  it('refuses a sibling subdomain (same-site) and an old browser sending a form without Sec-Fetch-Site', async () => {
    const { cookie } = await session();
    const sibling = await ctx.app.inject({
      method: 'POST',
      url: api('/notifications/read-all'),
      headers: { cookie, 'sec-fetch-site': 'same-site', origin: 'https://blog.example.com' },
    });
    expect(sibling.statusCode).toBe(403);
    const oldBrowser = await ctx.app.inject({
      method: 'POST',
      url: api('/notifications/read-all'),
      headers: {
        cookie,
        origin: 'https://evil.example.net',
        'content-type': 'application/x-www-form-urlencoded',
      },
      payload: 'a=1',
    });
    expect(oldBrowser.statusCode).toBe(403);
    const formWithoutOrigin = await ctx.app.inject({
      method: 'POST',
      url: api('/notifications/read-all'),
      headers: { cookie, 'content-type': 'text/plain' },
      payload: 'x',
    });
    expect(formWithoutOrigin.statusCode).toBe(403);
  });

  it("accepts the product's own pages, programs sending JSON, and bearer tokens from anywhere", async () => {
    const { cookie } = await session();
    const own = await ctx.app.inject({
      method: 'POST',
      url: api('/notifications/read-all'),
      headers: { cookie, 'sec-fetch-site': 'same-origin', origin: 'https://desk.example.com' },
    });
    expect(own.statusCode).toBeLessThan(300);
    const byOrigin = await ctx.app.inject({
      method: 'POST',
      url: api('/notifications/read-all'),
      headers: { cookie, origin: 'https://desk.example.com' },
    });
    expect(byOrigin.statusCode).toBeLessThan(300);
    // Served under another name (the Vite dev server's proxy keeps the browser's Host).
    const ownHost = await ctx.app.inject({
      method: 'PATCH',
      url: api('/me'),
      headers: { cookie, origin: 'http://127.0.0.1:5173', host: '127.0.0.1:5173' },
      payload: { name: 'Wu' },
    });
    expect(ownHost.statusCode).toBe(200);
    const program = await ctx.app.inject({
      method: 'PATCH',
      url: api('/me'),
      headers: { cookie },
      payload: { name: 'Wu' },
    });
    expect(program.statusCode).toBe(200);
    const integration = await buildUser(ctx);
    const bearer = await ctx.app.inject({
      method: 'POST',
      url: api('/notifications/read-all'),
      headers: { ...integration.headers, 'sec-fetch-site': 'cross-site', origin: 'https://evil.example.net' },
    });
    expect(bearer.statusCode).toBeLessThan(300);
  });

  it('refuses a cross-site sign-in (login CSRF)', async () => {
    const { email } = await session();
    const response = await ctx.app.inject({
      method: 'POST',
      url: api('/auth/login'),
      headers: { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example.net' },
      payload: { email, password: 'correct horse battery' },
    });
    expect(response.statusCode).toBe(403);
    expect(response.cookies).toHaveLength(0);
  });
});

describe('security headers', () => {
  it('sends a CSP, nosniff, no framing and a referrer policy on the API and pages; HSTS only over HTTPS', async () => {
    const plain = await ctx.app.inject({ url: api('/me') });
    expect(plain.headers['content-security-policy']).toContain("default-src 'self'");
    expect(plain.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(plain.headers['content-security-policy']).toContain("script-src 'self';");
    expect(plain.headers['x-content-type-options']).toBe('nosniff');
    expect(plain.headers['x-frame-options']).toBe('DENY');
    expect(plain.headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
    expect(plain.headers['strict-transport-security']).toBeUndefined();
    // Behind a TLS-terminating proxy on this machine (TRUST_PROXY=loopback).
    const tls = await ctx.app.inject({ url: '/healthz', headers: { 'x-forwarded-proto': 'https' } });
    expect(tls.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    // A client far away cannot claim HTTPS for itself.
    const spoofed = await ctx.app.inject({
      url: '/healthz',
      remoteAddress: '198.51.100.1',
      headers: { 'x-forwarded-proto': 'https' },
    });
    expect(spoofed.headers['strict-transport-security']).toBeUndefined();
  });

  it('lets only the configured sites frame the chat widget page', async () => {
    const widget = await ctx.app.inject({ url: '/widget' });
    expect(widget.headers['content-security-policy']).toContain('frame-ancestors https://www.example.com');
    expect(widget.headers['x-frame-options']).toBeUndefined();
    const portal = await ctx.app.inject({ url: '/portal' });
    expect(portal.headers['x-frame-options']).toBe('DENY');
  });
});

describe('hostile strings', () => {
  it('refuses NUL and lone surrogates in bodies, queries, paths and raw text with 400 and the field, changing nothing', async () => {
    const requester = await buildUser(ctx);
    const admin = await buildUser(ctx, { role: 'admin' });
    const count = async () =>
      (await ctx.database.db.execute<{ n: number }>(sql`select count(*)::int as n from tickets`)).rows[0]?.n;
    const before = await count();
    const cases = [
      {
        method: 'POST',
        url: api('/tickets'),
        payload: { subject: 'a\u0000b', description: 'x' },
        field: 'subject',
      },
      {
        method: 'POST',
        url: api('/tickets'),
        payload: { subject: 'ok', description: 'x', fields: { environment: '\ud800' } },
        field: 'fields.environment',
      },
      { method: 'GET', url: api('/tickets?q=%00'), field: 'query.q' },
      { method: 'GET', url: api('/tickets/%00'), field: 'params.id' },
    ] as const;
    for (const c of cases) {
      const response = await ctx.app.inject({
        method: c.method,
        url: c.url,
        headers: requester.headers,
        ...('payload' in c ? { payload: c.payload } : {}),
      });
      expect(response.statusCode, c.url).toBe(400);
      expect(response.json()).toMatchObject({ error: { code: 'validation.invalid', field: c.field } });
    }
    const raw = await ctx.app.inject({
      method: 'POST',
      url: api('/import/tickets'),
      headers: { ...admin.headers, 'content-type': 'application/x-ndjson' },
      payload: '{"externalId":"n1","subject":"a\u0000"}\n',
    });
    expect(raw.statusCode).toBe(400);
    const escaped = await ctx.app.inject({
      method: 'POST',
      url: api('/import/tickets'),
      headers: { ...admin.headers, 'content-type': 'application/x-ndjson' },
      payload:
        '{"externalId":"n2","subject":"x","description":"y","requesterEmail":"a\\u0000@example.com","createdAt":"2024-01-01T00:00:00Z"}\n',
    });
    expect(escaped.statusCode).toBeLessThan(500);
    expect(escaped.body).not.toMatch(/insert into|Failed query|password_hash/i);
    expect(await count()).toBe(before);
  });
});

describe('framework errors in the one shape and the caller language', () => {
  it('answers malformed JSON, unsupported types, too large bodies, bad URLs and unknown paths alike', async () => {
    const requester = await buildUser(ctx);
    const malformed = await ctx.app.inject({
      method: 'POST',
      url: api('/tickets'),
      headers: { ...requester.headers, 'content-type': 'application/json' },
      payload: '{"subject": ',
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.code).toBe('request.malformed');
    const unsupported = await ctx.app.inject({
      method: 'POST',
      url: api('/tickets'),
      headers: { ...requester.headers, 'content-type': 'application/xml' },
      payload: '<a/>',
    });
    expect(unsupported.statusCode).toBe(415);
    expect(unsupported.json()).toEqual({
      error: {
        code: 'request.unsupported_media_type',
        message: 'Unsupported content type: application/xml.',
      },
    });
    const large = await ctx.app.inject({
      method: 'POST',
      url: api('/tickets'),
      headers: { ...requester.headers, 'content-type': 'application/json' },
      payload: JSON.stringify({ subject: 'x', description: 'y'.repeat(3 * 1024 * 1024) }),
    });
    expect(large.statusCode).toBe(413);
    expect(large.json().error.code).toBe('request.too_large');
    const badUrl = await ctx.app.inject({ url: api('/tickets/%ED%A0%80'), headers: requester.headers });
    expect(badUrl.statusCode).toBe(400);
    expect(badUrl.json().error).toMatchObject({ code: 'validation.invalid', field: 'path' });
    // Nobody signed in: the browser's language.
    const unknown = await ctx.app.inject({
      url: api('/no-such-thing'),
      headers: { 'accept-language': 'zh-CN' },
    });
    expect(unknown.json()).toEqual({ error: { code: 'not_found', message: '未找到。' } });
  });

  it('answers 431 (headers too large, refused before Fastify) in the one shape, in Chinese when asked', async () => {
    const app = await buildApp({
      db: ctx.database.db,
      config: ctx.config,
      events: ctx.events,
      logger: false,
    });
    try {
      await app.listen({ port: 0, host: '127.0.0.1' });
      const address = app.server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      const send = (request: string) =>
        new Promise<string>((resolve, reject) => {
          const socket = connect(port, '127.0.0.1', () => socket.write(request));
          let data = '';
          socket.on('data', (chunk) => {
            data += chunk.toString('utf8');
          });
          socket.on('end', () => resolve(data));
          socket.on('error', reject);
        });
      const bodyOf = (raw: string) => JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4));
      const big = await send(
        `GET /api/v1/me HTTP/1.1\r\nHost: x\r\nAccept-Language: zh-CN\r\nX-Big: ${'a'.repeat(40_000)}\r\n\r\n`,
      );
      expect(big).toMatch(/^HTTP\/1\.1 431 /);
      expect(bodyOf(big)).toEqual({ error: { code: 'request.headers_too_large', message: '请求头过大。' } });
      // A NUL in a header (the chat token ...) never reaches Fastify: Node's parser refuses it.
      const nul = await send('GET /api/v1/me HTTP/1.1\r\nHost: x\r\nX-Chat-Token: a\u0000b\r\n\r\n');
      expect(nul).toMatch(/^HTTP\/1\.1 400 /);
      expect(bodyOf(nul)).toEqual({
        error: { code: 'request.bad', message: 'The request is not valid HTTP.' },
      });
    } finally {
      await app.close();
    }
  });
});

describe('logs', () => {
  it('logs a 500 once, with method, route and request id, and never the body or credentials', async () => {
    const lines: Record<string, unknown>[] = [];
    const stream = new Writable({
      write(chunk, _encoding, done) {
        for (const line of chunk.toString().split('\n')) if (line.trim()) lines.push(JSON.parse(line));
        done();
      },
    });
    const app = await buildApp({
      db: ctx.database.db,
      config: ctx.config,
      events: ctx.events,
      logger: { level: 'info', stream },
    });
    app.post('/api/v1/test/boom', async () => {
      throw new Error(
        'Failed query: insert into "users" ("password_hash") values ($1)\nparams: $argon2id$secret-hash',
      );
    });
    try {
      const requester = await buildUser(ctx);
      const response = await app.inject({
        method: 'POST',
        url: '/api/v1/test/boom?token=chat-secret',
        headers: { ...requester.headers, cookie: 'sd_session=cookie-secret' },
        payload: { password: 'body-secret' },
      });
      expect(response.statusCode).toBe(500);
      expect(response.json()).toEqual({
        error: { code: 'internal', message: 'Something went wrong on our side.' },
      });
      const errors = lines.filter((line) => (line.level as number) >= 50);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatchObject({ method: 'POST', route: '/api/v1/test/boom', category: 'http' });
      expect(errors[0]?.reqId).toEqual(expect.any(String));
      const all = JSON.stringify(lines);
      for (const secret of [
        'body-secret',
        'cookie-secret',
        'chat-secret',
        'secret-hash',
        requester.headers.authorization,
      ]) {
        expect(all).not.toContain(secret);
      }
    } finally {
      await app.close();
    }
  });
});
