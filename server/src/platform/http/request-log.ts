import { type FastifyBaseLogger, type FastifyReply, type FastifyRequest, LogController } from 'fastify';
import {
  type Bindings,
  type ChildLoggerOptions,
  type LevelWithSilentOrString,
  type Logger,
  type LoggerOptions,
  pino,
  stdSerializers,
} from 'pino';
import { standardLogOutput, writeUrgentAtOnce } from '../log-output.ts';

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

/** What a redacted value is written as. */
export const REDACTED = '[Redacted]';
/** Keys whose values are never written: a password, its hash. */
const SECRET_KEYS = new Set(['password', 'passwordHash']);
/** Headers that carry credentials: a session cookie, a Bearer token, a chat token, a new session. */
const SECRET_HEADERS = new Set(['authorization', 'cookie', 'x-chat-token', 'set-cookie']);

/**
 * Belt and braces: if a credential is ever logged, it is not written. A line's fields, and the
 * fields of each plain object among them, lose `password` and `passwordHash`; a `headers` object
 * (a line's own, or a plain `req`'s or `res`'s) loses its credential headers. Only what is
 * redacted is copied; the caller's objects are never changed. Fastify's request and reply, and
 * errors, are not plain objects: they are written by their serializers (`serializeRequest`
 * writes no header but the user agent, `serializeError` no query parameters).
 *
 * pino's `formatters.log`, instead of pino's `redact` paths: those ran a redactor (a selective
 * clone, its paths parsed again, a JSON.stringify) for every field of every line, because of
 * the `*.password` wildcard, and were most of the cost of the access line (issue 18).
 */
export function redactSecrets(line: Record<string, unknown>): Record<string, unknown> {
  let out = line;
  for (const key of Object.keys(line)) {
    const value = line[key];
    let kept = value;
    if (SECRET_KEYS.has(key)) kept = REDACTED;
    else if (key === 'headers') kept = withoutSecretHeaders(value);
    else if (isPlainObject(value)) {
      kept = withoutSecretKeys(value);
      if (key === 'req' || key === 'res') {
        const headers = withoutSecretHeaders(value.headers);
        if (headers !== value.headers) kept = { ...(kept as object), headers };
      }
    }
    if (kept !== value) {
      if (out === line) out = { ...line };
      out[key] = kept;
    }
  }
  return out;
}

function withoutSecretKeys(value: Record<string, unknown>): Record<string, unknown> {
  return withFieldsRedacted(value, (key) => SECRET_KEYS.has(key));
}

function withoutSecretHeaders(headers: unknown): unknown {
  if (headers === null || typeof headers !== 'object') return headers;
  return withFieldsRedacted(headers as Record<string, unknown>, (name) =>
    SECRET_HEADERS.has(name.toLowerCase()),
  );
}

/** `object` with the own fields `isSecret` names written as REDACTED: a copy if any is, else `object`. */
function withFieldsRedacted(
  object: Record<string, unknown>,
  isSecret: (key: string) => boolean,
): Record<string, unknown> {
  let out = object;
  for (const key of Object.keys(object)) {
    if (!isSecret(key)) continue;
    if (out === object) out = { ...object };
    out[key] = REDACTED;
  }
  return out;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

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
  // An error's own fields are written as they are (not a plain object for redactSecrets).
  return withoutSecretKeys(shown);
}

export function loggerOptions(options: boolean | object): boolean | object {
  if (options === false) return false;
  const base = options === true ? {} : options;
  return {
    ...base,
    serializers: { req: serializeRequest, err: serializeError },
    formatters: { log: redactSecrets },
    // A held output (log-output.ts) writes a warn, error or fatal line at once.
    hooks: { logMethod: writeUrgentAtOnce },
  };
}

/**
 * The desk's own logger outside the requests (main.ts, the jobs' thread): the requests'
 * serializers and redaction, on this thread's held standard output (log-output.ts).
 */
export function deskLogger(config: { LOG_LEVEL: string; LOG_FLUSH_MS: number }): Logger {
  return pino(
    loggerOptions({ level: config.LOG_LEVEL }) as LoggerOptions,
    standardLogOutput(config.LOG_FLUSH_MS),
  );
}

/**
 * Fastify's own lines a request, one line: `request completed` (at info; `request errored` at
 * error) carries the request as `serializeRequest` shows it beside the answer's status and time,
 * an access log of one line a request. Fastify writes `incoming request` at info as well, the
 * same request a line earlier: a second line, child logger and serialisation a request, which
 * made a ticket read at the default level (info) a fifth dearer in Node than at warn (issue 18).
 * `incoming request` is still written at debug, for a request that never finishes.
 */
export class AccessLogController extends LogController {
  override incomingRequest(request: FastifyRequest): void {
    if (this.isLogDisabled(request)) return;
    request.log.debug({ req: request }, 'incoming request');
  }

  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    if (this.isLogDisabled(request)) return;
    if (error) {
      reply.log.error(
        { req: request, res: reply, err: error, responseTime: reply.elapsedTime },
        'request errored',
      );
    } else {
      reply.log.info({ req: request, res: reply, responseTime: reply.elapsedTime }, 'request completed');
    }
  }
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
