/**
 * Cost of one suggestion with a large history (issue 16): a database of --tickets seeded
 * tickets (bench/seed-tickets.ts, mixed zh/en, two years), the search index rebuilt, a triage
 * model trained from its resolved and closed tickets; then for --queries random open tickets,
 * one at a time, in process (no HTTP):
 *   triage      predictFields (terms + the three classifiers), as POST /triage/suggest and intake do
 *   duplicates  what GET /tickets/:id/possible-duplicates computes: rankDuplicates over the open
 *               tickets of the requester or of the duplicate window, beside the calibrated threshold
 * Reports p50/p95/p99 of each and of their sum. The database stays in --dir (a second run
 * skips seeding, indexing and training). --candidates window (default): the fourth round's window
 * of open tickets kept in process (search/open-tickets.ts; the first read loads it and is reported
 * apart as `firstRead`); scope: the third round's candidate query (--recent-window n: newest open
 * tickets of the window matched word by word); or: the scope as one condition with ORs (before
 * the third round). --changes n: before each timed read, n random open tickets' index rows are
 * rewritten (not timed), so that every read also brings its window up to date.
 *
 *   node bench/suggestion-cost.ts --tickets 100000 [--queries 300] [--dir .tmp/cost-bench]
 *        [--candidates window|scope|or] [--recent-window 2000] [--recent-cap 400] [--rerank 200]
 *        [--changes 5] [--agreement] [--retrain]
 */
import { execFileSync } from 'node:child_process';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import path from 'node:path';
import { PerformanceObserver } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { registerModuleErrors } from '../server/src/modules/errors.ts';
import { reindexEverything } from '../server/src/modules/search/index.ts';
import { duplicateThreshold } from '../server/src/modules/triage/duplicate-threshold.ts';
import { loadSettings } from '../server/src/modules/triage/model-store.ts';
import {
  DUPLICATE_FIRST_PASS,
  DUPLICATE_RECENT_WINDOW,
  rankDuplicates,
} from '../server/src/modules/triage/rank-duplicates.ts';
import { OPEN_STATUSES, predictFields } from '../server/src/modules/triage/suggest-triage.ts';
import { trainTriage } from '../server/src/modules/triage/train-triage.ts';
import { connectDatabase, runMigrations } from '../server/src/platform/db/database.ts';
import { runningPostmaster, startEmbeddedPostgres } from '../server/src/platform/db/embedded.ts';
import { migrateJobs } from '../server/src/platform/jobs/jobs.ts';

// Use cases are called here without the app: their error codes are registered as the registry does.
registerModuleErrors();

const { values } = parseArgs({
  options: {
    tickets: { type: 'string', default: '100000' },
    queries: { type: 'string', default: '300' },
    dir: { type: 'string', default: path.resolve(import.meta.dirname, '../.tmp/cost-bench') },
    'pg-port': { type: 'string', default: '4366' },
    out: { type: 'string' },
    candidates: { type: 'string', default: 'window' },
    changes: { type: 'string', default: '0' },
    'recent-window': { type: 'string' },
    'recent-cap': { type: 'string' },
    rerank: { type: 'string' },
    /** Also rank each ticket the 'or' way (not timed) and report how much of its top 5 the timed way keeps. */
    agreement: { type: 'boolean', default: false },
    /** Train a new model even when the kept database has one (the classifier changed). */
    retrain: { type: 'boolean', default: false },
    /**
     * Where the time of a timed read goes: each statement's time by its first words, garbage
     * collection (PerformanceObserver 'gc') inside the timed reads, and the slowest reads.
     */
    trace: { type: 'boolean', default: false },
  },
});
const target = Number(values.tickets);
const dir = values.dir ?? '';
await mkdir(dir, { recursive: true });
const log = (m: string) => console.log(`[suggestion-cost ${new Date().toISOString().slice(11, 19)}] ${m}`);
const embedded = await startEmbeddedPostgres({
  dataDir: dir,
  port: Number(values['pg-port']),
  persistent: true,
  sharedBuffers: '1GB',
});
const database = connectDatabase(embedded.url, { poolSize: 4 });
const db = database.db;
// --trace: statements by their first words (time from sending to the answer), only while timing.
let tracing = false;
const statements = new Map<string, { count: number; ms: number[] }>();
const gcPauses: { start: number; duration: number }[] = [];
if (values.trace) {
  const pool = database.pool as unknown as { query: (...args: unknown[]) => Promise<unknown> };
  const query = pool.query.bind(pool);
  pool.query = async (...args: unknown[]) => {
    if (!tracing) return query(...args);
    const config = args[0] as string | { text: string };
    const text = (typeof config === 'string' ? config : config.text).replace(/\s+/g, ' ').trim();
    const key = text.slice(0, 70);
    const started = performance.now();
    try {
      return await query(...args);
    } finally {
      const entry = statements.get(key) ?? { count: 0, ms: [] };
      entry.count += 1;
      entry.ms.push(performance.now() - started);
      statements.set(key, entry);
    }
  };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) gcPauses.push({ start: e.startTime, duration: e.duration });
  }).observe({ entryTypes: ['gc'] });
}
const count = async (query: ReturnType<typeof sql>) =>
  Number((await db.execute<{ n: number }>(query)).rows[0]?.n ?? 0);
