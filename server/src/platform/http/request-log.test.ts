import { Writable } from 'node:stream';
import Fastify from 'fastify';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import {
  AccessLogController,
  loggerOptions,
  REDACTED,
  redactSecrets,
  requestChildLogger,
} from './request-log.ts';

/** The log lines of the same requests through an app with Fastify's own request logger and ours. */
async function linesOf(level: string, lazy: boolean, access = false): Promise<Record<string, unknown>[]> {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of chunk.toString().split('\n')) {
        if (!line.trim()) continue;
        const { time: _time, responseTime, ...rest } = JSON.parse(line);
        lines.push({ ...rest, ...(responseTime === undefined ? {} : { responseTime: typeof responseTime }) });
      }
      done();
    },
  });
  const app = Fastify({
    logger: loggerOptions({ level, stream }),
    ...(lazy ? { childLoggerFactory: requestChildLogger } : {}),
    ...(access ? { logController: new AccessLogController() } : {}),
  });
  app.get('/quiet/:id', async (request) => ({ id: (request.params as { id: string }).id }));
  app.get('/warns', async (request) => {
    request.log.info({ step: 1 }, 'an info line');
    request.log.warn({ category: 'test', detail: { a: 1 } }, 'a warning %s', 'with an argument');
    request.log.child({ part: 'inner' }).error('from a child');
    const log = request.log as typeof request.log & { isLevelEnabled(level: string): boolean };
    return { debug: log.isLevelEnabled('debug') };
  });
  app.get('/level', async (request) => ({ level: request.log.level }));
  app.post('/boom', async () => {
    throw new Error('boom');
  });
  await app.ready();
  const answers = [];
  answers.push((await app.inject({ method: 'GET', url: '/quiet/7?token=secret' })).body);
  answers.push((await app.inject({ method: 'GET', url: '/warns', headers: { 'user-agent': 'ua' } })).body);
  answers.push((await app.inject({ method: 'GET', url: '/level' })).body);
  answers.push((await app.inject({ method: 'POST', url: '/boom', payload: { password: 'p' } })).statusCode);
  answers.push((await app.inject({ method: 'GET', url: '/nowhere' })).statusCode);
  await app.close();
  lines.push({ answers });
  return lines;
}

describe('the request logger made when a request first writes (issue 18)', () => {
  for (const level of ['info', 'warn', 'error', 'debug']) {
    it(`writes exactly the lines Fastify's own request child wrote, at level ${level}`, async () => {
      const ours = await linesOf(level, true);
      const fastifys = await linesOf(level, false);
      expect(ours).toEqual(fastifys);
      expect(ours.length).toBeGreaterThan(1);
    });
  }

  it('carries the request id and the request serializer on the lines it writes', async () => {
    const lines = await linesOf('info', true);
    const warning = lines.find((line) => line.msg === 'a warning with an argument');
    expect(warning).toMatchObject({ level: 40, category: 'test', detail: { a: 1 } });
    expect(warning?.reqId).toEqual(expect.any(String));
    const child = lines.find((line) => line.msg === 'from a child');
    expect(child).toMatchObject({ level: 50, part: 'inner', reqId: warning?.reqId });
    const incoming = lines.find((line) => line.msg === 'incoming request');
    expect(incoming?.req).toMatchObject({ method: 'GET', url: '/quiet/7?token=…', route: '/quiet/:id' });
    expect(lines.filter((line) => line.msg === 'request completed')).toHaveLength(5);
  });

  it('writes nothing for a request that logs nothing at its level', async () => {
    const lines = await linesOf('error', true);
    expect(lines.map((line) => line.msg).filter(Boolean)).toEqual(['from a child', 'boom']);
  });
});

