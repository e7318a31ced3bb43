import rateLimit, { type RateLimitOptions } from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify';
import { AppError } from './errors.ts';

/**
 * Rate limits per client address (@fastify/rate-limit, in this process's memory): every
 * request under /api that no one signed in made (sign-in, the chat widget, survey answers,
 * inbound webhooks, probes) shares `anonymousPerMinute`; routes may set a tighter limit of
 * their own with `perAddressLimit`. Over the limit: 429 `rate_limited` with Retry-After.
 * The per-account sign-in lock-out is kept in PostgreSQL instead, so that it holds across
 * instances (docs/decisions/0005-sign-in-throttling.md).
 *
 * The shared limit is @fastify/rate-limit's own global limit (its store, counting, headers and
 * answer), run from a hook of ours that asks the allow list first: the plugin's global hook
 * works out the client's address key (an IPv6 test and normalisation) and awaits a promise on
 * every request before it reads the allow list, and almost every request is a signed-in
 * person's (issue 18). Routes with a limit of their own keep the plugin's hook, as before.
 */
export async function installRateLimits(app: FastifyInstance, options: { anonymousPerMinute: number }) {
  await app.register(rateLimit, {
    // The global limit is applied by the hook below, to the routes the plugin gave it to.
    global: false,
    max: options.anonymousPerMinute,
    timeWindow: 60_000,
    allowList: allowed,
    errorResponseBuilder: (_request, context) =>
      new AppError('rate_limited', { headers: { 'retry-after': String(Math.ceil(context.ttl / 1000)) } }),
  });
  // The plugin's handler with its global options: the same store and counters.
  const limit = app.rateLimit() as (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
  // The route's own hook runs after the app's onRequest hooks, so request.actor is known.
  const hook: onRequestHookHandler = (request, reply, done) => {
    if (allowed(request)) return done();
    limit(request, reply).then(() => done(), done);
  };
  app.addHook('onRoute', (route) => {
    // A limit of its own (`perAddressLimit`) or none (`rateLimit: false`): the plugin's.
    if (route.config?.rateLimit != null) return;
    const hooks = route.onRequest;
    route.onRequest = Array.isArray(hooks) ? [...hooks, hook] : hooks ? [hooks, hook] : [hook];
  });
}

/** Not counted against the shared limit: anything outside /api, and anyone signed in. */
function allowed(request: FastifyRequest): boolean {
  return !request.url.startsWith('/api/') || request.actor !== null;
}

/** A route's own limit per client address and minute, counted whether or not someone is signed in. */
export function perAddressLimit(maxPerMinute: number): { rateLimit: RateLimitOptions } {
  return { rateLimit: { max: maxPerMinute, timeWindow: 60_000, allowList: () => false } };
}
