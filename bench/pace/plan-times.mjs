// Issue 18: PostgreSQL's planning and execution time by statement during a benchmark run.
// Connects to the desk's PostgreSQL as soon as it is up, turns on pg_stat_statements.track_planning,
// and at the end (the server gone, or --seconds) prints the last reading as JSON: the ticket count
// and, per statement (first 120 characters), calls, plans, plan and execution milliseconds.
// For a benchmark's own database only: it leaves track_planning on there (ALTER SYSTEM).
//   node bench/pace/create.ts --runs 1 --no-ceiling --out .tmp/run.json &
//   node bench/pace/plan-times.mjs postgres://servicedesk:servicedesk@127.0.0.1:4570/servicedesk > .tmp/plans.json
import { parseArgs } from 'node:util';
import pg from 'pg';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { seconds: { type: 'string', default: '150' } },
});
const url = positionals[0];
if (!url) throw new Error('usage: plan-times.mjs POSTGRES_URL [--seconds 150]');
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
let client = null;
for (let i = 0; i < 300 && !client; i++) {
  const candidate = new pg.Client({ connectionString: url });
  try {
    await candidate.connect();
    await candidate.query('select 1 from pg_stat_statements limit 1');
    client = candidate;
  } catch {
    await candidate.end().catch(() => undefined);
    await sleep(300);
  }
}
if (!client) throw new Error('PostgreSQL did not come up');
client.on('error', () => {});
await client.query('alter system set pg_stat_statements.track_planning = on');
await client.query('select pg_reload_conf()');
let last = null;
const until = Date.now() + Number(values.seconds) * 1000;
while (Date.now() < until) {
  try {
    const { rows } = await client.query(`
      select calls::int, plans::int, total_plan_time as plan_ms, total_exec_time as exec_ms,
             left(regexp_replace(query, '\\s+', ' ', 'g'), 120) as query
        from pg_stat_statements where dbid = (select oid from pg_database where datname = current_database())`);
    const tickets = (await client.query('select count(*)::int as n from tickets')).rows[0].n;
    last = { tickets, rows };
  } catch {
    break;
  }
  await sleep(2000);
}
console.log(JSON.stringify(last));
await client.end().catch(() => undefined);
