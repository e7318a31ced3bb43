import { and, eq, sql } from 'drizzle-orm';
import { inboundEmails } from '../../../db/schema.ts';
import type { Db } from '../../../platform/db/database.ts';
import { defineJob } from '../../../platform/jobs/jobs.ts';
import { cleanText } from './mail-content.ts';
import {
  addressIn,
  contentDigest,
  firstHeader,
  messageIdOf,
  rawHeaderBlock,
  readHeaders,
} from './mail-headers.ts';
import {
  DRAIN_INBOUND,
  drainInbound,
  PROCESS_INBOUND,
  processInbound,
  scheduleInbound,
} from './process-inbound.ts';

export const processInboundJob = defineJob<{ inboundId: number }>({
  ...PROCESS_INBOUND,
  async run(payload, context) {
    await processInbound(context.db, payload.inboundId, context.logger);
  },
});

/** Works off every waiting message (what storing one asks for: one run waiting at a time). */
export const drainInboundJob = defineJob<Record<string, unknown>>({
  ...DRAIN_INBOUND,
  async run(_payload, context) {
    await drainInbound(context.db, context.logger);
  },
});

export interface StoredInbound {
  id: number | null;
  messageId: string;
  duplicate: boolean;
}

/**
 * Step one of ingest: keep the raw message, unique by (mailbox, Message-ID, content digest),
 * and ask for its processing (the drain job) in the same transaction. A second delivery of the same message
 * (same bytes, or the same content with other Received headers) stops here; another message
 * reusing the Message-ID goes on.
 * Only after this commits does the SMTP listener answer 250 (or IMAP move on).
 */
export async function storeInbound(
  db: Db,
  message: { mailboxId: number; raw: Buffer; envelopeFrom?: string | null; envelopeTo?: string[] },
): Promise<StoredInbound> {
  const headers = readHeaders(rawHeaderBlock(message.raw));
  const messageId = messageIdOf(message.raw, headers);
  const subject = decodeMaybe(firstHeader(headers, 'subject'));
  const digest = contentDigest(message.raw, headers);
  return db.transaction(async (tx) => {
    // Stored before digests existed: the Message-ID alone identified the message.
    const [legacy] = await tx
      .select({ id: inboundEmails.id })
      .from(inboundEmails)
      .where(
        and(
          eq(inboundEmails.mailboxId, message.mailboxId),
          eq(inboundEmails.messageId, messageId),
          eq(inboundEmails.contentDigest, 'legacy'),
        ),
      )
      .limit(1);
    if (legacy) return { id: null, messageId, duplicate: true };
    const [row] = await tx
      .insert(inboundEmails)
      .values({
        mailboxId: message.mailboxId,
        messageId,
        contentDigest: digest,
        raw: message.raw,
        size: message.raw.length,
        envelopeFrom: message.envelopeFrom ?? null,
        envelopeTo: message.envelopeTo ?? [],
        fromAddress: cleanText(addressIn(firstHeader(headers, 'from')) ?? '').slice(0, 254) || null,
        subject: subject?.slice(0, 500) ?? null,
      })
      .onConflictDoNothing({
        target: [inboundEmails.mailboxId, inboundEmails.messageId, inboundEmails.contentDigest],
      })
      .returning({ id: inboundEmails.id });
    if (!row) return { id: null, messageId, duplicate: true };
    // One drain run waiting at a time works off every stored message, in batches.
    await scheduleInbound(tx);
    return { id: row.id, messageId, duplicate: false };
  });
}

/** The raw subject for the admin list; decoded properly later by the parser. */
function decodeMaybe(value: string | undefined): string | undefined {
  return value === undefined ? undefined : cleanText(value);
}

/** Counts of inbound messages by status, for operations and the benchmark. */
export async function inboundCounts(db: Db): Promise<Record<string, number>> {
  const result = await db.execute<{ status: string; n: number }>(
    sql`select status, count(*)::int as n from inbound_emails group by status`,
  );
  return Object.fromEntries(result.rows.map((r) => [r.status, Number(r.n)]));
}
