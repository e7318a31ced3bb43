import { desc, eq, sql } from 'drizzle-orm';
import type { SynonymGroupDto, SynonymGroupInput } from '../../../../contracts/search.ts';
import { searchSynonyms } from '../../db/schema.ts';
import type { Queryable, Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import { recordEvent } from '../audit/index.ts';
import { type Actor, assertCan } from '../identity/index.ts';
import type { SynonymGroups } from './ranking.ts';
import { tokenize } from './tokenizer.ts';

function present(row: typeof searchSynonyms.$inferSelect): SynonymGroupDto {
  return { id: row.id, terms: row.terms, createdAt: row.createdAt.toISOString() };
}

export async function listSynonymGroups(options: {
  tx: Queryable;
  actor: Actor;
}): Promise<SynonymGroupDto[]> {
  assertCan(options.actor, 'search.manage');
  const rows = await options.tx.select().from(searchSynonyms).orderBy(desc(searchSynonyms.id));
  return rows.map(present);
}

/** An administrator declares words that mean the same (打印机 = printer, VPN = 远程接入). */
export async function createSynonymGroup(options: {
  tx: Tx;
  actor: Actor;
  input: SynonymGroupInput;
}): Promise<SynonymGroupDto> {
  const { tx, actor, input } = options;
  assertCan(actor, 'search.manage');
  const terms = [...new Set(input.terms.map((t) => t.trim()))];
  if (terms.length < 2 || terms.some((t) => tokenize(t, { mode: 'query', keepStopWords: true }).length === 0))
    throw new AppError('search.synonym_invalid', { field: 'terms' });
  const [row] = await tx.insert(searchSynonyms).values({ terms, createdBy: actor.id }).returning();
  if (!row) throw new Error('insert returned no row');
  await recordEvent(tx, {
    kind: 'search.synonyms_created',
    entityType: 'search_synonyms',
    entityId: row.id,
    actorId: actor.id,
    data: { terms },
  });
  return present(row);
}

export async function deleteSynonymGroup(options: { tx: Tx; actor: Actor; id: number }): Promise<void> {
  const { tx, actor, id } = options;
  assertCan(actor, 'search.manage');
  const [row] = await tx.delete(searchSynonyms).where(eq(searchSynonyms.id, id)).returning();
  if (!row) throw new AppError('search.synonym_not_found');
  await recordEvent(tx, {
    kind: 'search.synonyms_deleted',
    entityType: 'search_synonyms',
    entityId: id,
    actorId: actor.id,
    data: { terms: row.terms },
  });
}

/** Every group, each alternative as the terms a query would produce for it. */
export async function synonymTermGroups(tx: Queryable): Promise<SynonymGroups> {
  const result = await tx.execute<{ terms: string[] }>(sql`select terms from search_synonyms`);
  return result.rows.map((r) => r.terms.map((alt) => tokenize(alt, { mode: 'query', keepStopWords: true })));
}
