import type { LightMyRequestResponse } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildTicket, buildUser, type TestUser } from '../../../test/factories.ts';
import { setupTestApp } from '../../../test/harness.ts';

/**
 * The quality bar of issue 10: every operation of the OpenAPI document, walked with bad input
 * (malformed JSON, wrong types, NUL and lone surrogates in every string field, huge strings,
 * unknown fields, non-numeric and negative ids) anonymously, as a requester and as an
 * administrator.
 * Any 5xx, or any error not in the one shape `{ error: { code, message, field? } }`, fails.
 */
const ctx = await setupTestApp({
  // The walk signs in and calls anonymous routes far more often than a person would.
  LOGIN_RATE_PER_MINUTE: '1000000',
  ANONYMOUS_RATE_PER_MINUTE: '1000000',
});

type Schema = {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, Schema>;
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  exclusiveMinimum?: number;
  minItems?: number;
};
type Parameter = { in: 'path' | 'query' | 'header'; name: string; schema?: Schema };
type Operation = {
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema?: Schema }> };
};
type OpenApi = {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
};

interface Variant {
  name: string;
  url: string;
  payload?: string | Buffer;
  contentType?: string;
}

const NUL = 'a\u0000b';
const LONE_SURROGATE = 'a\ud800b';
const HUGE = 'x'.repeat(1024 * 1024);
const BAD_IDS = ['abc', '-1', '0', '1.5', '99999999999999999999', '%00', '%ED%A0%80', '%E0%A4%A'];
const BAD_QUERY_VALUES = ['%00', '%ED%A0%80', 'abc', '-1', '99999999999999999999', 'x'.repeat(10_000)];
/** Answers that never end (Server-Sent Events) are not walked. */
const STREAMS = [/\/events$/, /\/stream$/];

let requester: TestUser;
let admin: TestUser;
let doc: OpenApi;

beforeAll(async () => {
  requester = await buildUser(ctx);
  admin = await buildUser(ctx, { role: 'admin' });
  await buildTicket(ctx, requester);
  await ctx.app.ready();
  doc = ctx.app.swagger() as unknown as OpenApi;
});

describe('every operation, with hostile input', () => {
  it('answers with a 4xx in the documented shape, never a 5xx', async () => {
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    let operations = 0;
    let requests = 0;
    let skipped = 0;
    const all = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({
        path,
        method: method.toUpperCase(),
        operation,
      })),
    );
    // Deletions last, so that the walk does not remove what later operations would reach.
    const order = (method: string) => (method === 'POST' ? 0 : method === 'DELETE' ? 2 : 1);
    all.sort((a, b) => order(a.method) - order(b.method));
    // First, as an administrator, every collection's POST with a plausible body, so that the
    // walk finds records to reach (an empty PATCH on a record that exists ...).
    for (const { path, method, operation } of all) {
      if (method !== 'POST' || path.includes('{')) continue;
      const body = operation.requestBody?.content['application/json']?.schema;
      if (!body) continue;
      const response = await ctx.app.inject({
        method: 'POST',
        url: path,
        headers: { ...admin.headers, 'content-type': 'application/json' },
        payload: asJsonBody(example(body, 0)),
      });
      requests++;
      if (process.env.FUZZ_DEBUG)
        console.log(`SEED ${path} ${response.statusCode} ${response.body.slice(0, 200)}`);
      const fault = judge(response);
      if (fault) failures.push(`POST ${path} [plausible body] as admin: ${fault}`);
    }
    for (const { path, method, operation } of all) {
      if (STREAMS.some((pattern) => pattern.test(path))) {
        skipped++;
        continue;
      }
      operations++;
      const known = await existingParams(path);
      // Anonymous too: the sign-in, the chat widget, survey links and webhooks face everyone.
      const anonymous = { headers: {}, user: { role: 'anonymous' } };
      for (const as of [anonymous, requester, admin]) {
        for (const variant of variantsOf(path, method, operation, known)) {
          const response = await ctx.app.inject({
            method: method as 'GET',
            url: variant.url,
            headers: {
              ...as.headers,
              ...(variant.contentType ? { 'content-type': variant.contentType } : {}),
            },
            ...(variant.payload !== undefined ? { payload: variant.payload } : {}),
          });
          requests++;
          statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
          const fault = judge(response);
          if (fault) {
            failures.push(`${method} ${path} [${variant.name}] as ${as.user.role}: ${fault}`);
          }
        }
      }
    }
    // The walk must not have locked itself out: both still reach their own profile.
    for (const as of [requester, admin]) {
      const me = await ctx.app.inject({ url: '/api/v1/me', headers: as.headers });
      expect(me.statusCode).toBe(200);
    }
    const histogram = [...statuses.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([status, count]) => `${status}: ${count}`)
      .join(', ');
    console.log(
      `hostile input: ${operations} operations walked (${skipped} streams skipped), ${requests} requests; ${histogram}`,
    );
    for (const failure of failures) console.log(`FAULT ${failure}`);
    expect(operations).toBeGreaterThan(150);
    expect(failures.slice(0, 20)).toEqual([]);
  }, 600_000);
});

