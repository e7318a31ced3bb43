import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import client from 'prom-client';
import type { Db } from '../db/database.ts';

/**
 * Prometheus metrics at /metrics: process metrics, request durations by route, and the work
 * waiting for the worker (ticket changes to follow up, due jobs, SLA clocks whose next warning
 * or breach is due and not yet given), read when scraped.
 */
export function installMetrics(app: FastifyInstance, db: Db): void {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry });
  new client.Gauge({
    name: 'servicedesk_backlog',
    help: 'Work waiting: ticket changes to follow up (follow_ups), due background jobs (jobs), tickets whose SLA warning or breach is due and not yet given (sla_timers)',
    labelNames: ['kind'],
    registers: [registry],
    async collect() {
      const result = await db.execute<{ follow_ups: number; jobs: number; sla_timers: number }>(sql`select
        (select count(*) from ticket_follow_ups)::int as follow_ups,
        (select count(*) from graphile_worker.jobs where run_at <= now() and locked_at is null)::int as jobs,
        (select count(*) from ticket_sla where next_timer_at <= now())::int as sla_timers`);
      const row = result.rows[0];
      this.set({ kind: 'follow_ups' }, Number(row?.follow_ups ?? 0));
      this.set({ kind: 'jobs' }, Number(row?.jobs ?? 0));
      this.set({ kind: 'sla_timers' }, Number(row?.sla_timers ?? 0));
    },
  });
  const duration = new client.Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by method, route and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  app.addHook('onResponse', (request, reply, done) => {
    duration.observe(
      {
        method: request.method,
        route: request.routeOptions.url ?? 'unmatched',
        status: String(reply.statusCode),
      },
      reply.elapsedTime / 1000,
    );
    done();
  });
  app.get('/metrics', { schema: { hide: true } }, async (_request, reply) =>
    reply.header('Content-Type', registry.contentType).send(await registry.metrics()),
  );
}
