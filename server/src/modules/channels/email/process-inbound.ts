import { Readable } from 'node:stream';
import { eq, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { CreateTicketInput } from '../../../../../contracts/tickets.ts';
import { inboundEmails, mailboxes } from '../../../db/schema.ts';
import type { Db, Tx } from '../../../platform/db/database.ts';
import { idArray } from '../../../platform/db/id-array.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { enqueue, enqueueDebounced, jobSpec } from '../../../platform/jobs/jobs.ts';
import { FileTooLargeError } from '../../../platform/storage/file-store.ts';
import { type AuditEventInput, recordEvents } from '../../audit/index.ts';
import type { Actor } from '../../identity/index.ts';
import {
  mailSettings,
  normalizeMessageId,
  parseMessageIdList,
  recordThreadMessageIds,
} from '../../notifications/index.ts';
import { addMessage, attachStoredFile, createTicket, createTickets } from '../../tickets/index.ts';
import { channelSettings } from '../channel-settings.ts';
import { BatchRequesters, requesterActor } from '../requesters.ts';
import { automaticContentReason, automaticReason } from './automatic-mail.ts';
import {
  cleanSubject,
  cleanText,
  foldQuoted,
  sanitizeEmailHtml,
  subjectTicketNumber,
} from './mail-content.ts';
import { rawHeaderBlock, readHeaders } from './mail-headers.ts';
import { type ReadMail, readMail, readSubject } from './read-mail.ts';
import { ownAddresses, ownMessageIdTest, threadTicket } from './thread-match.ts';

const MAX_BODY = 20_000;
export const MAX_INGEST_ATTEMPTS = 8;

type Outcome = {
  status: 'processed' | 'ignored' | 'rejected';
  reason?: string;
  ticketId?: number;
  messageId?: number;
};

/** The job that processes a stored message (its handler: store-inbound.ts). */
export const PROCESS_INBOUND = jobSpec<{ inboundId: number }>({
  id: 'channels.process_inbound_email',
  version: 1,
  payload: z.object({ inboundId: z.number().int().positive() }),
});

/** The job that works off every waiting message (its handler: store-inbound.ts). */
export const DRAIN_INBOUND = jobSpec<Record<string, unknown>>({
  id: 'channels.drain_inbound_email',
  version: 1,
  payload: z.object({}),
});

/** Messages one job works off in one transaction (its own and others waiting). */
export const INGEST_BATCH = 32;

/**
 * Step two of ingest, run by the job: makes tickets or replies of stored messages. The job
 * of one message also takes up to INGEST_BATCH - 1 others still waiting (oldest first, none
 * another job holds) and works them off in one transaction, each in a savepoint of its own:
 * a burst of mail costs one commit per batch instead of several per message (issue 18,
 * docs/performance.md). Everything a message writes, and its row's move out of `received`,
 * commit together; a row that is no longer `received` is left alone, so a retry, a second
 * job or the job of a message another batch took never doubles it. A message that fails is
 * rolled back to its savepoint alone and retried by a job of its own; if the transaction
 * itself fails (a deadlock with another batch), each message is processed alone, as before.
 */
export async function processInbound(db: Db, inboundId: number, logger: Logger): Promise<void> {
  const attempts = await claim(db, inboundId, []);
  await workOff(db, attempts, inboundId, logger);
}

/** Batches one drain job works off before it hands over (asking for another run). */
const DRAIN_BATCHES = 20;

/**
 * The drain job (`channels.drain_inbound_email`, one waiting at a time): what the acceptance of
 * a message asks for, instead of a job per message. Works off waiting messages batch by batch
 * as `processInbound` does; several runs at once share the work (`skip locked`).
 */
export async function drainInbound(db: Db, logger: Logger): Promise<void> {
  const tried: number[] = [];
  for (let round = 0; round < DRAIN_BATCHES; round++) {
    const attempts = await claim(db, null, tried);
    if (attempts.size === 0) return;
    tried.push(...attempts.keys());
    await workOff(db, attempts, null, logger);
  }
  // More may be waiting: another run continues (other jobs get their turn in between).
  await db.transaction((tx) => scheduleInbound(tx));
}

/** Asks for a drain run unless one is already waiting (in the caller's transaction). */
export async function scheduleInbound(tx: Tx): Promise<void> {
  await enqueueDebounced(tx, DRAIN_INBOUND, {
    jobKey: DRAIN_INBOUND.id,
    runAt: new Date(),
    maxAttempts: 25,
  });
}

/** At start: asks for a drain run if messages wait (their run may have died with a process). */
export async function resumeInbound(db: Db): Promise<void> {
  const waiting = await db.execute(
    sql`select 1 from inbound_emails where status = 'received' and attempts < ${MAX_INGEST_ATTEMPTS} limit 1`,
  );
  if (waiting.rows.length > 0) await db.transaction((tx) => scheduleInbound(tx));
}

/**
 * Counts an attempt on up to INGEST_BATCH waiting messages (`own` first), none another job
 * holds, and commits it before the work: a message that takes the process down (a parser
 * blowing up) still reaches MAX_INGEST_ATTEMPTS and is set aside.
 */
async function claim(db: Db, own: number | null, skip: readonly number[]): Promise<Map<number, number>> {
  const ownId = own ?? 0;
  const claimed = await db.execute<{ id: number; attempts: number }>(sql`
    update inbound_emails set attempts = attempts + 1
     where id in (
       select id from inbound_emails
        where status = 'received' and (id = ${ownId} or attempts < ${MAX_INGEST_ATTEMPTS})
          and id <> all(${idArray(skip)})
        order by id = ${ownId} desc, received_at, id
        limit ${INGEST_BATCH} for update skip locked)
    returning id, attempts`);
  return new Map(claimed.rows.map((r) => [Number(r.id), Number(r.attempts)]));
}

/** The claimed messages; a failure is thrown only for `own`, another's gets a job of its own. */
async function workOff(
  db: Db,
  attempts: Map<number, number>,
  own: number | null,
  logger: Logger,
): Promise<void> {
  if (attempts.size === 0) return;
  if (attempts.size === 1) {
    const [id, count] = [...attempts][0] as [number, number];
    return processOne(db, id, count, logger, id !== own);
  }
  let failed: { id: number; error: unknown }[];
  try {
    failed = await processBatch(db, [...attempts.keys()], logger);
  } catch (error) {
    // The batch as a whole (a deadlock with another batch, a lost connection): one at a time.
    logger.warn(
      { category: 'channels.email', err: error, messages: attempts.size },
      'inbound batch retried alone',
    );
    for (const [id, count] of attempts) await processOne(db, id, count, logger, id !== own);
    return;
  }
  for (const { id, error } of failed) {
    const count = attempts.get(id) ?? MAX_INGEST_ATTEMPTS;
    if (count >= MAX_INGEST_ATTEMPTS) await markFailed(db, id, error, logger);
    else if (id === own) throw error;
    // Another message's job may have run already: it gets a job of its own to retry it.
    else await db.transaction((tx) => enqueue(tx, PROCESS_INBOUND, { inboundId: id }, { maxAttempts: 8 }));
  }
}

/** The messages `ids` (those still waiting and not held by another job) in one transaction. */
async function processBatch(
  db: Db,
  ids: number[],
  logger: Logger,
): Promise<{ id: number; error: unknown }[]> {
  const failed: { id: number; error: unknown }[] = [];
  // Each message's stored attachments (filled until its mail is kept), removed if the batch fails.
  const stored: string[][] = [];
  const outcomes: { id: number; outcome: Outcome }[] = [];
  try {
    await db.transaction(async (tx) => {
      const rows = await tx
        .select()
        .from(inboundEmails)
        .where(sql`${inboundEmails.id} = any(${idArray(ids)}) and ${inboundEmails.status} = 'received'`)
        .orderBy(inboundEmails.receivedAt, inboundEmails.id)
        .for('update', { skipLocked: true });
      // The senders' locks (requesterActor takes them too) in one fixed order, so that two
      // batches with the same senders wait for each other instead of deadlocking.
      const lockedSenders = [
        ...new Set(rows.map((r) => (r.fromAddress ?? r.envelopeFrom ?? '').toLowerCase())),
      ];
      const senders = lockedSenders.map((s) => `requester:${s}`);
      await tx.execute(
        sql`select pg_advisory_xact_lock(k) from (select distinct hashtext(s) as k
              from json_array_elements_text(${JSON.stringify(senders)}::json) s) l order by k`,
      );
      const boxIds = [...new Set(rows.map((r) => r.mailboxId))];
      const boxRows = await tx
        .select({ id: mailboxes.id, createRequesters: mailboxes.createRequesters })
        .from(mailboxes)
        .where(sql`${mailboxes.id} = any(${idArray(boxIds)})`);
      const boxes = new Map(boxRows.map((b) => [b.id, b.createRequesters]));
      // Each message is parsed once, here; one that cannot be read fails alone.
      const readings = new Map<number, Reading>();
      for (const row of rows) {
        try {
          readings.set(row.id, await readInbound(row));
        } catch (error) {
          failed.push({ id: row.id, error });
        }
      }
      // The known senders of the batch in one statement (only those whose lock is held).
      const requesters = await BatchRequesters.load(tx, lockedSenders);
      const lookups: Lookups = {
        requester: (t, email, name, options) => requesters.actor(t, email, name, options),
      };
      // Rounds: a reply to a message of the same round waits for the next one, when the
      // ticket of the message it answers exists and its Message-ID is kept.
      let pending = rows.filter((r) => readings.has(r.id));
      while (pending.length > 0) {
        const round: InboundRow[] = [];
        const later: InboundRow[] = [];
        const inRound = new Set<string>();
        const waiting = new Set<string>();
        for (const row of pending) {
          const refs = threadIdsOf(readings.get(row.id) as Reading);
          const own = normalizeMessageId(row.messageId);
          if (refs.some((id) => inRound.has(id) || waiting.has(id))) {
            later.push(row);
            waiting.add(own);
          } else {
            round.push(row);
            inRound.add(own);
          }
        }
        const writes = new Writes();
        const opening: { row: InboundRow; prepared: Extract<Prepared, { kind: 'open' }> }[] = [];
        for (const row of round) {
          const reading = readings.get(row.id) as Reading;
          const createRequesters = boxes.get(row.mailboxId) ?? true;
          const files: string[] = [];
          const sink = new Writes();
          const known = reading.kind === 'mail' ? requesters.entry(reading.sender) : undefined;
          try {
            // A message that needs no statement (a known sender, no thread to look up) needs no savepoint.
            const pure =
              reading.kind !== 'mail' ||
              (requesters.cached(reading.sender) &&
                threadIdsOf(reading).length === 0 &&
                !subjectTicketNumber(reading.mail.parsed.subject ?? reading.headers.get('subject')?.[0]));
            const prepared = pure
              ? await prepare(tx, row, reading, createRequesters, files, sink, lookups)
              : await tx.transaction((savepoint) =>
                  prepare(savepoint, row, reading, createRequesters, files, sink, lookups),
                );
            stored.push(files);
            writes.take(sink);
            if (prepared.kind === 'done') {
              writes.settle(row.id, prepared.outcome);
              outcomes.push({ id: row.id, outcome: prepared.outcome });
            } else opening.push({ row, prepared });
          } catch (error) {
            if (reading.kind === 'mail') requesters.restore(reading.sender, known);
            for (const key of files) await channelSettings().store.remove(key);
            failed.push({ id: row.id, error });
          }
        }
        // The new tickets of the round opened together: a statement per step for all of them
        // (as the intake does for the portal). A failure here fails the batch: one at a time then.
        const opened = await createTickets(
          tx,
          opening.map(({ prepared }) => ({ actor: prepared.actor, input: prepared.input })),
        );
        for (const [i, { row, prepared }] of opening.entries()) {
          const ticket = opened[i];
          if (!ticket) throw new Error('ticket missing from its batch');
          const outcome = await prepared.finish(tx, ticket.id, writes);
          writes.settle(row.id, outcome);
          outcomes.push({ id: row.id, outcome });
        }
        await writes.flush(tx);
        pending = later;
      }
    });
  } catch (error) {
    for (const key of stored.flat()) await channelSettings().store.remove(key);
    throw error;
  }
  for (const { id, outcome } of outcomes) logOutcome(logger, id, outcome);
  return failed;
}

/**
 * One message in its own transaction (a lone message, or a batch that failed as a whole).
 * A failure is thrown (for the job to retry) only for the job's own message; another's
 * (`ownJobElsewhere`) is handed a job of its own.
 */
async function processOne(
  db: Db,
  inboundId: number,
  attempts: number,
  logger: Logger,
  ownJobElsewhere = false,
): Promise<void> {
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
      const writes = new Writes();
      const result = await ingest(tx, row, mailbox?.createRequesters ?? true, storedFiles, writes);
      writes.settle(inboundId, result);
      await writes.flush(tx);
      return result;
    });
    if (outcome) logOutcome(logger, inboundId, outcome);
  } catch (error) {
    for (const key of storedFiles) await channelSettings().store.remove(key);
    if (attempts >= MAX_INGEST_ATTEMPTS) return markFailed(db, inboundId, error, logger);
    if (!ownJobElsewhere) throw error;
    await db.transaction((tx) => enqueue(tx, PROCESS_INBOUND, { inboundId }, { maxAttempts: 8 }));
  }
}

