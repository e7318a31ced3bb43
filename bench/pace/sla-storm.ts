/**
 * Issue 18: an SLA storm after an outage. A fresh desk (as scripts/start.sh runs it) with a policy
 * whose three targets are one minute, round the clock, for the bench tickets' category; `--tickets`
 * new tickets at 32 connections; the desk stopped (SIGTERM) before the first warning is due; the
 * desk down until every ticket's warnings and breaches are due; then started again, and from the
 * moment it answers, the tickets whose timers are due (its /metrics' `servicedesk_backlog{kind="sla_timers"}`)
 * every 0.5 s until none is left: how long a desk back from an outage takes to give the
 * alerts it owes, its rate, the server's CPU a ticket, and whether each alert was given exactly
 * once (sla_alerts, one row a ticket, clock, cycle and kind). Ports 4565 and 4575 unless given.
 *
 *   node bench/pace/sla-storm.ts [--tickets 10000] [--drain-limit 600] [--out bench/results/issue18-sla-storm.json]
 *        [--track-planning (PostgreSQL's planning too)] [--breach-actions (the policy raises the priority
 *        and moves the ticket to the next tier on each breach)] [--root DIR (another checkout's server)]
 */
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { apiCaller, bearerHeader } from '../lib/api.ts';
import {
  BENCH_ADMIN,
  backlogOnMetrics,
  cpuSeconds,
  createTickets,
  loadavg,
  machine,
  ownCpuSeconds,
  ROOT,
  resetStatements,
  sleep,
  startDesk,
  stopChild,
  topStatements,
  waitFor,
} from './lib.ts';

const { values } = parseArgs({
  options: {
    tickets: { type: 'string', default: '10000' },
    port: { type: 'string', default: '4565' },
    'pg-port': { type: 'string', default: '4575' },
    'drain-limit': { type: 'string', default: '600' },
    /** PostgreSQL's planning too (pg_stat_statements.track_planning, set in this bench's own data directory). */
    'track-planning': { type: 'boolean', default: false },
    /** The policy's breach actions on: each breach raises the priority and moves the ticket to the next tier. */
    'breach-actions': { type: 'boolean', default: false },
    /** Another checkout's server (the code before, in an A/B), on the same bench. */
    root: { type: 'string' },
    out: { type: 'string' },
  },
});
const TICKETS = Number(values.tickets);
const PORT = Number(values.port);
const PG_PORT = Number(values['pg-port']);
const DRAIN_LIMIT_MS = Number(values['drain-limit']) * 1000;
if (!(TICKETS > 0 && TICKETS <= 200_000)) throw new Error('--tickets: 1..200000');
const BASE = `http://127.0.0.1:${PORT}`;
const DATA = path.join(ROOT, '.tmp/pace-sla-storm');
/** The bench bodies' category (lib.ts ticketBody), which the bench's policy governs. */
const CATEGORY = '软件/财务系统';
const TARGET_MINUTES = 1;

const desk = () =>
  startDesk({
    dataDir: DATA,
    port: PORT,
    pgPort: PG_PORT,
    root: values.root ? path.resolve(values.root) : ROOT,
    env: { DEMO_DATA: 'true' },
  });
/** The tickets whose warning or breach is due and not yet given, as the desk's /metrics says. */
const due = async () => (await backlogOnMetrics(BASE)).sla_timers;

