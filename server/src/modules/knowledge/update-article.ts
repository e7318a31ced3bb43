import { eq } from 'drizzle-orm';
import type { ArticleDto, UpdateArticleInput } from '../../../../contracts/knowledge.ts';
import { kbArticles } from '../../db/schema.ts';
import type { Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import { diff, recordEvent } from '../audit/index.ts';
import { type Actor, assertCan } from '../identity/index.ts';
import { type ArticleRow, indexArticle, loadArticle, presentArticle, snapshotVersion } from './articles.ts';
import { scheduleStaleCheck } from './jobs.ts';
import { canMove, needsPublishRight } from './workflow.ts';

/**
 * Edits an article and/or moves it through the workflow. Every save is a new version;
 * publishing counts as a review and clears any review flag.
 */
export async function updateArticle(options: {
  tx: Tx;
  actor: Actor;
  articleId: number;
  input: UpdateArticleInput;
  now?: Date;
}): Promise<ArticleDto> {
  const { tx, actor, articleId, input } = options;
  const now = options.now ?? new Date();
  assertCan(actor, 'kb.write');
  const before = await loadArticle(tx, actor, articleId, { forUpdate: true });
  const next: Partial<ArticleRow> = {};
  for (const key of ['title', 'problem', 'solution', 'language', 'visibility'] as const) {
    if (input[key] !== undefined) Object.assign(next, { [key]: input[key] });
  }
  for (const key of ['cause', 'prevention', 'category'] as const) {
    if (input[key] !== undefined) next[key] = input[key] || null;
  }
  if (input.tags !== undefined) next.tags = [...new Set(input.tags)];
  if (input.status !== undefined && input.status !== before.status) {
    if (!canMove(before.status, input.status)) {
      throw new AppError('kb.invalid_transition', {
        field: 'status',
        params: { from: before.status, to: input.status },
      });
    }
    if (needsPublishRight(input.status)) assertCan(actor, 'kb.publish');
    next.status = input.status;
    if (input.status === 'published') {
      next.publishedAt = before.publishedAt ?? now;
      next.reviewedAt = now;
      next.flaggedReason = null;
      next.flaggedAt = null;
    }
  }
  const changes = diff(before as unknown as Record<string, unknown>, next as Record<string, unknown>);
  if (input.tags !== undefined && before.tags.join('\u0000') === (next.tags ?? []).join('\u0000'))
    delete changes.tags;
  if (Object.keys(changes).length === 0) return presentArticle(tx, actor, before);
  const [row] = await tx
    .update(kbArticles)
    .set({ ...next, version: before.version + 1, updatedAt: now })
    .where(eq(kbArticles.id, articleId))
    .returning();
  if (!row) throw new Error('update returned no row');
  await snapshotVersion(tx, row, actor.id);
  await recordEvent(tx, {
    kind: changes.status ? 'kb.article_status_changed' : 'kb.article_updated',
    entityType: 'kb_article',
    entityId: row.id,
    actorId: actor.id,
    at: now,
    data: { version: row.version, fields: Object.keys(changes), status: changes.status ?? null },
  });
  await indexArticle(tx, row);
  if (row.status === 'published' && changes.status) await scheduleStaleCheck(tx, now);
  return presentArticle(tx, actor, row);
}
