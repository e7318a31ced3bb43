import { and, eq, isNotNull, or, sql } from 'drizzle-orm';
import { catalogItems, kbArticlesView } from '../../db/schema.ts';
import type { Tx } from '../../platform/db/database.ts';
import { idArray } from '../../platform/db/id-array.ts';
import { recordEvent } from '../audit/index.ts';
import { findPerson } from '../identity/index.ts';
import { findTicketRecord } from '../tickets/index.ts';
import { readOncePerBatch, type StandardAnswerer, titleCoverage } from '../triage/index.ts';

/** Share of an item's name words the ticket must contain to be that standard request (as for guides). */
const NAME_COVERAGE = 0.6;

/** What answering a triage batch's tickets reads once for all of them (issue 18). */
const CATALOG_LOOKUPS = Symbol('catalog.standard-requests');

/**
 * Which of the tickets were made from the catalog, and the published items that have a
 * standard-request answer: one read of each for a triage batch, not one per ticket.
 */
async function catalogLookups(tx: Tx, ticketIds: readonly number[]) {
  const made = await tx.execute<{ ticket_id: number }>(
    sql`select ticket_id from catalog_requests where ticket_id = any(${idArray(ticketIds)})`,
  );
  const items = await tx
    .select()
    .from(catalogItems)
    .where(
      and(
        eq(catalogItems.published, true),
        or(isNotNull(catalogItems.guide), isNotNull(catalogItems.articleId)),
      ),
    );
  return { fromCatalog: new Set(made.rows.map((row) => Number(row.ticket_id))), items };
}

/**
 * CL-4 from the catalog: a new ticket whose text names a published item that has a
 * standard-request answer (its guide text, or its knowledge article's solution) is answered at
 * once with it, in the requester's language, and the timeline says so. A ticket made from the
 * catalog is not answered (its requester chose the item and filled in its form).
 */
export const answerFromCatalog: StandardAnswerer = async ({ tx, bot, ticket, now, reply, batch }) => {
  const { fromCatalog, items } = await readOncePerBatch(batch, ticket.id, CATALOG_LOOKUPS, (ticketIds) =>
    catalogLookups(tx, ticketIds),
  );
  if (fromCatalog.has(ticket.id)) return false;
  const text = `${ticket.subject}\n${ticket.description}`;
  let best: { item: (typeof items)[number]; score: number } | null = null;
  for (const item of items) {
    const score = Math.max(titleCoverage(item.nameZh, text), titleCoverage(item.nameEn, text));
    if (score >= NAME_COVERAGE && (!best || score > best.score)) best = { item, score };
  }
  if (!best) return false;
  const { item } = best;
  let guide = item.guide;
  if (!guide && item.articleId !== null) {
    const [article] = await tx
      .select({
        solution: kbArticlesView.solution,
        visibility: kbArticlesView.visibility,
        status: kbArticlesView.status,
      })
      .from(kbArticlesView)
      .where(eq(kbArticlesView.id, item.articleId));
    if (article?.visibility === 'public' && article.status === 'published') guide = article.solution;
  }
  if (!guide) return false;
  const record = await findTicketRecord(tx, ticket.id);
  const requester = record ? await findPerson(tx, record.requesterId) : null;
  const english = requester?.locale === 'en';
  const title = english ? item.nameEn : item.nameZh;
  const body = english
    ? `Hello! "${title}" is a standard request; this self-help guide solves it right away:\n\n${guide}\n\nIf it does not help, just reply to this ticket and the service desk will follow up.`
    : `您好！“${title}”是一项标准请求，您可以按照以下自助指南立即处理：\n\n${guide}\n\n如果仍未解决，请直接回复本工单，服务台会继续跟进。`;
  await reply({ tx, actor: bot, ticketId: ticket.id, input: { body, internal: false }, now });
  await recordEvent(tx, {
    kind: 'catalog.guide_sent',
    entityType: 'catalog_item',
    entityId: item.id,
    ticketId: ticket.id,
    actorId: bot.id,
    at: now,
    data: { itemId: item.id, itemName: { 'zh-CN': item.nameZh, en: item.nameEn } },
  });
  return true;
};
