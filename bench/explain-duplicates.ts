/**
 * Where the cost of possible duplicates goes at a large history (issue 16): on the database
 * that bench/suggestion-cost.ts seeded (--dir), runs rankDuplicates for --queries open tickets
 * as GET /tickets/:id/possible-duplicates does, and prints EXPLAIN (ANALYZE, BUFFERS) of every
 * statement slower than --slow ms (the search module's candidate query, typically).
 *
 *   node bench/explain-duplicates.ts --dir .tmp/cost-bench-1m --pg-port 4620 [--queries 5] [--slow 5]
 *        [--candidates window|scope|or]
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { type SQL, sql } from 'drizzle-orm';
import { registerModuleErrors } from '../server/src/modules/errors.ts';
import { loadSettings } from '../server/src/modules/triage/model-store.ts';
import { rankDuplicates } from '../server/src/modules/triage/rank-duplicates.ts';
import { OPEN_STATUSES } from '../server/src/modules/triage/suggest-triage.ts';
import { connectDatabase, type Queryable } from '../server/src/platform/db/database.ts';
import { startEmbeddedPostgres } from '../server/src/platform/db/embedded.ts';

registerModuleErrors();

const { values } = parseArgs({
  options: {
    dir: { type: 'string', default: path.resolve(import.meta.dirname, '../.tmp/cost-bench') },
    'pg-port': { type: 'string', default: '4366' },
    queries: { type: 'string', default: '5' },
    slow: { type: 'string', default: '5' },
    candidates: { type: 'string', default: 'window' },
  },
});
const embedded = await startEmbeddedPostgres({
  dataDir: values.dir ?? '',
  port: Number(values['pg-port']),
  persistent: true,
  sharedBuffers: '1GB',
});
const database = connectDatabase(embedded.url, { poolSize: 4 });
const db = database.db;
const slow = Number(values.slow);
// Every statement is timed; a slow one is run again under EXPLAIN (ANALYZE, BUFFERS).
const explaining = new Proxy(db, {
  get(target, key, receiver) {
    if (key !== 'execute') return Reflect.get(target, key, receiver);
    return async (query: SQL) => {
      const started = performance.now();
      const result = await target.execute(query);
      const ms = performance.now() - started;
      if (ms >= slow) {
        const plan = await target.execute<{ 'QUERY PLAN': string }>(
          sql`explain (analyze, buffers, verbose off) ${query}`,
        );
        console.log(`--- ${ms.toFixed(1)} ms\n${plan.rows.map((r) => r['QUERY PLAN']).join('\n')}`);
      }
      return result;
    };
  },
}) as Queryable;
try {
  const settings = await loadSettings(db);
  const picked = await db.execute<{ id: number; requester_id: number }>(sql`
    select id, requester_id from tickets where status in ${OPEN_STATUSES} order by md5(id::text) limit ${Number(values.queries)}`);
  for (const t of picked.rows) {
    const since = new Date(Date.now() - settings.duplicateWindowDays * 86_400_000);
    const started = performance.now();
    const ranked = await rankDuplicates(explaining, {
      ticketId: Number(t.id),
      ...(values.candidates === 'or'
        ? {
            filter: sql`d.status in ${OPEN_STATUSES}
              and (d.owner_id = ${t.requester_id} or d.created_at >= ${since.toISOString()}::timestamptz)`,
          }
        : {
            scope: {
              visibleOwner: null,
              requesterId: Number(t.requester_id),
              since,
              engine: values.candidates === 'scope' ? ('sql' as const) : ('window' as const),
            },
          }),
    });
    console.log(
      `=== ticket ${t.id}: ${ranked.items.length} candidates, ${(performance.now() - started).toFixed(1)} ms (with the explains)`,
    );
  }
} finally {
  await database.close();
  await embedded.stop();
}
