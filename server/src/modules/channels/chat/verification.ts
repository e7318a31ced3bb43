import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { ChatDto } from '../../../../../contracts/channels.ts';
import { chatMessages, chats } from '../../../db/schema.ts';
import type { Db, Tx } from '../../../platform/db/database.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { recordEvent } from '../../audit/index.ts';
import { queueEmail, renderTemplate, type TemplateDefault } from '../../notifications/index.ts';
import { requesterActor } from '../requesters.ts';
import { presentChat } from './chat-presenter.ts';
import { announce, type ChatParty, type ChatRow, loadChat, OPEN } from './chat-rows.ts';

/** How long a code works, how many wrong tries it takes, and how many codes one chat may mail. */
export const CODE_MINUTES = 15;
export const CODE_ATTEMPTS = 5;
export const CODE_SENDS = 5;
/** Codes mailed to one address in an hour, over all chats: many chats cannot multiply the guesses. */
export const CODES_PER_ADDRESS_HOUR = 10;

export const CHAT_VERIFICATION_EVENT = 'chat.verification';

export const CHAT_VERIFICATION_TEMPLATE: TemplateDefault = {
  event: CHAT_VERIFICATION_EVENT,
  description: {
    'zh-CN': '在线咨询验证码（发给网页咨询的访客）',
    en: 'Live chat verification code, to a website chat visitor',
  },
  'zh-CN': {
    subject: '在线咨询验证码：{{code}}',
    body: [
      '{{visitor.name}}，您好：',
      '您（或有人以您的邮箱）在服务台网页发起了在线咨询“{{chat.subject}}”。请在咨询窗口输入以下验证码，确认邮箱属于您：',
      '{{code}}',
      '验证码 {{minutes}} 分钟内有效，只能使用一次。如果不是您本人操作，请忽略本邮件，对方无法以您的身份提交请求。',
      '{{desk.name}}',
    ].join('\n\n'),
  },
  en: {
    subject: 'Your chat verification code: {{code}}',
    body: [
      'Hello {{visitor.name}},',
      'You (or someone using your email address) started the chat "{{chat.subject}}" on the service desk website. Enter this code in the chat window to confirm the address is yours:',
      '{{code}}',
      'The code works for {{minutes}} minutes, once. If this was not you, ignore this mail: nobody can make requests in your name with it.',
      '{{desk.name}}',
    ].join('\n\n'),
  },
  variables: {
    code: { 'zh-CN': '六位验证码', en: 'The six-digit code' },
    'visitor.name': { 'zh-CN': '访客填写的姓名', en: 'The name the visitor gave' },
    'chat.subject': { 'zh-CN': '咨询主题', en: 'Chat subject' },
    minutes: { 'zh-CN': '有效分钟数', en: 'Minutes the code is valid' },
  },
};

/** The code's digest, salted with the chat's own token digest (so equal codes differ per chat). */
function codeDigest(row: Pick<ChatRow, 'id' | 'visitorTokenHash'>, code: string): string {
  return createHash('sha256')
    .update(`${row.id}:${row.visitorTokenHash ?? ''}:${code}`)
    .digest('hex');
}

/**
 * Makes a new one-time code for a widget chat and mails it to the address the visitor gave,
 * in the caller's transaction (through the outbox). A new code replaces the previous one and
 * its count of wrong tries; a chat gets at most CODE_SENDS codes.
 */
export async function sendChatCode(options: {
  tx: Tx;
  row: ChatRow;
  locale: 'zh-CN' | 'en';
  now: Date;
}): Promise<{ sentTo: string; expiresAt: string }> {
  const { tx, row, locale, now } = options;
  if (row.verifiedAt || !row.visitorEmail) throw new AppError('channels.chat_code_none');
  if (row.verificationSends >= CODE_SENDS) throw new AppError('channels.chat_code_send_limit');
  // One count per address at a time, so that parallel chats cannot all slip under the bound.
  await tx.execute(
    sql`select pg_advisory_xact_lock(hashtext(${`chat-code:${row.visitorEmail.toLowerCase()}`}))`,
  );
  const recent = await tx.execute<{ sends: number }>(sql`
    select coalesce(sum(verification_sends), 0)::int as sends from chats
     where lower(visitor_email) = lower(${row.visitorEmail})
       and created_at > ${new Date(now.getTime() - 3_600_000)}`);
  if (Number(recent.rows[0]?.sends ?? 0) >= CODES_PER_ADDRESS_HOUR)
    throw new AppError('channels.chat_code_address_limit', { field: 'email' });
  const code = randomInt(0, 1_000_000).toString().padStart(6, '0');
  const expiresAt = new Date(now.getTime() + CODE_MINUTES * 60_000);
  await tx
    .update(chats)
    .set({
      verificationCodeHash: codeDigest(row, code),
      verificationExpiresAt: expiresAt,
      verificationAttempts: 0,
      verificationSends: row.verificationSends + 1,
    })
    .where(eq(chats.id, row.id));
  const mail = await renderTemplate(tx, CHAT_VERIFICATION_EVENT, locale, {
    code,
    minutes: CODE_MINUTES,
    visitor: { name: row.visitorName ?? '' },
    chat: { subject: row.subject },
  });
  await queueEmail(tx, {
    to: row.visitorEmail,
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    kind: CHAT_VERIFICATION_EVENT,
    locale,
  });
  return { sentTo: row.visitorEmail, expiresAt: expiresAt.toISOString() };
}

