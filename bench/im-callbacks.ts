/**
 * IM callback benchmark (issue 11): Slack Events API messages per second through a bot's
 * callback URL, each signed as Slack signs it; people write several messages (the first opens a
 * ticket, the next ones add to it) and a share of deliveries are Slack's retries (deduplicated).
 *
 * Needs a running server (loopback only) with an administrator:
 *   node bench/im-callbacks.ts --url http://127.0.0.1:4000 --email admin@example.com \
 *     --password admin-pass-123 [--count 2000] [--people 200] [--concurrency 16] [--retries 0.2]
 */
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { slackSignature } from '../server/src/modules/channels/im/callback-crypto.ts';
import { registerModuleErrors } from '../server/src/modules/errors.ts';

// Use cases are called here without the app: their error codes are registered as the registry does.
registerModuleErrors();

const { values } = parseArgs({
  options: {
    url: { type: 'string', default: 'http://127.0.0.1:4000' },
    email: { type: 'string', default: 'admin@example.com' },
    password: { type: 'string', default: 'admin-pass-123' },
    count: { type: 'string', default: '2000' },
    people: { type: 'string', default: '200' },
    concurrency: { type: 'string', default: '16' },
    retries: { type: 'string', default: '0.2' },
    out: { type: 'string', default: 'bench/results/im-callbacks.json' },
  },
});
const base = values.url;
if (!/^http:\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?$/.test(base)) throw new Error('loopback only');
const COUNT = Math.min(Number(values.count), 20_000);
const PEOPLE = Number(values.people);
const CONCURRENCY = Number(values.concurrency);
const RETRY_SHARE = Number(values.retries);

const login = await fetch(`${base}/api/v1/auth/login`, {
  method: 'POST',
  headers: { 'content-type': 'application/json', origin: base },
  body: JSON.stringify({ email: values.email, password: values.password }),
});
if (!login.ok) throw new Error(`login: ${login.status}`);
const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
const signingSecret = `bench-${Date.now()}`;
const created = await fetch(`${base}/api/v1/channels/im-bots`, {
  method: 'POST',
  headers: { 'content-type': 'application/json', origin: base, cookie },
  body: JSON.stringify({ name: `bench ${Date.now()}`, platform: 'slack', inbound: { signingSecret } }),
});
if (created.status !== 201) throw new Error(`bot: ${created.status} ${await created.text()}`);
const bot = (await created.json()) as { id: number };
const path = `/api/v1/channels/im-bots/${bot.id}/callback`;

const run = Date.now();
const deliveries: { eventId: string; user: string; text: string; retry: boolean }[] = [];
for (let i = 0; i < COUNT; i++) {
  const retry = i > 0 && Math.random() < RETRY_SHARE;
  const earlier = deliveries[Math.floor(Math.random() * deliveries.length)];
  if (retry && earlier) deliveries.push({ ...earlier, retry: true });
  else
    deliveries.push({
      eventId: `Ev${run}-${i}`,
      user: `U${run % 100000}${i % PEOPLE}`,
      text: `第 ${i} 条：打印机又卡纸了 printer jam ${i}`,
      retry: false,
    });
}

const latencies: number[] = [];
let failures = 0;
let next = 0;
async function worker() {
  for (;;) {
    const index = next++;
    const delivery = deliveries[index];
    if (!delivery) return;
    const body = JSON.stringify({
      type: 'event_callback',
      event_id: delivery.eventId,
      event: {
        type: 'message',
        user: delivery.user,
        text: delivery.text,
        channel: 'CBENCH',
        ts: `${run}.${index}`,
      },
    });
    const timestamp = String(Math.floor(Date.now() / 1000));
    const started = performance.now();
    const response = await fetch(`${base}${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-slack-request-timestamp': timestamp,
        'x-slack-signature': slackSignature(signingSecret, timestamp, body),
        ...(delivery.retry ? { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' } : {}),
      },
      body,
    });
    await response.arrayBuffer();
    latencies.push(performance.now() - started);
    if (response.status !== 200) failures++;
  }
}
const started = performance.now();
await Promise.all(Array.from({ length: CONCURRENCY }, worker));
const seconds = (performance.now() - started) / 1000;
latencies.sort((a, b) => a - b);
const pct = (p: number) => Math.round((latencies[Math.floor((latencies.length - 1) * p)] ?? 0) * 10) / 10;
const result = {
  at: new Date().toISOString(),
  count: COUNT,
  people: PEOPLE,
  concurrency: CONCURRENCY,
  retries: deliveries.filter((d) => d.retry).length,
  failures,
  seconds: Math.round(seconds * 100) / 100,
  perSecond: Math.round(COUNT / seconds),
  latencyMs: { p50: pct(0.5), p95: pct(0.95), p99: pct(0.99) },
};
console.log(JSON.stringify(result, null, 2));
await writeFile(values.out, `${JSON.stringify(result, null, 2)}\n`);
