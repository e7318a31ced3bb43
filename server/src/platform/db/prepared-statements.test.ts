import { gt, sql } from 'drizzle-orm';
import { integer, pgTable } from 'drizzle-orm/pg-core';
import pg from 'pg';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setupTestApp } from '../../../test/harness.ts';
import { routingRules } from '../../db/schema/routing.ts';
import {
  beginReadOf,
  readWithBegin,
  readWithCommit,
  sendWithNext,
  setReplanAfterMs,
  type Tx,
  transactionByGenericPlans,
  withLiterals,
  withPreparedStatements,
} from './database.ts';

const ctx = await setupTestApp();
const db = ctx.database.db;

/** The statements this connection has prepared whose text contains `marker`. */
const preparedLike = (tx: Parameters<Parameters<typeof db.transaction>[0]>[0], marker: string) =>
  tx.execute<{ name: string }>(
    sql`select name from pg_prepared_statements where statement like ${`%${marker}%`} and name <> ''`,
  );

/** Every statement sent while the spy is on, and the texts one connection sent (`sent.mockRestore()` ends it). */
function spyOnStatements() {
  const sent = vi.spyOn(pg.Client.prototype, 'query');
  const textsOf = (client: unknown) =>
    sent.mock.calls
      .filter((_, i) => sent.mock.contexts[i] === client)
      .map(([config]) =>
        typeof config === 'string' ? config : (config as unknown as { text: string }).text,
      );
  return { sent, textsOf };
}

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

  it('executes by generic plans only in the transaction that asks for them (issue 18)', async () => {
    /** How the connection planned a prepared statement run five times in one transaction. */
    const planned = (generic: boolean, marker: string) => {
      const work = async (tx: Tx) => {
        for (let i = 0; i < 5; i++)
          await tx.execute(sql`select count(*) from tickets where id > ${i} ${sql.raw(`/* ${marker} */`)}`);
        const { rows } = await tx.execute<{ generic_plans: number; custom_plans: number }>(
          sql`select generic_plans, custom_plans from pg_prepared_statements
               where statement like ${`%${marker} */%`} and name <> ''`,
        );
        return {
          plans: rows,
          mode: await tx.execute(sql`select current_setting('plan_cache_mode') as mode`),
        };
      };
      return withPreparedStatements(() =>
        generic ? transactionByGenericPlans(db, work) : db.transaction(work),
      );
    };
    const generic = await planned(true, 'marker-generic');
    expect(generic.plans).toEqual([{ generic_plans: 5, custom_plans: 0 }]);
    // PostgreSQL's own choice: a plan for the parameters on each of the first five executions.
    const own = await planned(false, 'marker-own');
    expect(own.plans).toEqual([{ generic_plans: 0, custom_plans: 5 }]);
    expect(own.mode.rows).toEqual([{ mode: 'auto' }]);
    // The setting ends with its transaction: the connection's next one chooses as before.
    const after = await db.transaction((tx) =>
      tx.execute(sql`select current_setting('plan_cache_mode') as mode`),
    );
    expect(after.rows).toEqual([{ mode: 'auto' }]);
  });

  it('sends the setting with its BEGIN and a statement with its COMMIT, for that transaction alone (stops 32, 40, 41)', async () => {
    const { sent, textsOf } = spyOnStatements();
    try {
      const seen = await transactionByGenericPlans(db, async (tx) => {
        const own = sent.mock.contexts.at(-1);
        // Another transaction begun meanwhile (another connection), and a savepoint in this one:
        // neither is changed.
        // Neither carries this one's statement for its COMMIT either, nor does the database.
        const other = await db.transaction(async (inner) => {
          await inner.execute(sql`select 1`);
          return { client: sent.mock.contexts.at(-1), carries: sendWithNext(inner, sql`select 2`) };
        });
        const inSavepoint = await tx.transaction(async (savepoint) => {
          await savepoint.execute(sql`select 1`);
          return sendWithNext(savepoint, sql`select 3`);
        });
        const mode = await tx.execute<{ mode: string }>(
          sql`select current_setting('plan_cache_mode') as mode`,
        );
        const carries = [sendWithNext(db, sql`select 4`), sendWithNext(tx, sql`select 5 /* with commit */`)];
        return { own, other, inSavepoint, carries, mode: mode.rows[0]?.mode };
      });
      expect(seen.mode).toBe('force_generic_plan');
      const own = textsOf(seen.own);
      expect(own[0]).toBe('begin; set local plan_cache_mode = force_generic_plan');
      expect(own.filter((t) => t.startsWith('set local'))).toEqual([]);
      expect(own.some((t) => t.startsWith('savepoint'))).toBe(true);
      expect(textsOf(seen.other.client)).toContain('begin');
      expect([seen.other.carries, seen.inSavepoint, ...seen.carries]).toEqual([false, false, false, true]);
      expect(own.at(-1)).toBe('select 5 /* with commit */;\ncommit');
      expect(textsOf(seen.other.client).at(-1)).toBe('commit');
    } finally {
      sent.mockRestore();
    }
  });

  it('sends the reads asked for with its BEGIN, their rows as drizzle reads them, for that transaction alone (stop 40)', async () => {
    const team = await db.execute<{ id: number }>(
      sql`insert into teams (name, tier) values ('Begin reads', 'L2') returning id`,
    );
    const teamId = team.rows[0]?.id ?? 0;
    await db.insert(routingRules).values([
      { name: '打印机 "quoted"', order: 2, teamId, match: { keywords: ['打印机'] }, skills: ['a', 'b,c'] },
      { name: 'second', order: 1, teamId, strategy: 'round_robin' },
    ]);
    const read = beginReadOf('test.rules', routingRules, 'order by "order", id');
    const { sent, textsOf } = spyOnStatements();
    try {
      const seen = await transactionByGenericPlans(
        db,
        async (tx) => {
          const own = sent.mock.contexts.at(-1);
          const drizzles = await tx.select().from(routingRules).orderBy(routingRules.order, routingRules.id);
          const inSavepoint = await tx.transaction(async (savepoint) => readWithBegin(savepoint, read.key));
          return {
            own,
            rows: readWithBegin(tx, read.key),
            drizzles,
            inSavepoint,
            other: readWithBegin(db, read.key),
          };
        },
        { readsWithBegin: [read] },
      );
      expect(seen.rows).toHaveLength(2);
      expect(seen.rows).toEqual(seen.drizzles);
      expect(seen.inSavepoint).toBeUndefined();
      expect(seen.other).toBeUndefined();
      const own = textsOf(seen.own);
      expect(own[0]).toBe(`begin; set local plan_cache_mode = force_generic_plan;\n${read.text}`);
      // Sent once, with the BEGIN: no statement of its own.
      expect(own.filter((t) => t.includes(read.text))).toHaveLength(1);
    } finally {
      sent.mockRestore();
      await db.delete(routingRules);
    }
  });

  it('reads with its COMMIT by the statement its connection prepared, and only then (stop 40)', async () => {
    const query = (n: number) => sql`select ${n}::int as n, ${"it's"}::text as s /* marker-commit-read */`;
    const { sent, textsOf } = spyOnStatements();
    try {
      const seen = await transactionByGenericPlans(db, async (tx) => {
        const own = sent.mock.contexts.at(-1);
        // Not yet prepared on this connection: the caller reads it itself.
        const before = readWithCommit(tx, query(1));
        const inside = await withPreparedStatements(async () => await tx.execute<{ n: number }>(query(2)));
        return {
          own,
          before,
          inside: inside.rows,
          after: readWithCommit<{ n: number; s: string }>(tx, query(3)),
        };
      });
      expect(seen.before).toBeNull();
      expect(seen.inside).toEqual([{ n: 2, s: "it's" }]);
      expect(await seen.after).toEqual([{ n: 3, s: "it's" }]);
      expect(textsOf(seen.own).at(-1)).toMatch(/^execute s\d+\(\(3\), 'it''s'\);\ncommit$/);
    } finally {
      sent.mockRestore();
    }
    // A transaction that fails after asking: the read is refused, never left waiting.
    let pending: Promise<unknown> | null = null;
    await expect(
      transactionByGenericPlans(db, async (tx) => {
        await withPreparedStatements(async () => await tx.execute(query(4)));
        pending = readWithCommit(tx, query(5));
        throw new Error('the work failed');
      }),
    ).rejects.toThrow('the work failed');
    expect(pending).not.toBeNull();
    await expect(pending).rejects.toThrow('rolled back');
  });

  it("sends a write with the transaction's next statement, which sees it, or with its COMMIT (stop 41)", async () => {
    await db.execute(sql`create table if not exists send_with_next_test (n int not null)`);
    const table = pgTable('send_with_next_test', { n: integer('n').notNull() });
    const { sent, textsOf } = spyOnStatements();
    try {
      const seen = await transactionByGenericPlans(db, async (tx) => {
        const own = sent.mock.contexts.at(-1);
        const write = (n: number) =>
          expect(sendWithNext(tx, sql`insert into send_with_next_test values (${n})`)).toBe(true);
        // drizzle's select (rows as arrays, mapped to fields), prepared on this connection first.
        const select = () =>
          withPreparedStatements(
            async () => await tx.select({ n: table.n }).from(table).where(gt(table.n, 0)).orderBy(table.n),
          );
        const first = await select();
        write(1);
        const prepared = await select();
        write(2);
        const unparameterised = await tx.execute<{ c: number }>(
          sql`select count(*)::int as c from send_with_next_test`,
        );
        write(3);
        // A parameter that is not a literal: the write goes first, in its own message.
        const dated = await tx.execute<{ c: number }>(
          sql`select count(*)::int as c from send_with_next_test where ${new Date()}::timestamptz is not null`,
        );
        write(4);
        // A savepoint's statement carries it too.
        await tx.transaction(async (savepoint) => savepoint.execute(sql`select 1`));
        write(5);
        return { own, first, prepared, unparameterised: unparameterised.rows, dated: dated.rows };
      });
      expect(seen.first).toEqual([]);
      expect(seen.prepared).toEqual([{ n: 1 }]);
      expect(seen.unparameterised).toEqual([{ c: 2 }]);
      expect(seen.dated).toEqual([{ c: 3 }]);
      const texts = textsOf(seen.own);
      expect(texts).toContainEqual(
        expect.stringMatching(/^insert into send_with_next_test values \(\(1\)\);\nexecute s\d+\(\(0\)\)$/),
      );
      expect(texts).toContain(
        'insert into send_with_next_test values ((2));\nselect count(*)::int as c from send_with_next_test',
      );
      const alone = texts.indexOf('insert into send_with_next_test values ((3))');
      expect(texts[alone + 1]).toMatch(/timestamptz is not null$/);
      expect(texts).toContainEqual(
        expect.stringMatching(/^insert into send_with_next_test values \(\(4\)\);\nsavepoint /),
      );
      expect(texts.at(-1)).toBe('insert into send_with_next_test values ((5));\ncommit');
      const stored = await db.execute<{ n: number }>(sql`select n from send_with_next_test order by n`);
      expect(stored.rows.map((row) => row.n)).toEqual([1, 2, 3, 4, 5]);
    } finally {
      sent.mockRestore();
      await db.execute(sql`delete from send_with_next_test`);
    }
  });

  it("fails the next statement with a waiting write's error, and drops what a rollback undoes (stop 41)", async () => {
    await db.execute(sql`create table if not exists send_with_next_test (n int not null)`);
    const { sent, textsOf } = spyOnStatements();
    try {
      await expect(
        transactionByGenericPlans(db, async (tx) => {
          await tx.execute(sql`insert into send_with_next_test values (1)`);
          sendWithNext(tx, sql`insert into send_with_next_test values (${null})`);
          await tx.execute(sql`select 1`);
        }),
      ).rejects.toMatchObject({
        // drizzle names the statement that carried the write; the write's own error is its cause.
        message: expect.stringMatching(/^Failed query: select 1/),
        cause: expect.objectContaining({ message: expect.stringMatching(/null value in column "n"/) }),
      });
      let own: unknown;
      sent.mockClear();
      await expect(
        transactionByGenericPlans(db, async (tx) => {
          await tx.execute(sql`select 1`);
          own = sent.mock.contexts.at(-1);
          sendWithNext(tx, sql`insert into send_with_next_test values (${2})`);
          throw new Error('the work failed');
        }),
      ).rejects.toThrow('the work failed');
      expect(textsOf(own).filter((t) => t.includes('send_with_next_test'))).toEqual([]);
      const stored = await db.execute(sql`select n from send_with_next_test`);
      expect(stored.rows).toEqual([]);
    } finally {
      sent.mockRestore();
      await db.execute(sql`delete from send_with_next_test`);
    }
  });

  it('writes parameters in as literals that PostgreSQL reads back as they were (stop 40)', async () => {
    const odd = `it's C:\\temp\\x "q" 打印机 🖨️ $1 \n end`;
    const text = withLiterals(
      sql`select ${odd}::text as s, ${-5}::int as n, ${true}::boolean as b, ${null}::text as z, ${JSON.stringify({ odd })}::json as j`,
    );
    expect(text).not.toBeNull();
    const rows = await db.execute<{ s: string; n: number; b: boolean; z: null; j: unknown }>(
      sql.raw(text ?? ''),
    );
    expect(rows.rows).toEqual([{ s: odd, n: -5, b: true, z: null, j: { odd } }]);
    // Anything else is not written in: the caller sends its statement with parameters.
    expect(withLiterals(sql`select ${new Date()}::timestamptz`)).toBeNull();
    expect(withLiterals(sql`select ${Number.NaN}::float8`)).toBeNull();
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
