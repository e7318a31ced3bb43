import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { mailThreadRefs, outboxEmails } from '../../db/schema.ts';
import type { Queryable, Tx } from '../../platform/db/database.ts';
import { defineJob, enqueue, enqueueMany } from '../../platform/jobs/jobs.ts';
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
  const row = outboxRow(mail);
  const [inserted] = await tx.insert(outboxEmails).values(row).returning({ id: outboxEmails.id });
  if (!inserted) throw new Error('insert returned no row');
  if (mail.ticketId) {
    await tx
      .insert(mailThreadRefs)
      .values({ messageId: row.messageId, ticketId: mail.ticketId, direction: 'out' })
      .onConflictDoNothing();
  }
  if (settings.smtpUrl) await enqueue(tx, sendEmailJob, { outboxId: inserted.id }, { maxAttempts: 12 });
  return inserted.id;
}

/**
 * Several mails at once (issue 18: the acknowledgements of a burst's new tickets): the same
 * rows, thread references and sending jobs as `queueEmail` for each, in three statements.
 */
export async function queueEmails(tx: Tx, mails: readonly OutgoingMail[]): Promise<void> {
  if (mails.length === 0) return;
  const rows = mails.map(outboxRow);
  // One array a column, not a VALUES list of 10 parameters a row: drizzle's builder took
  // about 5 ms for a follow-up batch's 200 acknowledgements, and each row count was another
  // statement for PostgreSQL to parse and plan (issue 18). Rows come back in array order.
  const column = <T>(pick: (row: OutboxRow) => T) => sql.param(rows.map(pick));
  const { rows: inserted } = await tx.execute<{ id: number }>(sql`
    insert into outbox_emails (kind, to_address, subject, text_body, html_body, ticket_id, locale, headers,
                               message_id, status)
    select * from unnest(${column((r) => r.kind)}::text[], ${column((r) => r.toAddress)}::text[],
                         ${column((r) => r.subject)}::text[], ${column((r) => r.textBody)}::text[],
                         ${column((r) => r.htmlBody)}::text[], ${column((r) => r.ticketId)}::bigint[],
                         ${column((r) => r.locale)}::text[], ${column((r) => r.headers)}::jsonb[],
                         ${column((r) => r.messageId)}::text[], ${column((r) => r.status)}::text[])
    returning id`);
  const refs = rows.filter((row) => row.ticketId !== null);
  if (refs.length) {
    await tx.execute(sql`
      insert into mail_thread_refs (message_id, ticket_id, direction)
      select message_id, ticket_id, 'out'
        from unnest(${sql.param(refs.map((r) => r.messageId))}::text[], ${sql.param(refs.map((r) => r.ticketId))}::bigint[])
          as r(message_id, ticket_id)
      on conflict do nothing`);
  }
  if (mailSettings().smtpUrl) {
    await enqueueMany(
      tx,
      sendEmailJob,
      inserted.map((row) => ({ payload: { outboxId: row.id } })),
      { maxAttempts: 12 },
    );
  }
}

type OutboxRow = ReturnType<typeof outboxRow>;

function outboxRow(mail: OutgoingMail) {
  const settings = mailSettings();
  const headers: Record<string, string> = { ...(mail.headers ?? {}) };
  if (!HUMAN_KINDS.has(mail.kind) && !hasHeader(headers, 'auto-submitted')) {
    headers['Auto-Submitted'] = 'auto-generated';
    headers['X-Auto-Response-Suppress'] = 'All';
  }
  return {
    kind: mail.kind,
    toAddress: mail.to,
    subject: mail.subject.replace(/[\r\n]+/g, ' '),
    textBody: mail.text,
    htmlBody: mail.html ?? null,
    ticketId: mail.ticketId ?? null,
    locale: mail.locale ?? null,
    headers,
    messageId: newMessageId(settings.messageIdDomain, mail.ticketId),
    status: settings.smtpUrl ? ('pending' as const) : ('held' as const),
  };
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
