import { and, asc, eq, inArray } from 'drizzle-orm';
import type { ArticleDiffDto } from '../../../../contracts/knowledge.ts';
import { kbArticleVersions } from '../../db/schema.ts';
import type { Queryable } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import { type Actor, assertCan } from '../identity/index.ts';
import { loadArticle } from './articles.ts';
import { diffText } from './text-diff.ts';

export async function listVersions(options: { tx: Queryable; actor: Actor; articleId: number }) {
  const { tx, actor, articleId } = options;
  assertCan(actor, 'kb.write');
  await loadArticle(tx, actor, articleId);
  const rows = await tx
    .select()
    .from(kbArticleVersions)
    .where(eq(kbArticleVersions.articleId, articleId))
    .orderBy(asc(kbArticleVersions.version));
  return {
    items: rows.map((r) => ({
      version: r.version,
      title: r.title,
      status: r.status as 'draft' | 'review' | 'published' | 'archived',
      editorId: r.editorId,
      createdAt: r.createdAt.toISOString(),
    })),
  };
}

const FIELDS = [
  'title',
  'problem',
  'cause',
  'solution',
  'prevention',
  'category',
  'tags',
  'visibility',
  'status',
] as const;

/** What changed between two versions, field by field. */
export async function diffVersions(options: {
  tx: Queryable;
  actor: Actor;
  articleId: number;
  from: number;
  to: number;
}): Promise<ArticleDiffDto> {
  const { tx, actor, articleId, from, to } = options;
  assertCan(actor, 'kb.write');
  await loadArticle(tx, actor, articleId);
  const rows = await tx
    .select()
    .from(kbArticleVersions)
    .where(and(eq(kbArticleVersions.articleId, articleId), inArray(kbArticleVersions.version, [from, to])));
  const a = rows.find((r) => r.version === from);
  const b = rows.find((r) => r.version === to);
  if (!a) throw new AppError('kb.version_not_found', { field: 'from' });
  if (!b) throw new AppError('kb.version_not_found', { field: 'to' });
  const text = (row: typeof a, field: (typeof FIELDS)[number]) => {
    const value = row[field];
    return Array.isArray(value) ? value.join(', ') : (value ?? '');
  };
  return {
    from,
    to,
    fields: FIELDS.map((field) => ({ field, parts: diffText(text(a, field), text(b, field)) })).filter((f) =>
      f.parts.some((p) => p.op !== 'equal'),
    ),
  };
}
