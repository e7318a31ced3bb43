import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { setupTestApp } from '../../../test/harness.ts';
import { withPreparedStatements } from './database.ts';

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
});
