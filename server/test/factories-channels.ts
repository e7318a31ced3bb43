import { createServer } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import nodemailer from 'nodemailer';
import { pino } from 'pino';
import { SMTPServer } from 'smtp-server';
import { afterAll } from 'vitest';
import { startInboundSmtp } from '../src/modules/channels/index.ts';
import { jobDefinitions } from '../src/modules/registry.ts';
import { startWorker } from '../src/platform/jobs/jobs.ts';
import { setupTestApp, type TestContext } from './harness.ts';

/**
 * A free loopback port in the channels range (4300-4399), starting from `from`; each test
 * file starts from its own number so that parallel files rarely collide.
 */
export async function pickPort(from: number): Promise<number> {
  for (let port = from; port <= 4399; port++) {
    const free = await new Promise<boolean>((resolve) => {
      const server = createServer();
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    });
    if (free) return port;
  }
  throw new Error(`no free port in ${from}-4399`);
}

export interface CaughtMail {
  envelopeFrom: string;
  to: string[];
  raw: Buffer;
  parsed: ParsedMail;
}

/** An SMTP server that catches what the product sends; `refuseNext` makes it answer 451 once. */
export async function startMailCatcher(port: number) {
  const caught: CaughtMail[] = [];
  const state = { refuse: 0 };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (state.refuse > 0) {
          state.refuse -= 1;
          return callback(Object.assign(new Error('try later'), { responseCode: 451 }));
        }
        const raw = Buffer.concat(chunks);
        simpleParser(raw).then((parsed) => {
          caught.push({
            envelopeFrom: session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address,
            to: session.envelope.rcptTo.map((r) => r.address),
            raw,
            parsed,
          });
          callback();
        }, callback);
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return {
    caught,
    url: `smtp://127.0.0.1:${port}`,
    refuseNext(count = 1) {
      state.refuse = count;
    },
    mailsTo(address: string) {
      return caught.filter((m) => m.to.includes(address));
    },
  };
}

/** Runs graphile-worker on the test database with every job of the product, until the file ends. */
export async function startTestWorker(ctx: TestContext) {
  const worker = await startWorker({
    pool: ctx.database.pool,
    db: ctx.database.db,
    logger: pino({ level: process.env.TEST_LOG ? 'info' : 'silent' }),
    jobs: jobDefinitions,
    concurrency: 2,
  });
  afterAll(() => worker.stop());
  return worker;
}

/** Waits until `check` returns a value (not a timing assertion: it fails only when it never happens). */
export async function eventually<T>(
  check: () => Promise<T | undefined | null | false> | T | undefined | null | false,
  what: string,
  timeoutMs = 15_000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > until) throw new Error(`never happened: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * A desk that takes mail as a mail server delivers it: a test app whose outgoing mail goes to a
 * catcher, its worker running, the inbound SMTP listener on a free port, and a client that
 * delivers to it. Everything stops after the file.
 */
export async function startInboundDesk(ports: { catcher: number; listener: number }) {
  const catcher = await startMailCatcher(await pickPort(ports.catcher));
  const ctx = await setupTestApp({ SMTP_URL: catcher.url, MAIL_FROM: 'IT Desk <desk@support.localhost>' });
  await startTestWorker(ctx);
  const listenPort = await pickPort(ports.listener);
  const listener = await startInboundSmtp({
    db: ctx.database.db,
    config: { ...ctx.config, SMTP_LISTEN_PORT: listenPort },
    logger: pino({ level: 'silent' }),
  });
  afterAll(() => listener.close());
  const transport = nodemailer.createTransport({
    host: '127.0.0.1',
    port: listenPort,
    secure: false,
    ignoreTLS: true,
  });
  afterAll(() => transport.close());
  return { catcher, ctx, transport, db: ctx.database.db };
}
