import type { RunbookFailure, RunbookSuccess } from '../../../../contracts/runbooks.ts';
import { failure } from './failure.ts';

/** The value at `$.a.b[0]` in parsed JSON, or undefined. */
export function readPath(document: unknown, path: string): unknown {
  let value: unknown = document;
  for (const step of path.slice(1).matchAll(/\.([A-Za-z0-9_-]+)|\[(\d+)\]/g)) {
    if (value === null || typeof value !== 'object') return undefined;
    if (step[1] !== undefined) {
      if (Array.isArray(value) || !Object.hasOwn(value, step[1])) return undefined;
      value = (value as Record<string, unknown>)[step[1]];
    } else {
      if (!Array.isArray(value)) return undefined;
      value = value[Number(step[2])];
    }
  }
  return value;
}

/**
 * Whether a response meets the runbook's success expression; when not, why (a failure code with
 * its values, and its English text).
 */
export function evaluateSuccess(
  expression: RunbookSuccess,
  response: { status: number; body: string },
): { ok: true } | { ok: false; reason: string; failure: RunbookFailure } {
  const verdict = judge(expression, response);
  if (verdict === null) return { ok: true };
  const { text, ...coded } = verdict;
  return { ok: false, reason: text, failure: coded };
}

/** A value read at a path as it is shown in a failure (JSON, or `missing`). */
const shown = (value: unknown) =>
  value === undefined ? 'missing' : String(JSON.stringify(value)).slice(0, 200);

function judge(expression: RunbookSuccess, response: { status: number; body: string }) {
  const [low, high] = expression.status;
  if (response.status < low || response.status > high)
    return failure('status_outside', { status: response.status, low, high });
  if (expression.contains !== undefined && !response.body.includes(expression.contains))
    return failure('text_missing', { text: expression.contains });
  if (expression.jsonPath !== undefined) {
    let document: unknown;
    try {
      document = JSON.parse(response.body);
    } catch {
      return failure('not_json', { path: expression.jsonPath });
    }
    const value = readPath(document, expression.jsonPath);
    if (expression.equals !== undefined) {
      if (value !== expression.equals)
        return failure('json_value', {
          path: expression.jsonPath,
          value: shown(value),
          expected: JSON.stringify(expression.equals),
        });
    } else if (!value) {
      return failure('json_missing', { path: expression.jsonPath, value: shown(value) });
    }
  }
  return null;
}
