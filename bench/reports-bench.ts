/**
 * Times the reports of issue 6 over HTTP against a seeded server: the summary for a quarter
 * (no filter, each filter in turn, pairs of filters and three), the drill-downs (3 rounds of 4
 * metrics) and the weekly report in JSON, XLSX and PDF.
 *
 *   node bench/reports-bench.ts --base http://127.0.0.1:4400 --out bench/results/reports.json
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    base: { type: 'string', default: 'http://127.0.0.1:4400' },
    email: { type: 'string', default: 'admin@example.com' },
    password: { type: 'string', default: 'admin-pass-123' },
    rounds: { type: 'string', default: '5' },
    out: { type: 'string' },
  },
});
const base = values.base;

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...headers },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const buffer = Buffer.from(await response.arrayBuffer());
  if (!response.ok)
    throw new Error(`${method} ${path}: ${response.status} ${buffer.toString().slice(0, 300)}`);
  return { response, buffer };
}

const login = await call('POST', '/api/v1/auth/login', { email: values.email, password: values.password });
const cookie = login.response.headers.get('set-cookie')?.split(';')[0] ?? '';
const { token } = JSON.parse(
  (await call('POST', '/api/v1/tokens', { name: 'reports-bench' }, { cookie })).buffer.toString(),
) as {
  token: string;
};
const auth = { authorization: `Bearer ${token}` };

async function timed(path: string): Promise<{ ms: number; bytes: number; body: Buffer }> {
  const start = performance.now();
  const { buffer } = await call('GET', path, undefined, auth);
  return { ms: performance.now() - start, bytes: buffer.length, body: buffer };
}

const percentile = (list: number[], p: number) => {
  const sorted = [...list].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
};
const stats = (list: number[]) => ({
  n: list.length,
  p50: Math.round(percentile(list, 50)),
  p95: Math.round(percentile(list, 95)),
  max: Math.round(Math.max(...list)),
});

// The last complete quarter before today.
const now = new Date();
const quarterStartMonth = Math.floor(now.getUTCMonth() / 3) * 3;
const qTo = new Date(Date.UTC(now.getUTCFullYear(), quarterStartMonth, 0));
const qFrom = new Date(Date.UTC(qTo.getUTCFullYear(), qTo.getUTCMonth() - 2, 1));
const day = (d: Date) => d.toISOString().slice(0, 10);
const quarter = `from=${day(qFrom)}&to=${day(qTo)}`;

const first = JSON.parse((await timed(`/api/v1/reports/summary?${quarter}`)).body.toString()) as {
  volume: { in: number; out: number };
  backlog: { open: number };
  agents: { agentId: number }[];
  breakdowns: { team: { key: string }[] };
};
const agentId = first.agents[0]?.agentId ?? 1;
const teamId = first.breakdowns.team.find((t) => t.key !== 'none')?.key ?? '1';
const filters = [
  '',
  '&priority=P1',
  '&channel=email',
  '&category=软件',
  `&teamId=${teamId}`,
  `&agentId=${agentId}`,
  '&priority=P2&channel=portal',
  '&channel=email&category=软件',
  `&teamId=${teamId}&priority=P3`,
  `&agentId=${agentId}&channel=portal`,
  '&priority=P2&channel=portal&category=软件',
];
console.log(
  `quarter ${quarter}: in ${first.volume.in}, out ${first.volume.out}, backlog ${first.backlog.open}`,
);
for (const f of filters) await timed(`/api/v1/reports/summary?${quarter}${f}`); // warm-up

const rounds = Number(values.rounds);
const summary: number[] = [];
const byFilter: Record<string, number[]> = {};
for (let round = 0; round < rounds; round++) {
  for (const f of filters) {
    const { ms } = await timed(`/api/v1/reports/summary?${quarter}${f}`);
    summary.push(ms);
    const key = f || '(none)';
    byFilter[key] = [...(byFilter[key] ?? []), ms];
  }
}
const drill: number[] = [];
const drillByMetric: Record<string, number[]> = {};
for (let round = 0; round < 3; round++) {
  for (const metric of ['resolution', 'backlog', 'csat_low', 'in']) {
    const { ms } = await timed(`/api/v1/reports/drilldown?${quarter}&metric=${metric}`);
    drill.push(ms);
    drillByMetric[metric] = [...(drillByMetric[metric] ?? []), ms];
  }
}
const weekly: Record<string, number[]> = { json: [], xlsx: [], pdf: [] };
for (let round = 0; round < 3; round++) {
  for (const format of ['json', 'xlsx', 'pdf'])
    weekly[format]?.push((await timed(`/api/v1/reports/weekly?format=${format}`)).ms);
}

const result = {
  at: now.toISOString(),
  quarter,
  volume: first.volume,
  summary: stats(summary),
  summaryByFilter: Object.fromEntries(Object.entries(byFilter).map(([k, v]) => [k, stats(v)])),
  drilldown: stats(drill),
  drilldownByMetric: Object.fromEntries(Object.entries(drillByMetric).map(([k, v]) => [k, stats(v)])),
  weekly: Object.fromEntries(Object.entries(weekly).map(([k, v]) => [k, stats(v)])),
};
console.log(JSON.stringify(result, null, 2));
if (values.out) writeFileSync(values.out, `${JSON.stringify(result, null, 2)}\n`);
