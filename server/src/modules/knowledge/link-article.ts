import type { Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import { recordEvent } from '../audit/index.ts';
import { type Actor, assertCan } from '../identity/index.ts';
import { assertTicketVisible } from '../tickets/index.ts';
import { loadArticle } from './articles.ts';

/** An agent used an article on a ticket (inserted it into a reply): the timeline links them (ES-5). */
export async function linkArticleToTicket(options: {
  tx: Tx;
  actor: Actor;
  articleId: number;
  ticketId: number;
  now?: Date;
}): Promise<void> {
  const { tx, actor, articleId, ticketId } = options;
  assertCan(actor, 'ticket.work');
  const article = await loadArticle(tx, actor, articleId);
  if (article.status !== 'published') throw new AppError('kb.article_not_found');
  await assertTicketVisible(tx, actor, ticketId);
  await recordEvent(tx, {
    kind: 'kb.article_linked',
    entityType: 'kb_article',
    entityId: articleId,
    ticketId,
    actorId: actor.id,
    at: options.now ?? new Date(),
    data: { articleId, title: article.title, internal: article.visibility === 'internal' },
  });
}