/** What kept mail writes besides its ticket, gathered to be written together (`flush`). */
class Writes {
  readonly rows: {
    id: number;
    status: Outcome['status'];
    reason: string | null;
    ticket_id: number | null;
    ticket_message_id: number | null;
    kept: boolean;
    html_sanitized: string | null;
    quoted_text: string | null;
    subject: string | null;
    from_address: string | null;
  }[] = [];
  readonly kept = new Map<
    number,
    { html: string | null; quoted: string | null; subject: string | null; fromAddress: string }
  >();
  readonly subjects = new Map<number, string>();
  readonly refs: { ticketId: number; messageId: string; direction: 'in' }[] = [];
  readonly events: AuditEventInput[] = [];

  take(other: Writes): void {
    for (const [id, kept] of other.kept) this.kept.set(id, kept);
    for (const [id, subject] of other.subjects) this.subjects.set(id, subject);
    this.refs.push(...other.refs);
    this.events.push(...other.events);
  }

  /** The row's move out of `received`, with what was kept of its mail. */
  settle(id: number, outcome: Outcome): void {
    const kept = this.kept.get(id);
    this.rows.push({
      id,
      status: outcome.status,
      reason: outcome.reason ?? null,
      ticket_id: outcome.ticketId ?? null,
      ticket_message_id: outcome.messageId ?? null,
      kept: Boolean(kept),
      html_sanitized: kept?.html ?? null,
      quoted_text: kept?.quoted ?? null,
      subject: kept?.subject ?? this.subjects.get(id) ?? null,
      from_address: kept?.fromAddress ?? null,
    });
  }

