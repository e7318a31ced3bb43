import { and, eq, inArray } from 'drizzle-orm';
import { searchDocuments } from '../../db/schema.ts';
import type { Queryable } from '../../platform/db/database.ts';
import type { SearchSource } from './documents.ts';

/** What the index holds of a document: its indexed title and body and whom it belongs to. */
export interface IndexedDocument {
  sourceId: number;
  title: string;
  body: string;
  ownerId: number | null;
}

const columns = {
  sourceId: searchDocuments.sourceId,
  title: searchDocuments.title,
  body: searchDocuments.body,
  ownerId: searchDocuments.ownerId,
};

/** The indexed documents of some records of a source, by record id (records not indexed are left out). */
export async function findIndexedDocuments(
  db: Queryable,
  source: SearchSource,
  sourceIds: readonly number[],
): Promise<Map<number, IndexedDocument>> {
  if (sourceIds.length === 0) return new Map();
  const rows = await db
    .select(columns)
    .from(searchDocuments)
    .where(and(eq(searchDocuments.source, source), inArray(searchDocuments.sourceId, [...sourceIds])));
  return new Map(rows.map((row) => [row.sourceId, row]));
}
