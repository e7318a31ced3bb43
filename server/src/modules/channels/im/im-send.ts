import { and, eq, isNotNull, sql } from 'drizzle-orm';
import { PgTransaction } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import type { TicketDto } from '../../../../../contracts/tickets.ts';
import { imBots } from '../../../db/schema.ts';
import type { Queryable } from '../../../platform/db/database.ts';
import { defineJob, enqueue } from '../../../platform/jobs/jobs.ts';
import { channelSettings } from '../channel-settings.ts';
import { postJson } from './im-api.ts';
import { buildImRequest, type ImMessage, imAccepted } from './platforms.ts';

const ImMessagePayload = z.object({
  botId: z.number().int().positive(),
  title: z.string().max(300),
  text: z.string().max(4000),
  url: z.string().max(500).optional(),
  mentions: z.array(z.string().max(100)).max(20).optional(),
});

/** Posts one message to one bot; the platform's error answers are retried with backoff. */
export const imSendJob = defineJob<z.infer<typeof ImMessagePayload>>({
  id: 'channels.im_send',
  version: 1,
  payload: ImMessagePayload,
  async run(payload, context) {
    const [bot] = await context.db.select().from(imBots).where(eq(imBots.id, payload.botId));
    if (!bot?.active) return;
    await postToBot(bot, payload, context.now);
    context.logger.info(
      { category: 'channels.im', botId: bot.id, platform: bot.platform },
      'im message posted',
    );
  },
});

export async function postToBot(
  bot: typeof imBots.$inferSelect,
  message: ImMessage,
  now: Date,
): Promise<void> {
  if (!bot.webhookUrl) throw new Error(`${bot.platform} bot ${bot.id} has no webhook to post to`);
  const secret = bot.signSecretEnc ? channelSettings().secrets.open(bot.signSecretEnc) : null;
  const request = buildImRequest(bot.platform, bot.webhookUrl, secret, message, now);
  const answer = await postJson(request.url, request.body);
  if (!imAccepted(bot.platform, answer.status, answer.text)) {
    throw new Error(
      `${bot.platform} bot ${bot.id} refused the message: ${answer.status} ${answer.text.slice(0, 200)}`,
    );
  }
}

async function readBotsFor(tx: Queryable, event: string): Promise<{ id: number }[]> {
  // Awaited here: the query builder itself runs again each time it is awaited.
  return await tx
    .select({ id: imBots.id })
    .from(imBots)
    .where(and(eq(imBots.active, true), isNotNull(imBots.webhookUrl), sql`${imBots.events} ? ${event}`));
}

/**
 * The bots subscribed to an event, read once per transaction and event (issue 18: a batch of
 * follow-ups told every new ticket's bots, one read a ticket, the same answer each time). Kept
 * only for a transaction (dropped with it, so the next one sees a bot added meanwhile); a
 * bot written in this process forgets them all (`forgetImBots`).
 */
let botsByTransaction = new WeakMap<object, Map<string, Promise<{ id: number }[]>>>();

function botsFor(tx: Queryable, event: string): Promise<{ id: number }[]> {
  if (!(tx instanceof PgTransaction)) return readBotsFor(tx, event);
  let byEvent = botsByTransaction.get(tx);
  if (!byEvent) {
    byEvent = new Map();
    botsByTransaction.set(tx, byEvent);
  }
  let bots = byEvent.get(event);
  if (!bots) {
    bots = readBotsFor(tx, event);
    byEvent.set(event, bots);
    bots.catch(() => byEvent.delete(event));
  }
  return bots;
}

/** A bot was created, changed or deleted: no transaction keeps the bots it read. */
export function forgetImBots(): void {
  botsByTransaction = new WeakMap();
}

/** Posts a ticket event to every bot subscribed to it (a team's group chat hears of new tickets, P1s ...). */
export async function broadcastTicketEvent(tx: Queryable, event: string, ticket: TicketDto): Promise<void> {
  const bots = await botsFor(tx, event);
  if (bots.length === 0) return;
  const url = `${channelSettings().config.PUBLIC_URL.replace(/\/+$/, '')}/tickets/${ticket.id}`;
  const title = `[#${ticket.number}] ${ticket.priority} ${ticket.subject}`.slice(0, 300);
  const text = `${event === 'ticket.p1' ? 'P1 / 重大事件' : '新工单 New ticket'} · ${ticket.requester.name} · ${ticket.channel}`;
  for (const bot of bots) await enqueue(tx, imSendJob, { botId: bot.id, title, text, url });
}

/** A personal notification by IM: posted, with a mention of the person, to the bots that take mentions. */
export async function queueImMentions(
  tx: Queryable,
  message: { handle: string; title: string; text: string },
): Promise<void> {
  const bots = await botsFor(tx, 'mentions');
  for (const bot of bots) {
    await enqueue(tx, imSendJob, {
      botId: bot.id,
      title: message.title.slice(0, 300),
      text: message.text.slice(0, 4000),
      mentions: [message.handle],
    });
  }
}
