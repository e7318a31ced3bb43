import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { buildUser } from '../../../test/factories.ts';
import { buildArticle } from '../../../test/factories-knowledge.ts';
import { setupTestApp } from '../../../test/harness.ts';
import type { Tx } from '../../platform/db/database.ts';
import { foldFrequencies } from './documents.ts';
import { ticketVectorsOf } from './open-tickets.ts';
import { planQuery, searchArticles } from './search.ts';
import { closestTerms, rankDocuments } from './search-engine.ts';

const ctx = await setupTestApp();
const db = ctx.database.db;
const lead = await buildUser(ctx, { role: 'lead' });
const vpn = await buildArticle(ctx, lead, {
  title: 'VPN client disconnects every few minutes',
  problem: 'The VPN client drops the tunnel and reconnects; error 809 after the laptop sleeps.',
  cause: 'The power settings turn the network adapter off.',
  solution: 'Turn off "allow the computer to turn off this device" for the adapter, then reconnect.',
  language: 'en',
  category: 'Network/VPN',
  tags: ['vpn'],
});
await db.transaction((tx) => foldFrequencies(tx));

interface Prepared extends Record<string, unknown> {
  statement: string;
  generic_plans: number;
  custom_plans: number;
}

/** The statements this transaction's connection keeps prepared, with how each was planned. */
const preparedOn = async (tx: Tx) =>
  (
    await tx.execute<Prepared>(
      sql`select statement, generic_plans::int, custom_plans::int from pg_prepared_statements where name <> ''`,
    )
  ).rows;

describe('search statements planned once per connection (issue 18)', () => {
  it("prepares the articles' ranking, and PostgreSQL keeps its plan once it has weighed five", async () => {
    const found = await db.transaction(async (tx) => {
      const hits = [];
      // A triage batch's kinds of tickets, each ranked against the articles once: the same
      // statement with other words.
      for (const text of ['vpn disconnects', 'vpn error 809', 'adapter reconnect', 'vpn tunnel drops']) {
        for (let round = 0; round < 3; round++)
          hits.push(await searchArticles(tx, lead.actor, await planQuery(tx, 'article', text), 5));
      }
      return { hits, prepared: await preparedOn(tx) };
    });
    // The answers are the ranking's as before: the article, for each text.
    for (const hits of found.hits) expect(hits.map((h) => h.id)).toEqual([vpn.id]);
    const rankings = found.prepared.filter((p) => p.statement.includes("d.source = 'article'"));
    expect(rankings.length).toBeGreaterThan(0);
    const runs = rankings.reduce((n, p) => n + p.generic_plans + p.custom_plans, 0);
    expect(runs).toBe(12);
    // Planned for their words five times, then run by the kept plan.
    expect(rankings.reduce((n, p) => n + p.generic_plans, 0)).toBeGreaterThan(0);
    // The frequencies' read too (a read by key, whatever the words).
    expect(found.prepared.some((p) => p.statement.includes('from search_term_deltas'))).toBe(true);
  });

  it("prepares the spelling look-up and the tickets' vectors by key, never the tickets' ranking", async () => {
    const prepared = await db.transaction(async (tx) => {
      expect(await closestTerms(tx, 'article', 'disconect')).toContain('disconnect');
      expect(await ticketVectorsOf(tx, [1, 2])).toEqual([]);
      await rankDocuments(tx, {
        source: 'ticket',
        concepts: [{ terms: ['vpn'], boost: 1 }],
        filter: sql`true`,
        limit: 5,
        stats: { documents: 10, averageLength: 20, at: Date.now() },
        frequencies: new Map([['vpn', 2]]),
      });
      return preparedOn(tx);
    });
    expect(prepared.some((p) => p.statement.includes('term % '))).toBe(true);
    expect(prepared.some((p) => p.statement.includes('d.source_id = any('))).toBe(true);
    // Its candidates depend on how common the words are among up to millions of tickets.
    const ranking = (p: Prepared) =>
      p.statement.includes('with q as') && p.statement.includes("d.source = 'ticket'");
    expect(prepared.some(ranking)).toBe(false);
  });
});
