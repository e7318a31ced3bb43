/**
 * Issue 14: the change calendar and the conflict check at scale. Seeds (SQL, one statement per
 * table) 10,000 assets in clusters with relations (every application runs on a server, every
 * server depends on one of 50 storage arrays: an asset reaches about 200 others) and 50,000
 * changes over three years (1-3 assets each, windows of 1-8 hours), then measures through the
 * HTTP API:
 *   - GET /api/v1/changes/calendar for a month window (random months), and
 *   - the conflict check of a new change: POST /api/v1/changes with 2 assets, whose answer
 *     carries the `conflicts` (related assets, overlapping windows) and the computed risk.
 *
 *   node bench/itsm-calendar.ts --base http://127.0.0.1:4533 --url postgres://... [--runs 300]
 * (bench/run-itsm-calendar.sh starts a fresh server and runs it.)
 */
import pg from 'pg';
import { apiCaller, bearerHeader } from './lib/api.ts';

const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i] ?? '', process.argv[i + 1] ?? '');
const base = args.get('--base') ?? 'http://127.0.0.1:4533';
const url = args.get('--url') ?? '';
const RUNS = Number(args.get('--runs') ?? 300);
const ASSETS = 10_000;
const CHANGES = 50_000;

const client = new pg.Client({ connectionString: url });
await client.connect();
const seeded = Number((await client.query('select count(*)::int as n from changes')).rows[0].n);
if (seeded < CHANGES) {
  const started = performance.now();
  await client.query('begin');
  // 50 storage arrays, 1,990 servers, 7,960 applications (ids in that order).
  await client.query(`
    insert into assets (name, type, criticality)
    select case when g <= 50 then '存储阵列 SAN-' || g when g <= 2040 then '服务器 SRV-' || g else '应用 APP-' || g end,
           case when g <= 50 then 'server' when g <= 2040 then 'server' else 'application' end,
           (array['low','medium','high','critical'])[1 + (g * 7919) % 4]
      from generate_series(1, ${ASSETS}) g`);
  const first = Number((await client.query('select min(id) as id from assets')).rows[0].id) - 1;
  await client.query(`
    insert into asset_relations (from_asset_id, kind, to_asset_id)
    select ${first} + s, 'depends_on', ${first} + 1 + (s % 50) from generate_series(51, 2040) s
    union all
    select ${first} + a, 'runs_on', ${first} + 51 + (a % 1990) from generate_series(2041, ${ASSETS}) a`);
  const owner = Number(
    (await client.query(`select id from users where role = 'admin' order by id limit 1`)).rows[0].id,
  );
  await client.query(`
    insert into changes (type, title, impact, status, computed_risk, risk_factors, planned_start, planned_end, owner_id,
                         outcome, implemented_at)
    select (array['standard','normal','normal','normal','emergency'])[1 + g % 5],
           '变更 ' || g, 'medium',
           (array['draft','submitted','approved','scheduled','implemented','implemented','failed','rejected','reviewed'])[1 + (g * 31) % 9],
           'low', '{"maxCriticality":null,"openIncidents":0,"recentFailedChanges":0,"emergency":false,"score":0}',
           t, t + make_interval(hours => 1 + (g % 8)), ${owner}, null, null
      from (select g, timestamptz '2024-01-01 00:00+00' + make_interval(mins => (g::bigint * 1576337 % (3 * 525600))::int) as t
              from generate_series(1, ${CHANGES}) g) x`);
  await client.query(`update changes set outcome = case status when 'failed' then 'failed' else 'successful' end,
                        implemented_at = planned_end where status in ('implemented', 'failed', 'reviewed')`);
  await client.query(`
    insert into change_assets (change_id, asset_id)
    select distinct c.id, ${first} + 1 + ((c.id * k * 2654435761) % ${ASSETS})
      from changes c cross join generate_series(1, 3) k
     where k <= 1 + c.id % 3
    on conflict do nothing`);
  await client.query('commit');
  await client.query('analyze assets; analyze asset_relations; analyze changes; analyze change_assets');
  console.log(
    `seeded ${ASSETS} assets and ${CHANGES} changes in ${Math.round(performance.now() - started)} ms`,
  );
}
const counts = (
  await client.query(`select (select count(*) from assets)::int as assets, (select count(*) from asset_relations)::int as relations,
     (select count(*) from changes)::int as changes, (select count(*) from change_assets)::int as change_assets`)
).rows[0];
const assetIds = (await client.query('select id from assets order by id')).rows.map((r) => Number(r.id));
if (args.has('--explain')) {
  // The calendar's statement (change-calendar.ts) for one month, as PostgreSQL runs it.
  const plan = await client.query(`explain (analyze, buffers)
    select c.id, c.type, c.title, c.status, coalesce(c.risk_override, c.computed_risk) as risk,
           c.planned_start, c.planned_end, c.review_required, c.owner_id, u.name as owner_name
      from changes c left join identity_users_v u on u.id = c.owner_id
     where tstzrange(c.planned_start, c.planned_end, '[)') && tstzrange('2025-03-01', '2025-04-01', '[)')
       and c.status <> 'rejected'
     order by c.planned_start, c.id limit 2001`);
  console.error(plan.rows.map((r) => r['QUERY PLAN']).join('\n'));
}
await client.end();

