import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunbookDto, RunbookRunDto } from '../../../../contracts/runbooks.ts';
import type { TimelineEventDto } from '../../../../contracts/tickets.ts';
import { buildTicket, buildUser, type TestUser } from '../../../test/factories.ts';
import { json, setupTestApp } from '../../../test/harness.ts';
import { approvalExpiryJob } from '../approvals/index.ts';
import { systemActor } from '../identity/index.ts';
import { startRunbook } from './index.ts';
import { sendRunbookJobHandler } from './send-job.ts';

const ctx = await setupTestApp();
const SECRET = 'a-receiver-shared-secret-0123456789';

/** A real HTTP receiver on 127.0.0.1: records every request and answers as the test says. */
interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}
let received: Received[] = [];
let answer: (request: Received, n: number) => { status: number; body: string; delayMs?: number } = () => ({
  status: 200,
  body: '{"ok":true}',
});
let server: Server;
let base = '';

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      received.push(request);
      const reply = answer(request, received.length);
      const send = () => {
        if (res.destroyed) return;
        res.writeHead(reply.status, { 'content-type': 'application/json' });
        res.end(reply.body);
      };
      if (reply.delayMs) setTimeout(send, reply.delayMs);
      else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  received = [];
  answer = () => ({ status: 200, body: '{"ok":true}' });
});

const call = (
  as: TestUser | null,
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  url: string,
  payload?: object,
) =>
  ctx.app.inject({
    method,
    url: `/api/v1${url}`,
    ...(as ? { headers: as.headers } : {}),
    ...(payload ? { payload } : {}),
  });

let admin: TestUser;
let agent: TestUser;
let requester: TestUser;
beforeAll(async () => {
  admin = await buildUser(ctx, { role: 'admin' });
  agent = await buildUser(ctx, { role: 'agent' });
  requester = await buildUser(ctx, { name: 'Zhang "Wei"', email: 'zhang.wei@example.com' });
});

function definition(overrides: Record<string, unknown> = {}) {
  return {
    name: `Restart VPN ${Math.random().toString(36).slice(2, 8)}`,
    url: `${base}/hooks/restart?ticket={{ticket.number}}`,
    method: 'POST',
    headers: { 'X-Team': 'ops' },
    bodyTemplate:
      '{"ticket": {{ticket.number}}, "subject": "{{ticket.subject}}", "requester": "{{requester.email}}", "name": "{{requester.name}}"}',
    secret: SECRET,
    timeoutSeconds: 2,
    maxAttempts: 3,
    success: { status: [200, 299], jsonPath: '$.ok', equals: true },
    ...overrides,
  };
}

async function createRunbook(overrides: Record<string, unknown> = {}): Promise<RunbookDto> {
  const response = await call(admin, 'POST', '/runbooks', definition(overrides));
  expect(response.statusCode, response.body).toBe(201);
  return json<RunbookDto>(response);
}

async function startRun(runbookId: number, ticketId: number): Promise<RunbookRunDto> {
  const response = await call(agent, 'POST', `/tickets/${ticketId}/runbooks`, { runbookId });
  expect(response.statusCode, response.body).toBe(201);
  return json<RunbookRunDto>(response);
}

/** Takes the run's waiting send job off the queue and runs it as the worker would; false if none waits. */
async function workOffSend(runId: number): Promise<boolean> {
  const waiting = await ctx.database.db.execute<{ payload: { runId: number; attempt: number } }>(
    sql`select payload from graphile_worker._private_jobs where key = ${`runbooks.send:${runId}`}`,
  );
  const job = waiting.rows[0];
  if (!job) return false;
  await ctx.database.db.execute(sql`select graphile_worker.remove_job(${`runbooks.send:${runId}`})`);
  await sendRunbookJobHandler.run(
    { runId: job.payload.runId, attempt: job.payload.attempt },
    { db: ctx.database.db, logger: pino({ level: 'silent' }), now: new Date() },
  );
  return true;
}

async function runOf(ticketId: number, runId: number): Promise<RunbookRunDto> {
  const response = await call(agent, 'GET', `/tickets/${ticketId}/runbooks`);
  expect(response.statusCode, response.body).toBe(200);
  const run = json<{ items: RunbookRunDto[] }>(response).items.find((item) => item.id === runId);
  if (!run) throw new Error('run not listed');
  return run;
}

