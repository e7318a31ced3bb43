import type { CreateProblemInput, ProblemDto } from '../../../../contracts/problems.ts';
import { problems } from '../../db/schema.ts';
import type { Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import { recordEvent } from '../audit/index.ts';
import { type Actor, assertCan } from '../identity/index.ts';
import { takeProblemCandidate } from '../triage/index.ts';
import { checkAssetIds } from './assets.ts';
import { assertLinkableTickets, assertOwner, linkTickets, presentProblem } from './problems.ts';

/**
 * An agent opens a problem (PC-1): by hand, from a ticket (its id in `ticketIds`) or from a
 * triage problem candidate (MX-3: the candidate's title and incidents; the candidate is
 * accepted). Every input is checked before anything is written.
 */
export async function createProblem(options: {
  tx: Tx;
  actor: Actor;
  input: CreateProblemInput;
  now?: Date;
}): Promise<ProblemDto> {
  const { tx, actor, input } = options;
  const now = options.now ?? new Date();
  assertCan(actor, 'ticket.work');
  let title = input.title;
  let ticketIds = input.ticketIds ?? [];
  if (input.candidateId !== undefined) {
    assertCan(actor, 'problem.read');
    const candidate = await takeProblemCandidate(tx, { actorId: actor.id, candidateId: input.candidateId });
    if (!candidate.taken)
      throw new AppError('problem.candidate_taken', {
        field: 'candidateId',
        params: { status: candidate.status },
      });
    title ??= candidate.title;
    ticketIds = [...new Set([...candidate.ticketIds, ...ticketIds])];
  }
  if (title === undefined)
    throw new AppError('validation.invalid', { field: 'title', params: { detail: 'title' } });
  await assertOwner(tx, input.ownerId);
  const assetIds = await checkAssetIds(tx, input.assetIds ?? []);
  const toLink = await assertLinkableTickets(tx, null, ticketIds);
  const [row] = await tx
    .insert(problems)
    .values({
      title,
      description: input.description ?? '',
      priority: input.priority ?? 'P3',
      ownerId: input.ownerId ?? null,
      assetIds,
      createdBy: actor.id,
      candidateId: input.candidateId ?? null,
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  if (!row) throw new Error('insert returned no row');
  await recordEvent(tx, {
    kind: 'problem.created',
    entityType: 'problem',
    entityId: row.id,
    actorId: actor.id,
    at: now,
    data: { title: row.title, ticketIds: toLink, candidateId: row.candidateId },
  });
  await linkTickets(tx, row, toLink, actor.id, now);
  return presentProblem(tx, row);
}
