import { asc, gt, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { kbArticles, kbPhrasings } from '../../db/schema.ts';
import type { Db, Queryable } from '../../platform/db/database.ts';
import { defineJob, enqueue } from '../../platform/jobs/jobs.ts';
import { bulkIndexDocuments, recountFrequencies, removeDocumentsExcept } from '../search/index.ts';
import { articleDocument } from './articles.ts';
import { flagStaleArticles } from './give-feedback.ts';

/** Daily: flags published articles nobody has reviewed for half a year (KB-4). */
export const flagStaleJob = defineJob({
  id: 'kb.flag-stale',
  version: 1,
  payload: z.object({ days: z.number().int().positive().optional() }),
  async run(payload, { db, now }) {
    await db.transaction(async (tx) => {
      await flagStaleArticles(tx, now, payload.days);
      await scheduleStaleCheck(tx, now);
    });
  },
});

/**
 * Keeps one daily stale check waiting: publishing an article starts it, each run schedules
 * the next (`preserve_run_at`, so publishing again does not postpone it).
 */
export async function scheduleStaleCheck(tx: Queryable, now: Date): Promise<void> {
  await enqueue(
    tx,
    flagStaleJob,
    {},
    {
      runAt: new Date(now.getTime() + 86_400_000),
      jobKey: 'kb-flag-stale',
      jobKeyMode: 'preserve_run_at',
      maxAttempts: 25,
    },
  );
}

/** Rebuilds every article's search document, in batches, then recounts term frequencies. */
export async function reindexAllArticles(db: Db, batchSize = 1000): Promise<number> {
  let after = 0;
  let count = 0;
  for (;;) {
    const rows = await db
      .select()
      .from(kbArticles)
      .where(gt(kbArticles.id, after))
      .orderBy(asc(kbArticles.id))
      .limit(batchSize);
    if (!rows.length) break;
    const ids = rows.map((r) => r.id);
    const phrasings = await db
      .select({ articleId: kbPhrasings.articleId, text: kbPhrasings.text })
      .from(kbPhrasings)
      .where(inArray(kbPhrasings.articleId, ids));
    const byArticle = new Map<number, string[]>();
    for (const p of phrasings) byArticle.set(p.articleId, [...(byArticle.get(p.articleId) ?? []), p.text]);
    await bulkIndexDocuments(
      db,
      rows.map((row) => articleDocument(row, byArticle.get(row.id) ?? [])),
    );
    count += rows.length;
    after = rows.at(-1)?.id ?? after;
  }
  await db.transaction(async (tx) => {
    const existing = await tx.select({ id: kbArticles.id }).from(kbArticles);
    await removeDocumentsExcept(
      tx,
      'article',
      existing.map((a) => a.id),
    );
    await recountFrequencies(tx, 'article');
  });
  return count;
}
