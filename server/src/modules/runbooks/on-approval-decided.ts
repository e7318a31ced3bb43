import { eq } from 'drizzle-orm';
import { runbookRuns } from '../../db/schema.ts';
import type { Tx } from '../../platform/db/database.ts';
import { enqueue } from '../../platform/jobs/jobs.ts';
import { type RecordedEvent, recordEvent } from '../audit/index.ts';
import { sendRunbookJob } from './send-spec.ts';

/**
 * The approval engine's decision on a run (in the deciding transaction): approved, the run is
 * queued and sent once after commit; rejected, expired or cancelled (withdrawn by whoever asked
 * or an administrator), the run ends so and is never sent.
 * A run that is no longer waiting (decided twice) is left alone.
 */
export async function runbooksOnApprovalDecided(
  tx: Tx,
  event: RecordedEvent<'approval.decided'>,
): Promise<void> {
  const { data } = event;
  if (data.subjectType !== 'runbook_run') return;
  const [run] = await tx.select().from(runbookRuns).where(eq(runbookRuns.id, data.subjectId)).for('update');
  if (run?.status !== 'awaiting_approval') return;
  if (data.outcome === 'approved') {
    await tx.update(runbookRuns).set({ status: 'queued' }).where(eq(runbookRuns.id, run.id));
    await enqueue(
      tx,
      sendRunbookJob,
      { runId: run.id, attempt: 1 },
      { jobKey: `runbooks.send:${run.id}`, maxAttempts: 3 },
    );
    return;
  }
  const outcome = data.outcome;
  await tx
    .update(runbookRuns)
    .set({ status: outcome, finishedAt: new Date(), error: data.comment ?? null })
    .where(eq(runbookRuns.id, run.id));
  await recordEvent(tx, {
    kind: 'runbook.run_cancelled',
    entityType: 'ticket',
    entityId: run.ticketId,
    ticketId: run.ticketId,
    actorId: event.actorId,
    data: {
      runId: run.id,
      runbook: { id: run.runbookId, name: run.runbookName },
      outcome,
      comment: data.comment ?? null,
      internal: true,
    },
  });
}
