// The search module's public surface. Read models it publishes for joins other modules must make in
// one SQL statement (contract: docs/read-models.md; declared in db/schema/search.ts): none; functions:
// findIndexedDocuments, removeDocumentsExcept and the search interface.
import type { Queryable } from '../../platform/db/database.ts';
import type { Actor } from '../identity/index.ts';
import { type IndexableDocument, indexDocument, removeDocument, type SearchSource } from './documents.ts';
import type { Concept } from './ranking.ts';
import { findableBy, planQuery } from './search.ts';
import { type RankedDocument, rankDocuments } from './search-engine.ts';
import { tokenize } from './tokenizer.ts';

export {
  findIndexedDocuments,
  findIndexedTicketTexts,
  type IndexedDocument,
  type IndexedTicketText,
} from './document-reads.ts';
export {
  bulkIndexDocuments,
  type IndexableDocument,
  indexDocument,
  recountFrequencies,
  removeDocument,
  removeDocumentsExcept,
  type SearchSource,
} from './documents.ts';
export {
  forgetOpenTicketWindows,
  type OpenTicketsRead,
  openTicketWindowStats,
  type RankedOpenTicket,
  rankOpenTickets,
  readOpenTickets,
  setOpenTicketWindowCap,
} from './open-tickets.ts';
export type { Concept } from './ranking.ts';
export { registerArticleReindexer, reindexEverything } from './reindex.ts';
export { searchRoutes } from './search.routes.ts';
export {
  findableBy,
  planQuery,
  prefetchQueries,
  type QueryLookups,
  queryLookups,
  searchArticles,
  searchKnowledge,
  ticketsFindableOwner,
} from './search.ts';
export type { AlsoCandidates } from './search-engine.ts';
export {
  describingConcepts,
  describingTerms,
  describingTermsOf,
  rankTickets,
  scoreTicketsHolding,
  scoreTicketsThemselves,
  similarTickets,
  type TicketTextsRead,
  ticketTermFrequencies,
} from './similar-tickets.ts';
export { indexTicketOnChange } from './ticket-indexer.ts';
export { analyze, tokenize } from './tokenizer.ts';

/**
 * The search module's interface: tokenize, index, query. This implementation is PostgreSQL
 * full text (jieba + Porter terms in a `simple` tsvector, BM25F ranking, pg_trgm for typos);
 * another engine (OpenSearch at very large scale) would implement the same three.
 */
export interface SearchEngine {
  tokenize(text: string): readonly string[];
  index(tx: Queryable, doc: IndexableDocument): Promise<void>;
  remove(tx: Queryable, source: SearchSource, sourceId: number): Promise<void>;
  query(
    tx: Queryable,
    options: { actor: Actor; source: SearchSource; text: string; limit: number },
  ): Promise<RankedDocument[]>;
}

export const postgresSearch: SearchEngine = {
  tokenize: (text) => tokenize(text, { mode: 'query' }),
  index: indexDocument,
  remove: removeDocument,
  async query(tx, { actor, source, text, limit }) {
    const concepts: Concept[] = await planQuery(tx, source, text);
    return rankDocuments(tx, { source, concepts, filter: findableBy(actor, source), limit });
  },
};
