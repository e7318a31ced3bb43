import type { ArticleDto } from '../../../../contracts/knowledge.ts';
import type { Queryable } from '../../platform/db/database.ts';
import type { Actor } from '../identity/index.ts';
import { loadArticle, presentArticle } from './articles.ts';

/** One article; internal or unpublished ones do not exist for requesters. */
export async function getArticle(options: {
  tx: Queryable;
  actor: Actor;
  articleId: number;
}): Promise<ArticleDto> {
  const row = await loadArticle(options.tx, options.actor, options.articleId);
  return presentArticle(options.tx, options.actor, row);
}
