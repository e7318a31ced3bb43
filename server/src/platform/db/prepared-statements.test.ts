import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setupTestApp } from '../../../test/harness.ts';
import { setReplanAfterMs, withPreparedStatements } from './database.ts';

const ctx = await setupTestApp();
const db = ctx.database.db;

/** The statements this connection has prepared whose text contains `marker`. */
const preparedLike = (tx: Parameters<Parameters<typeof db.transaction>[0]>[0], marker: string) =>
  tx.execute<{ name: string }>(
    sql`select name from pg_prepared_statements where statement like ${`%${marker}%`} and name <> ''`,
  );

describe('prepared statements', () => {
  it('prepares the parameterised statements of the work that asks for it, once per connection', async () => {
    await withPreparedStatements(() =>
      db.transaction(async (tx) => {
        for (let i = 0; i < 3; i++) await tx.execute(sql`select ${i}::int as n /* marker-a */`);
        const found = await preparedLike(tx, 'marker-a */');
        expect(found.rows).toHaveLength(1);
      }),
    );
  });

  it('plans everything else on every call (the queue, searches and reports)', async () => {
    await db.transaction(async (tx) => {
      await tx.execute(sql`select ${1}::int as n /* marker-b */`);
      const found = await preparedLike(tx, 'marker-b */');
      expect(found.rows).toHaveLength(0);
    });
  });

  describe('kept plans made anew by age (issue 18)', () => {
    afterEach(() => {
      setReplanAfterMs(2_000);
      vi.restoreAllMocks();
    });
    /** Runs a prepared statement `times` times in one transaction: what the connection was sent. */
    const run = (marker: string, times: number) =>
      withPreparedStatements(() =>
        db.transaction(async (tx) => {
          const sent = vi.spyOn(pg.Client.prototype, 'query');
          for (let i = 0; i < times; i++)
            await tx.execute(sql`select count(*) from tickets where id > ${i} ${sql.raw(`/* ${marker} */`)}`);
          const texts = sent.mock.calls.map(([config]) =>
            typeof config === 'string' ? config : (config as { text: string }).text,
          );
          sent.mockRestore();
          // Still prepared: only the plans went.
          expect((await preparedLike(tx, `${marker} */`)).rows).toHaveLength(1);
          return texts;
        }),
      );

    it("drops a connection's plans before its next prepared statement once they are older than the limit", async () => {
      setReplanAfterMs(0);
      const texts = await run('marker-replan', 8);
      // A DISCARD PLANS before each statement but (on a fresh connection) the first, in order.
      expect(texts.filter((t) => t === 'discard plans').length).toBeGreaterThanOrEqual(7);
      expect(texts.at(-2)).toBe('discard plans');
      expect(texts.at(-1)).toContain('marker-replan');
    });

    it('keeps them while they are young', async () => {
      setReplanAfterMs(60_000);
      const texts = await run('marker-keep', 8);
      expect(texts.filter((t) => t === 'discard plans')).toEqual([]);
      expect(texts.filter((t) => t.includes('marker-keep'))).toHaveLength(8);
    });
  });
});
