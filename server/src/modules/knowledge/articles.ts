import { asc, eq, sql } from 'drizzle-orm';
import type { ArticleDto, ArticleSummaryDto } from '../../../../contracts/knowledge.ts';
import { kbArticles, kbArticleVersions, kbPhrasings } from '../../db/schema.ts';
import type { Queryable } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import { type Actor, findPerson, isStaff } from '../identity/index.ts';
import { type IndexableDocument, indexDocument } from '../search/index.ts';

export type ArticleRow = typeof kbArticles.$inferSelect;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function presentSummary(
  row: ArticleRow,
  author: { id: number; name: string } | null,
): ArticleSummaryDto {
  return {
    id: row.id,
    title: row.title,
    language: row.language,
    category: row.category,
    tags: row.tags,
    visibility: row.visibility,
    status: row.status,
    version: row.version,
    author,
    sourceTicketId: row.sourceTicketId,
    helpfulCount: row.helpfulCount,
    unhelpfulCount: row.unhelpfulCount,
    flaggedReason: row.flaggedReason,
    publishedAt: iso(row.publishedAt),
    reviewedAt: iso(row.reviewedAt),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** A requester may read published public articles only; anything else does not exist for them. */
export function readableBy(actor: Actor, row: Pick<ArticleRow, 'status' | 'visibility'>): boolean {
  if (isStaff(actor)) return true;
  return row.status === 'published' && row.visibility === 'public';
}

export async function loadArticle(
  tx: Queryable,
  actor: Actor,
  id: number,
  options: { forUpdate?: boolean } = {},
): Promise<ArticleRow> {
  const query = tx.select().from(kbArticles).where(eq(kbArticles.id, id));
  const [row] = options.forUpdate ? await query.for('update') : await query;
  if (!row || !readableBy(actor, row)) throw new AppError('kb.article_not_found');
  return row;
}

export async function presentArticle(tx: Queryable, actor: Actor, row: ArticleRow): Promise<ArticleDto> {
  const author = row.authorId
    ? await findPerson(tx, row.authorId).then((p) => (p ? { id: p.id, name: p.name } : null))
    : null;
  const phrasings = isStaff(actor)
    ? (
        await tx
          .select({ text: kbPhrasings.text })
          .from(kbPhrasings)
          .where(eq(kbPhrasings.articleId, row.id))
          .orderBy(asc(kbPhrasings.id))
      ).map((p) => p.text)
    : [];
  return {
    ...presentSummary(row, author),
    problem: row.problem,
    cause: row.cause,
    solution: row.solution,
    prevention: row.prevention,
    phrasings,
  };
}

/** Saves the article's current state as its version row. */
export async function snapshotVersion(
  tx: Queryable,
  row: ArticleRow,
  editorId: number | null,
): Promise<void> {
  await tx.insert(kbArticleVersions).values({
    articleId: row.id,
    version: row.version,
    title: row.title,
    problem: row.problem,
    cause: row.cause,
    solution: row.solution,
    prevention: row.prevention,
    category: row.category,
    tags: row.tags,
    visibility: row.visibility,
    status: row.status,
    editorId,
  });
}

/** The searchable text of an article: its four sections, category and tags, and learned phrasings. */
export function articleDocument(row: ArticleRow, phrasings: string[]): IndexableDocument {
  return {
    source: 'article',
    sourceId: row.id,
    title: row.title,
    body: [row.problem, row.cause, row.solution, row.prevention, row.category, row.tags.join(' ')]
      .filter(Boolean)
      .join('\n'),
    phrasings,
    language: row.language,
    visibility: row.visibility,
    status: row.status,
    category: row.category,
    createdAt: row.createdAt,
  };
}

export async function indexArticle(tx: Queryable, row: ArticleRow): Promise<void> {
  const phrasings = await tx.execute<{ text: string }>(
    sql`select text from kb_phrasings where article_id = ${row.id} order by id desc limit 200`,
  );
  await indexDocument(
    tx,
    articleDocument(
      row,
      phrasings.rows.map((p) => p.text),
    ),
  );
}
