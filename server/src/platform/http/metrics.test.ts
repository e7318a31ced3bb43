import { describe, expect, it } from 'vitest';
import { buildUser } from '../../../test/factories.ts';
import { setupTestApp } from '../../../test/harness.ts';

const ctx = await setupTestApp();

/** The request-duration count of one route and status, as Prometheus scrapes it (0 when absent). */
async function requestCount(route: string, status: number): Promise<number> {
  const metrics = await ctx.app.inject({ method: 'GET', url: '/metrics' });
  const prefix = `http_request_duration_seconds_count{method="GET",route="${route}",status="${status}"}`;
  const line = metrics.body.split('\n').find((l) => l.startsWith(prefix));
  return line ? Number(line.split(' ')[1]) : 0;
}

describe('request metrics', () => {
  it('count each answered request by method, route and status, refusals included', async () => {
    const agent = await buildUser(ctx, { role: 'agent' });
    const route = '/api/v1/tickets/:id';
    const before = { found: await requestCount(route, 404), refused: await requestCount(route, 401) };
    await ctx.app.inject({ url: '/api/v1/tickets/999999999', headers: agent.headers });
    await ctx.app.inject({ url: '/api/v1/tickets/999999999', headers: agent.headers });
    await ctx.app.inject({ url: '/api/v1/tickets/999999999' });
    expect(await requestCount(route, 404)).toBe(before.found + 2);
    expect(await requestCount(route, 401)).toBe(before.refused + 1);
  });
});