rmSync(DATA, { recursive: true, force: true });
let server = desk();
const results: Record<string, unknown> = {
  machine: machine(),
  at: new Date().toISOString(),
  tickets: TICKETS,
};
const db = new pg.Client({
  connectionString: `postgres://servicedesk:servicedesk@127.0.0.1:${PG_PORT}/servicedesk`,
});
try {
  await waitFor(`${BASE}/readyz`);
  const call = apiCaller(BASE);
  const auth = await bearerHeader(call, { ...BENCH_ADMIN, tokenName: 'sla-storm' });
  const minute = {
    firstResponseMinutes: TARGET_MINUTES,
    updateMinutes: TARGET_MINUTES,
    resolutionMinutes: TARGET_MINUTES,
  };
  const policy = await call(
    'POST',
    '/api/v1/sla-policies',
    {
      name: 'Bench storm: one minute',
      order: 0,
      match: { category: [CATEGORY] },
      calendarId: null,
      targets: { P1: minute, P2: minute, P3: minute, P4: minute },
      ...(values['breach-actions']
        ? { breachActions: { raisePriority: true, escalateToNextTier: true } }
        : {}),
    },
    auth,
  );
  const opened = Date.now();
  const burst = await createTickets(auth, {
    url: BASE,
    connections: 32,
    amount: TICKETS,
    headers: { origin: BASE },
  });
  results.created = {
    perSecond: Math.round(burst.requests.average),
    non2xx: burst.non2xx,
    errors: burst.errors,
  };
  await db.connect();
  const clocks = await db.query<{ n: number; first_due: Date; last_due: Date }>(
    `
    select count(*)::int as n, min(next_timer_at) as first_due,
           max(greatest(first_response_due_at, next_update_due_at, resolution_due_at)) as last_due
      from ticket_sla where policy_id = $1`,
    [policy.json.id],
  );
  const {
    n,
    first_due: firstDue,
    last_due: lastDue,
  } = clocks.rows[0] ?? { n: 0, first_due: new Date(), last_due: new Date() };
  if (n < TICKETS) throw new Error(`only ${n} of ${TICKETS} tickets have the bench's clocks`);
  if (firstDue.getTime() <= Date.now())
    throw new Error('a timer came due before the desk was stopped: fewer --tickets');
  if (values['track-planning']) await db.query('alter system set pg_stat_statements.track_planning = on');
  await db.end();
  await stopChild(server, 'SIGTERM', 60_000);
  const stoppedAt = Date.now();
  // Down until every breach of every ticket is due, and a little more.
  await sleep(Math.max(0, lastDue.getTime() - Date.now()) + 5_000);
  results.outage = {
    openedInS: Number(((stoppedAt - opened) / 1000).toFixed(1)),
    downS: Number(((Date.now() - stoppedAt) / 1000).toFixed(1)),
  };

  const restarted = Date.now();
  server = desk();
  await waitFor(`${BASE}/readyz`);
  const answering = Date.now();
  const cpuBefore = cpuSeconds(server.pid ?? 0);
  const nodeBefore = ownCpuSeconds(server.pid ?? 0);
  const check = new pg.Pool({
    connectionString: `postgres://servicedesk:servicedesk@127.0.0.1:${PG_PORT}/servicedesk`,
    max: 1,
  });
  await resetStatements(check);
  const curve: { s: number; due: number }[] = [];
  let left = await due();
  const atStart = left;
  while (left > 0 && Date.now() - answering < DRAIN_LIMIT_MS) {
    curve.push({ s: Number(((Date.now() - answering) / 1000).toFixed(1)), due: left });
    await sleep(500);
    left = await due();
  }
  const drainedS = (Date.now() - answering) / 1000;
  const cpu = cpuSeconds(server.pid ?? 0) - cpuBefore;
  const nodeCpu = ownCpuSeconds(server.pid ?? 0) - nodeBefore;
  const alerts = await check.query<{ kind: string; n: number; tickets: number; most: number }>(`
    select kind, count(*)::int as n, count(distinct ticket_id)::int as tickets,
           max(per)::int as most
      from (select ticket_id, clock, cycle, kind, count(*) over (partition by ticket_id, clock, cycle, kind) as per
              from sla_alerts) a group by kind order by kind`);
  const statements = await topStatements(check, 15);
  const slowest = await topStatements(check, 10, 'time');
  // What the breach actions did (--breach-actions): the bench tickets' priorities and teams now.
  const after = await check.query<{ priority: string; team_id: number | null; n: number }>(
    `select t.priority, t.team_id, count(*)::int as n from tickets t join ticket_sla s on s.ticket_id = t.id
      where s.policy_id = $1 group by 1, 2 order by 1, 2`,
    [policy.json.id],
  );
  const planning = values['track-planning']
    ? (
        await check.query<{ plans: number; plan_ms: number; exec_ms: number }>(`
          select sum(plans)::int as plans, round(sum(total_plan_time)::numeric, 1)::float as plan_ms,
                 round(sum(total_exec_time)::numeric, 1)::float as exec_ms
            from pg_stat_statements where query not ilike '%pg_stat_statements%'`)
      ).rows[0]
    : undefined;
  await check.end();
  results.storm = {
    startedInS: Number(((answering - restarted) / 1000).toFixed(1)),
    dueAtStart: atStart,
    left,
    drainedInS: Number(drainedS.toFixed(1)),
    ticketsPerSecond: Math.round(atStart / Math.max(0.001, drainedS)),
    serverCpuMsPerTicket: Number(((cpu * 1000) / Math.max(1, atStart)).toFixed(2)),
    nodeCpuMsPerTicket: Number(((nodeCpu * 1000) / Math.max(1, atStart)).toFixed(2)),
    alerts: alerts.rows,
    loadavg: loadavg(),
    statementsPerTicket: Number(
      (statements.reduce((sum, st) => sum + Number(st.calls), 0) / Math.max(1, atStart)).toFixed(1),
    ),
    planning,
    ticketsAfter: after.rows,
    statements,
    slowest,
    curve,
  };
  console.log(
    JSON.stringify({
      ...results,
      storm: { ...(results.storm as object), statements: undefined, slowest: undefined, curve: undefined },
    }),
  );
  if (values.out) writeFileSync(values.out, `${JSON.stringify(results, null, 2)}\n`);
} finally {
  await stopChild(server, 'SIGTERM', 60_000);
}
