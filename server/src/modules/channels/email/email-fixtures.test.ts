import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { inArray } from 'drizzle-orm';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { setupTestApp } from '../../../../test/harness.ts';
import { inboundEmails, tickets } from '../../../db/schema.ts';
import { htmlToPlainText } from './html-text.ts';
import { ensureSmtpMailbox } from './mailboxes.ts';
import { processInbound } from './process-inbound.ts';
import { storeInbound } from './store-inbound.ts';

const FIXTURES = path.resolve(import.meta.dirname, '../../../../../../shared/data/email-fixtures');
const NOT_MAIL = /(^|\/)(LICENSE|COPYING|SOURCE\.md|\.gitattributes)$|\.(json|md|txt|png)$/i;

const ctx = await setupTestApp({ MAIL_FROM: 'IT Desk <desk@support.localhost>' });
const db = ctx.database.db;
const logger = pino({ level: 'silent' });

async function fixtureFiles(): Promise<string[]> {
  const entries = await readdir(FIXTURES, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(FIXTURES, path.join(e.parentPath, e.name)))
    .filter((file) => !NOT_MAIL.test(file))
    .sort();
}

describe('the shared email fixture corpora', () => {
  it('ingests every message without a crash; every one ends a ticket or ignored as automatic', {
    timeout: 600_000,
  }, async () => {
    const files = await fixtureFiles();
    expect(files.length).toBeGreaterThan(350);
    const ids: number[] = [];
    const names = new Map<number, string>();
    for (const [index, file] of files.entries()) {
      const raw = await readFile(path.join(FIXTURES, file));
      // The corpora reuse Message-IDs across unrelated test messages; one mailbox each keeps
      // them apart here (the same id in one mailbox is a duplicate delivery, tested elsewhere).
      const mailboxId = await ensureSmtpMailbox(db, `fixture-${index}.localhost`);
      // As the SMTP listener would get it: with an envelope sender.
      const stored = await storeInbound(db, { mailboxId, raw, envelopeFrom: 'fixtures@client.example' });
      if (stored.id === null) throw new Error(`${file}: not stored`);
      ids.push(stored.id);
      names.set(stored.id, file);
      try {
        await processInbound(db, stored.id, logger);
      } catch (error) {
        throw new Error(`${file}: ${error instanceof Error ? error.stack : String(error)}`);
      }
    }
    const rows = await db
      .select({
        id: inboundEmails.id,
        status: inboundEmails.status,
        ticketId: inboundEmails.ticketId,
        reason: inboundEmails.reason,
        html: inboundEmails.htmlSanitized,
      })
      .from(inboundEmails)
      .where(inArray(inboundEmails.id, ids));
    const byStatus = Object.groupBy(rows, (r) => r.status);
    const summary = Object.fromEntries(Object.entries(byStatus).map(([k, v]) => [k, v?.length]));
    console.info('fixture ingest:', files.length, 'files;', summary);
    for (const row of [...(byStatus.rejected ?? []), ...(byStatus.ignored ?? [])])
      console.info(row.status, names.get(row.id), row.reason);
    expect(byStatus.failed ?? []).toEqual([]);
    expect(byStatus.received ?? []).toEqual([]);
    expect(byStatus.rejected ?? []).toEqual([]);
    for (const row of byStatus.processed ?? []) expect(row.ticketId).not.toBeNull();
    for (const row of byStatus.ignored ?? []) expect(row.reason).toBeTruthy();
    expect((byStatus.processed ?? []).length).toBeGreaterThan(files.length / 2);

    // The malformed corpus (Dovecot's) becomes tickets with what could be read.
    const malformed = rows.filter((r) => names.get(r.id)?.includes('/malformed/'));
    expect(malformed.length).toBeGreaterThan(20);
    for (const row of malformed) expect(row.status, names.get(row.id)).toBe('processed');
    const opened = await db
      .select({ subject: tickets.subject })
      .from(tickets)
      .where(
        inArray(
          tickets.id,
          malformed.map((r) => r.ticketId ?? 0),
        ),
      );
    expect(opened.every((t) => t.subject.length > 0)).toBe(true);

    // A mail whose HTML has text never becomes "(the mail has no text)": HTML-only mail is read.
    const created = await db
      .select({ id: tickets.id, description: tickets.description })
      .from(tickets)
      .where(
        inArray(
          tickets.id,
          rows.map((r) => r.ticketId ?? 0),
        ),
      );
    const descriptions = new Map(created.map((t) => [t.id, t.description]));
    const placeholders = rows.filter((r) =>
      ['(the mail has no text)', '（邮件无正文）'].includes(descriptions.get(r.ticketId ?? 0) ?? ''),
    );
    for (const row of placeholders)
      expect(htmlToPlainText(row.html ?? ''), `${names.get(row.id)} has HTML text`).toBe('');
    console.info('tickets without any text:', placeholders.length);
  });
});
