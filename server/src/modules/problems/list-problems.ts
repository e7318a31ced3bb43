import { and, desc, eq, ilike, lt, or, sql } from 'drizzle-orm';
import type { ListProblemsQuery, ProblemDetailDto, ProblemPage } from '../../../../contracts/problems.ts';
import { problems, problemTickets } from '../../db/schema.ts';
import type { Queryable } from '../../platform/db/database.ts';
import { decodeCursor, encodeCursor } from '../../platform/http/cursor.ts';
import { type Actor, assertCan } from '../identity/index.ts';
import { affectedAssets } from './assets.ts';
import { loadProblem, presentProblem, presentProblems, problemFixes } from './problems.ts';

/** GET /problems: newest first, by status, text (title, description, root cause) or linked ticket. */
export async function listProblems(options: {
  tx: Queryable;
  actor: Actor;
  query: ListProblemsQuery;
}): Promise<ProblemPage> {
  const { tx, actor, query } = options;
  assertCan(actor, 'ticket.work');
  const where = [];
  if (query.status) where.push(eq(problems.status, query.status));
  if (query.q) {
    const like = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    where.push(
      or(ilike(problems.title, like), ilike(problems.description, like), ilike(problems.rootCause, like)),
    );
  }
  if (query.ticketId !== undefined)
    where.push(
      sql`${problems.id} in (select ${problemTickets.problemId} from ${problemTickets} where ${problemTickets.ticketId} = ${query.ticketId})`,
    );
  if (query.cursor) {
    const [lastId] = decodeCursor(query.cursor, ['number']);
    where.push(lt(problems.id, Number(lastId)));
  }
  const rows = await tx
    .select()
    .from(problems)
    .where(and(...where))
    .orderBy(desc(problems.id))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: await presentProblems(tx, page),
    nextCursor: rows.length > query.limit && last ? encodeCursor([last.id]) : null,
  };
}

/** GET /problems/{id}: the problem with its incidents (and their status), assets and fixing changes. */
export async function getProblem(options: {
  tx: Queryable;
  actor: Actor;
  problemId: number;
}): Promise<ProblemDetailDto> {
  const { tx, actor, problemId } = options;
  assertCan(actor, 'ticket.work');
  const row = await loadProblem(tx, problemId);
  const incidents = await tx.execute<{
    id: number;
    number: number;
    subject: string;
    status: string;
    priority: string;
    requester_name: string | null;
    linked_at: Date | string;
  }>(sql`
    select t.id, t.number, t.subject, t.status, t.priority, u.name as requester_name, pt.linked_at
      from problem_tickets pt
      join tickets_v t on t.id = pt.ticket_id
      left join identity_users_v u on u.id = t.requester_id
     where pt.problem_id = ${problemId}
     order by pt.linked_at, t.id`);
  return {
    ...(await presentProblem(tx, row)),
    incidents: incidents.rows.map((t) => ({
      id: Number(t.id),
      number: Number(t.number),
      subject: t.subject,
      status: t.status as ProblemDetailDto['incidents'][number]['status'],
      priority: t.priority as ProblemDetailDto['incidents'][number]['priority'],
      requesterName: t.requester_name,
      linkedAt: new Date(t.linked_at).toISOString(),
    })),
    assets: await affectedAssets(tx, row.assetIds.map(Number)),
    fixes: await problemFixes(tx, problemId),
  };
}