/** What is wrong with an answer, or null. */
function judge(response: LightMyRequestResponse): string | null {
  if (response.statusCode >= 500) return `${response.statusCode} ${response.body.slice(0, 300)}`;
  if (response.statusCode < 400) return null;
  let body: unknown;
  try {
    body = JSON.parse(response.body);
  } catch {
    return `${response.statusCode} not JSON: ${response.body.slice(0, 200)}`;
  }
  const error = (body as { error?: Record<string, unknown> })?.error;
  if (!error || typeof error !== 'object')
    return `${response.statusCode} no error object: ${response.body.slice(0, 200)}`;
  const keys = Object.keys(body as object);
  if (keys.length !== 1) return `${response.statusCode} extra keys ${keys.join(',')}`;
  if (typeof error.code !== 'string' || typeof error.message !== 'string') {
    return `${response.statusCode} code/message missing: ${response.body.slice(0, 200)}`;
  }
  if (error.field !== undefined && typeof error.field !== 'string')
    return `${response.statusCode} field not a string`;
  const extra = Object.keys(error).filter((key) => !['code', 'message', 'field'].includes(key));
  if (extra.length > 0) return `${response.statusCode} extra error keys ${extra.join(',')}`;
  return null;
}

function asJsonBody(value: unknown): string {
  return JSON.stringify(value);
}

/**
 * Path parameters of a record that exists, found through the collection's list (GET of the
 * path up to the first parameter), so that body variants reach the use case, not a 404.
 */
async function existingParams(path: string): Promise<Record<string, string>> {
  const first = /\{(\w+)\}/.exec(path);
  if (!first) return {};
  const collection = path.slice(0, first.index - 1);
  const response = await ctx.app.inject({ url: collection, headers: admin.headers });
  if (response.statusCode !== 200) return {};
  const body = response.json() as unknown;
  const items = Array.isArray(body) ? body : (body as { items?: unknown[] })?.items;
  const item = Array.isArray(items) ? (items[0] as Record<string, unknown> | undefined) : undefined;
  const name = first[1] as string;
  const value = item?.[name] ?? item?.id;
  return value === undefined || value === null ? {} : { [name]: String(value) };
}

