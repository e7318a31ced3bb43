/**
 * Issue 18: inbound mail end to end, through the path the product uses for a relay or an MX:
 * its SMTP listener (250 only once the raw message and its processing job are committed), then
 * the worker turning each message into a ticket or a reply.
 *
 * The messages are real RFC 5322 mail: the shared corpora in ../shared/data/email-fixtures
 * (mail-parser test suites: plain, HTML, multipart, attachments, Big5/GBK/ISO-2022-JP, broken
 * MIME), cycled, each sent with its own headers and body but a unique Message-ID, the desk as
 * To, one of 200 bench senders as From (the corpora's senders are partly not addresses, and
 * otherwise always the same few), and the subject prefixed by `<run>-<i>` to count tickets.
 * `--set plain` sends the short synthetic text mail of bench/inbound-smtp.ts (issue 5) instead.
 *
 * Phase A: N messages over 16 pooled SMTP connections; messages/s from the first accept to the
 * last processed row (the database's own timestamps). Phase B: SIGKILL of the server by its PID
 * after half of M messages were accepted, a restart, everything sent again; then every message
 * stored exactly once, processed exactly once, and as many new tickets as phase A made from the
 * same messages (no duplicate, none lost).
 * PostgreSQL runs in this process (embedded, so that killing the server leaves it up, as in
 * production). Ports: HTTP 4601, PostgreSQL 4620, SMTP 4600. Stops only what it started.
 *
 * `--split` first measures the two halves apart on another N messages: accepting with the worker
 * off (RUN_WORKER=false), then, the server restarted with its worker, the drain alone.
 *
 *   node bench/pace/mail.ts [--count 4000] [--crash-count 2000] [--connections 16] [--set fixtures|plain] [--split] [--ceiling] [--server-root DIR]
 */
import type { ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { startEmbeddedPostgres } from '../../server/src/platform/db/embedded.ts';
import {
  countByStatus,
  sendOverSmtp,
  startMailServer,
  waitProcessed as waitAll,
  waitForSmtp,
} from '../lib/inbound-mail.ts';
import {
  cpuSeconds,
  loadavg,
  machine,
  pgCeiling,
  ROOT,
  resetStatements,
  stopChild,
  topStatements,
} from './lib.ts';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '4000' },
    'crash-count': { type: 'string', default: '2000' },
    connections: { type: 'string', default: '16' },
    set: { type: 'string', default: 'fixtures' },
    'max-bytes': { type: 'string', default: '262144' },
    profile: { type: 'boolean', default: false },
    'skip-crash': { type: 'boolean', default: false },
    /** Phase A in two steps: accepting alone (worker off), then the drain alone (worker on). */
    split: { type: 'boolean', default: false },
    /** First the machine's ceiling in the same sitting: PostgreSQL alone (limits.mjs pg, 10 s). */
    ceiling: { type: 'boolean', default: false },
    /** The server of another checkout (e.g. a `git archive` of the code before), for A/B runs. */
    'server-root': { type: 'string' },
    out: { type: 'string', default: 'bench/results/issue18-mail.json' },
  },
});
const COUNT = Number(values.count);
const CRASH_COUNT = Math.min(Number(values['crash-count']), COUNT);
const CONNECTIONS = Number(values.connections);
const HTTP_PORT = 4601;
const PG_PORT = 4620;
const SMTP_PORT = 4600;
const FIXTURES = path.resolve(ROOT, '../shared/data/email-fixtures');
const NOT_MAIL = /(^|\/)(LICENSE|COPYING|SOURCE\.md|\.gitattributes)$|\.(json|md|txt|png)$/i;

/** The corpora's messages (as the fixture test reads them), split into header block and rest. */
function templates(): { file: string; headers: string[]; rest: string; eol: string }[] {
  const files = readdirSync(FIXTURES, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(FIXTURES, path.join(e.parentPath, e.name)))
    .filter((file) => !NOT_MAIL.test(file))
    .sort();
  const list = [];
  for (const file of files) {
    const raw = readFileSync(path.join(FIXTURES, file));
    if (raw.length > Number(values['max-bytes'])) continue;
    const text = raw.toString('latin1'); // bytes kept as they are (8-bit bodies)
    const eol = text.includes('\r\n') ? '\r\n' : '\n';
    const split = text.indexOf(`${eol}${eol}`);
    if (split < 0) continue; // no header/body separation: not a message a relay would hand over
    const headers: string[] = [];
    for (const line of text.slice(0, split).split(eol)) {
      if (/^[ \t]/.test(line) && headers.length) headers[headers.length - 1] += `${eol}${line}`;
      else headers.push(line);
    }
    list.push({ file, headers, rest: text.slice(split), eol });
  }
  return list;
}

