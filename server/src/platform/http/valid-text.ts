import type { FastifyInstance } from 'fastify';
import { AppError } from './errors.ts';

/**
 * One rule at the edge for every string the API accepts: it is valid text, with no NUL
 * character (PostgreSQL refuses it in text and jsonb) and no lone UTF-16 surrogate (it has no
 * UTF-8 form: drivers, the word segmenter and argon2 fail on it). Anything else is a 400
 * `validation.invalid` naming the field, before the schema or a use case sees it.
 */
export function isValidText(value: string): boolean {
  return value.isWellFormed() && !value.includes('\u0000');
}

/**
 * The path of the first string (a value or an object key) in `value` that is not valid text,
 * in the error's field notation (`items.2.subject`), or null. Walks without recursion, so a
 * deeply nested body cannot overflow the stack.
 */
export function findInvalidText(value: unknown, root = ''): string | null {
  // Every request passes here (path parameters, query, body): nothing to walk, or a flat
  // object of valid texts (a ticket read's parameters), is answered without the walk (issue 18).
  if (value === undefined || value === null) return null;
  if (typeof value === 'object' && !Array.isArray(value) && flatAndValid(value)) return null;
  const stack: Array<[unknown, string]> = [[value, root]];
  while (stack.length > 0) {
    const [current, path] = stack.pop() as [unknown, string];
    if (typeof current === 'string') {
      if (!isValidText(current)) return path;
    } else if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i--) stack.push([current[i], join(path, String(i))]);
    } else if (current !== null && typeof current === 'object') {
      for (const [key, item] of Object.entries(current)) {
        const at = join(path, key);
        if (!isValidText(key)) return at;
        stack.push([item, at]);
      }
    }
  }
  return null;
}

/** True if every own property is a valid text under a valid name (nothing nested). */
function flatAndValid(value: object): boolean {
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    const item = record[key];
    if (typeof item !== 'string' || !isValidText(item) || !isValidText(key)) return false;
  }
  return true;
}

function join(path: string, key: string): string {
  return path ? `${path}.${printable(key)}` : printable(key);
}

/** A field name fit to echo back: its invalid characters replaced. */
function printable(key: string): string {
  return key.toWellFormed().replaceAll('\u0000', '\uFFFD');
}

/** Throws the edge's 400 when `value` holds a string that is not valid text. */
export function assertValidText(value: unknown, root = ''): void {
  const field = findInvalidText(value, root);
  if (field === null) return;
  throw new AppError('validation.invalid', {
    ...(field ? { field } : {}),
    params: { detail: `${field || 'body'}: contains a NUL character or an unpaired surrogate` },
  });
}

/**
 * The edge rule as a hook on every route: path parameters, the query string and the body
 * (JSON, or the raw text of text/plain and NDJSON bodies). Header values reach us through
 * Node's parser, which refuses control characters, as latin1, which has no surrogates.
 * Multipart parts are read by their route, which checks them with `assertValidText`.
 */
export function installValidTextRule(app: FastifyInstance): void {
  // A callback hook (no promise per request: every request passes here).
  app.addHook('preValidation', (request, _reply, done) => {
    try {
      assertValidText(request.params, 'params');
      assertValidText(request.query, 'query');
      assertValidText(request.body);
    } catch (error) {
      return done(error as Error);
    }
    done();
  });
}
