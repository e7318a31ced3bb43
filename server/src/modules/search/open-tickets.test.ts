import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { buildTicket, buildUser } from '../../../test/factories.ts';
import { setupTestApp } from '../../../test/harness.ts';
import {
  openTicketPrunedRankings,
  rankOpenTickets,
  setOpenTicketPruning,
  weighTermVector,
} from './open-tickets.ts';
import { RANKING } from './ranking.ts';
import { describingTerms } from './similar-tickets.ts';

const ctx = await setupTestApp();
const OPEN_STATUSES = [
  'new',
  'open',
  'in_progress',
  'pending_requester',
  'pending_vendor',
  'pending_approval',
];
const { A, B, C, D } = RANKING.ticket.weights;

/** The weighting as the window's statement computed it in SQL before (unnest of the vector, per lexeme). */
async function weighedBySql(vector: string): Promise<Map<string, number>> {
  const result = await ctx.database.db.execute<{ lexeme: string; tf: number | null }>(sql`
    select u.lexeme, (select sum(case x when 'A' then ${A}::float8 when 'B' then ${B}::float8
                                        when 'C' then ${C}::float8 else ${D}::float8 end)
                        from unnest(u.weights) x) as tf
      from unnest(${vector}::tsvector) u`);
  return new Map(result.rows.map((r) => [r.lexeme, Number(r.tf ?? 0)]));
}

describe('weighTermVector (the window of open tickets reads term vectors as text)', () => {
  it("weighs every lexeme's positions by field exactly as the SQL unnest did, quotes, backslashes and Chinese included", async () => {
    const vectors = [
      sql`setweight(to_tsvector('simple', 'VPN 无法 连接 it''s'), 'A') || setweight(to_tsvector('simple', 'vpn again vpn'), 'B')`,
      sql`setweight(to_tsvector('simple', 'a\\b back\\\\slash x:y'), 'C') || to_tsvector('simple', 'plain plain 打印机')`,
      sql`$$'it''s':1A,3,7B 'a\\\\b':2C 'q''''':4D,5A 'stripped' 'x:y':9$$::tsvector`,
      sql`''::tsvector`,
    ];
    for (const vector of vectors) {
      const text =
        (await ctx.database.db.execute<{ t: string }>(sql`select (${vector})::text as t`)).rows[0]?.t ?? '';
      const weighed = weighTermVector(text);
      expect([...weighed.entries()].sort()).toEqual([...(await weighedBySql(text)).entries()].sort());
    }
    // The cases that matter are there: a doubled quote, an escaped backslash, a lexeme without positions.
    const text =
      (await ctx.database.db.execute<{ t: string }>(sql`select ${vectors[2]}::text as t`)).rows[0]?.t ?? '';
    expect(weighTermVector(text)).toEqual(
      new Map([
        ['a\\b', C],
        ["it's", A + D + B],
        ["q''", D + A],
        ['stripped', 0],
        ['x:y', D],
      ]),
    );
  });
});

describe('rankOpenTickets stops looking for new tickets when the commonest words cannot lift one (issue 16)', () => {
  it('ranks exactly as without the stop', async () => {
    const requester = await buildUser(ctx);
    const other = await buildUser(ctx);
    for (let i = 0; i < 24; i++)
      await buildTicket(ctx, i % 2 ? requester : other, {
        subject: `打印机无法打印 ${i}`,
        description: `办公室的打印机今天无法打印文件，第 ${i} 次`,
      });
    for (let i = 0; i < 8; i++)
      await buildTicket(ctx, i % 2 ? requester : other, {
        subject: `VPN 连接报错 ERR-4471 ${i}`,
        description: `VPN 客户端连接报错 ERR-4471，今天无法打印文件`,
      });
    const text = { title: 'VPN 连接报错 ERR-4471', body: 'VPN 客户端连接报错 ERR-4471，今天也无法打印文件' };
    const current = await buildTicket(ctx, requester, { subject: text.title, description: text.body });
    const { concepts, frequencies } = await describingTerms(ctx.database.db, text);
    for (const limit of [3, 5, 8]) {
      const query = {
        concepts,
        frequencies,
        ticketId: current.id,
        since: new Date(Date.now() - 7 * 86_400_000),
        requesterId: requester.user.id,
        openStatuses: OPEN_STATUSES,
        visibleOwner: null,
        limit,
      };
      const stops = openTicketPrunedRankings();
      const stopped = await rankOpenTickets(ctx.database.db, query);
      expect(openTicketPrunedRankings()).toBe(stops + 1);
      setOpenTicketPruning(false);
      try {
        expect(stopped).toEqual(await rankOpenTickets(ctx.database.db, query));
      } finally {
        setOpenTicketPruning(true);
      }
      expect(stopped.items).toHaveLength(limit);
    }
  });
});