  /** A statement each for the thread references, the audit events and the rows' outcomes. */
  async flush(tx: Tx): Promise<void> {
    await recordThreadMessageIds(tx, this.refs);
    await recordEvents(tx, this.events);
    if (this.rows.length === 0) return;
    await tx.execute(sql`
      update inbound_emails e
         set status = v.status, reason = v.reason, ticket_id = v.ticket_id,
             ticket_message_id = v.ticket_message_id, processed_at = clock_timestamp(),
             html_sanitized = case when v.kept then v.html_sanitized else e.html_sanitized end,
             quoted_text = case when v.kept then v.quoted_text else e.quoted_text end,
             subject = coalesce(v.subject, e.subject),
             from_address = coalesce(v.from_address, e.from_address)
        from json_to_recordset(${JSON.stringify(this.rows)}::json) as v(id int, status text, reason text,
             ticket_id int, ticket_message_id int, kept boolean, html_sanitized text, quoted_text text,
             subject text, from_address text)
       where e.id = v.id`);
  }
}

/** Kept raw for an administrator; retrying further will not help. */
async function markFailed(db: Db, inboundId: number, error: unknown, logger: Logger): Promise<void> {
  const reason = error instanceof Error ? error.message : String(error);
  await db
    .update(inboundEmails)
    .set({ status: 'failed', reason: reason.slice(0, 1000), processedAt: new Date() })
    .where(sql`${inboundEmails.id} = ${inboundId} and ${inboundEmails.status} = 'received'`);
  logger.error({ category: 'channels.email', inboundId, err: error }, 'inbound mail failed');
}

