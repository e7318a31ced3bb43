import { randomBytes } from 'node:crypto';
import { and, desc, eq, isNotNull } from 'drizzle-orm';
import { z } from 'zod';
import type { ImInboundCredentials, ImPlatform } from '../../../../../contracts/channels.ts';
import { imBots, imInbound } from '../../../db/schema.ts';
import type { Tx } from '../../../platform/db/database.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { defineJob, enqueue } from '../../../platform/jobs/jobs.ts';
import { SYSTEM_READER } from '../../identity/index.ts';
import { addMessage, createTicket, getTicket, OPEN_STATUSES } from '../../tickets/index.ts';
import { channelSettings } from '../channel-settings.ts';
import { wecomEncrypt, wecomSignature } from './callback-crypto.ts';
import { type CallbackRequest, type InboundImText, readCallback } from './callback-protocols.ts';
import { dingtalkSessionReply, feishuReply, slackPostMessage } from './im-api.ts';
import { inboundCredentials, inboundReady } from './im-bots.ts';
import { resolveImContact } from './im-contacts.ts';
import { escapeMentions } from './platforms.ts';

export interface CallbackAnswer {
  contentType: string;
  body: string;
}

const ImReplyPayload = z.object({
  botId: z.number().int().positive(),
  text: z.string().max(2000),
  chatId: z.string().max(200).optional(),
  messageId: z.string().max(200).optional(),
  threadTs: z.string().max(100).optional(),
  sessionWebhook: z.string().max(1000).optional(),
});
type ImReplyPayload = z.infer<typeof ImReplyPayload>;

/**
 * Answers a person in the platform's own reply mechanism: DingTalk's sessionWebhook, Feishu's
 * reply-message API, Slack's chat.postMessage in thread.
 */
export const imReplyJob = defineJob<ImReplyPayload>({
  id: 'channels.im_reply',
  version: 1,
  payload: ImReplyPayload,
  async run(payload, context) {
    const [bot] = await context.db.select().from(imBots).where(eq(imBots.id, payload.botId));
    if (!bot) return;
    const creds = inboundCredentials(bot);
    const text = escapeMentions(bot.platform, payload.text);
    if (bot.platform === 'dingtalk' && payload.sessionWebhook) {
      await dingtalkSessionReply({ sessionWebhook: payload.sessionWebhook, text });
    } else if (bot.platform === 'feishu' && creds.appId && creds.appSecret && payload.messageId) {
      await feishuReply({
        appId: creds.appId,
        appSecret: creds.appSecret,
        messageId: payload.messageId,
        text,
      });
    } else if (bot.platform === 'slack' && creds.botToken && payload.chatId) {
      await slackPostMessage({
        botToken: creds.botToken,
        channel: payload.chatId,
        ...(payload.threadTs ? { threadTs: payload.threadTs } : {}),
        text,
      });
    } else return;
    context.logger.info(
      { category: 'channels.im', botId: bot.id, platform: bot.platform },
      'im reply posted',
    );
  },
});

function replyText(locale: 'zh-CN' | 'en', ticket: { id: number; number: number }, added: boolean): string {
  const url = `${channelSettings().config.PUBLIC_URL.replace(/\/+$/, '')}/tickets/${ticket.id}`;
  if (locale === 'en')
    return added ? `Added to ticket #${ticket.number}: ${url}` : `Ticket #${ticket.number} opened: ${url}`;
  return added ? `已补充到工单 #${ticket.number}：${url}` : `已受理，工单 #${ticket.number}：${url}`;
}

/** The HTTP answer: WeCom's passive reply carries the answer; the others only acknowledge. */
function inlineAnswer(
  platform: ImPlatform,
  creds: ImInboundCredentials,
  message: InboundImText,
  text: string | null,
  now: Date,
): CallbackAnswer {
  if (platform === 'wecom' && text && message.reply.toUser && creds.corpId) {
    // The passive reply: a message XML, encrypted and signed as WXBizMsgCrypt's EncryptMsg does.
    const timestamp = String(Math.floor(now.getTime() / 1000));
    const nonce = String(randomBytes(4).readUInt32BE(0));
    const inner =
      `<xml><ToUserName><![CDATA[${message.reply.toUser}]]></ToUserName>` +
      `<FromUserName><![CDATA[${creds.corpId}]]></FromUserName><CreateTime>${timestamp}</CreateTime>` +
      `<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[${escapeMentions('wecom', text).replaceAll(']]>', ']] >')}]]></Content></xml>`;
    const encrypted = wecomEncrypt(creds.encodingAesKey ?? '', inner, creds.corpId);
    const signature = wecomSignature(creds.token ?? '', timestamp, nonce, encrypted);
    return {
      contentType: 'application/xml; charset=utf-8',
      body:
        `<xml><Encrypt><![CDATA[${encrypted}]]></Encrypt><MsgSignature><![CDATA[${signature}]]></MsgSignature>` +
        `<TimeStamp>${timestamp}</TimeStamp><Nonce><![CDATA[${nonce}]]></Nonce></xml>`,
    };
  }
  if (platform === 'feishu' || platform === 'dingtalk')
    return { contentType: 'application/json; charset=utf-8', body: '{}' };
  return { contentType: 'text/plain; charset=utf-8', body: '' };
}