const REPLACED = /^(message-id|from|to|cc|subject|return-path|sender|reply-to|delivered-to)\s*:/i;
const FIXTURE_SET = values.set === 'fixtures' ? templates() : [];
const SUBJECTS = ['财务系统无法导出报表', 'VPN cannot connect', '打印机卡纸', 'Outlook 无法同步'];

function message(run: string, i: number): { id: string; raw: Buffer; from: string } {
  const from = `user${i % 200}@client${i % 7}.example`;
  const id = `<pace.${run}.${i}@client.example>`;
  if (!FIXTURE_SET.length) {
    const raw = [
      `From: User ${i % 200} <${from}>`,
      'To: help@support.localhost',
      `Subject: ${run}-${i} ${SUBJECTS[i % SUBJECTS.length]}`,
      `Message-ID: ${id}`,
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      '',
      `第 ${i} 封测试邮件。Since this morning the system fails with error E-${i % 97}.`,
      '',
    ].join('\r\n');
    return { id, raw: Buffer.from(raw), from };
  }
  const t = FIXTURE_SET[i % FIXTURE_SET.length] as (typeof FIXTURE_SET)[number];
  const subject = t.headers.find((h) => /^subject\s*:/i.test(h))?.replace(/^subject\s*:\s*/i, '') ?? '';
  const kept = t.headers.filter((h) => !REPLACED.test(h));
  const head = [
    `From: User ${i % 200} <${from}>`,
    'To: help@support.localhost',
    `Subject: ${run}-${i} ${subject}`,
    `Message-ID: ${id}`,
    ...kept,
  ].join(t.eol);
  return { id, raw: Buffer.from(head + t.rest, 'latin1'), from };
}

const ceiling = values.ceiling ? { pgCommitsPerSecond: pgCeiling(), loadavg: loadavg() } : null;
if (ceiling) console.log('ceiling', ceiling);

const dir = await mkdtemp(path.join(tmpdir(), 'sd-pace-mail-'));
const database = await startEmbeddedPostgres({ dataDir: dir, port: PG_PORT, persistent: false });
const sql = new pg.Pool({ connectionString: database.url, max: 2 });
sql.on('error', () => undefined); // PostgreSQL stopping at the end
const running: { server: ChildProcess | null } = { server: null };

function startServer(env: Record<string, string> = {}): ChildProcess {
  running.server = startMailServer({
    databaseUrl: database.url,
    httpPort: HTTP_PORT,
    smtpPort: SMTP_PORT,
    dataDir: path.join(dir, 'data'),
    ...(values['server-root'] ? { root: path.resolve(values['server-root']) } : {}),
    nodeArgs: values.profile
      ? ['--cpu-prof', `--cpu-prof-dir=${path.join(ROOT, '.tmp/pace-mail-prof')}`]
      : [],
    env,
  });
  return running.server;
}

/** Sends over CONNECTIONS pooled SMTP connections; counts the 250s. */
const send = (run: string, indices: number[], onAccepted?: (n: number) => void) =>
  sendOverSmtp(SMTP_PORT, CONNECTIONS, indices, (i) => message(run, i), onAccepted);
const countRun = (run: string) => countByStatus(sql, `<pace.${run}.`);
const waitProcessed = (run: string, expected: number) => waitAll(sql, `<pace.${run}.`, expected);

