import type { FastifyInstance } from 'fastify';
import { type RequestActor, requireActor } from '../http/context.ts';
import type { AppDeps } from '../http/deps.ts';
import { streamLiveEvents } from './sse.ts';

/** Who gets what: supplied by the module that knows the people (identity), wired in registry.ts. */
export interface LiveAudience {
  /** Whether an event addressed to no one in particular (all staff) reaches this reader. */
  receivesBroadcasts: (reader: RequestActor) => boolean;
  /** Event types after which a reader's stream ends (their sessions ended). */
  endingTypes: readonly string[];
}

/**
 * GET /api/v1/events: a Server-Sent Events stream of the live events meant for the caller
 * (addressed to them, or to everyone on broadcast when the audience says they receive it).
 */
export function eventRoutes(audience: LiveAudience) {
  return async (app: FastifyInstance, deps: AppDeps): Promise<void> => {
    /** Open streams, ended when the server stops so that it need not wait for them. */
    const streams = new Set<import('node:http').ServerResponse>();
    app.addHook('preClose', async () => {
      for (const stream of streams) stream.end();
    });
    app.get('/events', { schema: { tags: ['events'], hide: false } }, async (request, reply) => {
      const reader = requireActor(request);
      const broadcasts = audience.receivesBroadcasts(reader);
      streamLiveEvents(request, reply, {
        events: deps.events,
        open: streams,
        frame: (event) => {
          const addressed = event.userIds?.length ? event.userIds.includes(reader.id) : broadcasts;
          return addressed ? { event: event.type, data: { ticketId: event.ticketId, ...event.data } } : null;
        },
        // The person's sessions ended (new password, deactivation): close the stream; the
        // browser reconnects, and only a session that survived gets a new one.
        endsAfter: (event) => audience.endingTypes.includes(event.type),
      });
    });
  };
}
