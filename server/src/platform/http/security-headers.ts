import helmet, { type FastifyHelmetOptions } from '@fastify/helmet';
import Fastify, { type FastifyInstance } from 'fastify';

export interface SecurityHeaderOptions {
  /**
   * Who may frame the chat widget page (`/widget`): CSP frame-ancestors sources, e.g.
   * `https://www.example.com`; `*` for any site. Every other page may not be framed.
   */
  widgetFrameAncestors: readonly string[];
}

/** The page the embeddable chat widget opens in a frame on customers' sites (web/public/widget.js). */
const WIDGET_PAGE = /^\/widget\/?(\?|$)/;
/** The script customers' pages load from us. */
const WIDGET_SCRIPT = /^\/widget\.js(\?|$)/;

/**
 * Security headers from @fastify/helmet on every answer: a Content-Security-Policy the web
 * app works under (antd writes its CSS-in-JS into <style> tags, hence 'unsafe-inline' for
 * styles only; no inline or eval'd script anywhere), nosniff, no framing (but for the widget
 * page), no referrer sent to other sites. HSTS is sent only on HTTPS requests, so a desk
 * first tried over plain HTTP is not pinned to a scheme it does not serve.
 *
 * @fastify/helmet builds helmet's middleware again on every request (parsing the CSP
 * directives each time: a tenth of a ticket read's CPU, issue 18). The options are the same for
 * every answer, so the headers helmet writes are taken once, at start, from @fastify/helmet
 * itself with these options, and given to every reply at the same point (onRequest). They go
 * into Fastify's own headers of the reply, which Node writes in one `writeHead` with the
 * answer's, rather than onto the raw response one `setHeader` each, which then takes every
 * header of the answer through `setHeader` again (issue 18). A reply that writes its own head
 * (`reply.hijack()`, the live event streams) takes them from `reply.getHeaders()`; Fastify's
 * error answers keep them (it drops only the content type and length of a failed answer).
 * Answers under /api/ also carry `Cache-Control: no-store`, unless their route sets its own.
 */
const DIRECTIVES = {
  defaultSrc: ["'self'"],
  baseUri: ["'self'"],
  scriptSrc: ["'self'"],
  scriptSrcAttr: ["'none'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:', 'blob:'],
  // Remote assistance shows a live screen (a MediaStream in srcObject) and may keep a WebM recording as a blob.
  mediaSrc: ["'self'", 'blob:', 'mediastream:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

/** What @fastify/helmet is given: the headers of every answer. */
export const HELMET_OPTIONS: FastifyHelmetOptions = {
  contentSecurityPolicy: { useDefaults: false, directives: DIRECTIVES },
  // Set below, on HTTPS requests only.
  strictTransportSecurity: false,
  xFrameOptions: { action: 'deny' },
  referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
};

export async function installSecurityHeaders(app: FastifyInstance, options: SecurityHeaderOptions) {
  const headers = Object.fromEntries(await helmetHeaders(HELMET_OPTIONS));
  // The API's answers hold people's tickets and details: no cache, a browser's or a proxy's,
  // keeps them (OWASP's REST guidance). A route may say otherwise (an attachment's download).
  const apiHeaders = { ...headers, 'cache-control': 'no-store' };
  app.addHook('onRequest', (request, reply, done) => {
    reply.headers(request.url.startsWith('/api/') ? apiHeaders : headers);
    done();
  });

  const widgetCsp = cspHeader({ ...DIRECTIVES, frameAncestors: [...options.widgetFrameAncestors] });
  app.addHook('onSend', (request, reply, payload, done) => {
    if (request.protocol === 'https') {
      reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
    }
    if (WIDGET_PAGE.test(request.url)) {
      reply.header('content-security-policy', widgetCsp);
      reply.removeHeader('x-frame-options');
    } else if (WIDGET_SCRIPT.test(request.url)) {
      // Loaded by <script src> from customers' pages.
      reply.header('cross-origin-resource-policy', 'cross-origin');
    }
    done(null, payload);
  });
}

/**
 * The headers @fastify/helmet writes with `options` on an answer, taken from a throwaway
 * instance: what its onRequest hooks have set on the raw response when a handler runs.
 */
export async function helmetHeaders(options: FastifyHelmetOptions): Promise<[string, string][]> {
  const probe = Fastify({ logger: false });
  await probe.register(helmet, options);
  let written: [string, string][] = [];
  probe.get('/', async (_request, reply) => {
    written = Object.entries(reply.raw.getHeaders()).map(([name, value]) => [
      name,
      Array.isArray(value) ? value.join(', ') : String(value),
    ]);
    return '';
  });
  await probe.inject({ method: 'GET', url: '/' });
  await probe.close();
  if (written.length === 0) throw new Error('helmet wrote no headers');
  return written;
}

function cspHeader(directives: Record<string, readonly string[]>): string {
  return Object.entries(directives)
    .map(([name, sources]) => `${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} ${sources.join(' ')}`)
    .join(';');
}
