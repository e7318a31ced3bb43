import { Readable } from 'node:stream';
import { eq, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import { inboundEmails, mailboxes } from '../../../db/schema.ts';
import type { Db, Tx } from '../../../platform/db/database.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { FileTooLargeError } from '../../../platform/storage/file-store.ts';
import { recordEvent } from '../../audit/index.ts';
import type { Actor } from '../../identity/index.ts';
import { mailSettings, recordThreadMessageId } from '../../notifications/index.ts';
import { addMessage, attachStoredFile, createTicket } from '../../tickets/index.ts';
import { channelSettings } from '../channel-settings.ts';
import { requesterActor } from '../requesters.ts';
import { automaticContentReason, automaticReason } from './automatic-mail.ts';
import { cleanSubject, cleanText, foldQuoted, sanitizeEmailHtml } from './mail-content.ts';
import { rawHeaderBlock, readHeaders } from './mail-headers.ts';
import { readMail, readSubject } from './read-mail.ts';
import { ownAddresses, ownMessageIdTest, threadTicket } from './thread-match.ts';

const MAX_BODY = 20_000;
export const MAX_INGEST_ATTEMPTS = 8;

type Outcome = {
  status: 'processed' | 'ignored' | 'rejected';
  reason?: string;
  ticketId?: number;
  messageId?: number;
};

/**
 * Step two of ingest, run by the job: turns a stored message into a ticket or a reply on
 * one. Everything it writes, and the row's move out of `received`, commit together; a row
 * that is no longer `received` is left alone, so a retry or a second job never doubles it.
 */
export async function processInbound(db: Db, inboundId: number, logger: Logger): Promise<void> {
  const [claimed] = await db
    .update(inboundEmails)
    .set({ attempts: sql`${inboundEmails.attempts} + 1` })
    .where(sql`${inboundEmails.id} = ${inboundId} and ${inboundEmails.status} = 'received'`)
    .returning({ attempts: inboundEmails.attempts });
  if (!claimed) return;
  const storedFiles: string[] = [];
  try {
    const outcome = await db.transaction(async (tx) => {
      const [row] = await tx
        .select()
        .from(inboundEmails)
        .where(eq(inboundEmails.id, inboundId))
        .for('update');
      if (row?.status !== 'received') return null;
      const [mailbox] = await tx.select().from(mailboxes).where(eq(mailboxes.id, row.mailboxId));
      const result = await ingest(tx, row, mailbox?.createRequesters ?? true, storedFiles);
      await tx
        .update(inboundEmails)
        .set({
          status: result.status,
          reason: result.reason ?? null,
          ticketId: result.ticketId ?? null,
          ticketMessageId: result.messageId ?? null,
          processedAt: new Date(),
        })
        .where(eq(inboundEmails.id, inboundId));
      return result;
    });
    if (outcome)
      logger.info(
        { category: 'channels.email', inboundId, status: outcome.status, ticketId: outcome.ticketId },
        'inbound mail',
      );
  } catch (error) {
    for (const key of storedFiles) await channelSettings().store.remove(key);
    if (claimed.attempts < MAX_INGEST_ATTEMPTS) throw error;
    // Kept raw for an administrator; retrying further will not help.
    const reason = error instanceof Error ? error.message : String(error);
    await db
      .update(inboundEmails)
      .set({ status: 'failed', reason: reason.slice(0, 1000), processedAt: new Date() })
      .where(eq(inboundEmails.id, inboundId));
    logger.error({ category: 'channels.email', inboundId, err: error }, 'inbound mail failed');
  }
}

type InboundRow = typeof inboundEmails.$inferSelect;

async function ingest(
  tx: Tx,
  row: InboundRow,
  createRequesters: boolean,
  storedFiles: string[],
): Promise<Outcome> {
  const headers = readHeaders(rawHeaderBlock(row.raw));
  const automatic = automaticReason(headers, {
    ownAddresses: ownAddresses(),
    ownMessageId: ownMessageIdTest(),
    envelopeFrom: row.envelopeFrom,
  });
  if (automatic) {
    await keepDecodedSubject(tx, row, await readSubject(row.raw));
    return { status: 'ignored', reason: automatic };
  }

  const mail = await readMail(row.raw);
  const parsed = mail.parsed;
  const automaticContent = automaticContentReason(
    {
      subject: parsed.subject,
      text: mail.text,
      attachments: mail.attachments,
      from: parsed.from?.value.find((a) => a.address),
    },
    headers,
  );
  if (automaticContent) {
    await keepDecodedSubject(tx, row, parsed.subject);
    return { status: 'ignored', reason: automaticContent };
  }
  // The From address if it is one, else the envelope sender (a From of "moderator" is no address).
  const sender = [parsed.from?.value.find((a) => a.address)?.address, row.fromAddress, row.envelopeFrom].find(
    (candidate): candidate is string => Boolean(candidate && /^[^\s@<>]+@[^\s@<>]+$/.test(candidate)),
  );
  if (!sender) return { status: 'rejected', reason: 'no sender address' };
  const senderName = cleanText(parsed.from?.value.find((a) => a.address)?.name || sender);
  const actor = await requesterActor(tx, sender.slice(0, 254), senderName, {
    create: createRequesters,
    locale: /[\u4e00-\u9fff]/.test(`${parsed.subject ?? ''}${mail.text}`) ? 'zh-CN' : 'en',
  });
  if (!actor) return { status: 'rejected', reason: `sender ${sender} is not a known, active requester` };

  const fullText = cleanText(mail.text).trim();
  const { reply, quoted } = foldQuoted(fullText);
  const body = truncate(reply || placeholder(actor));
  const files = mail.attachments;
  const ticketId = await threadTicket(tx, parsed, headers);

  let target: { ticketId: number; messageId: number | null } | null = null;
  if (ticketId) target = await replyOnTicket(tx, actor, ticketId, body);
  if (!target) {
    const ticket = await createTicket({
      tx,
      actor,
      input: {
        subject:
          cleanSubject(cleanText(parsed.subject ?? '')) ||
          (actor.locale === 'zh-CN' ? '（无主题）' : '(no subject)'),
        description: body,
        type: 'incident',
        impact: 'low',
        urgency: 'medium',
        channel: 'email',
      },
    });
    target = { ticketId: ticket.id, messageId: null };
  }

  const cidUrls = new Map<string, string>();
  const store = channelSettings().store;
  for (const file of files) {
    let stored: { key: string; size: number; sha256: string };
    try {
      stored = await store.put(Readable.from([file.content]), mailSettings().attachmentMaxBytes);
    } catch (error) {
      if (error instanceof FileTooLargeError) continue; // the raw mail still has it
      throw error;
    }
    storedFiles.push(stored.key);
    const attachment = await attachStoredFile(tx, {
      ticketId: target.ticketId,
      messageId: target.messageId,
      filename: cleanText(file.filename || (file.cid ? `inline-${file.cid}` : 'attachment')),
      contentType: cleanText(file.contentType || 'application/octet-stream').slice(0, 200),
      stored,
      uploadedBy: actor.id,
    });
    if (file.cid) {
      cidUrls.set(
        file.cid.replace(/^<|>$/g, '').toLowerCase(),
        `/api/v1/tickets/${target.ticketId}/attachments/${attachment.id}`,
      );
    }
  }
  const html = parsed.html ? cleanText(sanitizeEmailHtml(parsed.html, cidUrls)) : null;
  await tx
    .update(inboundEmails)
    .set({
      htmlSanitized: html,
      quotedText: quoted || null,
      // The decoded subject and sender, for the administrator's list (the raw header may be encoded).
      subject: cleanText(parsed.subject ?? '').slice(0, 500) || row.subject,
      fromAddress: sender.slice(0, 254),
    })
    .where(eq(inboundEmails.id, row.id));
  await recordThreadMessageId(tx, target.ticketId, row.messageId, 'in');
  await recordEvent(tx, {
    kind: 'email.received',
    entityType: 'inbound_email',
    entityId: row.id,
    ticketId: target.ticketId,
    actorId: actor.id,
    data: {
      messageId: row.messageId,
      from: sender,
      attachments: files.length,
      reply: target.messageId !== null,
    },
  });
  return {
    status: 'processed',
    ticketId: target.ticketId,
    ...(target.messageId ? { messageId: target.messageId } : {}),
  };
}

/**
 * Adds the mail to its ticket as a public reply. A sender who may not see the ticket, or a
 * requester writing to a closed one, gets a new ticket instead (a guessed [#number] must not
 * put text on someone else's ticket).
 */
async function replyOnTicket(
  tx: Tx,
  actor: Actor,
  ticketId: number,
  body: string,
): Promise<{ ticketId: number; messageId: number } | null> {
  try {
    const message = await addMessage({
      tx,
      actor,
      ticketId,
      input: { body, internal: false, channel: 'email' },
    });
    return { ticketId, messageId: message.id };
  } catch (error) {
    if (error instanceof AppError && (error.code === 'ticket.not_found' || error.code === 'ticket.closed'))
      return null;
    throw error;
  }
}

/** The decoded subject for the administrator's list of ignored mail (the raw header may be encoded). */
async function keepDecodedSubject(tx: Tx, row: InboundRow, subject: string | undefined): Promise<void> {
  const decoded = cleanText(subject ?? '').slice(0, 500);
  if (decoded && decoded !== row.subject)
    await tx.update(inboundEmails).set({ subject: decoded }).where(eq(inboundEmails.id, row.id));
}

function truncate(text: string): string {
  if (text.length <= MAX_BODY) return text;
  return `${text.slice(0, MAX_BODY - 80)}\n\n[… truncated; the whole message is kept with the original mail]`;
}

function placeholder(actor: Actor): string {
  return actor.locale === 'zh-CN' ? '（邮件无正文）' : '(the mail has no text)';
}