/** Per message: stored once, processed once, one ticket or one reply; the tickets not doubled. */
async function check(run: string) {
  const rows = await sql.query<{ i: number; n: number; status: string; new_ticket: boolean }>(
    `select split_part(split_part(message_id, '@', 1), '.', 3)::int as i, count(*)::int as n, min(status) as status,
            bool_or(status = 'processed' and ticket_message_id is null) as new_ticket
       from inbound_emails where message_id like $1 group by 1`,
    [`<pace.${run}.%`],
  );
  const tickets = await sql.query<{ n: number; distinct_subjects: number }>(
    `select count(*)::int as n, count(distinct split_part(subject, ' ', 1))::int as distinct_subjects
       from tickets where subject like $1`,
    [`${run}-%`],
  );
  const linked = await sql.query<{ n: number; distinct_tickets: number }>(
    `select count(*)::int as n, count(distinct ticket_id)::int as distinct_tickets from inbound_emails
      where message_id like $1 and status = 'processed' and ticket_message_id is null`,
    [`<pace.${run}.%`],
  );
  const ticketsN = Number(tickets.rows[0]?.n ?? 0);
  return {
    messagesStored: rows.rows.length,
    duplicateInboundRows: rows.rows.filter((r) => Number(r.n) > 1).length,
    newTicketMessages: rows.rows.filter((r) => r.new_ticket).map((r) => Number(r.i)),
    tickets: ticketsN,
    duplicateTickets: ticketsN - Number(tickets.rows[0]?.distinct_subjects ?? 0),
    ticketsLinkedFromMail: Number(linked.rows[0]?.n ?? 0),
    distinctTicketsLinked: Number(linked.rows[0]?.distinct_tickets ?? 0),
  };
}

async function span(run: string) {
  const r = await sql.query<{ seconds: number }>(
    `select extract(epoch from max(processed_at) - min(received_at))::float as seconds
       from inbound_emails where message_id like $1`,
    [`<pace.${run}.%`],
  );
  return Number(r.rows[0]?.seconds ?? 0);
}

