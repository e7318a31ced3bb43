import type { Db } from '../../platform/db/database.ts';
import { reindexAllTickets } from './ticket-indexer.ts';

type Reindexer = (db: Db) => Promise<number>;
let articleReindexer: Reindexer | null = null;

/** The knowledge module tells search how to rebuild its articles (registered in modules/registry.ts). */
export function registerArticleReindexer(reindex: Reindexer): void {
  articleReindexer = reindex;
}

/** Rebuilds the whole index: after a bulk load, or a change of tokenizer. */
export async function reindexEverything(db: Db): Promise<{ articles: number; tickets: number }> {
  const articles = articleReindexer ? await articleReindexer(db) : 0;
  const tickets = await reindexAllTickets(db);
  return { articles, tickets };
}