type CodeCheck =
  | { ok: true }
  | { ok: false; error: 'channels.chat_code_wrong'; left: number }
  | {
      ok: false;
      error: 'channels.chat_code_expired' | 'channels.chat_code_locked' | 'channels.chat_code_none';
    };

/** Checks a code against the chat's pending one (pure: `now` is a parameter). */
export function checkChatCode(row: ChatRow, code: string, now: Date): CodeCheck {
  if (row.verifiedAt || !row.verificationCodeHash || !row.verificationExpiresAt)
    return { ok: false, error: 'channels.chat_code_none' };
  if (row.verificationAttempts >= CODE_ATTEMPTS) return { ok: false, error: 'channels.chat_code_locked' };
  if (row.verificationExpiresAt.getTime() <= now.getTime())
    return { ok: false, error: 'channels.chat_code_expired' };
  const expected = Buffer.from(row.verificationCodeHash);
  const given = Buffer.from(codeDigest(row, code));
  if (expected.length === given.length && timingSafeEqual(expected, given)) return { ok: true };
  return { ok: false, error: 'channels.chat_code_wrong', left: CODE_ATTEMPTS - row.verificationAttempts - 1 };
}

/**
 * The visitor proves the address: the right code makes the chat the account's with that
 * email (a new requester when there is none), once. A wrong code counts against the code's
 * tries, and the count commits although the answer is an error.
 */
export async function verifyChat(options: {
  db: Db;
  party: ChatParty;
  chatId: number;
  code: string;
  now?: Date;
}): Promise<ChatDto> {
  const now = options.now ?? new Date();
  const outcome = await options.db.transaction(async (tx) => {
    const row = await loadChat(tx, options.chatId, options.party, true);
    const check = checkChatCode(row, options.code, now);
    if (!check.ok) {
      if (check.error === 'channels.chat_code_wrong')
        await tx
          .update(chats)
          .set({ verificationAttempts: row.verificationAttempts + 1 })
          .where(eq(chats.id, row.id));
      return check;
    }
    const actor = await requesterActor(tx, row.visitorEmail ?? '', row.visitorName ?? '', {
      create: true,
    });
    if (!actor) throw new AppError('channels.requester_not_allowed', { field: 'code' });
    const [verified] = await tx
      .update(chats)
      .set({
        requesterId: actor.id,
        verifiedAt: now,
        verificationCodeHash: null,
        verificationExpiresAt: null,
      })
      .where(eq(chats.id, row.id))
      .returning();
    if (!verified) throw new Error('chat vanished');
    // What the visitor wrote before proving the address is now the person's own.
    await tx
      .update(chatMessages)
      .set({ authorId: actor.id })
      .where(
        and(
          eq(chatMessages.chatId, row.id),
          eq(chatMessages.fromStaff, false),
          isNull(chatMessages.authorId),
        ),
      );
    await recordEvent(tx, {
      kind: 'chat.verified',
      entityType: 'chat',
      entityId: row.id,
      actorId: actor.id,
      at: now,
      data: { chatId: row.id },
    });
    await announce(tx, verified, 'chat.updated', { verified: true });
    return { ok: true as const, chat: await presentChat(tx, row.id) };
  });
  if (outcome.ok) return outcome.chat;
  throw new AppError(outcome.error, {
    field: 'code',
    ...('left' in outcome ? { params: { left: outcome.left } } : {}),
  });
}

/** Mails the widget visitor a new code (the previous one stops working). */
export async function resendChatCode(options: {
  tx: Tx;
  party: ChatParty;
  chatId: number;
  locale: 'zh-CN' | 'en';
  now?: Date;
}): Promise<{ sentTo: string; expiresAt: string }> {
  const row = await loadChat(options.tx, options.chatId, options.party, true);
  if (!OPEN.includes(row.status)) throw new AppError('channels.chat_ended');
  return sendChatCode({ tx: options.tx, row, locale: options.locale, now: options.now ?? new Date() });
}
