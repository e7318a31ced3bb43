import { and, eq } from 'drizzle-orm';
import type { ProblemDetailDto } from '../../../../contracts/problems.ts';
import { problems, problemTickets } from '../../db/schema.ts';
import type { Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import { recordEvent } from '../audit/index.ts';
import { type Actor, assertCan } from '../identity/index.ts';
import { getProblem } from './list-problems.ts';
import { assertLinkableTickets, linkTickets, loadProblem } from './problems.ts';

/** POST /problems/{id}/tickets: links more incidents (those already linked here are left as they are). */
export async function linkProblemTickets(options: {
  tx: Tx;
  actor: Actor;
  problemId: number;
  ticketIds: number[];
  now?: Date;
}): Promise<ProblemDetailDto> {
  const { tx, actor, problemId, ticketIds } = options;
  const now = options.now ?? new Date();
  assertCan(actor, 'ticket.work');
  const problem = await loadProblem(tx, problemId, { forUpdate: true });
  if (problem.status === 'closed') throw new AppError('problem.closed');
  const toLink = await assertLinkableTickets(tx, problemId, ticketIds);
  await linkTickets(tx, problem, toLink, actor.id, now);
  if (toLink.length > 0) await tx.update(problems).set({ updatedAt: now }).where(eq(problems.id, problemId));
  return getProblem({ tx, actor, problemId });
}

/** DELETE /problems/{id}/tickets/{ticketId}: the incident is no longer linked to the problem. */
export async function unlinkProblemTicket(options: {
  tx: Tx;
  actor: Actor;
  problemId: number;
  ticketId: number;
  now?: Date;
}): Promise<ProblemDetailDto> {
  const { tx, actor, problemId, ticketId } = options;
  const now = options.now ?? new Date();
  assertCan(actor, 'ticket.work');
  const problem = await loadProblem(tx, problemId, { forUpdate: true });
  if (problem.status === 'closed') throw new AppError('problem.closed');
  const removed = await tx
    .delete(problemTickets)
    .where(and(eq(problemTickets.problemId, problemId), eq(problemTickets.ticketId, ticketId)))
    .returning();
  if (removed.length === 0) throw new AppError('problem.ticket_not_linked');
  await tx.update(problems).set({ updatedAt: now }).where(eq(problems.id, problemId));
  await recordEvent(tx, {
    kind: 'problem.ticket_unlinked',
    entityType: 'problem',
    entityId: problemId,
    ticketId,
    actorId: actor.id,
    at: now,
    data: { internal: true, problem: { id: problem.id, title: problem.title } },
  });
  return getProblem({ tx, actor, problemId });
}
