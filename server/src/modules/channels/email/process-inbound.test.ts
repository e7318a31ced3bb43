import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { eq, inArray } from 'drizzle-orm';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { setupTestApp } from '../../../../test/harness.ts';
import { attachments, inboundEmails, tickets } from '../../../db/schema.ts';
import { onTicketChange } from '../../tickets/index.ts';
import { ensureSmtpMailbox } from './mailboxes.ts';
import { drainInbound, processInbound } from './process-inbound.ts';
import { storeInbound, storeInboundTogether } from './store-inbound.ts';

const ctx = await setupTestApp({ MAIL_FROM: 'IT Desk <desk@support.localhost>' });
const db = ctx.database.db;
const logger = pino({ level: 'silent' });
const mailboxId = await ensureSmtpMailbox(db, 'support.localhost');

// Stands for the process dying in the middle of an ingest: the transaction never commits.
let crashNextIngest = false;
// A message that fails at every attempt: replies on this ticket.
let poisonTicket: number | null = null;
onTicketChange(async (_tx, change) => {
  if (change.kind === 'message' && change.ticketId === poisonTicket) throw new Error('simulated bad message');
  if (crashNextIngest) {
    crashNextIngest = false;
    throw new Error('simulated crash mid-ingest');
  }
});

describe('exactly-once ingest', () => {
  it('leaves no ticket after a crash mid-ingest, and makes exactly one when retried', async () => {
    const raw = Buffer.from(
      [
        'From: crash@client.example',
        'To: help@support.localhost',
        'Subject: Crash test 崩溃',
        'Message-ID: <crash.1@client.example>',
        'MIME-Version: 1.0',
        'Content-Type: multipart/mixed; boundary="b"',
        '',
        '--b',
        'Content-Type: text/plain; charset=utf-8',
        '',
        'The server is down.',
        '--b',
        'Content-Type: application/octet-stream',
        'Content-Disposition: attachment; filename="dump.bin"',
        'Content-Transfer-Encoding: base64',
        '',
        'AAECAwQ=',
        '--b--',
        '',
      ].join('\r\n'),
    );
    const stored = await storeInbound(db, { mailboxId, raw, envelopeFrom: 'crash@client.example' });
    expect(stored.duplicate).toBe(false);
    const inboundId = stored.id ?? 0;

    crashNextIngest = true;
    await expect(processInbound(db, inboundId, logger)).rejects.toThrow('simulated crash');
    const [afterCrash] = await db.select().from(inboundEmails).where(eq(inboundEmails.id, inboundId));
    expect(afterCrash).toMatchObject({ status: 'received', attempts: 1, ticketId: null });
    expect(await db.select().from(tickets).where(eq(tickets.subject, 'Crash test 崩溃'))).toHaveLength(0);
    // The attachment written before the crash was removed again.
    const stray = await readdir(path.join(ctx.dataDir, 'attachments'), { recursive: true }).catch(() => []);
    expect(stray.filter((name) => /[0-9a-f-]{36}$/.test(String(name)))).toHaveLength(0);

    // Delivered again meanwhile (the sender retried): recognised by the database.
    expect((await storeInbound(db, { mailboxId, raw, envelopeFrom: 'crash@client.example' })).duplicate).toBe(
      true,
    );

    await processInbound(db, inboundId, logger);
    await processInbound(db, inboundId, logger); // a second job for the same row does nothing
    const opened = await db.select().from(tickets).where(eq(tickets.subject, 'Crash test 崩溃'));
    expect(opened).toHaveLength(1);
    const files = await db
      .select()
      .from(attachments)
      .where(eq(attachments.ticketId, opened[0]?.id ?? 0));
    expect(files.map((f) => f.filename)).toEqual(['dump.bin']);
  });

  it('turns a malformed message into a ticket with what could be read, and keeps the raw bytes', async () => {
    const raw = Buffer.from(
      'From: broken@client.example\r\nSubject: =?utf-8?B?5omT5Y2w?= broken\r\nContent-Type: multipart/mixed; boundary="never-closed"\r\n\r\n--never-closed\r\nContent-Type: text/plain; charset=x-unknown-charset\r\n\r\nprinter jams \xff\xfe every morning\r\n',
      'latin1',
    );
    const stored = await storeInbound(db, { mailboxId, raw, envelopeFrom: 'broken@client.example' });
    await processInbound(db, stored.id ?? 0, logger);
    const [row] = await db
      .select()
      .from(inboundEmails)
      .where(eq(inboundEmails.id, stored.id ?? 0));
    expect(row?.status).toBe('processed');
    expect(row?.messageId).toMatch(/^<sha256\.[0-9a-f]{64}@no-message-id>$/);
    expect(row?.raw.equals(raw)).toBe(true);
    const [ticket] = await db
      .select()
      .from(tickets)
      .where(eq(tickets.id, row?.ticketId ?? 0));
    expect(ticket?.subject).toBe('打印 broken');
    expect(ticket?.description).toContain('printer jams');
  });
});