async function timeline(as: TestUser, ticketId: number) {
  const response = await call(as, 'GET', `/tickets/${ticketId}/timeline`);
  expect(response.statusCode, response.body).toBe(200);
  return json<{ items: TimelineEventDto[] }>(response).items;
}

/** How a receiver checks the call (the example of docs/automation.md). */
function verify(headers: IncomingHttpHeaders, body: string, secret: string): boolean {
  const header = String(headers['x-servicedesk-signature'] ?? '');
  const parts = Object.fromEntries(header.split(',').map((part) => part.split('=') as [string, string]));
  const t = Number(parts.t);
  if (!Number.isInteger(t) || Math.abs(Date.now() / 1000 - t) > 300 || !parts.v1) return false;
  const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest();
  const given = Buffer.from(parts.v1, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

describe('runbook definitions', () => {
  it('saves a definition, never returns the secret, and lists it for admins only', async () => {
    const runbook = await createRunbook();
    expect(runbook).toMatchObject({
      secretSet: true,
      method: 'POST',
      maxAttempts: 3,
      requiresApproval: false,
    });
    expect(JSON.stringify(runbook)).not.toContain(SECRET);
    const list = await call(admin, 'GET', '/runbooks');
    expect(list.body).not.toContain(SECRET);
    expect(json<{ items: RunbookDto[] }>(list).items.map((item) => item.id)).toContain(runbook.id);
    expect((await call(agent, 'GET', '/runbooks')).statusCode).toBe(403);
    expect((await call(agent, 'POST', '/runbooks', definition())).statusCode).toBe(403);
    const choices = await call(agent, 'GET', '/runbooks/choices');
    expect(choices.statusCode).toBe(200);
    expect(choices.body).not.toContain(base);
    expect((await call(requester, 'GET', '/runbooks/choices')).statusCode).toBe(403);
  });

  it('keeps the secret on an update without one, and records the change', async () => {
    const runbook = await createRunbook();
    const { secret: _secret, ...rest } = definition({ name: runbook.name, timeoutSeconds: 5 });
    const updated = await call(admin, 'PUT', `/runbooks/${runbook.id}`, rest);
    expect(updated.statusCode, updated.body).toBe(200);
    expect(json<RunbookDto>(updated)).toMatchObject({ timeoutSeconds: 5, secretSet: true });
    const stored = await ctx.database.db.execute<{ secret: string }>(
      sql`select secret from runbooks where id = ${runbook.id}`,
    );
    expect(stored.rows[0]?.secret).toBe(SECRET);
  });

  it.each([
    [{ url: 'file:///etc/passwd' }, 'url'],
    [{ url: 'ftp://example.com/x' }, 'url'],
    [{ url: 'not a url' }, 'url'],
    [{ url: 'http://user:pw@example.com/' }, 'url'],
    [{ url: 'http://example.com/{{ticket.secret}}' }, 'url'],
    [{ bodyTemplate: '{"a": {{ticket.nope}}}' }, 'bodyTemplate'],
    [{ bodyTemplate: '{"a": "{{ticket.subject}}"' }, 'bodyTemplate'],
    [{ bodyTemplate: '{"a": {{ticket.subject}}}' }, 'bodyTemplate'],
    [{ method: 'GET' }, 'bodyTemplate'],
    [{ method: 'TRACE' }, 'method'],
    [{ headers: { 'Idempotency-Key': 'x' } }, 'headers.Idempotency-Key'],
    [{ headers: { 'X-Bad': 'a\r\nInjected: 1' } }, 'headers.X-Bad'],
    [{ secret: 'short' }, 'secret'],
    [{ timeoutSeconds: 0 }, 'timeoutSeconds'],
    [{ maxAttempts: 11 }, 'maxAttempts'],
    [{ success: { status: [299, 200] } }, 'success.status'],
    [{ success: { equals: true } }, 'success.equals'],
    [{ success: { jsonPath: 'ok' } }, 'success.jsonPath'],
    [{ success: { status: [200, 299], script: 'x' } }, 'success'],
    [{ requiresApproval: true, approverIds: [] }, 'approverIds'],
    [{ name: '' }, 'name'],
  ])('refuses %j with 400 naming %s, and saves nothing', async (overrides, field) => {
    const before = await ctx.database.db.execute<{ n: number }>(sql`select count(*)::int as n from runbooks`);
    const response = await call(admin, 'POST', '/runbooks', definition(overrides));
    expect(response.statusCode, response.body).toBe(400);
    expect(json<{ error: { field?: string } }>(response).error.field).toBe(field);
    const after = await ctx.database.db.execute<{ n: number }>(sql`select count(*)::int as n from runbooks`);
    expect(after.rows[0]?.n).toBe(before.rows[0]?.n);
  });

  it('refuses approvers who are not active staff', async () => {
    const response = await call(
      admin,
      'POST',
      '/runbooks',
      definition({ requiresApproval: true, approverIds: [requester.user.id] }),
    );
    expect(response.statusCode).toBe(400);
    expect(json<{ error: { code: string; field: string } }>(response).error).toMatchObject({
      code: 'runbook.approver_invalid',
      field: 'approverIds',
    });
  });
});

describe('running a runbook without approval', () => {
  it('sends once after the request commits: signed, with the idempotency key, variables escaped for JSON', async () => {
    const runbook = await createRunbook();
    const ticket = await buildTicket(ctx, requester, { subject: 'VPN says "no" \\ 连不上' });
    const run = await startRun(runbook.id, ticket.id);
    expect(run.status).toBe('queued');
    expect(received).toHaveLength(0);
    expect(await workOffSend(run.id)).toBe(true);
    expect(await workOffSend(run.id)).toBe(false);
    expect(received).toHaveLength(1);
    const request = received[0] as Received;
    expect(request.method).toBe('POST');
    expect(request.url).toBe(`/hooks/restart?ticket=${ticket.number}`);
    expect(request.headers['x-team']).toBe('ops');
    expect(request.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(request.headers['idempotency-key']).toBe(`servicedesk-runbook-run-${run.id}`);
    expect(verify(request.headers, request.body, SECRET)).toBe(true);
    expect(verify(request.headers, `${request.body} `, SECRET)).toBe(false);
    expect(verify(request.headers, request.body, 'another-secret-0000000000')).toBe(false);
    expect(JSON.parse(request.body)).toEqual({
      ticket: ticket.number,
      subject: 'VPN says "no" \\ 连不上',
      requester: 'zhang.wei@example.com',
      name: 'Zhang "Wei"',
    });
    const done = await runOf(ticket.id, run.id);
    expect(done).toMatchObject({
      status: 'succeeded',
      attempts: 1,
      responseStatus: 200,
      output: '{"ok":true}',
    });
    expect(done.durationMs).toBeGreaterThanOrEqual(0);
    const events = (await timeline(agent, ticket.id)).filter((event) => event.kind.startsWith('runbook.'));
    expect(events.map((event) => event.kind)).toEqual(['runbook.run_requested', 'runbook.run_succeeded']);
    expect(events[1]?.data).toMatchObject({ status: 200, attempts: 1, internal: true });
    // Internal: the requester does not see runs on the timeline.
    const theirs = (await timeline(requester, ticket.id)).filter((event) =>
      event.kind.startsWith('runbook.'),
    );
    expect(theirs).toHaveLength(0);
  });

  it('retries a 500 with back-off and the same Idempotency-Key, then succeeds', async () => {
    answer = (_request, n) => (n < 3 ? { status: 500, body: 'busy' } : { status: 200, body: '{"ok":true}' });
    const runbook = await createRunbook();
    const ticket = await buildTicket(ctx, requester);
    const run = await startRun(runbook.id, ticket.id);
    expect(await workOffSend(run.id)).toBe(true);
    const waiting = await runOf(ticket.id, run.id);
    expect(waiting).toMatchObject({ status: 'queued', attempts: 1, responseStatus: 500 });
    const retryIn = Date.parse(waiting.nextAttemptAt ?? '') - Date.now();
    expect(retryIn).toBeGreaterThan(5_000);
    expect(retryIn).toBeLessThan(11_000);
    const job = await ctx.database.db.execute<{ run_at: Date }>(
      sql`select run_at from graphile_worker._private_jobs where key = ${`runbooks.send:${run.id}`}`,
    );
    expect(new Date(job.rows[0]?.run_at ?? 0).toISOString()).toBe(waiting.nextAttemptAt);
    expect(await workOffSend(run.id)).toBe(true);
    expect(await workOffSend(run.id)).toBe(true);
    expect(await workOffSend(run.id)).toBe(false);
    expect(received).toHaveLength(3);
    const keys = new Set(received.map((request) => request.headers['idempotency-key']));
    expect(keys).toEqual(new Set([`servicedesk-runbook-run-${run.id}`]));
    expect(new Set(received.map((request) => request.body)).size).toBe(1);
    for (const request of received) expect(verify(request.headers, request.body, SECRET)).toBe(true);
    expect(await runOf(ticket.id, run.id)).toMatchObject({ status: 'succeeded', attempts: 3 });
    const retried = (await timeline(agent, ticket.id)).find((e) => e.kind === 'runbook.attempt_failed');
    expect(retried?.data).toMatchObject({
      error: 'status 500',
      failure: { code: 'server_error', params: { status: 500 } },
    });
    const kinds = (await timeline(agent, ticket.id))
      .map((event) => event.kind)
      .filter((k) => k.startsWith('runbook.'));
    expect(kinds).toEqual([
      'runbook.run_requested',
      'runbook.attempt_failed',
      'runbook.attempt_failed',
      'runbook.run_succeeded',
    ]);
  });

  it('gives up after maxAttempts 500s', async () => {
    answer = () => ({ status: 503, body: 'down' });
    const runbook = await createRunbook({ maxAttempts: 2 });
    const ticket = await buildTicket(ctx, requester);
    const run = await startRun(runbook.id, ticket.id);
    while (await workOffSend(run.id));
    expect(received).toHaveLength(2);
    expect(await runOf(ticket.id, run.id)).toMatchObject({
      status: 'failed',
      attempts: 2,
      responseStatus: 503,
      output: 'down',
    });
  });

  it('enforces the timeout, retries it, and fails when every attempt times out', async () => {
    answer = () => ({ status: 200, body: '{"ok":true}', delayMs: 3_000 });
    const runbook = await createRunbook({ timeoutSeconds: 1, maxAttempts: 2 });
    const ticket = await buildTicket(ctx, requester);
    const run = await startRun(runbook.id, ticket.id);
    const started = Date.now();
    while (await workOffSend(run.id));
    const elapsed = Date.now() - started;
    expect(elapsed).toBeLessThan(2_900);
    expect(received).toHaveLength(2);
    const failed = await runOf(ticket.id, run.id);
    expect(failed).toMatchObject({ status: 'failed', attempts: 2, responseStatus: null });
    expect(failed.error).toContain('timed out after 1 s');
    expect(failed.failure).toEqual({ code: 'timeout', params: { seconds: 1 } });
    expect(failed.durationMs).toBeGreaterThanOrEqual(900);
    expect(failed.durationMs).toBeLessThan(1_900);
  }, 15_000);

  it('fails (without retrying) when the success expression is false', async () => {
    answer = () => ({ status: 200, body: '{"ok":false,"reason":"service not found"}' });
    const runbook = await createRunbook();
    const ticket = await buildTicket(ctx, requester);
    const run = await startRun(runbook.id, ticket.id);
    while (await workOffSend(run.id));
    expect(received).toHaveLength(1);
    const failed = await runOf(ticket.id, run.id);
    expect(failed).toMatchObject({ status: 'failed', attempts: 1, responseStatus: 200 });
    expect(failed.error).toBe('$.ok is false, not true');
    expect(failed.failure).toEqual({
      code: 'json_value',
      params: { path: '$.ok', value: 'false', expected: 'true' },
    });
    const event = (await timeline(agent, ticket.id)).find((e) => e.kind === 'runbook.run_failed');
    expect(event?.data).toMatchObject({
      error: '$.ok is false, not true',
      failure: { code: 'json_value' },
      output: '{"ok":false,"reason":"service not found"}',
    });
  });

  it('does not retry a 4xx, and keeps only an excerpt of a long answer', async () => {
    answer = () => ({ status: 404, body: `{"error":"${'x'.repeat(10_000)}"}` });
    const runbook = await createRunbook();
    const ticket = await buildTicket(ctx, requester);
    const run = await startRun(runbook.id, ticket.id);
    while (await workOffSend(run.id));
    expect(received).toHaveLength(1);
    const failed = await runOf(ticket.id, run.id);
    expect(failed).toMatchObject({
      status: 'failed',
      responseStatus: 404,
      error: 'status 404 is outside 200..299',
      failure: { code: 'status_outside', params: { status: 404, low: 200, high: 299 } },
    });
    expect(failed.output?.length).toBe(2001);
  });

  it('retries a refused connection and says so', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const runbook = await createRunbook({ url: `http://127.0.0.1:${port}/x`, maxAttempts: 1 });
    const ticket = await buildTicket(ctx, requester);
    const run = await startRun(runbook.id, ticket.id);
    while (await workOffSend(run.id));
    const failed = await runOf(ticket.id, run.id);
    expect(failed.status).toBe('failed');
    expect(failed.error).toContain('ECONNREFUSED');
    expect(failed.failure).toEqual({ code: 'connection_refused', params: { host: `127.0.0.1:${port}` } });
  });

  it('refuses requesters, unknown and inactive runbooks; a job delivered twice at once sends once', async () => {
    const runbook = await createRunbook();
    const ticket = await buildTicket(ctx, requester);
    expect(
      (await call(requester, 'POST', `/tickets/${ticket.id}/runbooks`, { runbookId: runbook.id })).statusCode,
    ).toBe(403);
    expect(
      (await call(agent, 'POST', `/tickets/${ticket.id}/runbooks`, { runbookId: 999999 })).statusCode,
    ).toBe(404);
    expect((await call(agent, 'POST', `/tickets/${ticket.id}/runbooks`, { runbookId: 'x' })).statusCode).toBe(
      400,
    );
    const off = await createRunbook({ active: false });
    const inactive = await call(agent, 'POST', `/tickets/${ticket.id}/runbooks`, { runbookId: off.id });
    expect(inactive.statusCode).toBe(409);
    expect(json<{ error: { code: string } }>(inactive).error.code).toBe('runbook.inactive');
    const run = await startRun(runbook.id, ticket.id);
    const payload = { runId: run.id, attempt: 1 };
    const context = { db: ctx.database.db, logger: pino({ level: 'silent' }), now: new Date() };
    await Promise.all([
      sendRunbookJobHandler.run(payload, context),
      sendRunbookJobHandler.run(payload, context),
    ]);
    await sendRunbookJobHandler.run(payload, context);
    expect(received).toHaveLength(1);
  });
});

describe('running a runbook that requires approval', () => {
  async function approvalRunbook(mode: 'any' | 'all' = 'any') {
    const first = await buildUser(ctx, { role: 'lead' });
    const second = await buildUser(ctx, { role: 'agent' });
    const runbook = await createRunbook({
      requiresApproval: true,
      approverIds: [first.user.id, second.user.id],
      approvalMode: mode,
    });
    return { runbook, first, second };
  }

  const decide = (as: TestUser, approvalId: number, decision: 'approve' | 'reject', comment?: string) =>
    call(as, 'POST', `/approvals/${approvalId}/decision`, { decision, ...(comment ? { comment } : {}) });

  it('is not sent before the approval, and sent exactly once after it', async () => {
    const { runbook, first, second } = await approvalRunbook('all');
    const ticket = await buildTicket(ctx, requester);
    const run = await startRun(runbook.id, ticket.id);
    expect(run.status).toBe('awaiting_approval');
    expect(run.approvalId).not.toBeNull();
    expect(await workOffSend(run.id)).toBe(false);
    // A job delivered by mistake before the approval sends nothing either.
    await sendRunbookJobHandler.run(
      { runId: run.id, attempt: 1 },
      { db: ctx.database.db, logger: pino({ level: 'silent' }), now: new Date() },
    );
    expect(received).toHaveLength(0);
    const pending = await call(first, 'GET', '/approvals?status=pending');
    expect(pending.body).toContain(`"subjectId":${run.id}`);
    const one = await decide(first, run.approvalId ?? 0, 'approve');
    expect(one.statusCode, one.body).toBe(200);
    // Countersign (会签): one yes of two is not yet an approval.
    expect((await runOf(ticket.id, run.id)).status).toBe('awaiting_approval');
    expect(await workOffSend(run.id)).toBe(false);
    const two = await decide(second, run.approvalId ?? 0, 'approve');
    expect(two.statusCode, two.body).toBe(200);
    expect((await runOf(ticket.id, run.id)).status).toBe('queued');
    expect(await workOffSend(run.id)).toBe(true);
    expect(await workOffSend(run.id)).toBe(false);
    expect(received).toHaveLength(1);
    expect(verify(received[0]?.headers ?? {}, received[0]?.body ?? '', SECRET)).toBe(true);
    expect(await runOf(ticket.id, run.id)).toMatchObject({ status: 'succeeded', attempts: 1 });
    const kinds = (await timeline(agent, ticket.id)).map((event) => event.kind);
    expect(kinds.indexOf('runbook.run_requested')).toBeLessThan(kinds.indexOf('approval.decided'));
    expect(kinds.indexOf('approval.decided')).toBeLessThan(kinds.indexOf('runbook.run_succeeded'));
  });

  it('ends rejected and is never sent when the approval is rejected', async () => {
    // Countersign (会签): one no rejects.
    const { runbook, first } = await approvalRunbook('all');
    const ticket = await buildTicket(ctx, requester);
    const run = await startRun(runbook.id, ticket.id);
    const no = await decide(first, run.approvalId ?? 0, 'reject', 'Not during business hours');
    expect(no.statusCode, no.body).toBe(200);
    expect(await workOffSend(run.id)).toBe(false);
    expect(received).toHaveLength(0);
    const ended = await runOf(ticket.id, run.id);
    expect(ended).toMatchObject({ status: 'rejected', attempts: 0, error: 'Not during business hours' });
    expect(ended.finishedAt).not.toBeNull();
    const event = (await timeline(agent, ticket.id)).find((e) => e.kind === 'runbook.run_cancelled');
    expect(event?.data).toMatchObject({
      outcome: 'rejected',
      comment: 'Not during business hours',
      internal: true,
    });
  });

  it('ends expired and is never sent when the approval passes its deadline undecided', async () => {
    const { runbook } = await approvalRunbook('any');
    const ticket = await buildTicket(ctx, requester);
    const run = await startRun(runbook.id, ticket.id);
    await ctx.database.db.execute(
      sql`update approvals set deadline = now() - interval '1 minute' where id = ${run.approvalId}`,
    );
    await approvalExpiryJob.run(
      { approvalId: run.approvalId ?? 0 },
      { db: ctx.database.db, logger: pino({ level: 'silent' }), now: new Date() },
    );
    expect(await workOffSend(run.id)).toBe(false);
    expect(received).toHaveLength(0);
    expect((await runOf(ticket.id, run.id)).status).toBe('expired');
    const event = (await timeline(agent, ticket.id)).find((e) => e.kind === 'runbook.run_cancelled');
    expect(event?.data).toMatchObject({ outcome: 'expired' });
  });
});

describe('startRunbook, for other modules (the automation rules)', () => {
  it('runs a runbook as the automation actor, and the call is sent once', async () => {
    const runbook = await createRunbook();
    const ticket = await buildTicket(ctx, requester);
    const run = await ctx.database.db.transaction(async (tx) =>
      startRunbook(tx, {
        runbookId: runbook.id,
        ticketId: ticket.id,
        actor: await systemActor(tx, 'automation'),
      }),
    );
    expect(run.status).toBe('queued');
    while (await workOffSend(run.id));
    expect(received).toHaveLength(1);
    expect(await runOf(ticket.id, run.id)).toMatchObject({ status: 'succeeded' });
    const requested = (await timeline(agent, ticket.id)).find((e) => e.kind === 'runbook.run_requested');
    expect(requested?.actor?.id).toBe(run.requestedBy?.id);
  });

  it('fails a queued run whose runbook was deleted before it was sent, and 404s on unknown runbooks', async () => {
    const runbook = await createRunbook();
    const ticket = await buildTicket(ctx, requester);
    const run = await startRun(runbook.id, ticket.id);
    expect((await call(admin, 'DELETE', `/runbooks/${runbook.id}`)).statusCode).toBe(204);
    while (await workOffSend(run.id));
    expect(received).toHaveLength(0);
    expect(await runOf(ticket.id, run.id)).toMatchObject({
      status: 'failed',
      runbookId: null,
      error: 'the runbook was deleted',
      failure: { code: 'runbook_deleted', params: {} },
    });
    expect((await call(admin, 'DELETE', `/runbooks/${runbook.id}`)).statusCode).toBe(404);
    expect((await call(admin, 'GET', `/runbooks/${runbook.id}`)).statusCode).toBe(404);
    const { secret: _s, ...rest } = definition();
    expect((await call(admin, 'PUT', `/runbooks/${runbook.id}`, rest)).statusCode).toBe(404);
  });
});
