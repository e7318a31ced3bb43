import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { setupTestApp } from '../../../../test/harness.ts';
import { attachments, inboundEmails, tickets } from '../../../db/schema.ts';
import { onTicketChange } from '../../tickets/index.ts';
import { ensureSmtpMailbox } from './mailboxes.ts';
import { processInbound } from './process-inbound.ts';
import { storeInbound } from './store-inbound.ts';

const ctx = await setupTestApp({ MAIL_FROM: 'IT Desk <desk@support.localhost>' });
const db = ctx.database.db;
const logger = pino({ level: 'silent' });
const mailboxId = await ensureSmtpMailbox(db, 'support.localhost');

// Stands for the process dying in the middle of an ingest: the transaction never commits.
let crashNextIngest = false;
onTicketChange(async () => {
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
