import { eq } from 'drizzle-orm';
import type { RunbookRunDto } from '../../../../contracts/runbooks.ts';
import { runbookRuns } from '../../db/schema.ts';
import type { Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import { enqueue } from '../../platform/jobs/jobs.ts';
import { requestApproval } from '../approvals/index.ts';
import { recordEvent } from '../audit/index.ts';
import { type Actor, assertCan } from '../identity/index.ts';
import { assertTicketVisible, isFinal } from '../tickets/index.ts';
import { buildRequest, ticketValues } from './request.ts';
import { loadRunbook, presentRuns } from './runbooks.ts';
import { sendRunbookJob } from './send-spec.ts';

/**
 * Starts a runbook on a ticket (an agent's request, or an automation rule's `run_runbook`
 * action with the automation actor). The call is fixed now; it waits for its approval when the
 * runbook asks for one, else it is queued at once. Nothing is sent in this transaction: the
 * send job runs after it commits.
 */
export async function startRunbook(
  tx: Tx,
  input: { runbookId: number; ticketId: number; actor: Actor },
): Promise<RunbookRunDto> {
  const { runbookId, ticketId, actor } = input;
  assertCan(actor, 'ticket.work');
  const ticket = await assertTicketVisible(tx, actor, ticketId);
  if (isFinal(ticket.status)) throw new AppError('runbook.ticket_closed');
  const runbook = await loadRunbook(tx, runbookId);
  if (!runbook.active) throw new AppError('runbook.inactive', { field: 'runbookId' });
  const [draft] = await tx
    .insert(runbookRuns)
    .values({
      runbookId,
      runbookName: runbook.name,
      ticketId,
      requestedBy: actor.id,
      status: runbook.requiresApproval ? 'awaiting_approval' : 'queued',
      request: {
        url: '',
        method: '',
        headers: {},
        body: '',
        contentType: null,
        timeoutSeconds: 1,
        success: runbook.success,
      },
      maxAttempts: runbook.maxAttempts,
    })
    .returning();
  if (!draft) throw new Error('insert returned no row');
  const values = await ticketValues(tx, { ticketId, runId: draft.id, actorName: actor.name });
  const request = buildRequest(runbook, values);
  let approvalId: number | null = null;
  if (runbook.requiresApproval) {
    const approval = await requestApproval(tx, {
      subjectType: 'runbook_run',
      subjectId: draft.id,
      ticketId,
      title: `Runbook "${runbook.name}" on ticket #${values['ticket.number']}: ${request.method} ${request.url}`,
      approverIds: runbook.approverIds,
      approverRules: runbook.approverRules,
      // An agent who starts it hears of a rule that finds nobody (400); a rule of the
      // automation falls back to the lead of the ticket's team, shown on the timeline.
      onUnresolvedRule: actor.system ? 'fallback' : 'reject',
      mode: runbook.approvalMode,
      requestedBy: actor.id,
    });
    approvalId = approval.id;
  } else {
    await enqueue(
      tx,
      sendRunbookJob,
      { runId: draft.id, attempt: 1 },
      { jobKey: `runbooks.send:${draft.id}`, maxAttempts: 3 },
    );
  }
  const [row] = await tx
    .update(runbookRuns)
    .set({ request, approvalId })
    .where(eq(runbookRuns.id, draft.id))
    .returning();
  if (!row) throw new Error('update returned no row');
  await recordEvent(tx, {
    kind: 'runbook.run_requested',
    entityType: 'ticket',
    entityId: ticketId,
    ticketId,
    actorId: actor.id,
    data: {
      runId: row.id,
      runbook: { id: runbook.id, name: runbook.name },
      awaitingApproval: runbook.requiresApproval,
      approvalId,
      internal: true,
    },
  });
  const [dto] = await presentRuns(tx, [row]);
  if (!dto) throw new Error('no run');
  return dto;
}