try {
  await runMigrations(db);
  await migrateJobs(database.pool);
  const have = await count(sql`select count(*)::int as n from tickets`);
  if (have < target) {
    log(`seeding ${target - have} tickets`);
    execFileSync(
      process.execPath,
      [
        path.join(import.meta.dirname, 'seed-tickets.ts'),
        '--url',
        embedded.url,
        '--count',
        String(target - have),
      ],
      { stdio: 'inherit' },
    );
  }
  if ((await count(sql`select count(*)::int as n from search_documents where source = 'ticket'`)) < target) {
    log('indexing');
    const started = performance.now();
    await reindexEverything(db);
    log(`indexed in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  }
  if (values.retrain || (await count(sql`select count(*)::int as n from triage_models`)) === 0) {
    log('training');
    const started = performance.now();
    const trained = await trainTriage({ db, actor: null });
    log(`trained on ${trained.samples} tickets in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  }
  const tickets = await count(sql`select count(*)::int as n from tickets`);
  const picked = await db.execute<{
    id: number;
    subject: string;
    description: string;
    requester_id: number;
  }>(sql`
    select id, subject, description, requester_id from tickets
     where status in ${OPEN_STATUSES} order by md5(id::text) limit ${Number(values.queries)}`);
  const settings = await loadSettings(db);
  // CPU time (this process and the database's backends) beside wall-clock time: on two cores
  // shared with other sessions the wall clock mostly measures the wait for a core.
  const postmaster = await runningPostmaster(dir);
  // The postmaster's children, found by a scan of /proc now and then (reading every process's
  // stat for each query made garbage that the timed part then collected), each read for each query.
  let children: string[] = [];
  const findChildren = async () => {
    const found: string[] = [];
    for (const entry of await readdir('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const stat = await readFile(`/proc/${entry}/stat`, 'utf8');
        if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === postmaster?.pid)
          found.push(entry);
      } catch {
        // The process ended meanwhile.
      }
    }
    children = found;
  };
  const databaseCpuMs = async () => {
    if (!postmaster) return 0;
    let ticks = 0;
    for (const entry of children) {
      try {
        const stat = await readFile(`/proc/${entry}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        // After the command: state, ppid, ..., utime (14th field of the line), stime (15th).
        if (Number(fields[1]) === postmaster.pid) ticks += Number(fields[11]) + Number(fields[12]);
      } catch {
        // The process ended meanwhile.
      }
    }
    return ticks * 10; // USER_HZ = 100
  };
  const cpu: number[] = [];
  const processCpu: number[] = [];
  const kept: number[] = [];
  const asGood: number[] = [];
  const asGoodTogether: number[] = [];
  const triage: number[] = [];
  const duplicates: number[] = [];
  const total: number[] = [];
  let shown = 0;
  let firstRead: { triageMs: number; duplicatesMs: number; cpuMs: number } | null = null;
  const reads: { i: number; id: number; ms: number; from: number; to: number }[] = [];
  // The timed reads in the clock of a V8 CPU profile (µs), for bench/pace/profile-top.ts --from/--to.
  const profileWindow = { fromUs: 0, toUs: 0 };
  const changes = Number(values.changes);
  // One warm-up query (model load, threshold calibration), not counted.
  for (const [i, t] of [picked.rows[0], ...picked.rows].entries()) {
    if (!t) continue;
    if (i > 0 && changes > 0) {
      // Other agents' work between two reads: index rows rewritten (the trigger moves indexed_at).
      await db.execute(sql`update search_documents set status = status where source = 'ticket' and source_id in (
        select id from tickets where status in ${OPEN_STATUSES} order by random() limit ${changes})`);
    }
    if (i % 10 === 0) await findChildren();
    const databaseBefore = await databaseCpuMs();
    const cpuBefore = process.cpuUsage();
    tracing = i > 0;
    if (i === 1) profileWindow.fromUs = Number(process.hrtime.bigint() / 1000n);
    const a = performance.now();
    await predictFields(db, { subject: t.subject.slice(0, 200), description: t.description.slice(0, 20000) });
    const b = performance.now();
    const since = new Date(Date.now() - settings.duplicateWindowDays * 86_400_000);
    // As listPossibleDuplicates: the ranking and the calibrated threshold side by side.
    const [ranked, threshold] = await Promise.all([
      rankDuplicates(db, {
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
                ...(values['recent-window'] ? { recentWindow: Number(values['recent-window']) } : {}),
                ...(values['recent-cap'] ? { recentCap: Number(values['recent-cap']) } : {}),
                ...(values.rerank ? { rerank: Number(values.rerank) } : {}),
              },
            }),
      }),
      duplicateThreshold(db),
    ]);
    const c = performance.now();
    tracing = false;
    reads.push({ i, id: Number(t.id), ms: c - a, from: a, to: c });
    const own = process.cpuUsage(cpuBefore);
    const databaseSpent = (await databaseCpuMs()) - databaseBefore;
    if (i === 0) {
      firstRead = {
        triageMs: Math.round((b - a) * 10) / 10,
        duplicatesMs: Math.round((c - b) * 10) / 10,
        cpuMs: Math.round(((own.user + own.system) / 1000 + databaseSpent) * 10) / 10,
      };
      continue;
    }
    cpu.push((own.user + own.system) / 1000 + databaseSpent);
    processCpu.push((own.user + own.system) / 1000);
    shown += ranked.items.filter((item) => item.sameProblem >= threshold.value).slice(0, 5).length;
    if (values.agreement) {
      const reference = await rankDuplicates(db, {
        ticketId: Number(t.id),
        filter: sql`d.status in ${OPEN_STATUSES}
          and (d.owner_id = ${t.requester_id} or d.created_at >= ${since.toISOString()}::timestamptz)`,
      });
      // Seeded tickets repeat a few dozen texts: many candidates tie, and which of equals comes
      // first is arbitrary. So: the same tickets, and at each of the 5 ranks as good a score.
      const mine = ranked.items.slice(0, 5);
      const theirs = reference.items.slice(0, 5);
      const ids = new Set(mine.map((item) => item.id));
      kept.push(theirs.length ? theirs.filter((item) => ids.has(item.id)).length / theirs.length : 1);
      // The same-problem score depends on the candidate set (score / best candidate's, rarity among
      // candidates): both lists' candidates scored together, then each list's top 5 compared rank by rank.
      const union = [...new Set([...ranked.items, ...reference.items].map((item) => item.id))];
      if (union.length) {
        const common = await rankDuplicates(db, {
          ticketId: Number(t.id),
          filter: sql`d.source_id in ${union}`,
          candidates: union.length,
        });
        const scoreOf = new Map(common.items.map((item) => [item.id, item.sameProblem]));
        const top = (list: typeof mine) =>
          list.map((item) => scoreOf.get(item.id) ?? 0).sort((x, y) => y - x);
        const a = top(mine);
        const b = top(theirs);
        asGoodTogether.push(
          b.length ? b.filter((score, rank) => (a[rank] ?? -1) >= score - 0.001).length / b.length : 1,
        );
      }
      asGood.push(
        theirs.length
          ? theirs.filter((item, rank) => (mine[rank]?.sameProblem ?? -1) >= item.sameProblem - 0.001)
              .length / theirs.length
          : 1,
      );
    }
    triage.push(b - a);
    duplicates.push(c - b);
    total.push(c - a);
  }
  const pct = (xs: number[], q: number) => {
    const sorted = [...xs].sort((x, y) => x - y);
    return Math.round((sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))] ?? 0) * 10) / 10;
  };
  const summary = (xs: number[]) => ({ p50: pct(xs, 0.5), p95: pct(xs, 0.95), p99: pct(xs, 0.99) });
  const report = {
    tickets,
    candidates: values.candidates,
    changesPerRead: changes,
    firstRead,
    recentWindow:
      values.candidates !== 'scope' ? null : Number(values['recent-window'] ?? DUPLICATE_RECENT_WINDOW),
    recentCap:
      values.candidates !== 'scope' ? null : Number(values['recent-cap'] ?? DUPLICATE_FIRST_PASS.recentCap),
    rerank: values.candidates !== 'scope' ? null : Number(values.rerank ?? DUPLICATE_FIRST_PASS.rerank),
    loadAverage: loadavg().map((v) => Math.round(v * 100) / 100),
    queries: total.length,
    triage: summary(triage),
    duplicates: summary(duplicates),
    suggestion: summary(total),
    // Ticks of 10 ms for the database: the mean over the queries is what to read.
    suggestionCpuMs: {
      mean: Math.round((cpu.reduce((x, y) => x + y, 0) / (cpu.length || 1)) * 10) / 10,
      // Of which this process (the rest: the database's backends, including autovacuum).
      process: Math.round((processCpu.reduce((x, y) => x + y, 0) / (processCpu.length || 1)) * 10) / 10,
    },
    shownPerTicket: Math.round((shown / (total.length || 1)) * 100) / 100,
    ...(values.agreement
      ? {
          top5KeptFromOr: Math.round((kept.reduce((x, y) => x + y, 0) / (kept.length || 1)) * 1000) / 1000,
          top5RanksAsGoodAsOr:
            Math.round((asGood.reduce((x, y) => x + y, 0) / (asGood.length || 1)) * 1000) / 1000,
          top5RanksAsGoodAsOrScoredTogether:
            Math.round((asGoodTogether.reduce((x, y) => x + y, 0) / (asGoodTogether.length || 1)) * 1000) /
            1000,
        }
      : {}),
  };
  if (values.trace) {
    const timed = reads.filter((r) => r.i > 0);
    const gcIn = (r: (typeof reads)[0]) =>
      gcPauses
        .filter((g) => g.start < r.to && g.start + g.duration > r.from)
        .reduce((sum, g) => sum + Math.min(g.start + g.duration, r.to) - Math.max(g.start, r.from), 0);
    const withGc = timed.map((r) => ({ ...r, gc: gcIn(r) }));
    const round = (x: number) => Math.round(x * 100) / 100;
    Object.assign(report, {
      trace: {
        profileWindow: { ...profileWindow, toUs: Number(process.hrtime.bigint() / 1000n) },
        gcMsPerRead: round(withGc.reduce((s, r) => s + r.gc, 0) / (withGc.length || 1)),
        readsWithGcOver1Ms: withGc.filter((r) => r.gc > 1).length,
        suggestionWithoutGc: summary(withGc.map((r) => r.ms - r.gc)),
        slowest: [...withGc]
          .sort((x, y) => y.ms - x.ms)
          .slice(0, 12)
          .map((r) => ({ read: r.i, ticket: r.id, ms: round(r.ms), gcMs: round(r.gc) })),
        statementsPerRead: round(
          [...statements.values()].reduce((s, e) => s + e.count, 0) / (timed.length || 1),
        ),
        statements: [...statements.entries()]
          .map(([text, e]) => ({ text, perRead: round(e.count / (timed.length || 1)), ...summary(e.ms) }))
          .sort((x, y) => y.perRead * y.p50 - x.perRead * x.p50),
      },
    });
  }
  console.log(JSON.stringify(report, null, 2));
  if (values.out) await writeFile(values.out, `${JSON.stringify(report, null, 2)}\n`);
} finally {
  await database.close();
  await embedded.stop();
}