/**
 * The person's most recent ticket from this platform that is still open and still theirs (a
 * contact relinked to another person starts afresh), if any.
 */
async function openTicketOf(tx: Tx, platform: ImPlatform, contactId: number, requesterId: number) {
  const recent = await tx
    .select({ ticketId: imInbound.ticketId })
    .from(imInbound)
    .where(
      and(
        eq(imInbound.contactId, contactId),
        eq(imInbound.platform, platform),
        isNotNull(imInbound.ticketId),
      ),
    )
    .orderBy(desc(imInbound.id))
    .limit(1);
  const ticketId = recent[0]?.ticketId;
  if (!ticketId) return null;
  const ticket = await getTicket({ tx, actor: SYSTEM_READER, ticketId });
  return OPEN_STATUSES.includes(ticket.status) && ticket.requester.id === requesterId ? ticket : null;
}

function subjectOf(text: string): string {
  const line =
    text
      .split('\n')
      .find((l) => l.trim())
      ?.trim() ?? text.trim();
  return line.length > 80 ? `${line.slice(0, 79)}…` : line;
}

/**
 * A platform's call to a bot's callback URL: the handshake answered, or a person's text message
 * filed (a new ticket, channel im, or a public message on their open one) and answered with the
 * ticket number and link. A redelivery (same message / event id) changes nothing.
 */
export async function handleImCallback(options: {
  tx: Tx;
  botId: number;
  request: CallbackRequest;
}): Promise<CallbackAnswer> {
  const { tx, botId, request } = options;
  const [bot] = await tx.select().from(imBots).where(eq(imBots.id, botId));
  const creds = bot ? inboundCredentials(bot) : {};
  if (!bot?.active || !inboundReady(bot.platform, creds))
    throw new AppError('channels.im_callback_not_configured');
  const outcome = readCallback(bot.platform, creds, request);
  if (outcome.kind === 'answer') return { contentType: outcome.contentType, body: outcome.body };
  const quiet = bot.platform === 'feishu' ? '{}' : '';
  const quietType =
    bot.platform === 'feishu' ? 'application/json; charset=utf-8' : 'text/plain; charset=utf-8';
  if (outcome.kind === 'ignored') return { contentType: quietType, body: quiet };
  // Every string stored is valid text: no NUL, no lone surrogate.
  const clean = (value: string) => value.replaceAll(String.fromCharCode(0), '').toWellFormed();
  const message = {
    ...outcome.message,
    text: clean(outcome.message.text),
    senderName: clean(outcome.message.senderName),
  };
  // Ids longer than any platform's are not a platform's: nothing is stored for them.
  const idsFit = message.deliveryId.length <= 200 && message.externalUserId.length <= 200;
  if (!message.text.trim() || !idsFit) return { contentType: quietType, body: quiet };

  const [claim] = await tx
    .insert(imInbound)
    .values({ botId, externalId: message.deliveryId, platform: bot.platform })
    .onConflictDoNothing()
    .returning({ id: imInbound.id });
  if (!claim) {
    // A redelivery: the platform did not hear our answer. Answer again; change nothing.
    const [existing] = await tx
      .select({ ticketId: imInbound.ticketId })
      .from(imInbound)
      .where(and(eq(imInbound.botId, botId), eq(imInbound.externalId, message.deliveryId)));
    if (!existing?.ticketId) return { contentType: quietType, body: quiet };
    const ticket = await getTicket({ tx, actor: SYSTEM_READER, ticketId: existing.ticketId });
    return inlineAnswer(bot.platform, creds, message, replyText('zh-CN', ticket, false), request.now);
  }

  const person = await resolveImContact(tx, bot.platform, message.externalUserId, message.senderName);
  if (!person) return { contentType: quietType, body: quiet };
  const open = await openTicketOf(tx, bot.platform, person.contactId, person.actor.id);
  let ticket: { id: number; number: number };
  if (open) {
    await addMessage({
      tx,
      actor: person.actor,
      ticketId: open.id,
      input: { body: message.text, internal: false, channel: 'im' },
      now: request.now,
    });
    ticket = open;
  } else {
    ticket = await createTicket({
      tx,
      actor: person.actor,
      input: {
        subject: subjectOf(message.text),
        description: message.text.slice(0, 20000),
        type: 'incident',
        impact: 'medium',
        urgency: 'medium',
        channel: 'im',
      },
    });
  }
  await tx
    .update(imInbound)
    .set({ ticketId: ticket.id, contactId: person.contactId })
    .where(eq(imInbound.id, claim.id));
  const text = replyText(person.actor.locale, ticket, Boolean(open));
  if (bot.platform !== 'wecom') {
    await enqueue(tx, imReplyJob, {
      botId,
      text,
      ...(message.reply.chatId ? { chatId: message.reply.chatId } : {}),
      ...(message.reply.messageId ? { messageId: message.reply.messageId } : {}),
      ...(message.reply.threadTs ? { threadTs: message.reply.threadTs } : {}),
      ...(message.reply.sessionWebhook ? { sessionWebhook: message.reply.sessionWebhook } : {}),
    });
  }
  return inlineAnswer(bot.platform, creds, message, text, request.now);
}
