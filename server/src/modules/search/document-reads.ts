import { and, eq, inArray, sql } from 'drizzle-orm';
import { searchDocuments } from '../../db/schema.ts';
import type { Queryable } from '../../platform/db/database.ts';
import { idArray } from '../../platform/db/id-array.ts';
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

/** A ticket's indexed text (subject, and body with its public conversation) with its requester, organisation and filing time. */
export interface IndexedTicketText {
  title: string;
  body: string;
  createdAt: Date;
  requesterId: number | null;
  organizationId: number | null;
}

/**
 * The indexed texts of tickets with their requester and organisation (the tickets module's read
 * model), in one statement: possible duplicates read them for the ticket and its 50 candidates.
 */
export async function findIndexedTicketTexts(
  tx: Queryable,
  ids: readonly number[],
): Promise<Map<number, IndexedTicketText>> {
  if (!ids.length) return new Map();
  const result = await tx.execute<{
    id: number;
    title: string;
    body: string;
    created_at: string | Date;
    requester_id: number | null;
    organization_id: number | null;
  }>(sql`select d.source_id as id, d.title, d.body, t.created_at, t.requester_id, t.organization_id
           from search_documents d join tickets_v t on t.id = d.source_id
          where d.source = 'ticket' and d.source_id = any(${idArray(ids)})`);
  return new Map(
    result.rows.map((r) => [
      Number(r.id),
      {
        title: r.title,
        body: r.body ?? '',
        createdAt: r.created_at instanceof Date ? r.created_at : new Date(r.created_at),
        requesterId: r.requester_id === null ? null : Number(r.requester_id),
        organizationId: r.organization_id === null ? null : Number(r.organization_id),
      },
    ]),
  );
}
