import { eq, sql } from 'drizzle-orm';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Logger } from 'pino';
import { outboxEmails } from '../../db/schema.ts';
import type { Db } from '../../platform/db/database.ts';
import { bareAddress, mailSettings } from './mail-settings.ts';
import { threadHeaders } from './thread.ts';

const transports = new Map<string, Transporter>();

function transportFor(url: string): Transporter {
  let transport = transports.get(url);
  if (!transport) {
    transport = nodemailer.createTransport(url);
    transports.set(url, transport);
  }
  return transport;
}

/** Closes cached SMTP connections (tests, shutdown). */
export function closeTransports(): void {
  for (const transport of transports.values()) transport.close();
  transports.clear();
}

/** After this many failed attempts a mail is marked failed (the job gives up too). */
export const MAX_ATTEMPTS = 12;

/**
 * Sends one outbox row. The row is locked for the whole attempt, so two workers never send
 * it at once, and a row already sent is left alone: a sent mail is never sent twice. (If the
 * process dies after the SMTP server accepted the mail but before the commit, the retry sends
 * it again with the same Message-ID, which mail clients show once.)
 */
export async function sendOutboxEmail(db: Db, outboxId: number, logger: Logger): Promise<void> {
  const settings = mailSettings();
  const failure = await db.transaction(async (tx) => {
    const [row] = await tx.select().from(outboxEmails).where(eq(outboxEmails.id, outboxId)).for('update');
    if (!row || row.status === 'sent' || row.status === 'failed') return null;
    if (!settings.smtpUrl) {
      await tx.update(outboxEmails).set({ status: 'held' }).where(eq(outboxEmails.id, outboxId));
      return null;
    }
    const thread = row.ticketId ? await threadHeaders(tx, row.ticketId, row.messageId) : {};
    const headers = { ...row.headers };
    const inReplyTo = takeHeader(headers, 'in-reply-to') ?? thread.inReplyTo;
    const references = takeHeader(headers, 'references') ?? thread.references?.join(' ');
    try {
      await transportFor(settings.smtpUrl).sendMail({
        from: settings.mailFrom,
        to: row.toAddress,
        subject: row.subject,
        text: row.textBody,
        ...(row.htmlBody ? { html: row.htmlBody } : {}),
        messageId: row.messageId,
        ...(inReplyTo ? { inReplyTo } : {}),
        ...(references ? { references } : {}),
        headers,
        envelope: { from: bareAddress(settings.mailFrom), to: row.toAddress },
      });
    } catch (error) {
      const attempts = row.attempts + 1;
      const message = error instanceof Error ? error.message : String(error);
      await tx
        .update(outboxEmails)
        .set({
          attempts,
          lastError: message.slice(0, 1000),
          status: attempts >= MAX_ATTEMPTS ? 'failed' : 'pending',
        })
        .where(eq(outboxEmails.id, outboxId));
      return { attempts, message };
    }
    await tx
      .update(outboxEmails)
      .set({ status: 'sent', sentAt: sql`now()`, attempts: row.attempts + 1, lastError: null })
      .where(eq(outboxEmails.id, outboxId));
    logger.info({ category: 'notifications.email', outboxId, kind: row.kind }, 'mail sent');
    return null;
  });
  if (failure) {
    logger.warn({ category: 'notifications.email', outboxId, attempts: failure.attempts }, 'mail not sent');
    // Thrown so graphile-worker retries with its exponential backoff.
    if (failure.attempts < MAX_ATTEMPTS) throw new Error(`mail ${outboxId} not sent: ${failure.message}`);
  }
}

function takeHeader(headers: Record<string, string>, name: string): string | undefined {
  for (const key of Object.keys(headers)) {
    if (key.toLowerCase() === name) {
      const value = headers[key];
      delete headers[key];
      return value;
    }
  }
  return undefined;
}
