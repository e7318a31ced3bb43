import { eq } from 'drizzle-orm';
import type { KnownErrorResult } from '../../../../contracts/problems.ts';
import { problems } from '../../db/schema.ts';
import type { Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import { recordEvent } from '../audit/index.ts';
import { type Actor, assertCan } from '../identity/index.ts';
import { createArticle, updateArticle } from '../knowledge/index.ts';
import { loadProblem } from './problems.ts';

/** Known-error tags: every known-error article carries both (search and the knowledge list filter by them). */
export const KNOWN_ERROR_TAG = 'known-error';

/**
 * POST /problems/{id}/known-error (已知错误, PC-1): publishes the problem, its root cause and its
 * workaround as a public knowledge article (through the knowledge module, so that search and
 * the portal's deflection find it) and moves the problem to known_error. Idempotent: a second
 * call updates the same article. Publishing needs the right to publish articles (kb.publish).
 */
export async function publishKnownError(options: {
  tx: Tx;
  actor: Actor;
  problemId: number;
  now?: Date;
}): Promise<KnownErrorResult> {
  const { tx, actor, problemId } = options;
  const now = options.now ?? new Date();
  assertCan(actor, 'ticket.work');
  assertCan(actor, 'kb.publish');
  const problem = await loadProblem(tx, problemId, { forUpdate: true });
  if (!['new', 'investigating', 'known_error'].includes(problem.status))
    throw new AppError('problem.invalid_transition', {
      field: 'status',
      params: { from: problem.status, to: 'known_error' },
    });
  if (!problem.rootCause || !problem.workaround) throw new AppError('problem.known_error_incomplete');
  const zh = actor.locale === 'zh-CN';
  const content = {
    title: (zh ? `已知错误：${problem.title}` : `Known error: ${problem.title}`).slice(0, 200),
    problem: problem.description || problem.title,
    cause: problem.rootCause,
    solution: problem.workaround,
    language: actor.locale,
    tags: [KNOWN_ERROR_TAG, `problem-${problem.id}`],
    visibility: 'public' as const,
    status: 'published' as const,
  };
  let articleId = problem.knownErrorArticleId;
  const created = articleId === null;
  if (articleId === null) {
    articleId = (await createArticle({ tx, actor, input: content, now })).id;
  } else {
    await updateArticle({ tx, actor, articleId, input: content, now });
  }
  await tx
    .update(problems)
    .set({ knownErrorArticleId: articleId, status: 'known_error', resolvedAt: null, updatedAt: now })
    .where(eq(problems.id, problemId));
  await recordEvent(tx, {
    kind: 'problem.known_error_published',
    entityType: 'problem',
    entityId: problemId,
    actorId: actor.id,
    at: now,
    data: { articleId, created },
  });
  if (problem.status !== 'known_error')
    await recordEvent(tx, {
      kind: 'problem.status_changed',
      entityType: 'problem',
      entityId: problemId,
      actorId: actor.id,
      at: now,
      data: { from: problem.status, to: 'known_error', reason: 'known_error_published' },
    });
  return { articleId, created };
}
