import type { FastifyInstance } from 'fastify';
import { isStaff, SESSIONS_ENDED_EVENT } from '../../modules/identity/index.ts';
import { requireActor } from '../http/context.ts';
import type { AppDeps } from '../http/deps.ts';
import type { LiveEvent } from './events.ts';

/**
 * GET /api/v1/events: a Server-Sent Events stream of the live events meant for the caller
 * (addressed to them, or to all staff when they are staff). A comment every 25 s keeps
 * proxies from closing the connection.
 */
export async function eventRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  /** Open streams, ended when the server stops so that it need not wait for them. */
  const streams = new Set<import('node:http').ServerResponse>();
  app.addHook('preClose', async () => {
    for (const stream of streams) stream.end();
  });
  app.get('/events', { schema: { tags: ['events'], hide: false } }, async (request, reply) => {
    const actor = requireActor(request);
    const staff = isStaff(actor);
    reply.hijack();
    const out = reply.raw;
    out.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    out.write('retry: 3000\n\n');
    const onEvent = (event: LiveEvent) => {
      const addressed = event.userIds?.length ? event.userIds.includes(actor.id) : staff;
      if (!addressed) return;
      out.write(
        `event: ${event.type}\ndata: ${JSON.stringify({ ticketId: event.ticketId, ...event.data })}\n\n`,
      );
      // The person's sessions ended (new password, deactivation): close the stream; the
      // browser reconnects, and only a session that survived gets a new one.
      if (event.type === SESSIONS_ENDED_EVENT) {
        stop();
        out.end();
      }
    };
    deps.events.on('event', onEvent);
    streams.add(out);
    const keepAlive = setInterval(() => out.write(': keep-alive\n\n'), 25_000);
    const stop = () => {
      clearInterval(keepAlive);
      deps.events.off('event', onEvent);
      streams.delete(out);
    };
    request.raw.on('close', stop);
  });
}
