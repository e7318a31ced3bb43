import { Writable } from 'node:stream';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { loggerOptions, requestChildLogger } from './request-log.ts';

/** The log lines of the same requests through an app with Fastify's own request logger and ours. */
async function linesOf(level: string, lazy: boolean): Promise<Record<string, unknown>[]> {
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
