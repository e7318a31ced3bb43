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

type NewInbound = { mailboxId: number; raw: Buffer; envelopeFrom?: string | null; envelopeTo?: string[] };

/** What storing keeps of a message besides its bytes (its header block read, the body not parsed). */
function readForStore(message: NewInbound) {
  const headers = readHeaders(rawHeaderBlock(message.raw));
  const messageId = messageIdOf(message.raw, headers);
  const subject = decodeMaybe(firstHeader(headers, 'subject'));
  return {
    mailboxId: message.mailboxId,
    messageId,
    contentDigest: contentDigest(message.raw, headers),
    raw: message.raw,
    size: message.raw.length,
    envelopeFrom: message.envelopeFrom ?? null,
    envelopeTo: message.envelopeTo ?? [],
    fromAddress: cleanText(addressIn(firstHeader(headers, 'from')) ?? '').slice(0, 254) || null,
    subject: subject?.slice(0, 500) ?? null,
  };
}
type ReadForStore = ReturnType<typeof readForStore>;

/**
 * Step one of ingest: keep the raw message, unique by (mailbox, Message-ID, content digest),
 * and ask for its processing (the drain job) in the same transaction. A second delivery of the same message
 * (same bytes, or the same content with other Received headers) stops here; another message
 * reusing the Message-ID goes on.
 * Only after this commits does the SMTP listener answer 250 (or IMAP move on).
 */
export async function storeInbound(db: Db, message: NewInbound): Promise<StoredInbound> {
  return storeOne(db, readForStore(message));
}

async function storeOne(db: Db, values: ReadForStore): Promise<StoredInbound> {
  const { messageId } = values;
  return db.transaction(async (tx) => {
    // Stored before digests existed: the Message-ID alone identified the message.
    const [legacy] = await tx
      .select({ id: inboundEmails.id })
      .from(inboundEmails)
      .where(
        and(
          eq(inboundEmails.mailboxId, values.mailboxId),
          eq(inboundEmails.messageId, messageId),
          eq(inboundEmails.contentDigest, 'legacy'),
        ),
      )
      .limit(1);
    if (legacy) return { id: null, messageId, duplicate: true };
    const [row] = await tx
      .insert(inboundEmails)
      .values(values)
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

/**
 * As `storeInbound`, for the SMTP listener, where many senders deliver at once: messages that
 * arrive while two transactions of stores are running are stored together by the next one (one
 * insert, one request for the drain, one commit), each answered only once it committed. A lone
 * message is stored at once. If the shared transaction fails, each of its messages is stored
 * alone, so that a bad one fails alone.
 */
export function storeInboundTogether(db: Db, message: NewInbound): Promise<StoredInbound> {
  let batcher = storeBatchers.get(db);
  if (!batcher) {
    batcher = new InboundStoreBatcher(db);
    storeBatchers.set(db, batcher);
  }
  return batcher.store(message);
}

const storeBatchers = new WeakMap<object, InboundStoreBatcher>();

export class InboundStoreBatcher {
  static readonly MAX_IN_FLIGHT = 2;
  static readonly MAX_BATCH = 32;
  static readonly MAX_BYTES = 16 * 1024 * 1024;
  readonly #db: Db;
  #waiting: { values: ReadForStore; resolve: (s: StoredInbound) => void; reject: (e: unknown) => void }[] =
    [];
  #inFlight = 0;

  constructor(db: Db) {
    this.#db = db;
  }

  store(message: NewInbound): Promise<StoredInbound> {
    return new Promise((resolve, reject) => {
      this.#waiting.push({ values: readForStore(message), resolve, reject });
      this.#send();
    });
  }

  #send(): void {
    while (this.#inFlight < InboundStoreBatcher.MAX_IN_FLIGHT && this.#waiting.length > 0) {
      let count = 0;
      let bytes = 0;
      for (const w of this.#waiting) {
        if (
          count >= InboundStoreBatcher.MAX_BATCH ||
          (count > 0 && bytes + w.values.size > InboundStoreBatcher.MAX_BYTES)
        )
          break;
        count += 1;
        bytes += w.values.size;
      }
      const batch = this.#waiting.splice(0, count);
      this.#inFlight++;
      this.#storeAll(batch.map((b) => b.values))
        .then(
          (results) => {
            for (const [i, b] of batch.entries()) b.resolve(results[i] as StoredInbound);
          },
          // The shared transaction failed: each message alone, a bad one fails alone.
          () => Promise.all(batch.map((b) => storeOne(this.#db, b.values).then(b.resolve, b.reject))),
        )
        .finally(() => {
          this.#inFlight--;
          this.#send();
        });
    }
  }

  async #storeAll(batch: ReadForStore[]): Promise<StoredInbound[]> {
    if (batch.length === 1) return [await storeOne(this.#db, batch[0] as ReadForStore)];
    return this.#db.transaction(async (tx) => {
      const key = (v: { mailboxId: number; messageId: string; contentDigest: string }) =>
        `${v.mailboxId}\n${v.messageId}\n${v.contentDigest}`;
      const legacy = await tx
        .select({ mailboxId: inboundEmails.mailboxId, messageId: inboundEmails.messageId })
        .from(inboundEmails)
        .where(
          and(
            sql`${inboundEmails.messageId} = any(${sql.param([...new Set(batch.map((v) => v.messageId))])}::text[])`,
            eq(inboundEmails.contentDigest, 'legacy'),
          ),
        );
      const legacyKeys = new Set(legacy.map((r) => key({ ...r, contentDigest: 'legacy' })));
      const isLegacy = (v: ReadForStore) => legacyKeys.has(key({ ...v, contentDigest: 'legacy' }));
      // The first of the same message delivered twice in one batch is stored; the second is a duplicate.
      const first = new Map<string, ReadForStore>();
      for (const v of batch) if (!isLegacy(v) && !first.has(key(v))) first.set(key(v), v);
      const inserted =
        first.size === 0
          ? []
          : await tx
              .insert(inboundEmails)
              .values([...first.values()])
              .onConflictDoNothing({
                target: [inboundEmails.mailboxId, inboundEmails.messageId, inboundEmails.contentDigest],
              })
              .returning({
                id: inboundEmails.id,
                mailboxId: inboundEmails.mailboxId,
                messageId: inboundEmails.messageId,
                contentDigest: inboundEmails.contentDigest,
              });
      const ids = new Map(inserted.map((r) => [key(r), r.id]));
      if (inserted.length > 0) await scheduleInbound(tx);
      return batch.map((v) => {
        const id = first.get(key(v)) === v ? ids.get(key(v)) : undefined;
        return id === undefined
          ? { id: null, messageId: v.messageId, duplicate: true }
          : { id, messageId: v.messageId, duplicate: false };
      });
    });
  }
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
