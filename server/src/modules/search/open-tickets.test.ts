import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { setupTestApp } from '../../../test/harness.ts';
import { weighTermVector } from './open-tickets.ts';
import { RANKING } from './ranking.ts';

const ctx = await setupTestApp();
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