/** CPU seconds of this bench's PostgreSQL (its postmaster and backends), from /proc. */
function postgresCpuSeconds(): number {
  try {
    const pid = Number(readFileSync(path.join(dir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
    return pid ? cpuSeconds(pid) : 0;
  } catch {
    return 0;
  }
}

const results: Record<string, unknown> = {
  machine: machine(),
  set: values.set,
  templates: FIXTURE_SET.length || 'synthetic',
  connections: CONNECTIONS,
  loadavgAtStart: loadavg(),
  ceiling,
};
let ok = true;
try {
  if (values.split) {
    // The two halves of the pipeline apart: accepting with the worker off, then the drain alone.
    startServer({ RUN_WORKER: 'false' });
    await waitForSmtp(SMTP_PORT);
    const runS = `S${Date.now().toString(36)}`;
    const acceptCpu = cpuSeconds(running.server?.pid ?? 0);
    const s = await send(
      runS,
      Array.from({ length: COUNT }, (_, i) => i),
    );
    const acceptMs = (cpuSeconds(running.server?.pid ?? 0) - acceptCpu) * 1000;
    const acceptLoad = loadavg();
    await stopChild(running.server);
    await resetStatements(sql);
    startServer();
    await waitForSmtp(SMTP_PORT);
    const drainCpu = cpuSeconds(running.server?.pid ?? 0);
    await waitProcessed(runS, COUNT);
    const drainMs = (cpuSeconds(running.server?.pid ?? 0) - drainCpu) * 1000;
    const drained = await sql.query<{ seconds: number }>(
      `select extract(epoch from max(processed_at) - min(processed_at))::float as seconds
         from inbound_emails where message_id like $1`,
      [`<pace.${runS}.%`],
    );
    const drainSeconds = Number(drained.rows[0]?.seconds ?? 0);
    const statements = await topStatements(sql, 40);
    results.split = {
      messages: COUNT,
      accepted: s.accepted,
      failed: s.failed,
      acceptedPerSecondWorkerOff: Math.round(s.accepted / s.seconds),
      acceptNodeCpuMsPerMessage: Number((acceptMs / COUNT).toFixed(2)),
      loadavgWhenAccepted: acceptLoad,
      drainSeconds: Number(drainSeconds.toFixed(2)),
      drainedPerSecond: Math.round(COUNT / drainSeconds),
      drainNodeCpuMsPerMessage: Number((drainMs / COUNT).toFixed(2)),
      loadavgWhenDrained: loadavg(),
      statuses: await countRun(runS),
      drainStatementsPerMessage: Number(
        (statements.reduce((sum, st) => sum + st.calls, 0) / COUNT).toFixed(1),
      ),
      topStatements: statements.slice(0, 25),
    };
    console.log('split', { ...(results.split as object), topStatements: undefined });
  } else {
    startServer();
    await waitForSmtp(SMTP_PORT);
  }
  await resetStatements(sql);

  const runA = `A${Date.now().toString(36)}`;
  const cpuBefore = cpuSeconds(running.server?.pid ?? 0);
  const pgCpuBefore = postgresCpuSeconds();
  const clientBefore = process.cpuUsage();
  const a = await send(
    runA,
    Array.from({ length: COUNT }, (_, i) => i),
  );
  const client = process.cpuUsage(clientBefore);
  const acceptedLoad = loadavg();
  await waitProcessed(runA, COUNT);
  const cpu = cpuSeconds(running.server?.pid ?? 0) - cpuBefore;
  const pgCpu = postgresCpuSeconds() - pgCpuBefore;
  const seconds = await span(runA);
  const checkA = await check(runA);
  const statements = await topStatements(sql, 25);
  results.throughput = {
    messages: COUNT,
    accepted: a.accepted,
    failed: a.failed,
    acceptedPerSecond: Math.round(a.accepted / a.seconds),
    loadavgWhenAccepted: acceptedLoad,
    firstAcceptToLastProcessedSeconds: Number(seconds.toFixed(2)),
    processedPerSecond: Math.round(COUNT / seconds),
    processedPerPgCommitCeiling: ceiling
      ? Number((COUNT / seconds / ceiling.pgCommitsPerSecond).toFixed(3))
      : undefined,
    serverNodeCpuMsPerMessage: Number(((cpu * 1000) / COUNT).toFixed(2)),
    // PostgreSQL's processes (its backends that exited meanwhile are not counted) and the sending bench.
    postgresCpuMsPerMessage: Number(((pgCpu * 1000) / COUNT).toFixed(2)),
    benchClientCpuMsPerMessage: Number(((client.user + client.system) / 1000 / COUNT).toFixed(2)),
    statuses: await countRun(runA),
    ...checkA,
    newTicketMessages: checkA.newTicketMessages.length,
    statementsPerMessage: Number((statements.reduce((sum, s) => sum + s.calls, 0) / COUNT).toFixed(1)),
    topStatements: statements.slice(0, 12),
  };
  console.log('throughput', { ...(results.throughput as object), topStatements: undefined });
  ok =
    checkA.duplicateInboundRows === 0 &&
    checkA.duplicateTickets === 0 &&
    checkA.messagesStored === COUNT &&
    checkA.tickets === checkA.newTicketMessages.length;

  if (!values['skip-crash']) {
    const expected = new Set(checkA.newTicketMessages.filter((i) => i < CRASH_COUNT));
    const runB = `B${Date.now().toString(36)}`;
    const indices = Array.from({ length: CRASH_COUNT }, (_, i) => i);
    let killedAt = 0;
    const b1 = await send(runB, indices, (n) => {
      if (n === Math.floor(CRASH_COUNT / 2) && running.server?.pid && !killedAt) {
        killedAt = n;
        process.kill(running.server.pid, 'SIGKILL');
      }
    });
    const beforeRestart = await countRun(runB);
    startServer();
    await waitForSmtp(SMTP_PORT);
    const b2 = await send(runB, indices);
    await waitProcessed(runB, CRASH_COUNT);
    const checkB = await check(runB);
    const lost = [...expected].filter((i) => !checkB.newTicketMessages.includes(i));
    const extra = checkB.newTicketMessages.filter((i) => !expected.has(i));
    results.crash = {
      messages: CRASH_COUNT,
      killedAfterAccepted: killedAt,
      firstPass: { accepted: b1.accepted, failed: b1.failed },
      storedBeforeRestart: beforeRestart,
      resend: { accepted: b2.accepted, failed: b2.failed },
      final: await countRun(runB),
      ...checkB,
      newTicketMessages: checkB.newTicketMessages.length,
      expectedTickets: expected.size,
      lost: lost.length,
      extra: extra.length,
    };
    console.log('crash', results.crash);
    ok =
      ok &&
      checkB.messagesStored === CRASH_COUNT &&
      checkB.duplicateInboundRows === 0 &&
      checkB.duplicateTickets === 0 &&
      checkB.tickets === expected.size &&
      lost.length === 0 &&
      extra.length === 0;
  }
} finally {
  await stopChild(running.server);
  await sql.end();
  await database.stop();
  rmSync(dir, { recursive: true, force: true });
}
results.ok = ok;
results.loadavgAtEnd = loadavg();
writeFileSync(path.resolve(ROOT, values.out ?? ''), `${JSON.stringify(results, null, 2)}\n`);
console.log(
  JSON.stringify(
    { ...results, throughput: { ...(results.throughput as object), topStatements: undefined } },
    null,
    2,
  ),
);
if (!ok) process.exitCode = 1;
