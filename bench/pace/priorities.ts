/**
 * Issue 18: does a thread's scheduling change what one desk creates? One desk (one process,
 * worker included, DEMO_DATA=true, as scripts/start.sh runs it), and on it a series of 10 s
 * bursts of `POST /api/v1/tickets` at 32 connections, each with one of the server's threads set
 * by hand to the nice value the series names (`renice` on its thread id), alternating, so that
 * the desk, its data and the minutes are shared and only the setting differs. Before each
 * burst the follow-ups of the last are worked off. Beside each burst, Linux's own counters:
 * each thread's time on a core and runnable but waiting for one (`/proc/PID/task/TID/schedstat`),
 * the machine's idle (with iowait) and stolen share (`/proc/stat`).
 *
 *   node bench/pace/priorities.ts --thread jobs --nice 0,10,10,0,0,10,10,0,0,10
 *   node bench/pace/priorities.ts --thread main --nice 0,-10,-10,0,0,-10,-10,0
 *
 * `--thread jobs` is the jobs' thread (`desk-jobs`), `main` the event loop that answers the
 * requests (a negative nice value needs root or CAP_SYS_NICE). Ports 4563 and 4573; stops only
 * the server it started.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { apiCaller, bearerHeader } from '../lib/api.ts';
import {
  BENCH_ADMIN,
  backlog,
  createTickets,
  machine,
  machineCpu,
  ROOT,
  sleep,
  startDesk,
  stopChild,
  waitFor,
} from './lib.ts';

const { values } = parseArgs({
  options: {
    thread: { type: 'string', default: 'jobs' },
    nice: { type: 'string', default: '0,10,10,0,0,10,10,0' },
    seconds: { type: 'string', default: '10' },
    out: { type: 'string', default: 'bench/results/issue18-priorities.json' },
  },
});
if (values.thread !== 'jobs' && values.thread !== 'main') throw new Error('--thread jobs|main');
const series = (values.nice ?? '').split(',').map(Number);
if (series.some((n) => !Number.isInteger(n) || n < -20 || n > 19))
  throw new Error('--nice: -20..19, comma-separated');
const PORT = 4563;
const PG_PORT = 4573;
const BASE = `http://127.0.0.1:${PORT}`;
const DATA = path.join(ROOT, '.tmp/pace-priorities');

rmSync(DATA, { recursive: true, force: true });
const server = startDesk({ dataDir: DATA, port: PORT, pgPort: PG_PORT, env: { DEMO_DATA: 'true' } });
const pid = server.pid ?? 0;

/** Time on a core and time runnable but waiting, in seconds, of one thread. */
const schedstat = (tid: number) => {
  const [run = 0, wait = 0] = readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8')
    .split(' ')
    .map(Number);
  return { run: run / 1e9, wait: wait / 1e9 };
};
const threadNamed = (name: string) =>
  Number(
    readdirSync(`/proc/${pid}/task`).find((task) => {
      try {
        return readFileSync(`/proc/${pid}/task/${task}/comm`, 'utf8').trim() === name;
      } catch {
        return false;
      }
    }),
  );

try {
  await waitFor(`${BASE}/readyz`);
  const auth = await bearerHeader(apiCaller(BASE), { ...BENCH_ADMIN, tokenName: 'priorities' });
  const client = new pg.Client({
    connectionString: `postgres://servicedesk:servicedesk@127.0.0.1:${PG_PORT}/servicedesk`,
  });
  await client.connect();
  // The follow-ups and the due jobs (the running ones included) still to do.
  const waiting = async () => {
    const left = await backlog(client);
    return left.follow_ups + left.due;
  };
  const workedOff = async (limitMs: number) => {
    const until = Date.now() + limitMs;
    while (Date.now() < until && (await waiting()) > 0) await sleep(100);
  };
  const jobs = threadNamed('desk-jobs');
  if (!jobs) throw new Error('no desk-jobs thread: is WORKER_THREAD off?');
  const target = values.thread === 'main' ? pid : jobs;
  const bursts = [];
  for (const [i, nice] of series.entries()) {
    await workedOff(60_000);
    await sleep(2000);
    execFileSync('renice', ['-n', String(nice), '-p', String(target)]);
    const [main0, jobs0, cpu0, t0] = [schedstat(pid), schedstat(jobs), machineCpu(), Date.now()];
    const result = await createTickets(auth, {
      url: BASE,
      connections: 32,
      duration: Number(values.seconds),
    });
    const [main1, jobs1, cpu1, seconds] = [
      schedstat(pid),
      schedstat(jobs),
      machineCpu(),
      (Date.now() - t0) / 1000,
    ];
    const left = await waiting();
    const drained = Date.now();
    await workedOff(60_000);
    const share = (key: 'idle' | 'stolen') =>
      Number(((cpu1[key] - cpu0[key]) / (cpu1.total - cpu0.total)).toFixed(3));
    const perSecond = (a: number, b: number) => Number(((b - a) / seconds).toFixed(3));
    const burst = {
      burst: i + 1,
      thread: values.thread,
      nice,
      createsPerSecond: Math.round(result.requests.average),
      non2xx: result.non2xx,
      errors: result.errors,
      latencyMs: { p50: result.latency.p50, p99: result.latency.p99 },
      mainOnCoreS: perSecond(main0.run, main1.run),
      mainWaitingS: perSecond(main0.wait, main1.wait),
      jobsOnCoreS: perSecond(jobs0.run, jobs1.run),
      jobsWaitingS: perSecond(jobs0.wait, jobs1.wait),
      machineIdle: share('idle'),
      machineStolen: share('stolen'),
      waitingAtEnd: left,
      workedOffAfterS: (Date.now() - drained) / 1000,
    };
    console.log(JSON.stringify(burst));
    bursts.push(burst);
  }
  await client.end();
  writeFileSync(
    values.out ?? '',
    `${JSON.stringify({ machine: machine(), at: new Date().toISOString(), bursts }, null, 2)}\n`,
  );
} finally {
  await stopChild(server);
}
