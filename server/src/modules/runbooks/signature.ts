import { createHmac } from 'node:crypto';

/** The header names a receiver reads (docs/automation.md "Runbooks"). */
export const SIGNATURE_HEADER = 'X-ServiceDesk-Signature';
export const RUN_HEADER = 'X-ServiceDesk-Run';
export const IDEMPOTENCY_HEADER = 'Idempotency-Key';

/**
 * `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" with the runbook's secret>`: the
 * receiver recomputes it over the raw body and refuses an old timestamp (replays).
 */
export function signatureHeader(secret: string, body: string, now: Date): string {
  const t = Math.floor(now.getTime() / 1000);
  const v1 = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
  return `t=${t},v1=${v1}`;
}

/** The same key on every attempt of a run, so the receiver acts once. */
export const idempotencyKey = (runId: number) => `servicedesk-runbook-run-${runId}`;
