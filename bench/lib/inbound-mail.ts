/**
 * Shared by the inbound mail benchmarks (bench/inbound-smtp.ts, issue 5; bench/pace/mail.ts,
 * issue 18): the product started as a separate process (`node server/src/main.ts`, worker on,
 * its SMTP listener on a loopback port) against a PostgreSQL the bench owns, so that killing
 * the server by its PID leaves the database up, as in production; waiting for the listener;
 * sending over pooled SMTP connections and counting the 250s; the stored messages of a run by
 * status. Only what is started here is stopped (by PID).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { connect } from 'node:net';
import path from 'node:path';
import nodemailer from 'nodemailer';
import type pg from 'pg';

export const ROOT = path.resolve(import.meta.dirname, '../..');

export interface MailServerOptions {
  databaseUrl: string;
  httpPort: number;
  smtpPort: number;
  dataDir: string;
  /** Extra node arguments (e.g. --cpu-prof). */
  nodeArgs?: string[];
  /** Another checkout to run the server of (an A/B comparison); default: this one. */
  root?: string;
  /** Extra environment (e.g. RUN_WORKER=false, DB_POOL_SIZE). */
  env?: Record<string, string>;
}

/** `node server/src/main.ts` taking mail for support.localhost on 127.0.0.1:smtpPort. */
export function startMailServer(options: MailServerOptions): ChildProcess {
  return spawn(process.execPath, [...(options.nodeArgs ?? []), 'server/src/main.ts'], {
    cwd: options.root ?? ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      ...process.env,
      DATABASE_URL: options.databaseUrl,
      PORT: String(options.httpPort),
      HOST: '127.0.0.1',
      DATA_DIR: options.dataDir,
      SMTP_LISTEN_PORT: String(options.smtpPort),
      SMTP_LISTEN_HOST: '127.0.0.1',
      INBOUND_DOMAIN: 'support.localhost',
      MAIL_FROM: 'IT Desk <desk@support.localhost>',
      ADMIN_EMAIL: 'admin@bench.test',
      ADMIN_PASSWORD: 'bench-admin-pass-1',
      SERVE_WEB: 'false',
      DEMO_DATA: 'false',
      // Its default log level (info: a line a message), as start.sh runs it.
      ...options.env,
    },
  });
}

/** Until the SMTP listener takes connections. */
export async function waitForSmtp(port: number, timeoutMs = 120_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.end();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('the SMTP listener did not come up');
}

/**
 * Sends `indices` (each made into a message by `message`) over `connections` pooled SMTP
 * connections to the desk's address; counts the 250s and the refusals.
 */
export async function sendOverSmtp(
  port: number,
  connections: number,
  indices: number[],
  message: (i: number) => { raw: Buffer | string; from: string },
  onAccepted?: (n: number) => void,
): Promise<{ accepted: number; failed: number; seconds: number }> {
  const transport = nodemailer.createTransport({
    host: '127.0.0.1',
    port,
    secure: false,
    ignoreTLS: true,
    pool: true,
    maxConnections: connections,
    maxMessages: Number.POSITIVE_INFINITY,
  });
  let accepted = 0;
  let failed = 0;
  const queue = [...indices];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: connections * 2 }, async () => {
      for (let i = queue.shift(); i !== undefined; i = queue.shift()) {
        const m = message(i);
        try {
          await transport.sendMail({
            envelope: { from: m.from, to: ['help@support.localhost'] },
            raw: m.raw,
          });
          accepted += 1;
          onAccepted?.(accepted);
        } catch {
          failed += 1;
        }
      }
    }),
  );
  transport.close();
  return { accepted, failed, seconds: (performance.now() - started) / 1000 };
}

/** The stored messages whose Message-ID starts with `prefix`, by status. */
export async function countByStatus(sql: pg.Pool, prefix: string): Promise<Record<string, number>> {
  const result = await sql.query<{ status: string; n: number }>(
    `select status, count(*)::int as n from inbound_emails where message_id like $1 group by status`,
    [`${prefix}%`],
  );
  return Object.fromEntries(result.rows.map((r) => [r.status, Number(r.n)]));
}

/** Until `expected` messages of `prefix` are stored and none waits; throws after `timeoutMs`. */
export async function waitProcessed(
  sql: pg.Pool,
  prefix: string,
  expected: number,
  timeoutMs = 900_000,
): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const counts = await countByStatus(sql, prefix);
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    if (total >= expected && !counts.received) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(
    `processing of ${prefix} did not finish: ${JSON.stringify(await countByStatus(sql, prefix))}`,
  );
}
