import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { setupTestApp } from '../../../test/harness.ts';
import { searchDocuments } from '../../db/schema.ts';
import {
  foldFrequencies,
  type IndexableDocument,
  indexDocument,
  recountFrequencies,
  removeDocument,
  removeDocumentsExcept,
} from './documents.ts';
import { corpusStats } from './search-engine.ts';

const ctx = await setupTestApp();
const db = ctx.database.db;

const doc = (source: IndexableDocument['source'], sourceId: number): IndexableDocument => ({
  source,
  sourceId,
  title: `打印机 卡纸 ${sourceId}`,
  body: 'printer jam',
  visibility: 'public',
  status: 'published',
  createdAt: new Date(),
});

const ids = async (source: IndexableDocument['source']) =>
  (
    await db
      .select({ id: searchDocuments.sourceId })
      .from(searchDocuments)
      .where(eq(searchDocuments.source, source))
  )
    .map((r) => r.id)
    .sort();

describe('removeDocumentsExcept', () => {
  it('removes the documents of that source whose record is gone, and only those', async () => {
    for (const d of [doc('article', 91), doc('article', 92), doc('article', 93), doc('ticket', 92)]) {
      await indexDocument(db, d);
    }
    await removeDocumentsExcept(db, 'article', [91, 93]);
    expect(await ids('article')).toEqual([91, 93]);
    expect(await ids('ticket')).toEqual([92]);
    await removeDocumentsExcept(db, 'article', []);
    expect(await ids('article')).toEqual([]);
    expect(await ids('ticket')).toEqual([92]);
  });
});

describe('the corpus size kept with the frequencies (issue 16, fourth round)', () => {
  it('counts documents and their length as they are indexed, rewritten and removed, as a recount does', async () => {
    const counted = async () => {
      const result = await db.execute<{ n: number; avg: number }>(sql`
        select count(*)::int as n, coalesce(avg(length), 1)::float8 as avg from search_documents where source = 'ticket'`);
      return { documents: Number(result.rows[0]?.n), averageLength: Number(result.rows[0]?.avg) };
    };
    const kept = async () => {
      const stats = await corpusStats(db, 'ticket');
      return { documents: stats.documents, averageLength: stats.averageLength };
    };
    for (const id of [201, 202, 203]) await indexDocument(db, doc('ticket', id));
    // Rewritten with a longer text: one document still, a longer one.
    await indexDocument(db, {
      ...doc('ticket', 202),
      body: 'printer jam again and again on the third floor',
    });
    await removeDocument(db, 'ticket', 201);
    await foldFrequencies(db);
    const now = await counted();
    expect(now.documents).toBeGreaterThanOrEqual(2);
    expect(await kept()).toEqual({
      documents: now.documents,
      averageLength: expect.closeTo(now.averageLength, 9),
    });
    await indexDocument(db, doc('ticket', 204));
    expect((await kept()).documents).toBe(now.documents + 1);
    await db.transaction((tx) => recountFrequencies(tx, 'ticket'));
    const recounted = await counted();
    expect(await kept()).toEqual({
      documents: recounted.documents,
      averageLength: expect.closeTo(recounted.averageLength, 9),
    });
  });
});

let pgstattuple: Promise<unknown> | null = null;

/** The pages of a GIN index's list of pending entries (pgstattuple, installed at the first call). */
async function pendingPages(index: string): Promise<number> {
  pgstattuple ??= db.execute(sql`create extension if not exists pgstattuple`);
  await pgstattuple;
  const result = await db.execute<{ pending_pages: number }>(
    sql`select pending_pages from pgstatginindex(${index}::regclass)`,
  );
  return Number(result.rows[0]?.pending_pages);
}

describe("the tickets' word index (issue 18)", () => {
  it('keeps at most 64 kB of entries pending, which every search reads, however many tickets are indexed', async () => {
    const pending = () => pendingPages('search_documents_ticket_terms_idx');
    let most = 0;
    // A burst's documents, each with words of its own (a host, an error number).
    for (let i = 0; i < 400; i++) {
      await indexDocument(db, {
        ...doc('ticket', 20_000 + i),
        title: `主机 host-${i} 磁盘空间不足 告警 ${70_000 + i}`,
        body: `disk usage on host-${i} above ${80 + (i % 20)} percent, error E${9_000 + i}`,
      });
      if (i % 20 === 19) most = Math.max(most, await pending());
    }
    // 8 pages of 8 kB; with PostgreSQL's default (4 MB) all 400 documents waited (18 pages).
    expect(most).toBeGreaterThan(0);
    expect(most).toBeLessThanOrEqual(8);
    const found = await db.execute<{ source_id: number }>(
      sql`select source_id from search_documents where source = 'ticket' and terms @@ '70399'::tsquery`,
    );
    expect(found.rows.map((r) => Number(r.source_id))).toEqual([20_399]);
  });
});

describe("the tickets' subject index (issue 18)", () => {
  it('keeps at most 64 kB of entries pending, which every subject search reads', async () => {
    const pending = () => pendingPages('tickets_subject_trgm_idx');
    const requester = await db.execute<{ id: number }>(sql`select id from users order by id limit 1`);
    const requesterId = Number(requester.rows[0]?.id);
    let most = 0;
    // A burst's tickets, each subject with a host and an error number of its own.
    for (let i = 0; i < 20; i++) {
      await db.execute(sql`
        insert into tickets (type, subject, description, channel, impact, urgency, priority, status, requester_id)
        select 'incident', '主机 host-' || n || ' 磁盘空间不足 告警 E' || (9000 + n), 'disk full', 'portal',
               'medium', 'medium', 'P3', 'new', ${requesterId}
          from generate_series(${i * 40}::int, ${i * 40 + 39}::int) n`);
      most = Math.max(most, await pending());
    }
    // 8 pages of 8 kB; with PostgreSQL's default (4 MB) all 800 subjects waited (54 pages).
    expect(most).toBeGreaterThan(0);
    expect(most).toBeLessThanOrEqual(8);
    const found = await db.execute<{ subject: string }>(
      sql`select subject from tickets where subject ilike '%host-799 %'`,
    );
    expect(found.rows.map((r) => r.subject)).toEqual(['主机 host-799 磁盘空间不足 告警 E9799']);
  });
});
