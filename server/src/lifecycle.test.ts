import { execFile, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../test/factories-channels.ts';
import {
  adminToken,
  cleanUp,
  createTicket,
  freePort,
  isAlive,
  linesAtOrAbove,
  postmasterPid,
  type ServerProcess,
  spawnServer,
  waitExit,
  waitReady,
} from '../test/server-process.ts';

const run = promisify(execFile);

/**
 * The server as an operator runs it: `node server/src/main.ts` on its own data folder,
 * stopped with SIGTERM and SIGINT, killed with SIGKILL, started again. One data folder for
 * the whole file (initialising PostgreSQL takes seconds); the steps run in order.
 */
describe('server process lifecycle', { timeout: 240_000 }, () => {
  let dir: string;
  let dataDir: string;
  let port: number;
  let pgPort: number;
  let runs = 0;
  let token: string;
  let ticketId: number;

  const start = (env: Record<string, string> = {}): ServerProcess =>
    spawnServer({ dataDir, port, pgPort, logFile: path.join(dir, `server-${++runs}.log`), env });

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'servicedesk-lifecycle-'));
    // As root, PostgreSQL runs as `postgres`, which must reach the data folder.
    await chmod(dir, 0o755);
    dataDir = path.join(dir, 'data');
    port = await freePort();
    pgPort = await freePort();
  });

  afterAll(async () => {
    await cleanUp([dataDir]);
    if (!process.env.KEEP_TEST_LOGS) await rm(dir, { recursive: true, force: true });
  });

  it('stops on SIGTERM in order: requests in flight finish, exit 0, nothing logged as an error', async () => {
    const server = start();
    await waitReady(server);
    token = await adminToken(server.baseUrl);
    const first = await createTicket(server.baseUrl, token, 'Before the stop');
    expect(first.status).toBe(201);
    ticketId = first.id!;
    // A live-event stream stays open until the server ends it.
    const stream = await fetch(`${server.baseUrl}/api/v1/events`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(stream.status).toBe(200);
    const streamEnded = stream.body!.pipeTo(new WritableStream()).then(
      () => 'ended',
      () => 'ended',
    );
    // Requests in flight when the signal arrives: each is answered, or refused before it began.
    const burst = Array.from({ length: 12 }, (_, i) =>
      createTicket(server.baseUrl, token, `In flight ${i}`).catch(() => ({ status: 0 }) as const),
    );
    await new Promise((resolve) => setTimeout(resolve, 30));
    server.child.kill('SIGTERM');
    const results = await Promise.all(burst);
    expect(await waitExit(server, 60_000)).toEqual({ code: 0, signal: null });
    expect(await streamEnded).toBe('ended');
    const log = await server.log();
    expect(linesAtOrAbove(log, 50)).toEqual([]);
    expect(log).not.toContain('terminating connection');
    expect(log.split('\n').filter((line) => line.includes('"msg":"stopped"'))).toHaveLength(1);
    // Its PostgreSQL stopped too.
    expect(await postmasterPid(dataDir)).toBeNull();
    for (const result of results) expect([0, 201, 503]).toContain(result.status);

    // Every acknowledged ticket was committed.
    const again = start();
    await waitReady(again);
    for (const result of results) {
      if (result.status !== 201 || !('id' in result)) continue;
      const response = await fetch(`${again.baseUrl}/api/v1/tickets/${result.id}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(response.status).toBe(200);
    }
    again.child.kill('SIGINT');
    expect(await waitExit(again, 60_000)).toEqual({ code: 0, signal: null });
    expect(linesAtOrAbove(await again.log(), 50)).toEqual([]);
  });

  it('comes back after SIGKILL with the same data folder, its PostgreSQL still running', async () => {
    const server = start();
    await waitReady(server);
    const postmaster = await postmasterPid(dataDir);
    expect(postmaster).not.toBeNull();
    server.child.kill('SIGKILL');
    expect((await waitExit(server, 30_000)).signal).toBe('SIGKILL');
    // What made the next start fail: PostgreSQL outlives the server, holding port and folder.
    expect(isAlive(postmaster!)).toBe(true);

    const again = start();
    await waitReady(again);
    expect(isAlive(postmaster!)).toBe(false);
    const response = await fetch(`${again.baseUrl}/api/v1/tickets/${ticketId}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { subject: string }).subject).toBe('Before the stop');
    const log = await again.log();
    expect(log).toContain('left running by a previous start');

    // A second server on the same data folder leaves the first one's PostgreSQL alone.
    const second = spawnServer({
      dataDir,
      port: await freePort(),
      pgPort,
      logFile: path.join(dir, 'second.log'),
    });
    expect((await waitExit(second, 60_000)).code).toBe(1);
    expect(await second.log()).toContain(`belongs to another running ServiceDesk process (${again.pid})`);
    expect((await fetch(`${again.baseUrl}/readyz`)).status).toBe(200);

    again.child.kill('SIGTERM');
    expect(await waitExit(again, 60_000)).toEqual({ code: 0, signal: null });
    expect(linesAtOrAbove(log, 50)).toEqual([]);
  });

  it('starts over a stale postmaster.pid whose process is gone', async () => {
    // A process id that was alive a moment ago and is not any more.
    const gone = spawn('true');
    await new Promise((resolve) => gone.once('exit', resolve));
    await writeFile(
      path.join(dataDir, 'pg', 'postmaster.pid'),
      `${gone.pid}\n${path.join(dataDir, 'pg')}\n1700000000\n${pgPort}\n/tmp\n127.0.0.1\n  5432001    123\nready   \n`,
    );
    const server = start();
    await waitReady(server);
    expect(await server.log()).toContain('stale postmaster.pid');
    server.child.kill('SIGTERM');
    expect(await waitExit(server, 60_000)).toEqual({ code: 0, signal: null });
  });

  it('npm run backup beside the running server and of a stopped one; npm run restore; the restored desk starts', async () => {
    const server = start();
    await waitReady(server);
    const ticket = await createTicket(server.baseUrl, token, 'Kept in the backup');
    expect(ticket.status).toBe(201);
    const form = new FormData();
    form.append('file', new Blob([Buffer.from('attached before the backup')]), 'note.txt');
    const attached = await fetch(`${server.baseUrl}/api/v1/tickets/${ticket.id}/attachments`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: form,
    });
    expect(attached.status).toBe(201);
    const attachmentId = ((await attached.json()) as { id: number }).id;
    const cli = (script: string, args: string[], env: Record<string, string>) =>
      run(process.execPath, [`server/src/cli/${script}.ts`, ...args], {
        cwd: new URL('../..', import.meta.url).pathname,
        env: { ...process.env, ...env },
      });
    const running = path.join(dir, 'while-running.tar');
    const made = await cli('backup', ['--output', running], {
      DATA_DIR: dataDir,
      EMBEDDED_PG_PORT: String(pgPort),
    });
    expect(made.stdout).toMatch(/Done in .* 1 attachments/);
    server.child.kill('SIGTERM');
    expect(await waitExit(server, 60_000)).toEqual({ code: 0, signal: null });

    // With the server stopped, the backup starts (and stops) the embedded PostgreSQL itself.
    const stopped = path.join(dir, 'while-stopped.tar');
    await cli('backup', ['--output', stopped], { DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(pgPort) });
    expect(await postmasterPid(dataDir)).toBeNull();

    const restoredDir = path.join(dir, 'restored');
    const restoredPg = await freePort();
    const restored = await cli('restore', [running], {
      DATA_DIR: restoredDir,
      EMBEDDED_PG_PORT: String(restoredPg),
    });
    expect(restored.stdout).toContain('Done in');
    const again = spawnServer({
      dataDir: restoredDir,
      port,
      pgPort: restoredPg,
      logFile: path.join(dir, 'restored.log'),
    });
    await waitReady(again);
    const headers = { authorization: `Bearer ${token}` };
    const read = await fetch(`${again.baseUrl}/api/v1/tickets/${ticket.id}`, { headers });
    expect(((await read.json()) as { subject: string }).subject).toBe('Kept in the backup');
    const file = await fetch(`${again.baseUrl}/api/v1/tickets/${ticket.id}/attachments/${attachmentId}`, {
      headers,
    });
    expect(await file.text()).toBe('attached before the backup');
    again.child.kill('SIGTERM');
    expect(await waitExit(again, 60_000)).toEqual({ code: 0, signal: null });
    await cleanUp([restoredDir]);
  });

  it('runs its PostgreSQL, every backend too, under SCHED_BATCH; not with EMBEDDED_PG_SCHEDULING=normal or a refused chrt', async () => {
    // Linux's policy numbers (sched.h): SCHED_OTHER 0, SCHED_BATCH 3; field 41 of /proc/PID/stat.
    const policyOf = (pid: number) =>
      Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ')[38]);
    const childrenOf = (pid: number) =>
      readdirSync('/proc')
        .filter((entry) => /^\d+$/.test(entry))
        .filter((entry) => {
          try {
            return readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1]?.split(' ')[1] === String(pid);
          } catch {
            return false; // gone meanwhile
          }
        })
        .map(Number);
    // A chrt that a sandbox refuses (as a seccomp profile may): PostgreSQL starts as before.
    const refused = path.join(dir, 'refused-bin');
    await mkdir(refused);
    await writeFile(
      path.join(refused, 'chrt'),
      `#!/bin/sh\necho "chrt: failed to set pid 0's policy: Operation not permitted" >&2\nexit 1\n`,
      { mode: 0o755 },
    );
    for (const [env, policy] of [
      [{}, 3],
      [{ EMBEDDED_PG_SCHEDULING: 'normal' }, 0],
      [{ PATH: `${refused}${path.delimiter}${process.env.PATH}` }, 0],
    ] as const) {
      const server = start(env);
      await waitReady(server);
      // Requests, so that the pool's backends exist.
      const response = await fetch(`${server.baseUrl}/api/v1/tickets`, {
        headers: { authorization: `Bearer ${await adminToken(server.baseUrl)}` },
      });
      expect(response.status).toBe(200);
      const postmaster = (await postmasterPid(dataDir))!;
      const backends = childrenOf(postmaster);
      expect(backends.length).toBeGreaterThan(3);
      expect([postmaster, ...backends].map(policyOf)).toEqual([postmaster, ...backends].map(() => policy));
      server.child.kill('SIGTERM');
      expect(await waitExit(server, 60_000)).toEqual({ code: 0, signal: null });
      expect((await server.log()).includes('chrt cannot start a program under SCHED_BATCH here')).toBe(
        'PATH' in env,
      );
    }
  });

  it('runs its background jobs on a thread of its own ("desk-jobs"); with WORKER_THREAD=false on the event loop', async () => {
    const threadNames = (pid: number) =>
      readdirSync(`/proc/${pid}/task`).map((task) => {
        try {
          return readFileSync(`/proc/${pid}/task/${task}/comm`, 'utf8').trim();
        } catch {
          return ''; // ended meanwhile
        }
      });
    for (const [env, onThread] of [
      [{}, true],
      [{ WORKER_THREAD: 'false' }, false],
    ] as const) {
      const server = start(env);
      await waitReady(server);
      expect(threadNames(server.pid).includes('desk-jobs')).toBe(onThread);
      // A new ticket's follow-ups (recorded with it) are worked off by the jobs, wherever they run.
      const created = await createTicket(
        server.baseUrl,
        await adminToken(server.baseUrl),
        `Jobs ${onThread}`,
      );
      expect(created.status).toBe(201);
      await eventually(
        async () => {
          const metrics = await (await fetch(`${server.baseUrl}/metrics`)).text();
          return /servicedesk_backlog\{kind="follow_ups"\} (\d+)/.exec(metrics)?.[1] === '0';
        },
        `no follow-ups waiting (jobs ${onThread ? 'on their thread' : 'on the event loop'})`,
        20_000,
      );
      server.child.kill('SIGTERM');
      expect(await waitExit(server, 60_000)).toEqual({ code: 0, signal: null });
      const log = await server.log();
      expect(linesAtOrAbove(log, 50)).toEqual([]);
      expect(log).not.toContain('terminating connection');
    }
  });

  it('says why it cannot start (port taken), exit code 1, never "undefined"', async () => {
    const squatter = createServer();
    await new Promise<void>((resolve) => squatter.listen(pgPort, '127.0.0.1', resolve));
    try {
      const server = start();
      expect((await waitExit(server, 60_000)).code).toBe(1);
      const log = await server.log();
      expect(log).toContain(`ServiceDesk did not start: PostgreSQL did not start`);
      expect(log).toContain(`Port ${pgPort} is taken by another program`);
      expect(log).not.toMatch(/^undefined$/m);
    } finally {
      await new Promise((resolve) => squatter.close(resolve));
    }
    const badUrl = spawnServer({
      dataDir,
      port,
      logFile: path.join(dir, 'bad-url.log'),
      env: { DATABASE_URL: `postgres://nobody:nothing@127.0.0.1:${pgPort}/none` },
    });
    expect((await waitExit(badUrl, 60_000)).code).toBe(1);
    expect(await badUrl.log()).toContain(
      `ServiceDesk did not start: Connecting to 127.0.0.1:${pgPort}/none failed`,
    );
    // Nothing of ours keeps running after a failed start.
    expect(await postmasterPid(dataDir)).toBeNull();
  });
});
