/**
 * Inbound mail benchmark (issue 5): messages per second through the product's SMTP listener,
 * and zero duplicates after the server process is killed (SIGKILL, by its PID) in the middle
 * of a run, restarted, and sent everything again.
 *
 * PostgreSQL runs in this process (embedded, on a loopback port), the server is a separate
 * `node server/src/main.ts` pointed at it, so that killing the server leaves the database up,
 * as in production. Every port is in 4390-4399; everything started here is stopped here.
 *
 *   flock /tmp/sd-bench.lock node bench/inbound-smtp.ts [--count 3000] [--crash-count 2000] [--connections 16]
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { startEmbeddedPostgres } from '../server/src/platform/db/embedded.ts';
import {
  countByStatus,
  sendOverSmtp,
  startMailServer,
  waitProcessed as waitAllProcessed,
  waitForSmtp,
} from './lib/inbound-mail.ts';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '3000' },
    'crash-count': { type: 'string', default: '2000' },
    connections: { type: 'string', default: '16' },
    out: { type: 'string', default: 'bench/results/inbound-smtp.json' },
  },
});
const COUNT = Number(values.count);
const CRASH_COUNT = Number(values['crash-count']);
const CONNECTIONS = Number(values.connections);
const HTTP_PORT = 4390;
const PG_PORT = 4391;
const SMTP_PORT = 4392;

const dir = await mkdtemp(path.join(tmpdir(), 'sd-bench-smtp-'));
const database = await startEmbeddedPostgres({
  dataDir: dir,
  port: PG_PORT,
  persistent: false,
  sharedBuffers: '256MB',
});
const sql = new pg.Pool({ connectionString: database.url, max: 2 });
const running: { server: ChildProcess | null } = { server: null };

function startServer(): ChildProcess {
  running.server = startMailServer({
    databaseUrl: database.url,
    httpPort: HTTP_PORT,
    smtpPort: SMTP_PORT,
    dataDir: path.join(dir, 'data'),
    env: { DB_POOL_SIZE: '30' },
  });
  return running.server;
}

const SUBJECTS = [
  '财务系统无法导出报表',
  'VPN cannot connect',
  '打印机卡纸',
  'Outlook 无法同步',
  'Laptop will not boot',
  '申请开通权限',
];

function message(run: string, i: number): { id: string; raw: string; from: string } {
  const from = `user${i % 200}@client${i % 7}.example`;
  const id = `<bench.${run}.${i}@client.example>`;
  const raw = [
    `From: User ${i % 200} <${from}>`,
    'To: help@support.localhost',
    `Subject: ${run}-${i} ${SUBJECTS[i % SUBJECTS.length]}`,
    `Message-ID: ${id}`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    `第 ${i} 封测试邮件。Since this morning the system fails with error E-${i % 97}.`,
    'Steps tried: restarted the client, cleared the cache.',
    '',
  ].join('\r\n');
  return { id, raw, from };
}

/** Sends messages over CONNECTIONS pooled SMTP connections; returns how many were accepted (250). */
function send(run: string, indices: number[], options: { onAccepted?: (n: number) => void } = {}) {
  return sendOverSmtp(SMTP_PORT, CONNECTIONS, indices, (i) => message(run, i), options.onAccepted);
}

const countRun = (run: string) => countByStatus(sql, `<bench.${run}.`);

/** Seconds until every message of the run is stored and none waits. */
async function waitProcessed(run: string, expected: number): Promise<number> {
  const started = performance.now();
  await waitAllProcessed(sql, `<bench.${run}.`, expected, 600_000);
  return (performance.now() - started) / 1000;
}

async function duplicates(run: string) {
  const perMessage = await sql.query<{ n: number }>(
    `select count(*)::int as n from (select message_id from inbound_emails where message_id like $1
       group by mailbox_id, message_id having count(*) > 1) d`,
    [`<bench.${run}.%`],
  );
  const perSubject = await sql.query<{ n: number }>(
    `select count(*)::int as n from (select subject from tickets where subject like $1
       group by subject having count(*) > 1) d`,
    [`${run}-%`],
  );
  const tickets = await sql.query<{ n: number }>(
    `select count(*)::int as n from tickets where subject like $1`,
    [`${run}-%`],
  );
  return {
    duplicateInboundRows: Number(perMessage.rows[0]?.n ?? 0),
    duplicateTickets: Number(perSubject.rows[0]?.n ?? 0),
    tickets: Number(tickets.rows[0]?.n ?? 0),
  };
}

const results: Record<string, unknown> = {
  machine: `${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.type()} ${os.release()}`,
  loadAverageAtStart: os.loadavg(),
  connections: CONNECTIONS,
};
try {
  startServer();
  await waitForSmtp(SMTP_PORT);

  // Phase A: throughput.
  const runA = `A${Date.now().toString(36)}`;
  const a = await send(
    runA,
    Array.from({ length: COUNT }, (_, i) => i),
  );
  const drainA = await waitProcessed(runA, COUNT);
  const totalA = a.seconds + drainA;
  results.throughput = {
    messages: COUNT,
    accepted: a.accepted,
    failed: a.failed,
    smtpSeconds: Number(a.seconds.toFixed(2)),
    acceptedPerSecond: Math.round(a.accepted / a.seconds),
    ingestedToTicketsSeconds: Number(totalA.toFixed(2)),
    ingestedToTicketsPerSecond: Math.round(COUNT / totalA),
    ...(await duplicates(runA)),
  };
  console.log('throughput', results.throughput);

  // Phase B: kill the server by its PID in the middle of a run, restart, send everything again.
  const runB = `B${Date.now().toString(36)}`;
  const indices = Array.from({ length: CRASH_COUNT }, (_, i) => i);
  let killedAt = 0;
  const killAfter = Math.floor(CRASH_COUNT / 2);
  const b1 = await send(runB, indices, {
    onAccepted: (n) => {
      if (n === killAfter && running.server?.pid && !killedAt) {
        killedAt = n;
        process.kill(running.server.pid, 'SIGKILL');
      }
    },
  });
  const beforeRestart = await countRun(runB);
  startServer();
  await waitForSmtp(SMTP_PORT);
  const b2 = await send(runB, indices);
  await waitProcessed(runB, CRASH_COUNT);
  const checkB = await duplicates(runB);
  results.crash = {
    messages: CRASH_COUNT,
    killedAfterAccepted: killedAt,
    firstPass: { accepted: b1.accepted, failed: b1.failed },
    storedBeforeRestart: beforeRestart,
    resend: { accepted: b2.accepted, failed: b2.failed },
    final: await countRun(runB),
    ...checkB,
    expectedTickets: CRASH_COUNT,
  };
  console.log('crash', results.crash);
  results.ok =
    checkB.duplicateInboundRows === 0 && checkB.duplicateTickets === 0 && checkB.tickets === CRASH_COUNT;
} finally {
  const last = running.server;
  if (last?.pid && last.exitCode === null && last.signalCode === null) {
    const exited = new Promise((resolve) => last.once('exit', resolve));
    process.kill(last.pid, 'SIGTERM');
    await exited;
  }
  await sql.end();
  await database.stop();
  await rm(dir, { recursive: true, force: true });
}
results.loadAverageAtEnd = os.loadavg();
await writeFile(values.out ?? 'bench/results/inbound-smtp.json', `${JSON.stringify(results, null, 2)}\n`);
console.log(JSON.stringify(results, null, 2));
if (!results.ok) process.exitCode = 1;
