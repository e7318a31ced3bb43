import { type SQL, sql } from 'drizzle-orm';
import type { ArticleSummaryDto, ListArticlesQuery } from '../../../../contracts/knowledge.ts';
import type { Queryable } from '../../platform/db/database.ts';
import { type Actor, isStaff } from '../identity/index.ts';
import { type ArticleRow, presentSummary } from './articles.ts';

interface ListRow extends Record<string, unknown> {
  id: number;
  author_name: string | null;
}

/** The article list: staff see every state; requesters published public articles only. */
export async function listArticles(options: {
  tx: Queryable;
  actor: Actor;
  query: ListArticlesQuery;
}): Promise<{ items: ArticleSummaryDto[] }> {
  const { tx, actor, query } = options;
  const where: SQL[] = [];
  if (!isStaff(actor)) where.push(sql`a.status = 'published' and a.visibility = 'public'`);
  if (query.status) where.push(sql`a.status = ${query.status}`);
  if (query.visibility) where.push(sql`a.visibility = ${query.visibility}`);
  if (query.flagged === 'true') where.push(sql`a.flagged_reason is not null`);
  if (query.flagged === 'false') where.push(sql`a.flagged_reason is null`);
  const condition = where.length ? sql`where ${sql.join(where, sql` and `)}` : sql``;
  const result = await tx.execute<ListRow>(sql`
    select a.id, a.title, a.language, a.category, a.tags, a.visibility, a.status, a.version, a.author_id,
           a.source_ticket_id, a.helpful_count, a.unhelpful_count, a.flagged_reason, a.published_at,
           a.reviewed_at, a.created_at, a.updated_at, u.name as author_name
      from kb_articles a left join identity_users_v u on u.id = a.author_id
      ${condition} order by a.updated_at desc, a.id desc limit ${query.limit}`);
  return {
    items: result.rows.map((r) => {
      const date = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string));
      const row = {
        id: Number(r.id),
        title: r.title,
        language: r.language,
        category: r.category,
        tags: r.tags,
        visibility: r.visibility,
        status: r.status,
        version: Number(r.version),
        authorId: r.author_id === null ? null : Number(r.author_id),
        sourceTicketId: r.source_ticket_id === null ? null : Number(r.source_ticket_id),
        helpfulCount: Number(r.helpful_count),
        unhelpfulCount: Number(r.unhelpful_count),
        flaggedReason: r.flagged_reason,
        publishedAt: date(r.published_at),
        reviewedAt: date(r.reviewed_at),
        createdAt: date(r.created_at) as Date,
        updatedAt: date(r.updated_at) as Date,
      } as ArticleRow;
      return presentSummary(row, row.authorId ? { id: row.authorId, name: r.author_name ?? '' } : null);
    }),
  };
}
