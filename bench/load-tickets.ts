/**
 * Load test of the ticket API against a running server: creation at concurrency 32,
 * reads of random tickets, and the latency of the first queue page (50 rows, filtered and
 * sorted). Every phase is bounded in time. Prints a JSON summary and writes it to --out.
 *
 *   node bench/load-tickets.ts --base http://127.0.0.1:4000 --email admin@example.com --password ...
 */
import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { Agent, request } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { parseArgs, promisify } from 'node:util';
import autocannon from 'autocannon';
import { apiCaller, bearerHeader } from './lib/api.ts';
import { ticketBody } from './pace/lib.ts';

const { values } = parseArgs({
  options: {
    base: { type: 'string', default: 'http://127.0.0.1:4000' },
    email: { type: 'string', default: 'admin@example.com' },
    password: { type: 'string', default: 'admin-pass-123' },
    seconds: { type: 'string', default: '20' },
    connections: { type: 'string', default: '32' },
    'queue-samples': { type: 'string', default: '400' },
    phases: { type: 'string', default: 'create,read,queue' },
    /** Load generator for the read phase: autocannon (Node), or wrk (C, apt install wrk), which
     * leaves more of the two cores to the server. */
    'read-generator': { type: 'string', default: 'autocannon' },
    /** Wait for the created tickets' follow-ups (false: a server without a worker). */
    'wait-follow-ups': { type: 'string', default: 'true' },
    out: { type: 'string' },
  },
});
const base = values.base ?? '';
const seconds = Number(values.seconds);
const connections = Number(values.connections);
const phases = new Set((values.phases ?? '').split(','));

const call = apiCaller(base);
const auth = await bearerHeader(call, { email: values.email, password: values.password, tokenName: 'bench' });

const summary: Record<string, unknown> = {
  machine: `${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.type()} ${os.release()}`,
  node: process.version,
  at: new Date().toISOString(),
};

function cannon(options: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(options, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

function summarise(result: autocannon.Result) {
  return {
    requestsPerSecond: Math.round(result.requests.average),
    total: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    latencyMs: {
      p50: result.latency.p50,
      p90: result.latency.p90,
      p99: result.latency.p99,
      max: result.latency.max,
    },
  };
}

if (phases.has('create')) {
  const result = await cannon({
    url: base,
    connections,
    duration: seconds,
    headers: { ...auth, 'content-type': 'application/json' },
    requests: [
      {
        method: 'POST',
        path: '/api/v1/tickets',
        setupRequest: (req) => ({ ...req, body: ticketBody() }),
      },
    ],
  });
  const created = summarise(result);
  // The tickets are committed; their follow-ups (search index, notifications, report facts,
  // triage) trail them. Wait (bounded) until none is waiting, to report the whole rate.
  const drainStarted = performance.now();
  let backlog = await backlogs();
  const waitFor = values['wait-follow-ups'] === 'true' ? 300_000 : 0;
  while (backlog.follow_ups > 0 && performance.now() - drainStarted < waitFor) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    backlog = await backlogs();
  }
  const drainSeconds = (performance.now() - drainStarted) / 1000;
  summary.create = {
    connections,
    seconds,
    ...created,
    followUps: waitFor
      ? {
          drainedSecondsAfter: Number(drainSeconds.toFixed(1)),
          stillWaiting: backlog.follow_ups,
          ticketsPerSecondWithFollowUps: Math.round(created.total / (seconds + drainSeconds)),
          jobsDueAfterDrain: backlog.jobs,
        }
      : { notWaitedFor: backlog.follow_ups, jobsDue: backlog.jobs },
  };
  console.log('create', summary.create);
}

/** What the worker has still to do, from the product's /metrics. */
async function backlogs(): Promise<{ follow_ups: number; jobs: number }> {
  const text = await (await fetch(`${base}/metrics`)).text();
  const value = (kind: string) =>
    Number(text.match(new RegExp(`servicedesk_backlog\\{kind="${kind}"\\} (\\d+)`))?.[1] ?? 0);
  return { follow_ups: value('follow_ups'), jobs: value('jobs') };
}

const idPage = (await call('GET', '/api/v1/tickets?limit=200', undefined, auth)).json as {
  items: { id: number }[];
};
const ids = idPage.items.map((t) => t.id);
if (phases.has('read') && ids.length && values['read-generator'] === 'wrk') {
  summary.read = { connections, seconds, generator: 'wrk', ...(await readWithWrk(ids)) };
  console.log('read', summary.read);
} else if (phases.has('read') && ids.length) {
  let i = 0;
  const result = await cannon({
    url: base,
    connections,
    duration: seconds,
    headers: auth,
    requests: [
      {
        method: 'GET',
        setupRequest: (req) => {
          i += 1;
          return { ...req, path: `/api/v1/tickets/${ids[i % ids.length]}` };
        },
      },
    ],
  });
  summary.read = { connections, seconds, generator: 'autocannon', ...summarise(result) };
  console.log('read', summary.read);
}

/** The read phase with wrk (one thread, the same connections and ids), parsed from its report. */
async function readWithWrk(ticketIds: readonly number[]) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'sd-wrk-'));
  const script = path.join(dir, 'read.lua');
  await writeFile(
    script,
    `local ids = {${ticketIds.join(',')}}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", "/api/v1/tickets/" .. ids[(i % #ids) + 1])
end
`,
  );
  const { stdout } = await promisify(execFile)(
    'wrk',
    [
      '-t1',
      `-c${connections}`,
      `-d${seconds}s`,
      '--latency',
      '-s',
      script,
      '-H',
      `authorization: ${auth.authorization}`,
      base,
    ],
    { timeout: (seconds + 30) * 1000 },
  );
  const number = (pattern: RegExp) => Number(stdout.match(pattern)?.[1] ?? 0);
  const ms = (label: string) => {
    const match = stdout.match(new RegExp(`\\s${label}%\\s+([\\d.]+)(us|ms|s)`));
    if (!match) return null;
    const value = Number(match[1]);
    return match[2] === 'us' ? value / 1000 : match[2] === 's' ? value * 1000 : value;
  };
  return {
    requestsPerSecond: Math.round(number(/Requests\/sec:\s+([\d.]+)/)),
    total: number(/(\d+) requests in/),
    non2xx: number(/Non-2xx or 3xx responses: (\d+)/),
    socketErrors: stdout.match(/Socket errors: (.*)/)?.[1] ?? null,
    latencyMs: { p50: ms('50'), p90: ms('90'), p99: ms('99') },
  };
}

