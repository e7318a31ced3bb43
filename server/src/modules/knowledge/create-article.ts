import type { ArticleDto, CreateArticleInput } from '../../../../contracts/knowledge.ts';
import { kbArticles } from '../../db/schema.ts';
import type { Tx } from '../../platform/db/database.ts';
import { recordEvent } from '../audit/index.ts';
import { type Actor, assertCan } from '../identity/index.ts';
import { indexArticle, presentArticle, snapshotVersion } from './articles.ts';
import { markCaptured } from './capture.ts';
import { scheduleStaleCheck } from './jobs.ts';
import { needsPublishRight } from './workflow.ts';

/** An agent writes an article (KB-1); from a resolved ticket it counts toward the capture target (KB-2). */
export async function createArticle(options: {
  tx: Tx;
  actor: Actor;
  input: CreateArticleInput;
  now?: Date;
}): Promise<ArticleDto> {
  const { tx, actor, input } = options;
  const now = options.now ?? new Date();
  assertCan(actor, 'kb.write');
  const status = input.status ?? 'draft';
  if (needsPublishRight(status)) assertCan(actor, 'kb.publish');
  const [row] = await tx
    .insert(kbArticles)
    .values({
      title: input.title,
      problem: input.problem,
      cause: input.cause || null,
      solution: input.solution,
      prevention: input.prevention || null,
      language: input.language,
      category: input.category || null,
      tags: [...new Set(input.tags ?? [])],
      visibility: input.visibility,
      status,
      authorId: actor.id,
      sourceTicketId: input.sourceTicketId ?? null,
      publishedAt: status === 'published' ? now : null,
      reviewedAt: status === 'published' ? now : null,
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  if (!row) throw new Error('insert returned no row');
  await snapshotVersion(tx, row, actor.id);
  await recordEvent(tx, {
    kind: 'kb.article_created',
    entityType: 'kb_article',
    entityId: row.id,
    actorId: actor.id,
    at: now,
    data: { title: row.title, status, visibility: row.visibility, sourceTicketId: row.sourceTicketId },
  });
  if (input.sourceTicketId) await markCaptured(tx, actor, input.sourceTicketId, row.id, now);
  await indexArticle(tx, row);
  if (status === 'published') await scheduleStaleCheck(tx, now);
  return presentArticle(tx, actor, row);
}
