import type { SQL } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { buildUser } from '../../../test/factories.ts';
import { buildArticle } from '../../../test/factories-knowledge.ts';
import { setupTestApp } from '../../../test/harness.ts';
import type { Queryable } from '../../platform/db/database.ts';
import { foldFrequencies } from './documents.ts';
import { planQuery, prefetchQueries, queryLookups, searchArticles } from './search.ts';

const ctx = await setupTestApp();
const lead = await buildUser(ctx, { role: 'lead' });
const outlook = await buildArticle(ctx, lead, {
  title: 'Outlook cannot send email: error 0x800CCC0E',
  problem: 'Outlook shows error 0x800CCC0E when sending messages after the password was changed.',
  cause: 'The saved SMTP credentials are out of date.',
  solution: 'Open Account Settings, update the password, then restart Outlook.',
  language: 'en',
  category: 'Software/Email',
  tags: ['outlook'],
});
// The spelling look-up reads the folded frequencies (as the periodic fold leaves them).
await ctx.database.db.transaction((tx) => foldFrequencies(tx));

/** The database, with the statements sent through it counted. */
function counted(): { tx: Queryable; statements: () => number } {
  const db = ctx.database.db;
  let statements = 0;
  const tx = new Proxy(db, {
    get(target, property, receiver) {
      if (property === 'execute')
        return (query: SQL) => {
          statements += 1;
          return target.execute(query);
        };
      return Reflect.get(target, property, receiver);
    },
  }) as unknown as Queryable;
  return { tx, statements: () => statements };
}

describe('query look-ups shared by a batch (issue 18)', () => {
  it('plans each ticket as alone, and asks for an unknown word and the synonyms once', async () => {
    const texts = [
      'outlok credentials 4711 rejected',
      'outlok credentials 4712 rejected',
      'outlok 打印机 4713',
    ];
    const alone = counted();
    const expected = [];
    for (const text of texts) expected.push(await planQuery(alone.tx, 'article', text));
    // The typo found its spelling (the article's term), as the search always did.
    expect(expected[0]?.[0]?.terms).toContain('outlook');

    const shared = counted();
    const lookups = queryLookups();
    const first = await planQuery(shared.tx, 'article', texts[0] ?? '', lookups);
    expect(first).toEqual(expected[0]);
    const afterFirst = shared.statements();
    // Synonyms, frequencies and a spelling look-up per unknown English word: as alone.
    expect(afterFirst).toBeGreaterThanOrEqual(3);
    expect(await planQuery(shared.tx, 'article', texts[1] ?? '', lookups)).toEqual(expected[1]);
    // Only the new number's frequency: no synonyms, no spelling look-up again.
    expect(shared.statements() - afterFirst).toBe(1);
    expect(await planQuery(shared.tx, 'article', texts[2] ?? '', lookups)).toEqual(expected[2]);
    expect(shared.statements() - afterFirst).toBe(2);
    // Without the shared look-ups, each query asks again.
    expect(alone.statements()).toBeGreaterThan(shared.statements());
  });

  it("reads a batch's frequencies in one statement first, and ranks the articles as alone", async () => {
    const texts = ['Outlook password 5101 credentials', 'Outlook password 5102 credentials'];
    const alone = counted();
    const expected = [];
    for (const text of texts)
      expected.push(
        await searchArticles(alone.tx, lead.actor, await planQuery(alone.tx, 'article', text), 3),
      );
    expect(expected[0]?.[0]?.id).toBe(outlook.id);

    const shared = counted();
    const lookups = queryLookups();
    await prefetchQueries(shared.tx, 'article', texts, lookups);
    // The synonyms and every text's frequencies: two statements for the batch.
    expect(shared.statements()).toBe(2);
    for (const [i, text] of texts.entries()) {
      const before = shared.statements();
      const concepts = await planQuery(shared.tx, 'article', text, lookups);
      // Nothing unknown was asked again; planned as alone.
      expect(shared.statements()).toBe(before);
      expect(await searchArticles(shared.tx, lead.actor, concepts, 3, undefined, lookups)).toEqual(
        expected[i],
      );
    }
    expect(alone.statements()).toBeGreaterThan(shared.statements());
  });

  it('ranks the same known concepts once per batch when asked to (reuseAs), with the hits of ranking alone', async () => {
    // The numbers are in no article: the three plan the same known words; the fourth adds one.
    const texts = [
      'Outlook password 5201 credentials',
      'Outlook password 5202 credentials',
      'Outlook password 5203 credentials',
      'Outlook password 5204 credentials restart',
    ];
    const alone = counted();
    const expected = [];
    for (const text of texts)
      expected.push(
        await searchArticles(alone.tx, lead.actor, await planQuery(alone.tx, 'article', text), 3),
      );
    expect(expected[0]?.[0]?.id).toBe(outlook.id);

    const shared = counted();
    const lookups = queryLookups();
    await prefetchQueries(shared.tx, 'article', texts, lookups);
    const rankings: number[] = [];
    for (const [i, text] of texts.entries()) {
      const concepts = await planQuery(shared.tx, 'article', text, lookups);
      const before = shared.statements();
      const hits = await searchArticles(shared.tx, lead.actor, concepts, 3, undefined, lookups, 'all');
      rankings.push(shared.statements() - before);
      expect(hits).toEqual(expected[i]);
      // A copy: what one caller does with its hits is not the next one's.
      hits.pop();
    }
    // The corpus' size (once) and one ranking for the first three, one more for the fourth's
    // other known word.
    expect(rankings).toEqual([2, 0, 0, 1]);
    // Another reader, or another filter's name, is ranked anew.
    const concepts = await planQuery(shared.tx, 'article', texts[0] ?? '', lookups);
    const before = shared.statements();
    await searchArticles(shared.tx, lead.actor, concepts, 3, undefined, lookups, 'other');
    await searchArticles(
      shared.tx,
      { ...lead.actor, id: lead.actor.id + 1 },
      concepts,
      3,
      undefined,
      lookups,
      'all',
    );
    expect(shared.statements() - before).toBe(2);
  });
});
