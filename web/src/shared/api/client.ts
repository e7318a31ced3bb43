/** The one way the web app talks to the server: JSON over /api/v1, with the session cookie. */
import { z } from 'zod';

export const API_BASE = '/api/v1';

export type ApiErrorInit = { status: number; code: string; message: string; field?: string };

/** An answer the server refused, or a request that never reached it (status 0). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly field: string | undefined;

  constructor(init: ApiErrorInit) {
    super(init.message);
    this.name = 'ApiError';
    this.status = init.status;
    this.code = init.code;
    this.field = init.field;
  }
}

export const isApiError = (value: unknown): value is ApiError => value instanceof ApiError;

let acceptLanguage = 'zh-CN';
/** The server words its error messages in the interface language. */
export function setApiLanguage(language: string): void {
  acceptLanguage = language;
}

export type QueryValue = string | number | boolean | null | undefined;
export type QueryParams = Record<string, QueryValue>;

export function apiUrl(path: string, query?: QueryParams): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const search = params.toString();
  return `${API_BASE}${path}${search ? `?${search}` : ''}`;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

async function errorFrom(response: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    // Not JSON (a proxy's error page, for example): fall back to the status line.
  }
  const error = isRecord(body) && isRecord(body.error) ? body.error : null;
  return new ApiError({
    status: response.status,
    code: typeof error?.code === 'string' ? error.code : `http.${response.status}`,
    message: typeof error?.message === 'string' ? error.message : response.statusText,
    field: typeof error?.field === 'string' ? error.field : undefined,
  });
}

/**
 * Whether answers are checked against their contract: in development (Vite dev) and in test
 * builds (`VITE_CHECK_RESPONSES=true`, set by `npm run build:web:checked`, which the e2e
 * suite builds with); a production build skips the check and trusts the server.
 */
export const CHECK_RESPONSES: boolean =
  import.meta.env.DEV || import.meta.env.VITE_CHECK_RESPONSES === 'true';

/** The server answered with a body its contract (contracts/*.ts) does not allow. */
export class ResponseContractError extends Error {
  readonly issues: readonly z.core.$ZodIssue[];

  constructor(method: string, path: string, issues: readonly z.core.$ZodIssue[]) {
    const where = issues
      .slice(0, 5)
      .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
      .join('; ');
    super(`${method} ${API_BASE}${path} answered outside its contract: ${where}`);
    this.name = 'ResponseContractError';
    this.issues = issues;
  }
}

/**
 * Checks an answer against its schema where checks are on, and hands back the answer as it
 * came (never the parsed copy), so that a checked build behaves exactly as production does.
 */
export function checkAnswer<T>(schema: z.ZodType<T>, value: unknown, method: string, path: string): T {
  if (!CHECK_RESPONSES) return value as T;
  const result = schema.safeParse(value);
  if (!result.success) throw new ResponseContractError(method, path, result.error.issues);
  return value as T;
}

type RequestOptions<T = unknown> = {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  query?: QueryParams;
  /** A plain value is sent as JSON; FormData and strings are sent as they are. */
  body?: unknown;
  contentType?: string;
  signal?: AbortSignal;
  /** Extra request headers (the chat widget's `x-chat-token`). */
  headers?: Record<string, string>;
  /** The answer's contract (contracts/*.ts), checked in development and test builds. */
  schema?: z.ZodType<T>;
};

export async function apiRequest<T>(path: string, options: RequestOptions<T> = {}): Promise<T> {
  const headers: Record<string, string> = {
    Accept: 'application/json',
    'Accept-Language': acceptLanguage,
    ...options.headers,
  };
  let body: BodyInit | undefined;
  if (options.body instanceof FormData) {
    body = options.body;
  } else if (typeof options.body === 'string') {
    body = options.body;
    headers['Content-Type'] = options.contentType ?? 'text/plain';
  } else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['Content-Type'] = 'application/json';
  }
  let response: Response;
  try {
    response = await fetch(apiUrl(path, options.query), {
      method: options.method ?? 'GET',
      credentials: 'include',
      headers,
      body,
      signal: options.signal,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError({
      status: 0,
      code: 'network.unreachable',
      message: 'The server could not be reached.',
    });
  }
  if (!response.ok) throw await errorFrom(response);
  const method = options.method ?? 'GET';
  const text = response.status === 204 ? '' : await response.text();
  const value: unknown = text ? JSON.parse(text) : undefined;
  return options.schema ? checkAnswer(options.schema, value, method, path) : (value as T);
}

type Body = unknown;

/**
 * `api.get(Schema, path)` checks the answer against its contract (see CHECK_RESPONSES);
 * `api.get<T>(path)` is the older form that trusts the type its caller asserts.
 */
function get<T>(schema: z.ZodType<T>, path: string, query?: QueryParams, signal?: AbortSignal): Promise<T>;
function get<T>(path: string, query?: QueryParams, signal?: AbortSignal): Promise<T>;
function get<T>(
  first: z.ZodType<T> | string,
  ...rest: [string, QueryParams?, AbortSignal?] | [QueryParams?, AbortSignal?]
): Promise<T> {
  if (typeof first === 'string') {
    const [query, signal] = rest as [QueryParams?, AbortSignal?];
    return apiRequest<T>(first, { query, signal });
  }
  const [path, query, signal] = rest as [string, QueryParams?, AbortSignal?];
  return apiRequest<T>(path, { query, signal, schema: first });
}

type Method = 'POST' | 'PATCH' | 'PUT' | 'DELETE';

function sender(method: Method) {
  function send<T>(schema: z.ZodType<T>, path: string, body?: Body): Promise<T>;
  function send<T>(path: string, body?: Body): Promise<T>;
  function send<T>(first: z.ZodType<T> | string, ...rest: [string, Body?] | [Body?]): Promise<T> {
    if (typeof first === 'string') return apiRequest<T>(first, { method, body: rest[0] });
    const [path, body] = rest as [string, Body?];
    return apiRequest<T>(path, { method, body, schema: first });
  }
  return send;
}

export const api = {
  get,
  post: sender('POST'),
  patch: sender('PATCH'),
  put: sender('PUT'),
  delete: sender('DELETE'),
};

export type ItemsResponse<T> = { items: T[] };
export type PageResponse<T> = { items: T[]; nextCursor: string | null };

/** The contract of a `{ items }` answer. */
export const itemsOf = <T>(item: z.ZodType<T>) => z.object({ items: z.array(item) });
/** The contract of a keyset page: `{ items, nextCursor }`. */
export const pageOf = <T>(item: z.ZodType<T>) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });
