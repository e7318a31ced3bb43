import type { FastifyBaseLogger, FastifyRequest } from 'fastify';
import { type Bindings, type ChildLoggerOptions, type LevelWithSilentOrString, stdSerializers } from 'pino';

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

/**
 * Fastify's `childLoggerFactory`: the request's logger (`request.log`, with its `reqId`) is
 * the pino child Fastify would make, made only when the request writes a line at a level the
 * logger writes. A pino child per request (its bindings serialised, its formatters rebuilt)
 * was a few per cent of a ticket read at LOG_LEVEL=warn, where most requests write nothing
 * (issue 18). The lines written are the same: the same child, made at its first line.
 */
export function requestChildLogger(
  logger: FastifyBaseLogger,
  bindings: Bindings,
  options: ChildLoggerOptions,
): FastifyBaseLogger {
  // A route's own level or serializers (or no pino): the child at once, as Fastify makes it.
  if (hasOwnKeys(options) || typeof (logger as Partial<PinoLike>).isLevelEnabled !== 'function') {
    return logger.child(bindings, options);
  }
  return new RequestLogger(logger as PinoLike, bindings, options);
}

function hasOwnKeys(value: object): boolean {
  for (const key in value) if (Object.hasOwn(value, key)) return true;
  return false;
}

type PinoLike = FastifyBaseLogger & {
  isLevelEnabled(level: LevelWithSilentOrString): boolean;
  bindings(): Bindings;
};
type Level = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';

/** A pino child made at the first line its level lets through; everything else asks that child. */
class RequestLogger implements FastifyBaseLogger {
  readonly #parent: PinoLike;
  readonly #bindings: Bindings;
  readonly #options: ChildLoggerOptions;
  #child: PinoLike | undefined;

  constructor(parent: PinoLike, bindings: Bindings, options: ChildLoggerOptions) {
    this.#parent = parent;
    this.#bindings = bindings;
    this.#options = options;
  }

  #real(): PinoLike {
    if (this.#child === undefined)
      this.#child = this.#parent.child(this.#bindings, this.#options) as PinoLike;
    return this.#child;
  }

  #write(level: Level, args: unknown[]): void {
    if (!(this.#child ?? this.#parent).isLevelEnabled(level)) return;
    (this.#real()[level] as (...a: unknown[]) => void)(...args);
  }

  fatal(...args: unknown[]): void {
    this.#write('fatal', args);
  }
  error(...args: unknown[]): void {
    this.#write('error', args);
  }
  warn(...args: unknown[]): void {
    this.#write('warn', args);
  }
  info(...args: unknown[]): void {
    this.#write('info', args);
  }
  debug(...args: unknown[]): void {
    this.#write('debug', args);
  }
  trace(...args: unknown[]): void {
    this.#write('trace', args);
  }
  silent(): void {}

  get level(): LevelWithSilentOrString {
    return (this.#child ?? this.#parent).level;
  }

  set level(level: LevelWithSilentOrString) {
    this.#real().level = level;
  }

  isLevelEnabled(level: LevelWithSilentOrString): boolean {
    return (this.#child ?? this.#parent).isLevelEnabled(level);
  }

  child(bindings: Bindings, options?: ChildLoggerOptions): FastifyBaseLogger {
    return this.#real().child(bindings, options);
  }

  bindings(): Bindings {
    return this.#real().bindings();
  }
}
