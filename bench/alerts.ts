/**
 * Alert intake (issue 11, IN-5) against a running server: an Alertmanager source, then bursts
 * of Alertmanager webhook payloads (version 4, 10 alerts per group, as Alertmanager sends
 * them) where every group is sent again and again (repeats, in random order and concurrently,
 * so that duplicates of one alert arrive together), and the time from an alert's post to its
 * incident in the queue (GET /api/v1/tickets, channel monitoring). Bounded in count and time.
 *
 *   node bench/alerts.ts --base http://127.0.0.1:4020 --alerts 3000 --rounds 5 --out bench/results/alerts.json
 */
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { apiCaller, bearerHeader } from './lib/api.ts';

const { values } = parseArgs({
  options: {
    base: { type: 'string', default: 'http://127.0.0.1:4020' },
    email: { type: 'string', default: 'admin@example.com' },
    password: { type: 'string', default: 'admin-pass-123' },
    /** Distinct alerts (each one incident). */
    alerts: { type: 'string', default: '3000' },
    /** Times each group is sent (the first opens, the rest repeat). */
    rounds: { type: 'string', default: '5' },
    'per-payload': { type: 'string', default: '10' },
    connections: { type: 'string', default: '16' },
    /** Stop sending after this many seconds, whatever is left. */
    'max-seconds': { type: 'string', default: '120' },
    'latency-samples': { type: 'string', default: '30' },
    out: { type: 'string' },
  },
});
const base = values.base ?? '';
const distinct = Number(values.alerts);
const rounds = Number(values.rounds);
const perPayload = Number(values['per-payload']);
const connections = Number(values.connections);
const maxMs = Number(values['max-seconds']) * 1000;
const run = randomBytes(3).toString('hex');

const call = apiCaller(base);
const auth = await bearerHeader(call, {
  email: values.email,
  password: values.password,
  tokenName: 'bench-alerts',
});
// No storm proposal during the bench: it measures intake, and one proposal per storm is tested.
const source = (
  await call(
    'POST',
    '/api/v1/alert-sources',
    { name: `bench ${run}`, kind: 'alertmanager', stormThreshold: null },
    auth,
  )
).json as { id: number; ingestUrl: string; token: string };
const ingestPath = `/api/v1/alert-sources/${source.id}/ingest`;
const ingestHeaders = { authorization: `Bearer ${source.token}` };

const severities = ['critical', 'warning', 'warning', 'info'];
function alert(i: number) {
  return {
    status: 'firing',
    labels: {
      alertname: `Bench${i % 50}`,
      instance: `node-${run}-${i}:9100`,
      job: 'node',
      severity: severities[i % severities.length] ?? 'warning',
    },
    annotations: { summary: `Bench alert ${i}`, description: `Load test alert ${i} of run ${run}.` },
    startsAt: new Date().toISOString(),
    endsAt: '0001-01-01T00:00:00Z',
    generatorURL: `http://prometheus.example:9090/graph?g0.expr=up%7Binstance%3D%22node-${i}%22%7D`,
    fingerprint: `${run}${i.toString(16).padStart(10, '0')}`,
  };
}
function message(alerts: ReturnType<typeof alert>[], group: number) {
  return {
    receiver: 'servicedesk',
    status: 'firing',
    alerts,
    groupLabels: { group: String(group) },
    commonLabels: { job: 'node' },
    commonAnnotations: {},
    externalURL: 'http://alertmanager.example:9093',
    version: '4',
    groupKey: `{}:{group="${run}-${group}"}`,
    truncatedAlerts: 0,
  };
}

const groups: string[] = [];
for (let g = 0; g * perPayload < distinct; g++) {
  const alerts = Array.from({ length: Math.min(perPayload, distinct - g * perPayload) }, (_, k) =>
    alert(g * perPayload + k),
  );
  groups.push(JSON.stringify(message(alerts, g)));
}

async function post(body: string): Promise<{ ok: boolean; alerts: number; opened: number; ms: number }> {
  const started = performance.now();
  const response = await fetch(`${base}${ingestPath}`, {
    method: 'POST',
    headers: { ...ingestHeaders, 'content-type': 'application/json' },
    body,
  });
  const result = (await response.json()) as { received?: number; opened?: number };
  return {
    ok: response.ok,
    alerts: result.received ?? 0,
    opened: result.opened ?? 0,
    ms: performance.now() - started,
  };
}

