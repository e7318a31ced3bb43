import { eq, sql } from 'drizzle-orm';
import {
  PROBLEM_TRANSITIONS,
  type ProblemDto,
  type ProblemFixDto,
  type ProblemStatus,
} from '../../../../contracts/problems.ts';
import { problems, problemTickets } from '../../db/schema.ts';
import type { Queryable, Tx } from '../../platform/db/database.ts';
import { idArray } from '../../platform/db/id-array.ts';
import { AppError } from '../../platform/http/errors.ts';
import { recordEvent } from '../audit/index.ts';
import { isActiveStaff, personNames } from '../identity/index.ts';

export type ProblemRow = typeof problems.$inferSelect;

/** Loads a problem by the id of the path (404 when there is none). */
export async function loadProblem(
  tx: Queryable,
  id: number,
  options: { forUpdate?: boolean } = {},
): Promise<ProblemRow> {
  const query = tx.select().from(problems).where(eq(problems.id, id));
  const [row] = options.forUpdate ? await query.for('update') : await query;
  if (!row) throw new AppError('problem.missing');
  return row;
}

/** Whether PATCH may move a problem from one status to another. */
export function canMoveProblem(from: ProblemStatus, to: ProblemStatus): boolean {
  return PROBLEM_TRANSITIONS[from].includes(to);
}

export async function presentProblems(tx: Queryable, rows: readonly ProblemRow[]): Promise<ProblemDto[]> {
  if (rows.length === 0) return [];
  const people = [
    ...new Set(rows.flatMap((r) => [r.ownerId, r.createdBy]).filter((id): id is number => id !== null)),
  ];
  const names = await personNames(tx, people);
  const counts = await tx.execute<{ problem_id: number; n: number }>(sql`
    select problem_id, count(*)::int as n from problem_tickets
     where problem_id = any(${sql.param(rows.map((r) => r.id))}::bigint[]) group by problem_id`);
  const countOf = new Map(counts.rows.map((c) => [Number(c.problem_id), Number(c.n)]));
  const person = (id: number | null) => (id === null ? null : { id, name: names.get(id) ?? `#${id}` });
  return rows.map((row) => ({
    id: row.id,
    title: row.title,
    description: row.description,
    status: row.status,
    priority: row.priority,
    rootCause: row.rootCause,
    workaround: row.workaround,
    workaroundUpdatedAt: row.workaroundUpdatedAt?.toISOString() ?? null,
    assetIds: row.assetIds.map(Number),
    owner: person(row.ownerId),
    createdBy: person(row.createdBy),
    knownErrorArticleId: row.knownErrorArticleId,
    candidateId: row.candidateId,
    ticketCount: countOf.get(row.id) ?? 0,
    allowedTransitions: [...PROBLEM_TRANSITIONS[row.status]],
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    resolvedAt: row.resolvedAt?.toISOString() ?? null,
    closedAt: row.closedAt?.toISOString() ?? null,
  }));
}

export async function presentProblem(tx: Queryable, row: ProblemRow): Promise<ProblemDto> {
  const [dto] = await presentProblems(tx, [row]);
  if (!dto) throw new Error('presented no problem');
  return dto;
}

/** The owner of a problem is an active staff member. */
export async function assertOwner(tx: Queryable, ownerId: number | null | undefined): Promise<void> {
  if (ownerId === null || ownerId === undefined) return;
  if (!(await isActiveStaff(tx, ownerId))) throw new AppError('problem.owner_invalid', { field: 'ownerId' });
}

/**
 * The incidents to link: each exists, is an incident and is not linked to another problem
 * (checked before anything is written, so that a bad id changes nothing).
 */
export async function assertLinkableTickets(
  tx: Queryable,
  problemId: number | null,
  ticketIds: readonly number[],
): Promise<number[]> {
  const unique = [...new Set(ticketIds)];
  if (unique.length === 0) return [];
  const found = await tx.execute<{ id: number; number: number; type: string; problem_id: number | null }>(sql`
    select t.id, t.number, t.type, pt.problem_id
      from tickets_v t left join problem_tickets pt on pt.ticket_id = t.id
     where t.id = any(${sql.param(unique)}::bigint[])`);
  const byId = new Map(found.rows.map((r) => [Number(r.id), r]));
  for (const id of unique) {
    const row = byId.get(id);
    if (!row) throw new AppError('problem.ticket_not_found', { field: 'ticketIds', params: { id } });
    if (row.type !== 'incident')
      throw new AppError('problem.ticket_not_incident', {
        field: 'ticketIds',
        params: { number: Number(row.number) },
      });
    if (row.problem_id !== null && Number(row.problem_id) !== problemId)
      throw new AppError('problem.ticket_linked_elsewhere', {
        field: 'ticketIds',
        params: { number: Number(row.number), problemId: Number(row.problem_id) },
      });
  }
  return unique.filter((id) => byId.get(id)?.problem_id === null);
}

/**
 * Of a candidate's incidents, those that can still be linked: still incidents and not linked to
 * another problem meanwhile (the candidate is a proposal; what was settled elsewhere stays).
 */
export async function linkableOf(tx: Queryable, ticketIds: readonly number[]): Promise<number[]> {
  if (ticketIds.length === 0) return [];
  const rows = await tx.execute<{ id: number }>(sql`
    select t.id from tickets_v t
     where t.id = any(${idArray(ticketIds)}) and t.type = 'incident'
       and not exists (select 1 from problem_tickets pt where pt.ticket_id = t.id)
     order by t.id`);
  return rows.rows.map((r) => Number(r.id));
}

/** Links incidents (already checked) and puts the link on each incident's timeline. */
export async function linkTickets(
  tx: Tx,
  problem: { id: number; title: string },
  ticketIds: readonly number[],
  actorId: number,
  now: Date,
): Promise<void> {
  if (ticketIds.length === 0) return;
  await tx
    .insert(problemTickets)
    .values(
      ticketIds.map((ticketId) => ({ problemId: problem.id, ticketId, linkedBy: actorId, linkedAt: now })),
    );
  for (const ticketId of ticketIds) {
    await recordEvent(tx, {
      kind: 'problem.ticket_linked',
      entityType: 'problem',
      entityId: problem.id,
      ticketId,
      actorId,
      at: now,
      data: { internal: true, problem: { id: problem.id, title: problem.title } },
    });
  }
}

/** The ids of the incidents linked to a problem, oldest link first. */
export async function linkedTicketIds(tx: Queryable, problemId: number): Promise<number[]> {
  const rows = await tx
    .select({ ticketId: problemTickets.ticketId })
    .from(problemTickets)
    .where(eq(problemTickets.problemId, problemId))
    .orderBy(problemTickets.linkedAt, problemTickets.ticketId);
  return rows.map((r) => r.ticketId);
}

/** The port through which the changes module lists the changes that fix a problem. */
export type ProblemFixes = (tx: Queryable, problemId: number) => Promise<ProblemFixDto[]>;
let fixesOf: ProblemFixes = async () => [];

/** Plugged by the registry once the changes module exists (changes sits above problems). */
export function setProblemFixes(port: ProblemFixes): void {
  fixesOf = port;
}

export function problemFixes(tx: Queryable, problemId: number): Promise<ProblemFixDto[]> {
  return fixesOf(tx, problemId);
}

/** The ticket read's `problem` column (tickets' `setTicketProblemSection`): the problem of ticket `t`. */
export const ticketProblemColumn = {
  column: sql`(select json_build_object('id', p.id, 'title', p.title, 'status', p.status)
      from problem_tickets pt join problems p on p.id = pt.problem_id where pt.ticket_id = t.id)`,
};
