import { eq, sql } from 'drizzle-orm';
import { problems } from '../../db/schema.ts';
import type { Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import { recordEvent } from '../audit/index.ts';
import { systemActor } from '../identity/index.ts';
import { resolveTicket } from '../resolution/index.ts';
import { allowedTransitions } from '../tickets/index.ts';

/** The problem exists (400 `problem.not_found` on `field` otherwise): for other modules' inputs. */
export async function assertProblemId(tx: Tx, id: number, field = 'problemId'): Promise<void> {
  const [row] = await tx.select({ id: problems.id }).from(problems).where(eq(problems.id, id));
  if (!row) throw new AppError('problem.not_found', { field, params: { id } });
}

/**
 * A change that fixes the problem was implemented (issue 14, ES-6): by the system actor, the
 * problem is resolved (from any open status) and each linked open incident is resolved the way
 * an agent resolves a ticket (resolution module: record, status, the resolution report to the
 * requester). A problem already resolved or closed is left as it is; its open incidents are
 * still resolved.
 */
export async function resolveProblemByChange(
  tx: Tx,
  input: { problemId: number; changeId: number; summary: string },
): Promise<void> {
  const now = new Date();
  const [problem] = await tx.select().from(problems).where(eq(problems.id, input.problemId)).for('update');
  if (!problem)
    throw new AppError('problem.not_found', { field: 'problemId', params: { id: input.problemId } });
  const actor = await systemActor(tx, 'system');
  const summary = input.summary.trim() || `Change ${input.changeId}`;
  const linked = await tx.execute<{ id: number; status: string }>(sql`
    select t.id, t.status from problem_tickets pt join tickets_v t on t.id = pt.ticket_id
     where pt.problem_id = ${problem.id} order by pt.linked_at, t.id`);
  const resolved: number[] = [];
  for (const ticket of linked.rows) {
    if (!allowedTransitions(ticket.status as never).includes('resolved')) continue;
    await resolveTicket({
      tx,
      actor,
      ticketId: Number(ticket.id),
      input: {
        resolutionCode: 'fixed',
        rootCause: problem.rootCause || problem.title,
        actions: summary,
        prevention: summary,
        firstContact: false,
        ...(problem.knownErrorArticleId ? { articleId: problem.knownErrorArticleId } : {}),
      },
      now,
    });
    resolved.push(Number(ticket.id));
  }
  if (problem.status !== 'resolved' && problem.status !== 'closed') {
    await tx
      .update(problems)
      .set({ status: 'resolved', resolvedAt: now, updatedAt: now })
      .where(eq(problems.id, problem.id));
    await recordEvent(tx, {
      kind: 'problem.status_changed',
      entityType: 'problem',
      entityId: problem.id,
      actorId: actor.id,
      at: now,
      data: { from: problem.status, to: 'resolved', reason: `change:${input.changeId}` },
    });
  }
  await recordEvent(tx, {
    kind: 'problem.resolved_by_change',
    entityType: 'problem',
    entityId: problem.id,
    actorId: actor.id,
    at: now,
    data: { changeId: input.changeId, summary, ticketIds: resolved },
  });
}
