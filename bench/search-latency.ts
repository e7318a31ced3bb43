/**
 * Search latency at scale: a ServiceDesk with N tickets (bench/seed-tickets.ts) and M
 * knowledge articles (generated zh/en support articles, bench/lib/triage-history.ts), the
 * index rebuilt through POST /search/reindex, then Q searches one at a time through
 * GET /search (agents over all tickets and articles, requesters over their own tickets and
 * public articles) and GET /tickets/:id/similar. Reports p50/p95/p99 per kind.
 * The database stays in --dir, so a second run skips the seeding.
 *
 *   flock /tmp/sd-bench.lock node bench/search-latency.ts --tickets 1000000 --articles 100000
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { buildApp } from '../server/src/app.ts';
import { loadConfig } from '../server/src/config.ts';
import { createUser } from '../server/src/modules/identity/index.ts';
import { connectDatabase, runMigrations } from '../server/src/platform/db/database.ts';
import { startEmbeddedPostgres } from '../server/src/platform/db/embedded.ts';
import { EventHub } from '../server/src/platform/events/events.ts';
import { migrateJobs } from '../server/src/platform/jobs/jobs.ts';
import { generateHistory } from './lib/triage-history.ts';

const { values } = parseArgs({
  options: {
    tickets: { type: 'string', default: '1000000' },
    articles: { type: 'string', default: '100000' },
    queries: { type: 'string', default: '600' },
    dir: { type: 'string', default: '/tmp/sd-search-bench' },
    port: { type: 'string', default: '4240' },
    'pg-port': { type: 'string', default: '4241' },
    out: { type: 'string' },
  },
});
const ticketTarget = Number(values.tickets);
const articleTarget = Number(values.articles);
const dir = values.dir ?? '/tmp/sd-search-bench';
const fresh = !existsSync(path.join(dir, 'pg', 'PG_VERSION'));
await mkdir(dir, { recursive: true });
const embedded = await startEmbeddedPostgres({
  dataDir: dir,
  port: Number(values['pg-port']),
  persistent: true,
  sharedBuffers: '4GB',
});
const database = connectDatabase(embedded.url, { poolSize: 10 });
const log = (m: string) => console.log(`[search-bench ${new Date().toISOString().slice(11, 19)}] ${m}`);
try {
  await runMigrations(database.db);
  await migrateJobs(database.pool);
  const client = new pg.Client({ connectionString: embedded.url });
  await client.connect();
  const count = async (q: string) => Number((await client.query(q)).rows[0].n);
  if (
    fresh ||
    (await count(`select count(*) as n from users where email = 'bench-admin@corp.example'`)) === 0
  ) {
    await database.db.transaction((tx) =>
      createUser({
        tx,
        actor: null,
        input: {
          email: 'bench-admin@corp.example',
          name: 'Bench admin',
          role: 'admin',
          password: 'bench-admin-1',
        },
      }),
    );
  }
  let reindex = false;
  const haveTickets = await count('select count(*) as n from tickets');
  if (haveTickets < ticketTarget) {
    log(`seeding ${ticketTarget - haveTickets} tickets`);
    execFileSync(
      process.execPath,
      [
        path.join(import.meta.dirname, 'seed-tickets.ts'),
        '--url',
        embedded.url,
        '--count',
        String(ticketTarget - haveTickets),
      ],
      { stdio: 'inherit' },
    );
    reindex = true;
  }
  const haveArticles = await count('select count(*) as n from kb_articles');
  if (haveArticles < articleTarget) {
    log(`writing ${articleTarget - haveArticles} articles`);
    const generated = generateHistory(articleTarget - haveArticles, 99);
    for (let i = 0; i < generated.length; i += 5000) {
      const chunk = generated.slice(i, i + 5000);
      await client.query(
        `insert into kb_articles (title, problem, solution, language, category, tags, visibility, status, published_at, reviewed_at)
         select t, p, s, l, c, '{}', v, 'published', now(), now()
           from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) as u(t, p, s, l, c, v)`,
        [
          chunk.map((a, k) => `${a.subject} (${i + k})`),
          chunk.map((a) => a.description),
          chunk.map((a) =>
            a.language === 'zh'
              ? `请按以下步骤处理：1. 确认${a.category}相关设置；2. 重启相关服务；3. 如仍未解决请提交工单。`
              : `Steps: 1. check the ${a.category} settings; 2. restart the service; 3. if it persists, open a ticket.`,
          ),
          chunk.map((a) => (a.language === 'zh' ? 'zh-CN' : 'en')),
          chunk.map((a) => a.category),
          chunk.map((_, k) => ((i + k) % 10 === 0 ? 'internal' : 'public')),
        ],
      );
    }
    reindex = true;
  }
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    DATA_DIR: dir,
    SERVE_WEB: 'false',
    RUN_WORKER: 'false',
    PORT: values.port ?? '4240',
  });
  const app = await buildApp({ db: database.db, config, events: new EventHub(), logger: false });
  await app.listen({ port: Number(values.port), host: '127.0.0.1' });
  const base = `http://127.0.0.1:${values.port}/api/v1`;
  const call = async (method: string, p: string, body?: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${base}${p}`, {
      method,
      headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...headers },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    if (!response.ok) throw new Error(`${method} ${p}: ${response.status} ${await response.text()}`);
    return response;
  };
  const tokenFor = async (email: string, password: string) => {
    const login = await call('POST', '/auth/login', { email, password });
    const cookie = login.headers.get('set-cookie')?.split(';')[0] ?? '';
    const { token } = (await (await call('POST', '/tokens', { name: 'bench' }, { cookie })).json()) as {
      token: string;
    };
    return { authorization: `Bearer ${token}` };
  };
  const admin = await tokenFor('bench-admin@corp.example', 'bench-admin-1');
  if (reindex || (await count(`select count(*) as n from search_documents`)) < ticketTarget + articleTarget) {
    log('reindexing through POST /search/reindex');
    const started = performance.now();
    const result = await (await call('POST', '/search/reindex', undefined, admin)).json();
    log(`reindexed ${JSON.stringify(result)} in ${((performance.now() - started) / 1000).toFixed(0)} s`);
    await client.query('vacuum analyze search_documents');
    await client.query('vacuum analyze search_terms');
  }
  // A requester with tickets of their own, and an agent.
  const requesterEmail = (
    await client.query(`select u.email from users u join tickets t on t.requester_id = u.id
      where u.email like 'bench-requester-%' limit 1`)
  ).rows[0].email as string;
  await client.query(
    `update users set password_hash = (select password_hash from users where email = 'bench-admin@corp.example')
    where email = $1 or email = 'bench-agent-1@corp.example'`,
    [requesterEmail],
  );
  const requester = await tokenFor(requesterEmail, 'bench-admin-1');
  const agent = await tokenFor('bench-agent-1@corp.example', 'bench-admin-1');
  const ticketIds = (await client.query('select id from tickets order by random() limit 100')).rows.map((r) =>
    Number(r.id),
  );

  const queries = generateHistory(Number(values.queries), 7).map((t, i) => {
    const words = t.subject;
    // Some typed with a typo, some with an error code, some long (a whole description).
    if (i % 7 === 0) return `${words} ${t.description}`.slice(0, 200);
    if (i % 11 === 0) return words.replace(/[a-z]{5,}/i, (w) => w.slice(0, 2) + w.slice(3));
    return words;
  });
  const timings: Record<string, number[]> = {
    'agent articles': [],
    'agent tickets': [],
    'requester articles': [],
    'requester tickets': [],
    similar: [],
  };
  const timed = async (kind: string, p: string, headers: Record<string, string>) => {
    const started = performance.now();
    await (await call('GET', p, undefined, headers)).arrayBuffer();
    timings[kind]?.push(performance.now() - started);
  };
  log('warming up');
  for (const q of queries.slice(0, 50))
    await timed('warm', `/search?q=${encodeURIComponent(q)}&limit=10`, agent);
  log(`measuring ${queries.length} queries per kind`);
  for (const [i, q] of queries.entries()) {
    const qs = encodeURIComponent(q);
    await timed('agent articles', `/search?q=${qs}&scope=articles&limit=10`, agent);
    await timed('agent tickets', `/search?q=${qs}&scope=tickets&limit=10`, agent);
    await timed('requester articles', `/search?q=${qs}&scope=articles&limit=10`, requester);
    await timed('requester tickets', `/search?q=${qs}&scope=tickets&limit=10`, requester);
    if (i < ticketIds.length) await timed('similar', `/tickets/${ticketIds[i]}/similar?limit=5`, agent);
  }
  const percentile = (xs: number[], p: number) => {
    const sorted = [...xs].sort((a, b) => a - b);
    return (
      Math.round((sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0) * 10) / 10
    );
  };
  const all = Object.entries(timings)
    .filter(([k]) => k !== 'similar')
    .flatMap(([, v]) => v);
  const report = {
    machine: `${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GB, ${os.type()} ${os.release()}`,
    loadAverageAtEnd: os.loadavg().map((x) => Math.round(x * 100) / 100),
    tickets: await count(`select count(*) as n from search_documents where source = 'ticket'`),
    articles: await count(`select count(*) as n from search_documents where source = 'article'`),
    searchAll: {
      n: all.length,
      p50: percentile(all, 50),
      p95: percentile(all, 95),
      p99: percentile(all, 99),
    },
    byKind: Object.fromEntries(
      Object.entries(timings).map(([k, v]) => [
        k,
        { n: v.length, p50: percentile(v, 50), p95: percentile(v, 95), p99: percentile(v, 99) },
      ]),
    ),
  };
  console.log(JSON.stringify(report, null, 2));
  if (values.out) await writeFile(values.out, `${JSON.stringify(report, null, 2)}\n`);
  await app.close();
  await client.end();
} finally {
  await database.close();
  await embedded.stop();
}