const call = apiCaller(base);
const headers = await bearerHeader(call, {
  email: process.env.ADMIN_EMAIL ?? 'admin@example.com',
  password: process.env.ADMIN_PASSWORD ?? 'admin-pass-123',
  tokenName: 'itsm-calendar-bench',
});

let seed = 14;
const rand = () => {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed / 2 ** 31;
};
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
};

async function timed(
  method: string,
  path: string,
  body?: unknown,
): Promise<{ ms: number; json: Record<string, unknown> }> {
  const started = performance.now();
  const answer = await call(method, path, body, headers);
  return { ms: performance.now() - started, json: answer.json };
}

// Warm-up (plans, connections), not counted.
for (let i = 0; i < 10; i++)
  await timed('GET', '/api/v1/changes/calendar?from=2025-03-01T00:00:00Z&to=2025-03-31T00:00:00Z');

const calendar: number[] = [];
const listed: number[] = [];
for (let i = 0; i < RUNS; i++) {
  const month = Math.floor(rand() * 36);
  const from = new Date(Date.UTC(2024, month, 1));
  const to = new Date(Date.UTC(2024, month + 1, 1));
  const { ms, json } = await timed(
    'GET',
    `/api/v1/changes/calendar?from=${from.toISOString()}&to=${to.toISOString()}`,
  );
  calendar.push(ms);
  listed.push((json.changes as unknown[]).length);
}

// The fixed cost of a request on this machine now (auth, transaction, one indexed read): a one-day window.
const day: number[] = [];
for (let i = 0; i < RUNS; i++) {
  const from = new Date(Date.UTC(2024, 0, 1) + Math.floor(rand() * 3 * 365) * 86_400_000);
  const to = new Date(from.getTime() + 86_400_000);
  day.push(
    (await timed('GET', `/api/v1/changes/calendar?from=${from.toISOString()}&to=${to.toISOString()}`)).ms,
  );
}

const conflicts: number[] = [];
const found: number[] = [];
for (let i = 0; i < RUNS; i++) {
  const start = new Date(Date.UTC(2024, 0, 1) + Math.floor(rand() * 3 * 365 * 24) * 3_600_000);
  const pickAsset = () => assetIds[Math.floor(rand() * assetIds.length)] as number;
  const { ms, json } = await timed('POST', '/api/v1/changes', {
    type: 'normal',
    title: `bench ${i}`,
    plannedStart: start.toISOString(),
    plannedEnd: new Date(start.getTime() + 4 * 3_600_000).toISOString(),
    assetIds: [...new Set([pickAsset(), pickAsset()])],
  });
  conflicts.push(ms);
  found.push((json.conflicts as unknown[]).length);
}

const round = (n: number) => Math.round(n * 10) / 10;
const result = {
  counts,
  loadAverage: (await import('node:os')).loadavg().map((n) => round(n)),
  runs: RUNS,
  calendarMonth: {
    p50: round(percentile(calendar, 50)),
    p95: round(percentile(calendar, 95)),
    changesPerMonthAvg: Math.round(listed.reduce((s, n) => s + n, 0) / listed.length),
  },
  calendarDay: { p50: round(percentile(day, 50)), p95: round(percentile(day, 95)) },
  newChangeWithConflictCheck: {
    p50: round(percentile(conflicts, 50)),
    p95: round(percentile(conflicts, 95)),
    conflictsAvg: round(found.reduce((s, n) => s + n, 0) / found.length),
  },
};
console.log(JSON.stringify(result, null, 2));
