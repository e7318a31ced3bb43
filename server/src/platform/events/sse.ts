import type { OutgoingHttpHeaders } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { EventHub, LiveEvent } from './events.ts';

/** What a stream writes for one live event: its SSE event name and data; null skips it. */
export type LiveEventFrame = { event: string; data: unknown } | null;

export interface LiveEventStreamOptions {
  events: EventHub;
  /** Picks and shapes the events this stream's reader gets. */
  frame: (event: LiveEvent) => LiveEventFrame;
  /** After writing this event, end the stream (the browser reconnects). */
  endsAfter?: (event: LiveEvent) => boolean;
  /** Streams open now, so that the server can end them when it stops. */
  open?: Set<import('node:http').ServerResponse>;
}

/**
 * Turns the reply into a Server-Sent Events stream of live events. A comment every 25 s keeps
 * proxies from closing the connection; `retry: 3000` sets the browser's reconnect delay.
 */
export function streamLiveEvents(
  request: FastifyRequest,
  reply: FastifyReply,
  options: LiveEventStreamOptions,
): void {
  reply.hijack();
  const out = reply.raw;
  out.writeHead(200, {
    // What the app's hooks gave the reply (the security headers), which Fastify no longer writes.
    // In lower case as Fastify keeps them, so that the stream's own replace the reply's (its
    // `cache-control: no-store`) rather than go out beside them.
    ...(reply.getHeaders() as OutgoingHttpHeaders),
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  out.write('retry: 3000\n\n');
  const onEvent = (event: LiveEvent) => {
    const frame = options.frame(event);
    if (!frame) return;
    out.write(`event: ${frame.event}\ndata: ${JSON.stringify(frame.data)}\n\n`);
    if (options.endsAfter?.(event)) {
      stop();
      out.end();
    }
  };
  options.events.on('event', onEvent);
  options.open?.add(out);
  const keepAlive = setInterval(() => out.write(': keep-alive\n\n'), 25_000);
  const stop = () => {
    clearInterval(keepAlive);
    options.events.off('event', onEvent);
    options.open?.delete(out);
  };
  request.raw.on('close', stop);
}
