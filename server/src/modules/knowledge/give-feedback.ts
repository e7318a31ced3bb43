import { eq, sql } from 'drizzle-orm';
import type { FeedbackInput } from '../../../../contracts/knowledge.ts';
import { kbArticles, kbFeedback, kbPhrasings } from '../../db/schema.ts';
import type { Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import { recordEvent } from '../audit/index.ts';
import type { Actor } from '../identity/index.ts';
import { indexArticle, loadArticle } from './articles.ts';
import { isPoorlyRated } from './workflow.ts';

/**
 * A reader rates an article (KB-4). "This solved it" with the words they searched for keeps
 * those words as an alternative phrasing, searched from now on (learning from use). Poor
 * ratings flag the article for review. From the portal form it counts as a deflection (IN-3).
 */
export async function giveFeedback(options: {
  tx: Tx;
  actor: Actor;
  articleId: number;
  input: FeedbackInput;
  now?: Date;
}): Promise<{ id: number; phrasingLearned: boolean; flaggedReason: 'poor_rating' | 'stale' | null }> {
  const { tx, actor, articleId, input } = options;
  const now = options.now ?? new Date();
  const article = await loadArticle(tx, actor, articleId, { forUpdate: true });
  if (article.status !== 'published') throw new AppError('kb.article_not_found');
  const [row] = await tx
    .insert(kbFeedback)
    .values({
      articleId,
      userId: actor.id,
      helpful: input.helpful,
      query: input.query ?? null,
      comment: input.comment ?? null,
      context: input.context ?? 'article',
      createdAt: now,
    })
    .returning({ id: kbFeedback.id });
  if (!row) throw new Error('insert returned no row');
  const helpful = article.helpfulCount + (input.helpful ? 1 : 0);
  const unhelpful = article.unhelpfulCount + (input.helpful ? 0 : 1);
  const flag = !article.flaggedReason && isPoorlyRated(helpful, unhelpful);
  const [updated] = await tx
    .update(kbArticles)
    .set({
      helpfulCount: helpful,
      unhelpfulCount: unhelpful,
      ...(flag ? { flaggedReason: 'poor_rating' as const, flaggedAt: now } : {}),
    })
    .where(eq(kbArticles.id, articleId))
    .returning();
  if (!updated) throw new Error('update returned no row');
  let phrasingLearned = false;
  const query = input.query?.trim();
  if (input.helpful && query && query.toLowerCase() !== article.title.trim().toLowerCase()) {
    const inserted = await tx
      .insert(kbPhrasings)
      .values({ articleId, text: query, createdAt: now })
      .onConflictDoNothing()
      .returning({ id: kbPhrasings.id });
    phrasingLearned = inserted.length > 0;
    if (phrasingLearned) await indexArticle(tx, updated);
  }
  await recordEvent(tx, {
    kind: 'kb.feedback',
    entityType: 'kb_article',
    entityId: articleId,
    actorId: actor.id,
    at: now,
    data: { helpful: input.helpful, context: input.context ?? 'article', phrasingLearned, flagged: flag },
  });
  return { id: row.id, phrasingLearned, flaggedReason: updated.flaggedReason };
}

/** Published articles not reviewed for `days` are flagged stale (run daily by a job). */
export async function flagStaleArticles(tx: Tx, now: Date, days = 180): Promise<number> {
  const result = await tx.execute<{ id: number }>(sql`
    update kb_articles set flagged_reason = 'stale', flagged_at = ${now.toISOString()}::timestamptz
     where status = 'published' and flagged_reason is null
       and coalesce(reviewed_at, published_at, created_at) < ${now.toISOString()}::timestamptz - make_interval(days => ${days})
    returning id`);
  return result.rows.length;
}
