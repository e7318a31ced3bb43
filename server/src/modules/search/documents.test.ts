import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { setupTestApp } from '../../../test/harness.ts';
import { searchDocuments } from '../../db/schema.ts';
import { type IndexableDocument, indexDocument, removeDocumentsExcept } from './documents.ts';

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