function variantsOf(
  path: string,
  method: string,
  operation: Operation,
  known: Record<string, string>,
): Variant[] {
  const parameters = operation.parameters ?? [];
  const pathParams = parameters.filter((p) => p.in === 'path');
  const queryParams = parameters.filter((p) => p.in === 'query');
  const fill = (overrides: Record<string, string> = {}) =>
    path.replace(/\{(\w+)\}/g, (_, name: string) => {
      if (name in overrides) return overrides[name] as string;
      if (name in known) return encodeURIComponent(known[name] as string);
      const param = pathParams.find((p) => p.name === name);
      return typeOf(param?.schema) === 'string' ? 'x' : '1';
    });
  const url = fill();
  const variants: Variant[] = [];
  for (const param of pathParams) {
    for (const bad of BAD_IDS)
      variants.push({ name: `path ${param.name}=${bad}`, url: fill({ [param.name]: bad }) });
  }
  for (const param of queryParams) {
    for (const bad of BAD_QUERY_VALUES) {
      variants.push({ name: `query ${param.name}=${bad.slice(0, 20)}`, url: `${url}?${param.name}=${bad}` });
    }
    variants.push({ name: `query ${param.name} twice`, url: `${url}?${param.name}=1&${param.name}=2` });
  }
  variants.push({ name: 'unknown query', url: `${url}?%00=%00&unknown=1` });

  const content = operation.requestBody?.content ?? {};
  const json = content['application/json'];
  if (json) {
    const base = example(json.schema ?? {}, 0);
    const asJson = (name: string, value: unknown): Variant => ({
      name,
      url,
      payload: JSON.stringify(value),
      contentType: 'application/json',
    });
    variants.push({ name: 'malformed JSON', url, payload: '{"a": ', contentType: 'application/json' });
    variants.push({ name: 'empty JSON body', url, payload: '', contentType: 'application/json' });
    variants.push({ name: 'unsupported type', url, payload: '<a/>', contentType: 'application/xml' });
    for (const wrong of [[], 'text', 42, null, true])
      variants.push(asJson(`body ${JSON.stringify(wrong)}`, wrong));
    variants.push(asJson('empty object', {}));
    variants.push(asJson('NUL key', { ...asObject(base), '\u0000': 1 }));
    variants.push(asJson('unknown field', { ...asObject(base), unknownField: 'x' }));
    for (const [leafPath, value] of leaves(base)) {
      const at = leafPath.join('.');
      if (typeof value === 'string') {
        variants.push(asJson(`${at}=NUL`, setAt(base, leafPath, NUL)));
        variants.push(asJson(`${at}=lone surrogate`, setAt(base, leafPath, LONE_SURROGATE)));
        variants.push(asJson(`${at}=1 MB`, setAt(base, leafPath, HUGE)));
        variants.push(asJson(`${at}=number`, setAt(base, leafPath, 12345)));
      } else if (typeof value === 'number') {
        for (const bad of ['abc', -1, 1.5, 1e20, 0])
          variants.push(asJson(`${at}=${bad}`, setAt(base, leafPath, bad)));
      } else {
        variants.push(asJson(`${at}=object`, setAt(base, leafPath, { a: NUL })));
      }
    }
  }
  for (const type of ['application/x-ndjson', 'text/plain', 'text/calendar']) {
    if (!content[type]) continue;
    const raw = (name: string, payload: string | Buffer): Variant => ({
      name,
      url,
      payload,
      contentType: type,
    });
    variants.push(raw(`${type} raw NUL`, 'subject\u0000x'));
    variants.push(
      raw(`${type} escaped NUL`, '{"externalId":"a","subject":"\\u0000","description":"\\ud800"}\n'),
    );
    variants.push(raw(`${type} lone surrogate`, 'x\ud800y'));
    variants.push(raw(`${type} invalid UTF-8`, Buffer.from([0x7b, 0xff, 0xfe, 0x00, 0x7d])));
    variants.push(raw(`${type} 1 MB`, HUGE));
    variants.push(raw(`${type} garbage lines`, '{"a":1}\nnot json\n[]\n42\n'));
  }
  if (method === 'POST' && /\/attachments$/.test(path)) variants.push(...multipartVariants(url));
  if (!json && ['POST', 'PUT', 'PATCH'].includes(method)) {
    variants.push({
      name: 'unexpected JSON body',
      url,
      payload: '{"a":"\\u0000"}',
      contentType: 'application/json',
    });
  }
  return variants;
}

