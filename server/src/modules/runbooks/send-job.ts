import { eq } from 'drizzle-orm';
import type { RunbookFailure } from '../../../../contracts/runbooks.ts';
import { runbookRuns } from '../../db/schema.ts';
import type { Tx } from '../../platform/db/database.ts';
import { defineJob, enqueue } from '../../platform/jobs/jobs.ts';
import { recordEvent } from '../audit/index.ts';
import { systemActor } from '../identity/index.ts';
import { backoffSeconds, type CallOutcome, excerpt, sendCall } from './call.ts';
import { failure } from './failure.ts';
import type { RunRow } from './runbooks.ts';
import { loadRunbookSecret } from './secret.ts';
import { sendRunbookJob } from './send-spec.ts';
import { evaluateSuccess } from './success.ts';

/**
 * One attempt of a run. The attempt is claimed in its own transaction (status `sending`,
 * `attempts` = this attempt) before anything is sent, so a second delivery of the same job
 * finds it taken and sends nothing; the result is written in another. A network error, a
 * timeout or a 5xx is tried again with back-off (a new job for the next attempt, the same
 * Idempotency-Key) until `maxAttempts`; any other answer is judged by the success expression
 * once. An attempt that was claimed but whose result never came back (the process died)
 * counts as failed and is retried the same way: the receiver's idempotency key covers it.
 */
export const sendRunbookJobHandler = defineJob<{ runId: number; attempt: number }>({
  ...sendRunbookJob,
  async run(payload, context) {
    const { db } = context;
    const claim = await db.transaction(async (tx) => {
      const [run] = await tx
        .select()
        .from(runbookRuns)
        .where(eq(runbookRuns.id, payload.runId))
        .for('update');
      if (!run) return null;
      if (run.status === 'sending' && run.attempts === payload.attempt) {
        return { run, interrupted: true as const, secret: null };
      }
      if (run.status !== 'queued' || run.attempts !== payload.attempt - 1) return null;
      const secret = run.runbookId === null ? null : await loadRunbookSecret(tx, run.runbookId);
      if (secret === null) {
        await finish(tx, run, { attempts: run.attempts, outcome: null, failure: coded('runbook_deleted') });
        return null;
      }
      const now = new Date();
      const [claimed] = await tx
        .update(runbookRuns)
        .set({ status: 'sending', attempts: payload.attempt, attemptStartedAt: now, nextAttemptAt: null })
        .where(eq(runbookRuns.id, run.id))
        .returning();
      return claimed ? { run: claimed, interrupted: false as const, secret } : null;
    });
    if (!claim) return;
    const outcome: CallOutcome =
      claim.interrupted || claim.secret === null
        ? { kind: 'error', ...split(failure('interrupted')), durationMs: 0 }
        : await sendCall(claim.run.request, { runId: claim.run.id, secret: claim.secret, now: new Date() });
    await db.transaction(async (tx) => {
      const [run] = await tx
        .select()
        .from(runbookRuns)
        .where(eq(runbookRuns.id, payload.runId))
        .for('update');
      if (run?.status !== 'sending' || run.attempts !== payload.attempt) return;
      const retryable = outcome.kind === 'error' || outcome.status >= 500;
      if (retryable && payload.attempt < run.maxAttempts) {
        const retryAt = new Date(Date.now() + backoffSeconds(payload.attempt + 1) * 1000);
        const why =
          outcome.kind === 'error'
            ? { error: outcome.error, failure: outcome.failure }
            : split(failure('server_error', { status: outcome.status }));
        const { error } = why;
        await tx
          .update(runbookRuns)
          .set({
            status: 'queued',
            nextAttemptAt: retryAt,
            error,
            failure: why.failure,
            responseStatus: outcome.kind === 'response' ? outcome.status : null,
            durationMs: outcome.durationMs,
            output: outcome.kind === 'response' ? excerpt(outcome.body) : null,
          })
          .where(eq(runbookRuns.id, run.id));
        await enqueue(
          tx,
          sendRunbookJob,
          { runId: run.id, attempt: payload.attempt + 1 },
          { jobKey: `runbooks.send:${run.id}`, runAt: retryAt, maxAttempts: 3 },
        );
        await recordEvent(tx, {
          kind: 'runbook.attempt_failed',
          entityType: 'ticket',
          entityId: run.ticketId,
          ticketId: run.ticketId,
          actorId: (await systemActor(tx, 'automation')).id,
          data: {
            runId: run.id,
            runbook: { id: run.runbookId, name: run.runbookName },
            attempt: payload.attempt,
            status: outcome.kind === 'response' ? outcome.status : null,
            error,
            failure: why.failure,
            retryAt: retryAt.toISOString(),
            internal: true,
          },
        });
        return;
      }
      if (outcome.kind === 'error') {
        await finish(tx, run, {
          attempts: payload.attempt,
          outcome,
          failure: { error: outcome.error, failure: outcome.failure },
        });
        return;
      }
      const verdict = evaluateSuccess(run.request.success, outcome);
      await finish(tx, run, {
        attempts: payload.attempt,
        outcome,
        failure: verdict.ok ? null : { error: verdict.reason, failure: verdict.failure },
      });
    });
  },
});

interface Failed {
  error: string;
  failure: RunbookFailure;
}

/** A failure as the run keeps it: the English text apart from the code and values. */
function split(found: ReturnType<typeof failure>): Failed {
  const { text, ...coded } = found;
  return { error: text, failure: coded };
}

const coded = (code: Parameters<typeof failure>[0]) => split(failure(code));

/** Ends a run: succeeded when there is no failure, else failed; on the ticket's timeline. */
async function finish(
  tx: Tx,
  run: RunRow,
  result: { attempts: number; outcome: CallOutcome | null; failure: Failed | null },
): Promise<void> {
  const { outcome, failure } = result;
  const status = outcome?.kind === 'response' ? outcome.status : null;
  const output = outcome?.kind === 'response' ? excerpt(outcome.body) : '';
  const durationMs = outcome ? outcome.durationMs : null;
  await tx
    .update(runbookRuns)
    .set({
      status: failure === null ? 'succeeded' : 'failed',
      attempts: result.attempts,
      responseStatus: status,
      durationMs,
      output,
      error: failure?.error ?? null,
      failure: failure?.failure ?? null,
      nextAttemptAt: null,
      finishedAt: new Date(),
    })
    .where(eq(runbookRuns.id, run.id));
  const actorId = (await systemActor(tx, 'automation')).id;
  const runbook = { id: run.runbookId, name: run.runbookName };
  if (failure === null && status !== null && durationMs !== null) {
    await recordEvent(tx, {
      kind: 'runbook.run_succeeded',
      entityType: 'ticket',
      entityId: run.ticketId,
      ticketId: run.ticketId,
      actorId,
      data: { runId: run.id, runbook, attempts: result.attempts, status, durationMs, output, internal: true },
    });
    return;
  }
  await recordEvent(tx, {
    kind: 'runbook.run_failed',
    entityType: 'ticket',
    entityId: run.ticketId,
    ticketId: run.ticketId,
    actorId,
    data: {
      runId: run.id,
      runbook,
      attempts: result.attempts,
      status,
      durationMs,
      error: failure?.error ?? 'failed',
      ...(failure ? { failure: failure.failure } : {}),
      output,
      internal: true,
    },
  });
}