/** Sends the payloads with `connections` at a time until done or out of time. */
async function burst(payloads: string[], deadline: number) {
  let next = 0;
  let accepted = 0;
  let opened = 0;
  let failed = 0;
  const latencies: number[] = [];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (next < payloads.length && Date.now() < deadline) {
        const body = payloads[next++] as string;
        const r = await post(body);
        latencies.push(r.ms);
        if (r.ok) {
          accepted += r.alerts;
          opened += r.opened;
        } else failed += 1;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => Math.round(latencies[Math.floor((latencies.length - 1) * p)] ?? 0);
  return {
    payloads: latencies.length,
    alertsAccepted: accepted,
    incidentsOpened: opened,
    failedPayloads: failed,
    seconds: Number(seconds.toFixed(2)),
    alertsPerSecond: Math.round(accepted / seconds),
    payloadMs: { p50: pct(0.5), p95: pct(0.95), p99: pct(0.99) },
  };
}

const shuffle = <T>(list: T[]) => {
  for (let i = list.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [list[i], list[j]] = [list[j] as T, list[i] as T];
  }
  return list;
};

const deadline = Date.now() + maxMs;
// Round 1 sends every group once, shuffled, and with each group twice in a row for a tenth of
// them (concurrent duplicates of new alerts); later rounds are repeats of firing alerts.
const first = shuffle([...groups, ...groups.filter((_, i) => i % 10 === 0)]);
const newAlerts = await burst(first, deadline);
const repeats = shuffle(Array.from({ length: rounds - 1 }, () => groups).flat());
const repeated = await burst(repeats, deadline);
const all = {
  alertsAccepted: newAlerts.alertsAccepted + repeated.alertsAccepted,
  seconds: Number((newAlerts.seconds + repeated.seconds).toFixed(2)),
  alertsPerSecond: Math.round(
    (newAlerts.alertsAccepted + repeated.alertsAccepted) / (newAlerts.seconds + repeated.seconds),
  ),
};

/** Posts one new alert and polls the queue's first page until its incident shows. */
async function alertToQueue(i: number): Promise<number> {
  const one = alert(1_000_000 + i);
  const started = performance.now();
  const sent = post(JSON.stringify(message([one], 1_000_000 + i)));
  for (;;) {
    const page = (
      await call('GET', '/api/v1/tickets?channel=monitoring&limit=20&sort=created_desc', undefined, auth)
    ).json as { items: { subject: string }[] };
    if (page.items.some((t) => t.subject.includes(one.labels.instance))) break;
    if (performance.now() - started > 30_000) throw new Error('incident not in the queue after 30 s');
  }
  const elapsed = performance.now() - started;
  await sent;
  return elapsed;
}
const samples: number[] = [];
for (let i = 0; i < Number(values['latency-samples']); i++) samples.push(await alertToQueue(i));
samples.sort((a, b) => a - b);
const q = (p: number) => Math.round(samples[Math.floor((samples.length - 1) * p)] ?? 0);

const repeatDuringLoad: number[] = [];
{
  // The same while repeats keep arriving at full speed.
  const load = burst(shuffle([...groups, ...groups]), Date.now() + 60_000);
  for (let i = 0; i < 10; i++) repeatDuringLoad.push(await alertToQueue(100 + i));
  await load;
}
repeatDuringLoad.sort((a, b) => a - b);

const incidents = (await call('GET', `/api/v1/tickets?channel=monitoring&limit=1`, undefined, auth)).json as {
  items: unknown[];
};
const summary = {
  machine: `${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.type()} ${os.release()}`,
  node: process.version,
  at: new Date().toISOString(),
  settings: { distinct, rounds, perPayload, connections },
  newAlerts,
  repeats: repeated,
  all,
  alertToQueueMs: { samples: samples.length, p50: q(0.5), p95: q(0.95), max: q(1) },
  alertToQueueUnderRepeatLoadMs: {
    samples: repeatDuringLoad.length,
    p50: Math.round(repeatDuringLoad[Math.floor((repeatDuringLoad.length - 1) / 2)] ?? 0),
    max: Math.round(repeatDuringLoad.at(-1) ?? 0),
  },
  queueHasIncidents: incidents.items.length > 0,
  /** Every distinct alert opened exactly one incident, however many times it came. */
  oneIncidentPerAlert: newAlerts.incidentsOpened === distinct && repeated.incidentsOpened === 0,
};
console.log(JSON.stringify(summary, null, 2));
if (values.out) await writeFile(values.out, `${JSON.stringify(summary, null, 2)}\n`);