function multipartVariants(url: string): Variant[] {
  const boundary = 'fuzzboundary';
  const part = (disposition: string, body: string) =>
    `--${boundary}\r\nContent-Disposition: ${disposition}\r\nContent-Type: text/plain\r\n\r\n${body}\r\n`;
  const form = (...parts: string[]) => Buffer.from(`${parts.join('')}--${boundary}--\r\n`, 'utf8');
  const contentType = `multipart/form-data; boundary=${boundary}`;
  return [
    {
      name: 'multipart NUL filename',
      url,
      contentType,
      payload: form(part('form-data; name="file"; filename="a\u0000.txt"', 'x')),
    },
    {
      name: 'multipart NUL field',
      url,
      contentType,
      payload: form(
        part('form-data; name="note"', 'a\u0000b'),
        part('form-data; name="file"; filename="a.txt"', 'x'),
      ),
    },
    { name: 'multipart no file', url, contentType, payload: form(part('form-data; name="note"', 'x')) },
    {
      name: 'multipart truncated',
      url,
      contentType,
      payload: Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\nabc`,
      ),
    },
    { name: 'multipart no boundary', url, contentType: 'multipart/form-data', payload: 'x' },
  ];
}

function resolve(schema: Schema): Schema {
  if (!schema.$ref) return schema;
  const name = schema.$ref.split('/').pop() ?? '';
  return doc.components?.schemas?.[name] ?? {};
}

function typeOf(schema: Schema | undefined): string | undefined {
  if (!schema) return undefined;
  const type = resolve(schema).type;
  return Array.isArray(type) ? type.find((t) => t !== 'null') : type;
}

const PERSON_ID = /(assignee|requester|user|expert|contact|owner|agent|member)Ids?$/i;

/** A plausible value for a schema, with every optional property filled in. */
function example(input: Schema, depth: number, name = ''): unknown {
  if (PERSON_ID.test(name)) {
    const kind = typeOf(input);
    if (kind === 'integer' || kind === 'number') return admin.user.id;
    if (kind === 'array') return [admin.user.id];
  }
  if (/time_?zone$/i.test(name) && typeOf(input) === 'string') return 'Asia/Shanghai';
  const schema = resolve(input);
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return schema.enum[0];
  const choices = schema.anyOf ?? schema.oneOf;
  if (choices) return example(choices.find((c) => typeOf(c) !== 'null') ?? choices[0] ?? {}, depth, name);
  if (schema.allOf) {
    return Object.assign({}, ...schema.allOf.map((part) => asObject(example(part, depth))));
  }
  switch (typeOf(schema)) {
    case 'object': {
      if (depth > 4) return {};
      const value: Record<string, unknown> = {};
      for (const [key, property] of Object.entries(schema.properties ?? {}))
        value[key] = example(property, depth + 1, key);
      return value;
    }
    case 'array':
      return depth > 4
        ? []
        : Array.from({ length: Math.max(1, schema.minItems ?? 1) }, () =>
            example(schema.items ?? {}, depth + 1),
          );
    case 'string':
      return exampleString(schema);
    case 'integer':
    case 'number':
      return schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : 1);
    case 'boolean':
      return false;
    case 'null':
      return null;
    default:
      return 'x';
  }
}

function exampleString(schema: Schema): string {
  switch (schema.format) {
    case 'email':
      return `fuzz-${Math.random().toString(36).slice(2, 8)}@example.com`;
    case 'date-time':
      return new Date(Date.now() + 86_400_000).toISOString();
    case 'date':
      return '2026-01-05';
    case 'uri':
    case 'url':
      return 'https://example.com/';
    case 'uuid':
      return '00000000-0000-4000-8000-000000000000';
    default:
      return 'x'.repeat(Math.max(1, Math.min(schema.minLength ?? 1, schema.maxLength ?? 1_000)));
  }
}

function asObject(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

/** Every leaf of a value, with its path (strings, numbers, booleans, empty containers). */
function leaves(value: unknown, path: (string | number)[] = []): Array<[(string | number)[], unknown]> {
  if (Array.isArray(value)) {
    if (value.length === 0) return path.length ? [[path, value]] : [];
    return value.flatMap((item, i) => leaves(item, [...path, i]));
  }
  if (value && typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.length === 0) return path.length ? [[path, value]] : [];
    return entries.flatMap(([key, item]) => leaves(item, [...path, key]));
  }
  return path.length ? [[path, value]] : [];
}

function setAt(base: unknown, path: (string | number)[], value: unknown): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path as [string | number, ...(string | number)[]];
  const copy = (Array.isArray(base) ? [...base] : { ...asObject(base) }) as Record<string | number, unknown>;
  copy[head] = setAt(copy[head], rest, value);
  return copy;
}
