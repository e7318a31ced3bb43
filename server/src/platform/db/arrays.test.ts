import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { setupTestApp } from '../../../test/harness.ts';
import { idArray } from './id-array.ts';
import { textArray } from './text-array.ts';

const ctx = await setupTestApp();
const db = ctx.database.db;

describe('array parameters', () => {
  it('give PostgreSQL every text exactly as it was, whatever it holds', async () => {
    const texts = [
      'plain',
      'a,b',
      '{braces}',
      'say "hi"',
      'back\\slash',
      'ends with \\',
      '',
      'NULL',
      ' spaced ',
      '网络故障',
      '😀 and \u00e9',
    ];
    const result = await db.execute<{ v: string }>(sql`select unnest(${textArray(texts)}) as v`);
    expect(result.rows.map((r) => r.v)).toEqual(texts);
    const none = await db.execute(sql`select unnest(${textArray([])}) as v`);
    expect(none.rows).toEqual([]);
  });

  it('give PostgreSQL the ids as numbers', async () => {
    const result = await db.execute<{ v: string }>(
      sql`select unnest(${idArray([3, 1, 9_007_199_254_740_991])})::text as v`,
    );
    expect(result.rows.map((r) => r.v)).toEqual(['3', '1', '9007199254740991']);
  });
});
