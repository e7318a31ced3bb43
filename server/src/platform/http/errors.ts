/**
 * The error catalogue: every error a client can see has a stable code and a message in
 * both interface languages. Handlers throw `AppError`s; the HTTP layer renders
 * `{ "error": { code, message, field? } }` in the caller's language.
 *
 * The platform holds the generic codes (validation, sign-in, not found, the edge's refusals);
 * each module contributes its own in its `errors.ts`: the codes' type by declaration merging
 * into `ErrorCodes` (so that `new AppError(code)` is checked at compile time against every
 * code), the entries at run time through `registerErrors` (wired in modules/registry.ts).
 */
export interface ErrorEntry {
  status: number;
  en: string;
  zh: string;
}

const PLATFORM_ERRORS = {
  'validation.invalid': { status: 400, en: 'The request is not valid: {detail}', zh: '请求无效：{detail}' },
  'auth.required': { status: 401, en: 'Please sign in.', zh: '请先登录。' },
  'auth.forbidden': { status: 403, en: 'You are not allowed to do this.', zh: '您没有执行此操作的权限。' },
  'auth.cross_site': {
    status: 403,
    en: 'This request did not come from the service desk itself and was refused.',
    zh: '该请求并非来自服务台本身，已被拒绝。',
  },
  not_found: { status: 404, en: 'Not found.', zh: '未找到。' },
  'cursor.invalid': { status: 400, en: 'The page cursor is not valid.', zh: '分页游标无效。' },
  'request.malformed': {
    status: 400,
    en: 'The request body could not be read: {detail}',
    zh: '无法读取请求内容：{detail}',
  },
  'request.too_large': { status: 413, en: 'The request is too large.', zh: '请求内容过大。' },
  'request.unsupported_media_type': {
    status: 415,
    en: 'Unsupported content type: {type}.',
    zh: '不支持的内容类型：{type}。',
  },
  'request.headers_too_large': {
    status: 431,
    en: 'The request headers are too large.',
    zh: '请求头过大。',
  },
  'request.conflict': {
    status: 409,
    en: 'This conflicts with a record that exists.',
    zh: '与已有记录冲突。',
  },
  'request.bad': { status: 400, en: 'The request is not valid HTTP.', zh: '请求不是有效的 HTTP 请求。' },
  'request.timeout': { status: 408, en: 'The request took too long to arrive.', zh: '请求超时。' },
  rate_limited: { status: 429, en: 'Too many requests; try again later.', zh: '请求过于频繁，请稍后再试。' },
  internal: { status: 500, en: 'Something went wrong on our side.', zh: '服务器内部错误。' },
} as const satisfies Record<string, ErrorEntry>;

type PlatformErrors = typeof PLATFORM_ERRORS;
export type PlatformErrorCode = keyof PlatformErrors;

/** Every code: the platform's, and each module's (added by its errors.ts). */
export interface ErrorCodes extends PlatformErrors {}
export type ErrorCode = keyof ErrorCodes & string;

const catalogue = new Map<string, ErrorEntry>(Object.entries(PLATFORM_ERRORS));

/** Adds a module's codes; a code defined twice with different text is a programming error. */
export function registerErrors(entries: { readonly [code: string]: ErrorEntry }): void {
  for (const [code, entry] of Object.entries(entries)) {
    const known = catalogue.get(code);
    if (known && (known.status !== entry.status || known.en !== entry.en || known.zh !== entry.zh)) {
      throw new Error(`error code ${code} is defined twice`);
    }
    catalogue.set(code, entry);
  }
}

/** Every code known at run time, with its entry (for the errors test). */
export function errorCatalogue(): ReadonlyMap<string, ErrorEntry> {
  return catalogue;
}

function entryOf(code: ErrorCode): ErrorEntry {
  const entry = catalogue.get(code);
  if (!entry)
    throw new Error(`error code ${code} is not registered: add its module's errors in modules/errors.ts`);
  return entry;
}
export type MessageLocale = 'en' | 'zh-CN';

/** A value put into a message; a Date is written in the reader's language and time zone. */
export type MessageParams = Record<string, string | number | Date>;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly field: string | undefined;
  readonly params: MessageParams;
  /** Response headers that go with the refusal (Retry-After of a 429). */
  readonly headers: Record<string, string>;

  constructor(
    code: ErrorCode,
    options: {
      field?: string;
      params?: MessageParams;
      headers?: Record<string, string>;
    } = {},
  ) {
    super(render(code, 'en', options.params ?? {}));
    this.code = code;
    this.status = entryOf(code).status;
    this.field = options.field;
    this.params = options.params ?? {};
    this.headers = options.headers ?? {};
  }

  /** The message in the reader's language, times in their zone (UTC, said so, when it is not known). */
  localizedMessage(locale: MessageLocale, timeZone?: string): string {
    return render(this.code, locale, this.params, timeZone);
  }
}

/** "2026-12-05 02:34" in Chinese, "Dec 5, 2026, 02:34" in English, in `timeZone`. */
export function formatMessageTime(value: Date, locale: MessageLocale, timeZone?: string): string {
  let zone = 'UTC';
  if (timeZone) {
    try {
      new Intl.DateTimeFormat('en', { timeZone });
      zone = timeZone;
    } catch {
      // An unknown zone name on a profile: UTC, named as such, rather than no answer.
    }
  }
  const named = timeZone === zone ? {} : ({ timeZoneName: 'short' } as const);
  if (locale === 'zh-CN') {
    const parts = new Intl.DateTimeFormat('en-CA', {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      ...named,
    }).formatToParts(value);
    const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
    const suffix = part('timeZoneName') ? ` (${part('timeZoneName')})` : '';
    return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')}${suffix}`;
  }
  return new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    ...named,
  }).format(value);
}

function render(code: ErrorCode, locale: MessageLocale, params: MessageParams, timeZone?: string): string {
  const entry = entryOf(code);
  const template = locale === 'zh-CN' ? entry.zh : entry.en;
  return template.replace(/\{(\w+)\}/g, (_, key: string) => {
    const value = params[key];
    if (value instanceof Date) return formatMessageTime(value, locale, timeZone);
    return String(value ?? '');
  });
}

export function errorMessage(
  code: ErrorCode,
  locale: MessageLocale,
  params: MessageParams = {},
  timeZone?: string,
): string {
  return render(code, locale, params, timeZone);
}