function logOutcome(logger: Logger, inboundId: number, outcome: Outcome): void {
  logger.info(
    { category: 'channels.email', inboundId, status: outcome.status, ticketId: outcome.ticketId },
    'inbound mail',
  );
}

type InboundRow = typeof inboundEmails.$inferSelect;

/** A stored message read (parsed once), before any look-up. */
type Reading =
  | { kind: 'ignored'; reason: string; subject: string | undefined }
  | { kind: 'rejected'; reason: string }
  | {
      kind: 'mail';
      headers: Map<string, string[]>;
      mail: ReadMail;
      sender: string;
      senderName: string;
      locale: 'zh-CN' | 'en';
    };

async function readInbound(row: InboundRow): Promise<Reading> {
  const headers = readHeaders(rawHeaderBlock(row.raw));
  const automatic = automaticReason(headers, {
    ownAddresses: ownAddresses(),
    ownMessageId: ownMessageIdTest(),
    envelopeFrom: row.envelopeFrom,
  });
  if (automatic) return { kind: 'ignored', reason: automatic, subject: await readSubject(row.raw) };
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
  if (automaticContent) return { kind: 'ignored', reason: automaticContent, subject: parsed.subject };
  // The From address if it is one, else the envelope sender (a From of "moderator" is no address).
  const sender = [parsed.from?.value.find((a) => a.address)?.address, row.fromAddress, row.envelopeFrom].find(
    (candidate): candidate is string => Boolean(candidate && /^[^\s@<>]+@[^\s@<>]+$/.test(candidate)),
  );
  if (!sender) return { kind: 'rejected', reason: 'no sender address' };
  return {
    kind: 'mail',
    headers,
    mail,
    sender: sender.slice(0, 254),
    senderName: cleanText(parsed.from?.value.find((a) => a.address)?.name || sender),
    locale: /[\u4e00-\u9fff]/.test(`${parsed.subject ?? ''}${mail.text}`) ? 'zh-CN' : 'en',
  };
}

