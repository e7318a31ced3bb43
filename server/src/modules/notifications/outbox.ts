import { z } from 'zod';
import { mailThreadRefs, outboxEmails } from '../../db/schema.ts';
import type { Queryable, Tx } from '../../platform/db/database.ts';
import { defineJob, enqueue } from '../../platform/jobs/jobs.ts';
import { mailSettings } from './mail-settings.ts';
import { newMessageId } from './message-id.ts';
import { sendOutboxEmail } from './send-outbox-email.ts';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html?: string;
  ticketId?: number;
  /** What the mail is (ticket.created, ticket.reply, csat.survey ...): logged and listed in the outbox. */
  kind: string;
  locale?: 'zh-CN' | 'en';
  headers?: Record<string, string>;
}

/** Mail written by a person (an agent's reply) is not marked as automatic. */
const HUMAN_KINDS = new Set(['ticket.reply']);

/**
 * Puts a mail in the outbox and enqueues its sending, in the caller's transaction: the mail
 * exists exactly when the change that causes it commits. Ticket mail gets the product's own
 * Message-ID, and In-Reply-To/References to the ticket's thread when it is sent.
 */
export async function queueEmail(tx: Tx, mail: OutgoingMail): Promise<void> {
  await queueEmailReturningId(tx, mail);
}

export async function queueEmailReturningId(tx: Queryable, mail: OutgoingMail): Promise<number> {
  const settings = mailSettings();
  const headers: Record<string, string> = { ...(mail.headers ?? {}) };
  if (!HUMAN_KINDS.has(mail.kind) && !hasHeader(headers, 'auto-submitted')) {
    headers['Auto-Submitted'] = 'auto-generated';
    headers['X-Auto-Response-Suppress'] = 'All';
  }
  const messageId = newMessageId(settings.messageIdDomain, mail.ticketId);
  const [row] = await tx
    .insert(outboxEmails)
    .values({
      kind: mail.kind,
      toAddress: mail.to,
      subject: mail.subject.replace(/[\r\n]+/g, ' '),
      textBody: mail.text,
      htmlBody: mail.html ?? null,
      ticketId: mail.ticketId ?? null,
      locale: mail.locale ?? null,
      headers,
      messageId,
      status: settings.smtpUrl ? 'pending' : 'held',
    })
    .returning({ id: outboxEmails.id });
  if (!row) throw new Error('insert returned no row');
  if (mail.ticketId) {
    await tx
      .insert(mailThreadRefs)
      .values({ messageId, ticketId: mail.ticketId, direction: 'out' })
      .onConflictDoNothing();
  }
  if (settings.smtpUrl) await enqueue(tx, sendEmailJob, { outboxId: row.id }, { maxAttempts: 12 });
  return row.id;
}

function hasHeader(headers: Record<string, string>, name: string): boolean {
  return Object.keys(headers).some((key) => key.toLowerCase() === name);
}

export const sendEmailJob = defineJob<{ outboxId: number }>({
  id: 'notifications.send_email',
  version: 1,
  payload: z.object({ outboxId: z.number().int().positive() }),
  async run(payload, context) {
    await sendOutboxEmail(context.db, payload.outboxId, context.logger);
  },
});
