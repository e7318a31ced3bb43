import rateLimit, { type RateLimitOptions } from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from './errors.ts';

/**
 * Rate limits per client address (@fastify/rate-limit, in this process's memory): every
 * request under /api that no one signed in made (sign-in, the chat widget, survey answers,
 * inbound webhooks, probes) shares `anonymousPerMinute`; routes may set a tighter limit of
 * their own with `perAddressLimit`. Over the limit: 429 `rate_limited` with Retry-After.
 * The per-account sign-in lock-out is kept in PostgreSQL instead, so that it holds across
 * instances (docs/decisions/0005-sign-in-throttling.md).
 */
export async function installRateLimits(app: FastifyInstance, options: { anonymousPerMinute: number }) {
  await app.register(rateLimit, {
    global: true,
    max: options.anonymousPerMinute,
    timeWindow: 60_000,
    // The route's own hook runs after the app's onRequest hooks, so request.actor is known.
    allowList: (request: FastifyRequest) => !request.url.startsWith('/api/') || request.actor !== null,
    errorResponseBuilder: (_request, context) =>
      new AppError('rate_limited', { headers: { 'retry-after': String(Math.ceil(context.ttl / 1000)) } }),
  });
}

/** A route's own limit per client address and minute, counted whether or not someone is signed in. */
export function perAddressLimit(maxPerMinute: number): { rateLimit: RateLimitOptions } {
  return { rateLimit: { max: maxPerMinute, timeWindow: 60_000, allowList: () => false } };
}
