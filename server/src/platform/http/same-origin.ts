import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from './errors.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** The content types a foreign page can send without a CORS preflight (an HTML form, sendBeacon). */
const SIMPLE_TYPES = new Set(['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain']);

export interface SameOriginOptions {
  /** PUBLIC_URL: the origin people use. */
  publicUrl: string;
  /** The session cookie's name: a request carrying it is authenticated by the browser. */
  sessionCookie: string;
  /** Paths whose POST starts a session (login CSRF): checked even without a cookie. */
  sessionStarters: readonly string[];
}

/**
 * Cross-site request forgery: a state change authenticated by the session cookie (or one
 * that signs in) is accepted only from the product's own origin. The browser says where a
 * request comes from in `Sec-Fetch-Site` (every current browser) and `Origin`; a request with
 * neither comes from a program or a very old browser, and is refused only if a foreign form
 * could have sent it (a simple content type). Bearer-token calls carry no ambient credential
 * and are not concerned. docs/security.md gives the reasoning.
 */
export function installSameOriginRule(app: FastifyInstance, options: SameOriginOptions): void {
  const publicOrigin = new URL(options.publicUrl).origin;
  const starters = new Set(options.sessionStarters);
  // A callback hook: a safe method (most requests) passes without a promise.
  app.addHook('onRequest', (request, _reply, done) => {
    if (SAFE_METHODS.has(request.method) || !request.url.startsWith('/api/')) return done();
    if (/^Bearer\s/i.test(request.headers.authorization ?? '')) return done();
    const path = request.url.split('?', 1)[0] ?? '';
    const hasSession = Boolean(request.cookies[options.sessionCookie]);
    if (!hasSession && !starters.has(path)) return done();
    if (!fromOwnOrigin(request, publicOrigin)) {
      request.log.warn(
        {
          category: 'http.csrf',
          method: request.method,
          route: request.routeOptions.url ?? null,
          secFetchSite: request.headers['sec-fetch-site'] ?? null,
          origin: request.headers.origin ?? null,
        },
        'cross-site request refused',
      );
      return done(new AppError('auth.cross_site'));
    }
    done();
  });
}

export function fromOwnOrigin(request: FastifyRequest, publicOrigin: string): boolean {
  const site = header(request, 'sec-fetch-site');
  if (site !== undefined) return site === 'same-origin';
  const origin = header(request, 'origin');
  if (origin !== undefined)
    return origin === publicOrigin || origin === `${request.protocol}://${request.host}`;
  const type = (header(request, 'content-type') ?? '').split(';', 1)[0]?.trim().toLowerCase() ?? '';
  // An HTML form always sends one of these; JSON or no body needs a script, which a foreign
  // page can send cross-site only after a CORS preflight this server never grants.
  return !SIMPLE_TYPES.has(type);
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
