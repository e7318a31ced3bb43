import type { RunbookFailure } from '../../../../contracts/runbooks.ts';
import type { RunbookRequestSnapshot } from '../../db/schema.ts';
import { failure, networkFailure } from './failure.ts';
import {
  IDEMPOTENCY_HEADER,
  idempotencyKey,
  RUN_HEADER,
  SIGNATURE_HEADER,
  signatureHeader,
} from './signature.ts';

/** How much of a response is read (to judge it) and how much is kept on the run. */
export const READ_LIMIT = 64 * 1024;
export const OUTPUT_LIMIT = 2000;

export type CallOutcome =
  | { kind: 'response'; status: number; body: string; durationMs: number }
  | { kind: 'error'; error: string; failure: RunbookFailure; durationMs: number };

/**
 * Sends one attempt: the snapshot's method, URL, headers and body, signed now, with the run's
 * idempotency key. Redirects are not followed (the target is what the administrator set); the
 * timeout covers the whole exchange, body included.
 */
export async function sendCall(
  request: RunbookRequestSnapshot,
  input: { runId: number; secret: string; now: Date },
): Promise<CallOutcome> {
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) headers.set(name, value);
  if (request.contentType) headers.set('content-type', request.contentType);
  if (!headers.has('user-agent')) headers.set('user-agent', 'ServiceDesk-Runbooks/1');
  headers.set(SIGNATURE_HEADER, signatureHeader(input.secret, request.body, input.now));
  headers.set(IDEMPOTENCY_HEADER, idempotencyKey(input.runId));
  headers.set(RUN_HEADER, String(input.runId));
  const controller = new AbortController();
  const timeoutMs = request.timeoutSeconds * 1000;
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  try {
    const response = await fetch(request.url, {
      method: request.method,
      headers,
      body: request.body === '' ? undefined : request.body,
      redirect: 'manual',
      signal: controller.signal,
    });
    const body = await readBounded(response);
    return { kind: 'response', status: response.status, body, durationMs: elapsed() };
  } catch (error) {
    const durationMs = elapsed();
    const found = controller.signal.aborted
      ? failure('timeout', { seconds: request.timeoutSeconds })
      : (() => {
          const cause = (error as { cause?: { code?: string; message?: string } }).cause;
          const detail = cause?.code ?? cause?.message ?? (error as Error).message;
          return networkFailure(request.url, cause?.code, detail);
        })();
    const { text, ...coded } = found;
    return { kind: 'error', error: text, failure: coded, durationMs };
  } finally {
    clearTimeout(timer);
  }
}

/** The response's first READ_LIMIT bytes as text; the rest is dropped unread. */
async function readBounded(response: Response): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  while (size < READ_LIMIT) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.byteLength;
  }
  await reader.cancel().catch(() => undefined);
  const all = Buffer.concat(chunks).subarray(0, READ_LIMIT);
  return new TextDecoder('utf-8', { fatal: false }).decode(all);
}

/** The part of the output kept on the run and the timeline. */
export function excerpt(body: string): string {
  return body.length <= OUTPUT_LIMIT ? body : `${body.slice(0, OUTPUT_LIMIT)}…`;
}

/** Seconds before attempt `next` (2, 3 ...): 10 s, 20 s, 40 s ... at most 10 minutes. */
export function backoffSeconds(next: number): number {
  return Math.min(600, 10 * 2 ** (next - 2));
}