describe('the access log: one line a request (issue 18)', () => {
  it('writes the request beside its answer when it is answered, and `incoming request` only at debug', async () => {
    const lines = await linesOf('info', true, true);
    expect(lines.filter((line) => line.msg === 'incoming request')).toEqual([]);
    const completed = lines.filter((line) => line.msg === 'request completed');
    expect(completed.map((line) => [line.req, line.res])).toEqual([
      [
        expect.objectContaining({ method: 'GET', url: '/quiet/7?token=…', route: '/quiet/:id' }),
        { statusCode: 200 },
      ],
      [expect.objectContaining({ method: 'GET', url: '/warns', userAgent: 'ua' }), { statusCode: 200 }],
      [expect.objectContaining({ method: 'GET', url: '/level' }), { statusCode: 200 }],
      [expect.objectContaining({ method: 'POST', url: '/boom' }), { statusCode: 500 }],
      [expect.objectContaining({ method: 'GET', url: '/nowhere' }), { statusCode: 404 }],
    ]);
    for (const line of completed) expect(line).toMatchObject({ level: 30, responseTime: 'number' });
    // Everything else as Fastify writes it: the handler's lines, the failure at error.
    const fastifys = await linesOf('info', true);
    const others = (all: Record<string, unknown>[]) =>
      all.filter((line) => line.msg !== 'incoming request' && line.msg !== 'request completed');
    expect(others(lines)).toEqual(others(fastifys));
    const debug = await linesOf('debug', true, true);
    expect(debug.filter((line) => line.msg === 'incoming request')).toHaveLength(5);
  });

  it('writes nothing of a quiet request at warn', async () => {
    const lines = await linesOf('warn', true, true);
    expect(lines.map((line) => line.msg).filter(Boolean)).toEqual([
      'a warning with an argument',
      'from a child',
      'boom',
    ]);
  });
});

describe('credentials are never written', () => {
  it('redacts passwords, their hashes and credential headers, copying only what it redacts', () => {
    const user = { name: 'Li', password: 'secret-1', passwordHash: 'hash-1' };
    const headers = { Authorization: 'Bearer sdt_x', cookie: 'sd_session=abc', accept: 'application/json' };
    const line = {
      password: 'secret-2',
      user,
      headers,
      req: { method: 'GET', headers: { 'x-chat-token': 'chat-1', 'user-agent': 'ua' } },
      res: { statusCode: 200, headers: { 'set-cookie': 'sd_session=def' } },
      count: 3,
      deep: { inner: { password: 'only one level is looked into' } },
    };
    const before = structuredClone(line);
    expect(redactSecrets(line)).toEqual({
      password: REDACTED,
      user: { name: 'Li', password: REDACTED, passwordHash: REDACTED },
      headers: { Authorization: REDACTED, cookie: REDACTED, accept: 'application/json' },
      req: { method: 'GET', headers: { 'x-chat-token': REDACTED, 'user-agent': 'ua' } },
      res: { statusCode: 200, headers: { 'set-cookie': REDACTED } },
      count: 3,
      deep: { inner: { password: 'only one level is looked into' } },
    });
    expect(line).toEqual(before);
    const clean = { req: { method: 'GET' }, responseTime: 1.5 };
    expect(redactSecrets(clean)).toBe(clean);
  });

  it('a request carrying a session cookie and a token writes neither, and a logged password is not written', async () => {
    let written = '';
    const stream = new Writable({
      write(chunk, _encoding, done) {
        written += chunk.toString();
        done();
      },
    });
    const app = Fastify({
      logger: loggerOptions({ level: 'info', stream }),
      childLoggerFactory: requestChildLogger,
      logController: new AccessLogController(),
    });
    app.post('/login', async (request) => {
      request.log.info({ body: request.body, headers: request.headers }, 'signing in');
      return { ok: true };
    });
    await app.inject({
      method: 'POST',
      url: '/login',
      headers: { cookie: 'sd_session=cookie-secret', authorization: 'Bearer sdt_token-secret' },
      payload: { email: 'li@example.com', password: 'password-secret' },
    });
    await app.close();
    expect(written).toContain('signing in');
    expect(written).toContain('request completed');
    for (const secret of ['cookie-secret', 'token-secret', 'password-secret'])
      expect(written).not.toContain(secret);
    // The worker thread's logger (plain pino with the same options) redacts the same way.
    let fromWorker = '';
    const worker = pino(
      loggerOptions({ level: 'info' }) as object,
      new Writable({
        write(chunk, _encoding, done) {
          fromWorker += chunk.toString();
          done();
        },
      }),
    );
    worker.error({ user: { password: 'job-secret' } }, 'job failed');
    // An error carrying a password of its own (a library's error with the input it refused).
    worker.error({ err: Object.assign(new Error('refused'), { password: 'error-secret' }) }, 'job failed');
    expect(fromWorker).toContain('job failed');
    expect(fromWorker).toContain('refused');
    expect(fromWorker).not.toContain('job-secret');
    expect(fromWorker).not.toContain('error-secret');
  });
});
