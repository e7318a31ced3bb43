import type { FastifyRequest } from 'fastify';
import { stdSerializers } from 'pino';

/** Path parameters that are credentials (signed survey links ...): never written to a log. */
const SECRET_PARAM = /token|secret|password|key/i;

/**
 * How a request appears in the logs: method, the matched route, the path with secret
 * parameters masked, and the query's names without their values (a chat token travels in
 * `?token=`). Never the body, and no header but the user agent.
 */
export function serializeRequest(request: FastifyRequest) {
  const [path = '', query] = request.url.split('?', 2);
  const params = (request.params ?? {}) as Record<string, unknown>;
  let shownPath = path;
  for (const [name, value] of Object.entries(params)) {
    if (SECRET_PARAM.test(name) && typeof value === 'string' && value) {
      shownPath = shownPath.replace(encodeURIComponent(value), '[redacted]').replace(value, '[redacted]');
    }
  }
  const queryNames = query ? [...new URLSearchParams(query).keys()] : [];
  return {
    method: request.method,
    url: queryNames.length > 0 ? `${shownPath}?${queryNames.map((n) => `${n}=…`).join('&')}` : shownPath,
    route: request.routeOptions?.url ?? null,
    remoteAddress: request.ip,
    userAgent: request.headers['user-agent'],
  };
}

/** Belt and braces: if a header or credential object is ever logged, these never are. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-chat-token"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  '*.password',
  '*.passwordHash',
  'password',
];

/**
 * Errors as pino writes them, less the parameters of a failed query: Drizzle puts them in
 * the message (`Failed query: ... params: ...`), and they can hold a password hash or a
 * person's text.
 */
export function serializeError(error: Error) {
  const shown = stdSerializers.err(error) as unknown as Record<string, unknown>;
  const strip = (text: unknown) =>
    typeof text === 'string' ? text.replace(/\nparams: [\s\S]*?(\n {4}at |$)/, '\n$1') : text;
  shown.message = strip(shown.message);
  shown.stack = strip(shown.stack);
  delete shown.params;
  const cause = shown.cause as Record<string, unknown> | undefined;
  if (cause && typeof cause === 'object') {
    delete cause.parameters;
    delete cause.params;
  }
  return shown;
}

export function loggerOptions(options: boolean | object): boolean | object {
  if (options === false) return false;
  const base = options === true ? {} : options;
  return { ...base, serializers: { req: serializeRequest, err: serializeError }, redact: REDACTED_PATHS };
}