/** The Message-IDs a message answers (In-Reply-To, References), as thread-match reads them. */
function threadIdsOf(reading: Reading): string[] {
  if (reading.kind !== 'mail') return [];
  const { parsed } = reading.mail;
  return [
    ...parseMessageIdList(parsed.inReplyTo ?? reading.headers.get('in-reply-to')),
    ...parseMessageIdList(parsed.references ?? reading.headers.get('references')),
  ];
}

/** How a message finds its requester: alone (`requesterActor`) or from its batch's look-up. */
interface Lookups {
  requester: typeof requesterActor;
}
const DIRECT: Lookups = { requester: requesterActor };

/**
 * A message read up to its ticket: `done` (ignored, rejected, or a reply added), or a new
 * ticket to open (`input` as `actor`), after which `finish` keeps the rest (attachments, the
 * thread reference, the audit event). A batch opens its new tickets together (createTickets).
 */
type Prepared =
  | { kind: 'done'; outcome: Outcome }
  | {
      kind: 'open';
      actor: Actor;
      input: CreateTicketInput;
      finish: (tx: Tx, ticketId: number, writes: Writes) => Promise<Outcome>;
    };

async function ingest(
  tx: Tx,
  row: InboundRow,
  createRequesters: boolean,
  storedFiles: string[],
  writes: Writes,
): Promise<Outcome> {
  const reading = await readInbound(row);
  const prepared = await prepare(tx, row, reading, createRequesters, storedFiles, writes, DIRECT);
  if (prepared.kind === 'done') return prepared.outcome;
  const ticket = await createTicket({ tx, actor: prepared.actor, input: prepared.input });
  return prepared.finish(tx, ticket.id, writes);
}

