import { sql } from 'drizzle-orm';
import type { MessageDto } from '../../../../contracts/tickets.ts';
import type { Tx } from '../../platform/db/database.ts';
import { remember } from '../../platform/remember.ts';
import { recordEvent } from '../audit/index.ts';
import type { Actor } from '../identity/index.ts';
import { planQuery, type QueryLookups, searchArticles, tokenize } from '../search/index.ts';

/** Articles with one of these tags are self-help guides for standard requests (CL-4). */
export const SELF_SERVICE_TAGS = ['self-service', '自助', '标准请求'];
/** Share of a guide's title words the request must contain to be that standard request. */
const TITLE_COVERAGE = 0.6;

export type Reply = (options: {
  tx: Tx;
  actor: Actor;
  ticketId: number;
  input: { body: string; internal: boolean };
  now?: Date;
}) => Promise<MessageDto>;

/** Share of `title`'s terms that appear in `text`. */
export function titleCoverage(title: string, text: string): number {
  const wanted = new Set(tokenize(title, { mode: 'query' }));
  if (!wanted.size) return 0;
  const present = new Set(tokenize(text, { mode: 'index' }));
  let hits = 0;
  for (const term of wanted) if (present.has(term)) hits++;
  return hits / wanted.size;
}

/**
 * Another source of standard answers, asked when no knowledge guide matched (the service
 * catalog's guides, plugged in by the registry): it answers the ticket and returns true, or
 * returns false. Triage may not import the modules above it, hence this port.
 */
export type StandardAnswerer = (options: {
  tx: Tx;
  bot: Actor;
  ticket: { id: number; subject: string; description: string };
  now: Date;
  reply: Reply;
  /** The triage batch the ticket is one of, when it is (what an answerer reads once for all). */
  batch?: StandardBatch;
}) => Promise<boolean>;

/**
 * The tickets of one triage batch, and what the answerers read once for all of them (each under
 * a key of its own): an answerer that reads the same things for every ticket (the catalog's
 * items) reads them once per batch (issue 18). Made per batch and dropped with it, so the next
 * batch sees what changed.
 */
export interface StandardBatch {
  ticketIds: readonly number[];
  memo: Map<symbol, Promise<unknown>>;
}

export function standardBatch(ticketIds: readonly number[]): StandardBatch {
  return { ticketIds, memo: new Map() };
}

/**
 * `read` once per batch under `key` (a failed read is forgotten, and the next ticket reads
 * again), or on its own for a ticket outside any batch.
 */
export function readOncePerBatch<T>(
  batch: StandardBatch | undefined,
  ticketId: number,
  key: symbol,
  read: (ticketIds: readonly number[]) => Promise<T>,
): Promise<T> {
  if (!batch?.ticketIds.includes(ticketId)) return read([ticketId]);
  return remember(batch.memo, key, () => read(batch.ticketIds)) as Promise<T>;
}
const answerers: StandardAnswerer[] = [];

export function onStandardRequest(answerer: StandardAnswerer): void {
  if (!answerers.includes(answerer)) answerers.push(answerer);
}

async function answerElsewhere(options: Parameters<StandardAnswerer>[0]): Promise<void> {
  for (const answerer of answerers) if (await answerer(options)) return;
}

/** The text a new ticket's self-help query is planned from. */
export function selfHelpText(ticket: { subject: string; description: string }): string {
  return `${ticket.subject}\n${ticket.description}`;
}

/**
 * A standard request (a password reset, for example) whose self-help guide matches is
 * answered at once with the guide, in a public reply, and the guide is linked in the timeline.
 */
export async function answerStandardRequest(options: {
  tx: Tx;
  bot: Actor;
  ticket: { id: number; subject: string; description: string };
  now: Date;
  reply: Reply;
  /** The search's look-ups shared by the tickets of one triage batch (`queryLookups`). */
  lookups?: QueryLookups;
  /** The triage batch the ticket is one of (`standardBatch`), for the other answerers. */
  batch?: StandardBatch;
}): Promise<number | null> {
  const { tx, bot, ticket, now } = options;
  const text = selfHelpText(ticket);
  const tagged = sql`d.source_id in (select id from kb_articles_v where tags && ${sql.param(SELF_SERVICE_TAGS)}::text[])
    and d.visibility = 'public'`;
  const [best] = await searchArticles(
    tx,
    bot,
    await planQuery(tx, 'article', text, options.lookups),
    1,
    tagged,
    options.lookups,
    // A storm's tickets ask the same known words: their ranking once per batch.
    'self-service guides',
  );
  if (!best || titleCoverage(best.title, text) < TITLE_COVERAGE) {
    await answerElsewhere({
      tx,
      bot,
      ticket,
      now,
      reply: options.reply,
      ...(options.batch ? { batch: options.batch } : {}),
    });
    return null;
  }
  const article = await tx.execute<{ title: string; solution: string; language: string }>(
    sql`select title, solution, language from kb_articles_v where id = ${best.id}`,
  );
  const guide = article.rows[0];
  if (!guide) return null;
  const chinese = guide.language === 'zh-CN';
  const body = chinese
    ? `您好！这是一项标准请求，您可以按照以下自助指南立即处理：\n\n《${guide.title}》\n${guide.solution}\n\n如果仍未解决，请直接回复本工单，服务台会继续跟进。`
    : `Hello! This is a standard request; this self-help guide solves it right away:\n\n"${guide.title}"\n${guide.solution}\n\nIf it does not help, just reply to this ticket and the service desk will follow up.`;
  await options.reply({ tx, actor: bot, ticketId: ticket.id, input: { body, internal: false }, now });
  await recordEvent(tx, {
    kind: 'triage.self_help_sent',
    entityType: 'ticket',
    entityId: ticket.id,
    ticketId: ticket.id,
    actorId: bot.id,
    at: now,
    data: { articleId: best.id, title: guide.title },
  });
  return best.id;
}
