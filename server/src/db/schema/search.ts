import { sql } from 'drizzle-orm';
import {
  bigint,
  customType,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { at } from './columns.ts';

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

/**
 * One searchable document per article or ticket: the original texts (for snippets), the
 * index terms (jieba-segmented Chinese, stemmed English) in a `simple` tsvector weighted by
 * field (A title, B body, C learned phrasings), and the columns that decide who may find it.
 */
export const searchDocuments = pgTable(
  'search_documents',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    source: text('source', { enum: ['article', 'ticket'] }).notNull(),
    sourceId: bigint('source_id', { mode: 'number' }).notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    terms: tsvector('terms').notNull(),
    /** Number of index terms (title and body), for BM25's length normalisation. */
    length: integer('length').notNull(),
    language: text('language'),
    /** Articles: public or internal. Tickets are always visible to staff and their requester. */
    visibility: text('visibility', { enum: ['public', 'internal'] }).notNull(),
    /** Article workflow status or ticket status. */
    status: text('status').notNull(),
    /** Tickets: the requester, who alone (with staff) finds them. */
    ownerId: bigint('owner_id', { mode: 'number' }),
    organizationId: bigint('organization_id', { mode: 'number' }),
    category: text('category'),
    teamId: bigint('team_id', { mode: 'number' }),
    priority: text('priority'),
    number: bigint('number', { mode: 'number' }),
    createdAt: at('created_at').notNull(),
    indexedAt: at('indexed_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('search_documents_source_key').on(t.source, t.sourceId),
    // One GIN index per source: a word rare among articles may be common among a million tickets.
    index('search_documents_article_terms_idx').using('gin', t.terms).where(sql`source = 'article'`),
    // A short list of pending entries (the least PostgreSQL allows, 64 kB, rather than 4 MB): every
    // search of the index reads all of it, and a burst of new tickets kept it full (issue 18).
    index('search_documents_ticket_terms_idx')
      .using('gin', t.terms)
      .where(sql`source = 'ticket'`)
      .with({ gin_pending_list_limit: 64 }),
    index('search_documents_source_created_idx').on(t.source, t.createdAt.desc()),
    // A requester's documents; with the status, a requester's open tickets are found without
    // visiting their closed ones (the possible-duplicates read: 3 rows of 200, issue 16).
    index('search_documents_owner_idx').on(t.source, t.ownerId, t.status),
    // Rows written since a moment: what a process's window of open tickets reads to stay current
    // (search/open-tickets.ts); a trigger sets indexed_at on every update.
    index('search_documents_indexed_idx').on(t.source, t.indexedAt),
  ],
);

/** Document frequency of each index term per source: IDF for ranking, vocabulary for typos. */
export const searchTerms = pgTable(
  'search_terms',
  {
    source: text('source').notNull(),
    term: text('term').notNull(),
    df: integer('df').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.source, t.term] }),
    index('search_terms_trgm_idx').using('gin', sql`${t.term} gin_trgm_ops`),
  ],
);

/**
 * Changes to document frequencies, appended by index writes (no row is updated, so writers
 * never wait on each other for a common word) and folded into `search_terms` now and then.
 * Readers add the pending changes of their query terms.
 */
export const searchTermDeltas = pgTable(
  'search_term_deltas',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    source: text('source').notNull(),
    term: text('term').notNull(),
    delta: integer('delta').notNull(),
  },
  (t) => [index('search_term_deltas_term_idx').on(t.source, t.term)],
);

/** Administrator synonym groups (打印机 = printer), applied to queries. */
export const searchSynonyms = pgTable('search_synonyms', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  terms: text('terms').array().notNull(),
  createdBy: bigint('created_by', { mode: 'number' }),
  createdAt: at('created_at').notNull().defaultNow(),
});
