import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

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
 */
export async function installSecurityHeaders(app: FastifyInstance, options: SecurityHeaderOptions) {
  const directives = {
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
  await app.register(helmet, {
    contentSecurityPolicy: { useDefaults: false, directives },
    // Set below, on HTTPS requests only.
    strictTransportSecurity: false,
    xFrameOptions: { action: 'deny' },
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
  });

  const widgetCsp = cspHeader({ ...directives, frameAncestors: [...options.widgetFrameAncestors] });
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.protocol === 'https') {
      reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
    }
    if (WIDGET_PAGE.test(request.url)) {
      // helmet wrote these on the raw response when the request came in.
      reply.raw.setHeader('content-security-policy', widgetCsp);
      reply.raw.removeHeader('x-frame-options');
    } else if (WIDGET_SCRIPT.test(request.url)) {
      // Loaded by <script src> from customers' pages.
      reply.raw.setHeader('cross-origin-resource-policy', 'cross-origin');
    }
    return payload;
  });
}

function cspHeader(directives: Record<string, readonly string[]>): string {
  return Object.entries(directives)
    .map(([name, sources]) => `${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} ${sources.join(' ')}`)
    .join(';');
}