async function prepare(
  tx: Tx,
  row: InboundRow,
  reading: Reading,
  createRequesters: boolean,
  storedFiles: string[],
  writes: Writes,
  lookups: Lookups,
): Promise<Prepared> {
  const done = (outcome: Outcome): Prepared => ({ kind: 'done', outcome });
  if (reading.kind === 'ignored') {
    // The decoded subject for the administrator's list of ignored mail (the raw header may be encoded).
    const decoded = cleanText(reading.subject ?? '').slice(0, 500);
    if (decoded && decoded !== row.subject) writes.subjects.set(row.id, decoded);
    return done({ status: 'ignored', reason: reading.reason });
  }
  if (reading.kind === 'rejected') return done({ status: 'rejected', reason: reading.reason });
  const { mail, sender, headers } = reading;
  const parsed = mail.parsed;
  const actor = await lookups.requester(tx, sender, reading.senderName, {
    create: createRequesters,
    locale: reading.locale,
  });
  if (!actor)
    return done({ status: 'rejected', reason: `sender ${sender} is not a known, active requester` });

  const fullText = cleanText(mail.text).trim();
  const { reply, quoted } = foldQuoted(fullText);
  const body = truncate(reply || placeholder(actor));
  const files = mail.attachments;
  const ticketId = await threadTicket(tx, parsed, headers);

  const finish = (tx: Tx, target: { ticketId: number; messageId: number | null }, writes: Writes) =>
    keepMail(tx, row, { actor, sender, parsed, files, quoted, target }, storedFiles, writes);
  if (ticketId) {
    const target = await replyOnTicket(tx, actor, ticketId, body);
    if (target) return done(await finish(tx, target, writes));
  }
  return {
    kind: 'open',
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
    finish: (tx, id, writes) => finish(tx, { ticketId: id, messageId: null }, writes),
  };
}

/**
 * What is kept of a message on its ticket: attachments (stored now), the sanitised HTML, the
 * thread reference and the event (gathered in `writes`, written with the row's outcome).
 */
async function keepMail(
  tx: Tx,
  row: InboundRow,
  mail: {
    actor: Actor;
    sender: string;
    parsed: ReadMail['parsed'];
    files: ReadMail['attachments'];
    quoted: string;
    target: { ticketId: number; messageId: number | null };
  },
  storedFiles: string[],
  writes: Writes,
): Promise<Outcome> {
  const { actor, sender, parsed, files, quoted, target } = mail;
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
  writes.kept.set(row.id, {
    html,
    quoted: quoted || null,
    // The decoded subject and sender, for the administrator's list (the raw header may be encoded).
    subject: cleanText(parsed.subject ?? '').slice(0, 500) || row.subject,
    fromAddress: sender.slice(0, 254),
  });
  writes.refs.push({ ticketId: target.ticketId, messageId: row.messageId, direction: 'in' });
  writes.events.push({
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

function truncate(text: string): string {
  if (text.length <= MAX_BODY) return text;
  return `${text.slice(0, MAX_BODY - 80)}\n\n[… truncated; the whole message is kept with the original mail]`;
}

function placeholder(actor: Actor): string {
  return actor.locale === 'zh-CN' ? '（邮件无正文）' : '(the mail has no text)';
}
