import { execFile } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { type LoggerOptions, pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loggerOptions } from './http/request-log.ts';
import { heldLogOutput, type LogOutput } from './log-output.ts';

const run = promisify(execFile);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('log output: lines below warn held briefly, urgent ones written at once', () => {
  let dir: string;
  let file: string;
  let fd: number;
  let outputs: LogOutput[];
  let exitListeners: number;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'servicedesk-log-'));
    file = path.join(dir, 'out.log');
    fd = openSync(file, 'a');
    outputs = [];
    exitListeners = process.listenerCount('exit');
  });
  afterEach(async () => {
    for (const output of outputs) output.close();
    closeSync(fd);
    await rm(dir, { recursive: true, force: true });
  });

  const written = () => readFileSync(file, 'utf8');
  const messages = () =>
    written()
      .split('\n')
      .filter(Boolean)
      .map((line) => (JSON.parse(line) as { msg: string }).msg);
  const logger = (flushMs: number) => {
    const output = heldLogOutput({ fd, flushMs });
    outputs.push(output);
    return pino(loggerOptions({ level: 'info' }) as LoggerOptions, output);
  };

  it('holds info lines up to LOG_FLUSH_MS, then writes them in order', async () => {
    const log = logger(150);
    log.info('first');
    log.info('second');
    expect(written()).toBe('');
    await sleep(400);
    expect(messages()).toEqual(['first', 'second']);
    // The clock starts again with the next line.
    log.info('third');
    expect(messages()).toEqual(['first', 'second']);
    await sleep(400);
    expect(messages()).toEqual(['first', 'second', 'third']);
  });

  it('writes at once when about 3 KB are held', () => {
    const log = logger(60_000);
    const text = 'x'.repeat(500);
    for (let i = 0; i < 10; i++) log.info({ text }, `line ${i}`);
    const now = messages();
    expect(now.length).toBeGreaterThanOrEqual(5);
    expect(now).toEqual(Array.from({ length: now.length }, (_, i) => `line ${i}`));
  });

  it('a warn or error line writes everything held before it, and itself, at once', () => {
    const log = logger(60_000).child({ reqId: 'r1' });
    log.info('held');
    expect(written()).toBe('');
    log.warn('careful');
    expect(messages()).toEqual(['held', 'careful']);
    log.info('held again');
    log.error({ err: new Error('boom') }, 'failed');
    expect(messages()).toEqual(['held', 'careful', 'held again', 'failed']);
  });

  it('close writes what is held and holds nothing after', () => {
    const output = heldLogOutput({ fd, flushMs: 60_000 });
    const log = pino(loggerOptions({ level: 'info' }) as LoggerOptions, output);
    log.info('held');
    expect(written()).toBe('');
    output.close();
    expect(messages()).toEqual(['held']);
    log.info('after');
    expect(messages()).toEqual(['held']);
    expect(process.listenerCount('exit')).toBe(exitListeners);
  });

  it('LOG_FLUSH_MS=0 writes every line at once', () => {
    const log = logger(0);
    log.info('one');
    expect(messages()).toEqual(['one']);
    log.info('two');
    expect(messages()).toEqual(['one', 'two']);
  });

  // Each script logs at info (held for a minute) and then ends: what was held must be written.
  const ending = {
    'process.exit': `log.info('last words'); process.exit(0);`,
    'an uncaught error': `log.info('last words'); setTimeout(() => { throw new Error('crash'); });`,
    'its event loop emptying': `log.info('last words');`,
    'a worker thread calling process.exit': `
      const { Worker, isMainThread } = await import('node:worker_threads');
      if (isMainThread) new Worker(new URL(import.meta.url));
      else { log.info('last words'); process.exit(0); }`,
  };
  for (const [how, body] of Object.entries(ending)) {
    it(`writes what it held when the process ends by ${how}`, async () => {
      const script = path.join(dir, 'script.mts');
      await writeFile(
        script,
        `import { pino } from ${JSON.stringify(import.meta.resolve('pino'))};
         import { standardLogOutput } from ${JSON.stringify(path.resolve(import.meta.dirname, 'log-output.ts'))};
         const log = pino({ level: 'info' }, standardLogOutput(60_000));
         ${body}`,
      );
      const result = await run(process.execPath, [script], {
        cwd: path.resolve(import.meta.dirname, '../..'),
      }).catch((error: { stdout: string; code: number }) => error);
      expect(result.stdout).toContain('"msg":"last words"');
    });
  }
});