describe('messages worked off together', () => {
  const mail = (tag: string, from: string) =>
    Buffer.from(
      [
        `From: ${from}`,
        'To: help@support.localhost',
        `Subject: ${tag} 批量`,
        `Message-ID: <${tag}@client.example>`,
        'Content-Type: text/plain; charset=utf-8',
        '',
        `Body of ${tag}.`,
        '',
      ].join('\r\n'),
    );
  const store = async (tag: string, from: string) =>
    (await storeInbound(db, { mailboxId, raw: mail(tag, from), envelopeFrom: from })).id ?? 0;
  const jobsFor = async (inboundId: number) =>
    Number(
      (
        await ctx.database.pool.query(
          `select count(*)::int as n from graphile_worker._private_jobs j
             join graphile_worker._private_tasks t on t.id = j.task_id
            where t.identifier = 'channels.process_inbound_email' and (j.payload->>'inboundId')::int = $1`,
          [inboundId],
        )
      ).rows[0]?.n,
    );
  const ticketsTagged = async (prefix: string) =>
    (
      await ctx.database.pool.query(`select subject from tickets where subject like $1`, [`${prefix}%`])
    ).rows.map((r) => String(r.subject));

  const reply = (tag: string, from: string, to: string) =>
    Buffer.from(
      [
        `From: ${from}`,
        'To: help@support.localhost',
        `Subject: Re: ${tag}`,
        `Message-ID: <${tag}.reply@client.example>`,
        `In-Reply-To: <${to}@client.example>`,
        'Content-Type: text/plain; charset=utf-8',
        '',
        `Reply ${tag}.`,
        '',
      ].join('\r\n'),
    );
  const storeReply = async (tag: string, from: string, to: string) =>
    (await storeInbound(db, { mailboxId, raw: reply(tag, from, to), envelopeFrom: from })).id ?? 0;
  const statusOf = async (ids: number[]) => {
    const rows = await db.select().from(inboundEmails).where(inArray(inboundEmails.id, ids));
    const byId = new Map(rows.map((r) => [r.id, r.status]));
    return ids.map((id) => byId.get(id));
  };

  it('one job takes the waiting messages too; one that fails rolls back alone and gets a job of its own', async () => {
    const first = await store('batch1-first', 'a@batch.example');
    await processInbound(db, first, logger);
    // The oldest waiting message is a reply (added in its savepoint, where it fails), then three new ones.
    const failing = await storeReply('batch1-r', 'a@batch.example', 'batch1-first');
    const ids = [failing];
    for (const [i, from] of ['b@batch.example', 'a@batch.example', 'c@batch.example'].entries())
      ids.push(await store(`batch1-${i}`, from));
    const newest = ids[3] ?? 0;
    expect(await jobsFor(failing)).toBe(0); // storing asks for the drain run, not a job per message
    crashNextIngest = true;
    await processInbound(db, newest, logger);
    expect(await statusOf(ids)).toEqual(['received', 'processed', 'processed', 'processed']);
    expect((await ticketsTagged('batch1-')).sort()).toEqual([
      'batch1-0 批量',
      'batch1-1 批量',
      'batch1-2 批量',
      'batch1-first 批量',
    ]);
    // Its own job may have run already (it found the row held by this batch): a new one retries it.
    expect(await jobsFor(failing)).toBe(1);
    await processInbound(db, failing, logger);
    await processInbound(db, newest, logger); // nothing left for a second run
    expect(await statusOf(ids)).toEqual(['processed', 'processed', 'processed', 'processed']);
    const [row] = await db.select().from(inboundEmails).where(eq(inboundEmails.id, failing));
    expect(row?.ticketMessageId).not.toBeNull(); // a reply on the first ticket, not a ticket
    expect(await ticketsTagged('batch1-')).toHaveLength(4);
  });

  it('a message whose own job fails in the batch is thrown for its job to retry', async () => {
    const first = await store('batch2-first', 'd@batch.example');
    await processInbound(db, first, logger);
    const own = await storeReply('batch2-r', 'd@batch.example', 'batch2-first');
    const other = await store('batch2-1', 'e@batch.example');
    crashNextIngest = true;
    await expect(processInbound(db, own, logger)).rejects.toThrow('simulated crash');
    expect(await statusOf([own, other])).toEqual(['received', 'processed']);
    await processInbound(db, own, logger);
    expect(await statusOf([own, other])).toEqual(['processed', 'processed']);
    expect((await ticketsTagged('batch2-')).sort()).toEqual(['batch2-1 批量', 'batch2-first 批量']);
  });

  it('a failure while the batch opens its tickets together: each message again alone, once', async () => {
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push(await store(`batch4-${i}`, `f${i}@batch.example`));
    crashNextIngest = true; // consumed by the joint opening, which fails as a whole
    await processInbound(db, ids[0] ?? 0, logger);
    expect(await statusOf(ids)).toEqual(['processed', 'processed', 'processed']);
    expect((await ticketsTagged('batch4-')).sort()).toEqual([
      'batch4-0 批量',
      'batch4-1 批量',
      'batch4-2 批量',
    ]);
  });

  it('jobs running at once, each taking others’ messages, make one ticket per message', async () => {
    const ids = [];
    for (let i = 0; i < 40; i++) ids.push(await store(`batch3-${i}`, `sender${i % 5}@batch.example`));
    await Promise.all(ids.map((id) => processInbound(db, id, logger)));
    const subjects = await ticketsTagged('batch3-');
    expect(subjects).toHaveLength(40);
    expect(new Set(subjects).size).toBe(40);
    const rows = await db.select().from(inboundEmails).where(inArray(inboundEmails.id, ids));
    expect(rows.every((r) => r.status === 'processed' && r.ticketId !== null)).toBe(true);
    expect(new Set(rows.map((r) => r.ticketId)).size).toBe(40);
  });

  it('storing asks for one drain run, which works off every waiting message', async () => {
    const drainJobs = async () =>
      Number(
        (
          await ctx.database.pool.query(
            `select count(*)::int as n from graphile_worker._private_jobs j
               join graphile_worker._private_tasks t on t.id = j.task_id
              where t.identifier = 'channels.drain_inbound_email' and j.locked_at is null`,
          )
        ).rows[0]?.n,
      );
    const ids = [];
    for (let i = 0; i < 40; i++) ids.push(await store(`batch5-${i}`, `g${i % 3}@batch.example`));
    expect(await drainJobs()).toBe(1);
    await drainInbound(db, logger);
    expect(new Set(await statusOf(ids))).toEqual(new Set(['processed']));
    const subjects = await ticketsTagged('batch5-');
    expect(subjects).toHaveLength(40);
    expect(new Set(subjects).size).toBe(40);
  });
  it('a bad message in a drained chunk fails alone: the others are kept, it is retried, then set aside', async () => {
    const first = await store('batch6-first', 'p@batch.example');
    await processInbound(db, first, logger);
    const [firstRow] = await db.select().from(inboundEmails).where(eq(inboundEmails.id, first));
    poisonTicket = firstRow?.ticketId ?? null;
    try {
      const before = await store('batch6-0', 'q@batch.example');
      const bad = await storeReply('batch6-bad', 'p@batch.example', 'batch6-first');
      const after = await store('batch6-1', 'p@batch.example');
      await drainInbound(db, logger);
      expect(await statusOf([before, bad, after])).toEqual(['processed', 'received', 'processed']);
      expect((await ticketsTagged('batch6-')).sort()).toEqual([
        'batch6-0 批量',
        'batch6-1 批量',
        'batch6-first 批量',
      ]);
      expect(await jobsFor(bad)).toBe(1); // retried by a job of its own
      for (let attempt = 0; attempt < 10; attempt++)
        await processInbound(db, bad, logger).catch(() => undefined);
      const [badRow] = await db.select().from(inboundEmails).where(eq(inboundEmails.id, bad));
      expect(badRow?.status).toBe('failed');
      expect(badRow?.reason).toContain('simulated bad message');
      expect(badRow?.ticketId).toBeNull();
      expect(await ticketsTagged('batch6-')).toHaveLength(3);
    } finally {
      poisonTicket = null;
    }
  });

  it('a reply drained in the same chunk as its ticket’s first message threads onto that ticket', async () => {
    const first = await store('batch7-first', 'r@batch.example');
    const other = await store('batch7-other', 's@batch.example');
    const answer = await storeReply('batch7-a', 'r@batch.example', 'batch7-first');
    // A reply to the reply, in the same chunk too (References carries the whole thread).
    const second =
      (
        await storeInbound(db, {
          mailboxId,
          envelopeFrom: 'r@batch.example',
          raw: Buffer.from(
            [
              'From: r@batch.example',
              'To: help@support.localhost',
              'Subject: Re: Re: batch7',
              'Message-ID: <batch7-b.reply@client.example>',
              'In-Reply-To: <batch7-a.reply@client.example>',
              'References: <batch7-first@client.example> <batch7-a.reply@client.example>',
              'Content-Type: text/plain; charset=utf-8',
              '',
              'Still broken.',
              '',
            ].join('\r\n'),
          ),
        })
      ).id ?? 0;
    await drainInbound(db, logger);
    const rows = await db
      .select()
      .from(inboundEmails)
      .where(inArray(inboundEmails.id, [first, other, answer, second]));
    const byId = new Map(rows.map((r) => [r.id, r]));
    const ticketId = byId.get(first)?.ticketId;
    expect(ticketId).toBeTruthy();
    expect(byId.get(answer)).toMatchObject({ status: 'processed', ticketId });
    expect(byId.get(answer)?.ticketMessageId).not.toBeNull();
    expect(byId.get(second)).toMatchObject({ status: 'processed', ticketId });
    expect(byId.get(second)?.ticketMessageId).not.toBeNull();
    expect(byId.get(other)?.ticketId).not.toBe(ticketId);
    expect((await ticketsTagged('batch7-')).sort()).toEqual(['batch7-first 批量', 'batch7-other 批量']);
    const [ticket] = await db
      .select()
      .from(tickets)
      .where(eq(tickets.id, ticketId ?? 0));
    expect(ticket?.subject).toBe('batch7-first 批量');
  });
  it('messages the listener takes at once are stored together, each once; a redelivery among them is a duplicate', async () => {
    const stored = await Promise.all([
      ...Array.from({ length: 12 }, (_, i) =>
        storeInboundTogether(db, {
          mailboxId,
          raw: mail(`batch8-${i}`, `t${i % 3}@batch.example`),
          envelopeFrom: 'x@batch.example',
        }),
      ),
      // The same message delivered again at once (a relay retrying on another connection): the two
      // stores in flight take the first two, the other eleven (with both copies) are stored together.
      storeInboundTogether(db, {
        mailboxId,
        raw: mail('batch8-11', 't2@batch.example'),
        envelopeFrom: 'x@batch.example',
      }),
    ]);
    expect(stored.filter((s) => s.duplicate)).toHaveLength(1);
    expect(new Set(stored.filter((s) => !s.duplicate).map((s) => s.id)).size).toBe(12);
    // Delivered once more after it was stored: a duplicate too.
    const again = await storeInboundTogether(db, {
      mailboxId,
      raw: mail('batch8-5', 't2@batch.example'),
      envelopeFrom: 'x@batch.example',
    });
    expect(again.duplicate).toBe(true);
    const rows = await ctx.database.pool.query(
      `select count(*)::int as n from inbound_emails where message_id like '<batch8-%'`,
    );
    expect(rows.rows[0]?.n).toBe(12);
    await drainInbound(db, logger);
    expect((await ticketsTagged('batch8-')).length).toBe(12);
  });
});