if (phases.has('queue')) {
  const teams = (await call('GET', '/api/v1/teams', undefined, auth)).json as { items: { id: number }[] };
  const teamIds = teams.items.map((t) => t.id);
  const queries = [
    'status=new,open,in_progress&sort=created_desc&limit=50',
    'status=new,open&priority=P1,P2&sort=created_desc&limit=50',
    `teamId=${teamIds[0] ?? 1}&status=open,in_progress,pending_requester&sort=priority&limit=50`,
    'assigneeId=none&status=new,open&sort=created_asc&limit=50',
    'category=软件&status=in_progress&sort=updated_desc&limit=50',
    'q=VPN&sort=created_desc&limit=50',
  ];
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const timings: Record<string, number[]> = {};
  const deadline = Date.now() + seconds * 1000 * 2;
  const samples = Number(values['queue-samples']);
  for (let n = 0; n < samples && Date.now() < deadline; n++) {
    const query = queries[n % queries.length] ?? '';
    const started = performance.now();
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${base}/api/v1/tickets?${encodeURI(query)}`, { agent, headers: auth }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', reject);
      req.end();
    });
    if (status !== 200) throw new Error(`queue ${query}: ${status}`);
    const list = timings[query] ?? [];
    list.push(performance.now() - started);
    timings[query] = list;
  }
  agent.destroy();
  const percentile = (list: number[], p: number) => {
    const sorted = [...list].sort((a, b) => a - b);
    return Number(
      (sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0).toFixed(1),
    );
  };
  const all = Object.values(timings).flat();
  summary.queue = {
    samples: all.length,
    p50: percentile(all, 50),
    p95: percentile(all, 95),
    p99: percentile(all, 99),
    byQuery: Object.fromEntries(
      Object.entries(timings).map(([q, t]) => [q, { p50: percentile(t, 50), p95: percentile(t, 95) }]),
    ),
  };
  console.log('queue', JSON.stringify(summary.queue, null, 2));
}

if (values.out) await writeFile(values.out, `${JSON.stringify(summary, null, 2)}\n`);
