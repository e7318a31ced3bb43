import { and, asc, eq, isNull } from 'drizzle-orm';
import type { AddressObject } from 'mailparser';
import type { OriginalMailDto } from '../../../../../contracts/channels.ts';
import { inboundEmails } from '../../../db/schema.ts';
import type { Queryable } from '../../../platform/db/database.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { type Actor, assertCan } from '../../identity/index.ts';
import { assertTicketVisible } from '../../tickets/index.ts';
import { cleanText } from './mail-content.ts';
import { readMail } from './read-mail.ts';

const MAX_TEXT = 200_000;

/**
 * The original mail behind a ticket message (or, without a message id, the mail that opened
 * the ticket), for staff who may see the ticket: its headers, whole text and the HTML as it was
 * sanitised at ingest. The web app shows the HTML in a sandboxed iframe.
 */
export async function getOriginalMail(options: {
  tx: Queryable;
  actor: Actor;
  ticketId: number;
  messageId: number | null;
}): Promise<OriginalMailDto> {
  const { tx, actor, ticketId, messageId } = options;
  assertCan(actor, 'ticket.work');
  await assertTicketVisible(tx, actor, ticketId);
  const [row] = await tx
    .select()
    .from(inboundEmails)
    .where(
      and(
        eq(inboundEmails.ticketId, ticketId),
        eq(inboundEmails.status, 'processed'),
        messageId === null
          ? isNull(inboundEmails.ticketMessageId)
          : eq(inboundEmails.ticketMessageId, messageId),
      ),
    )
    .orderBy(asc(inboundEmails.id))
    .limit(1);
  if (!row) throw new AppError('channels.original_not_found');
  const mail = await readMail(row.raw);
  const { parsed } = mail;
  const text = cleanText(mail.text);
  return {
    inboundId: row.id,
    messageId: row.messageId,
    from: addresses(parsed.from),
    to: addresses(parsed.to),
    cc: addresses(parsed.cc),
    date: parsed.date && !Number.isNaN(parsed.date.getTime()) ? parsed.date.toISOString() : null,
    subject: parsed.subject ? cleanText(parsed.subject) : row.subject,
    receivedAt: row.receivedAt.toISOString(),
    html: row.htmlSanitized,
    text: text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}\n…` : text,
    attachments: mail.attachments.map((file) => ({
      filename: cleanText(file.filename || (file.cid ? `inline-${file.cid}` : 'attachment')),
      contentType: cleanText(file.contentType || 'application/octet-stream'),
      size: file.size ?? file.content.length,
    })),
  };
}

function addresses(value: AddressObject | AddressObject[] | undefined): string | null {
  if (!value) return null;
  const list = Array.isArray(value) ? value : [value];
  const text = list.map((entry) => entry.text).join(', ');
  return text ? cleanText(text).slice(0, 2000) : null;
}
