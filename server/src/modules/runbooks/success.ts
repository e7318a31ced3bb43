import type { RunbookSuccess } from '../../../../contracts/runbooks.ts';

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
 * Whether a response meets the runbook's success expression; when not, why (in English, for
 * the run record and the timeline).
 */
export function evaluateSuccess(
  expression: RunbookSuccess,
  response: { status: number; body: string },
): { ok: true } | { ok: false; reason: string } {
  const [low, high] = expression.status;
  if (response.status < low || response.status > high)
    return { ok: false, reason: `status ${response.status} is outside ${low}..${high}` };
  if (expression.contains !== undefined && !response.body.includes(expression.contains))
    return { ok: false, reason: `the response does not contain "${expression.contains}"` };
  if (expression.jsonPath !== undefined) {
    let document: unknown;
    try {
      document = JSON.parse(response.body);
    } catch {
      return { ok: false, reason: `the response is not JSON, so ${expression.jsonPath} cannot be read` };
    }
    const value = readPath(document, expression.jsonPath);
    if (expression.equals !== undefined) {
      if (value !== expression.equals)
        return {
          ok: false,
          reason: `${expression.jsonPath} is ${value === undefined ? 'missing' : JSON.stringify(value)}, not ${JSON.stringify(expression.equals)}`,
        };
    } else if (!value) {
      return {
        ok: false,
        reason: `${expression.jsonPath} is ${value === undefined ? 'missing' : JSON.stringify(value)}`,
      };
    }
  }
  return { ok: true };
}
