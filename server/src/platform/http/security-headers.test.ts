import { get, type IncomingHttpHeaders } from 'node:http';
import helmet from '@fastify/helmet';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventHub } from '../events/events.ts';
import { streamLiveEvents } from '../events/sse.ts';
import { HELMET_OPTIONS, installSecurityHeaders } from './security-headers.ts';

/** Headers that are the answer's own, not security headers. */
const OWN = new Set(['content-type', 'content-length', 'date', 'connection']);

function securityHeaders(headers: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !OWN.has(name)));
}

function routes(app: FastifyInstance): void {
  app.get('/api/v1/x', async () => ({ ok: true }));
  app.get('/api/v1/fails', async () => {
    throw new Error('boom');
  });
  app.get('/api/v1/own-cache', async (_request, reply) => {
    reply.header('Cache-Control', 'private, max-age=0');
    return { ok: true };
  });
  app.get('/widget', async () => 'widget page');
  app.get('/widget.js', async () => 'widget script');
  // A live event stream writes its own head (reply.hijack()).
  app.get('/api/v1/events', (request, reply) => {
    streamLiveEvents(request, reply, { events: new EventHub(), frame: () => null });
  });
}

/** The head of a streamed answer, from a real socket (inject waits for an end that never comes). */
async function streamedHead(app: FastifyInstance, url: string): Promise<IncomingHttpHeaders> {
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  return new Promise((resolve, reject) => {
    const request = get(`${address}${url}`, (response) => {
      resolve(response.headers);
      request.destroy();
    });
    request.on('error', reject);
  });
}

describe('security headers written once per request', () => {
  let ours: FastifyInstance;
  let reference: FastifyInstance;
  beforeAll(async () => {
    ours = Fastify({ logger: false, trustProxy: true });
    await installSecurityHeaders(ours, { widgetFrameAncestors: ['https://www.example.com'] });
    routes(ours);
    // @fastify/helmet as it was used before: helmet's middleware built on every request.
    reference = Fastify({ logger: false, trustProxy: true });
    await reference.register(helmet, HELMET_OPTIONS);
    routes(reference);
  });
  afterAll(async () => {
    await ours.close();
    await reference.close();
  });

  it.each(['/api/v1/x', '/api/v1/fails', '/api/v1/missing', '/widget.js'])(
    '%s carries exactly the headers @fastify/helmet writes',
    async (url) => {
      const mine = await ours.inject({ url });
      const theirs = await reference.inject({ url });
      const expected = securityHeaders(theirs.headers);
      if (url === '/widget.js') expected['cross-origin-resource-policy'] = 'cross-origin';
      // And no cache keeps an answer of the API, a failed one included.
      if (url.startsWith('/api/')) expected['cache-control'] = 'no-store';
      expect(securityHeaders(mine.headers)).toEqual(expected);
      expect(mine.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(mine.headers['x-frame-options']).toBe('DENY');
      expect(Object.keys(expected).length).toBeGreaterThanOrEqual(11);
    },
  );

  it('the widget page may be framed by the configured sites only, HSTS only over HTTPS', async () => {
    const widget = await ours.inject({ url: '/widget' });
    expect(widget.headers['content-security-policy']).toContain('frame-ancestors https://www.example.com');
    expect(widget.headers['x-frame-options']).toBeUndefined();
    expect(widget.headers['strict-transport-security']).toBeUndefined();
    const tls = await ours.inject({ url: '/api/v1/x', headers: { 'x-forwarded-proto': 'https' } });
    expect(tls.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
  });

  it('an API answer is kept by no cache unless its route says otherwise; a page is not concerned', async () => {
    expect((await ours.inject({ url: '/api/v1/x' })).headers['cache-control']).toBe('no-store');
    expect((await ours.inject({ url: '/api/v1/own-cache' })).headers['cache-control']).toBe(
      'private, max-age=0',
    );
    expect((await ours.inject({ url: '/widget' })).headers['cache-control']).toBeUndefined();
  });

  it('a live event stream, which writes its own head, carries them too', async () => {
    const head = await streamedHead(ours, '/api/v1/events');
    const expected = securityHeaders((await reference.inject({ url: '/api/v1/x' })).headers);
    expect(head['content-type']).toBe('text/event-stream; charset=utf-8');
    // Its own cache rule, once (not beside the API's no-store).
    expect(head['cache-control']).toBe('no-cache, no-transform');
    for (const [name, value] of Object.entries(expected)) expect(head[name], name).toBe(value);
  });

  it('every answer gets them, each time (no state kept between requests)', async () => {
    const first = await ours.inject({ url: '/widget' });
    const second = await ours.inject({ url: '/api/v1/x' });
    expect(first.headers['x-frame-options']).toBeUndefined();
    expect(second.headers['x-frame-options']).toBe('DENY');
    expect(second.headers['content-security-policy']).toContain("frame-ancestors 'none'");
  });
});
