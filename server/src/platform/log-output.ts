import { type DestinationStream, levels, pino } from 'pino';

/**
 * Where the desk's log lines go: standard output, as before, but a few lines at a time. Lines
 * below warn are held until about `HELD_BYTES` are waiting or `LOG_FLUSH_MS` has passed since the
 * first of them, then written in one system call; a warn, error or fatal line is written at once
 * with everything held before it (`URGENT_LEVEL`, by `loggerOptions`' hook), and whatever is held
 * when the process or thread exits is written then. A ticket read at the default level writes one
 * access line, and one `write(2)` a request to a pipe (journald, a container's log driver) cost
 * it 6-13 µs of Node of its 100-200 at 3,000 reads/s (issue 18, docs/performance.md stop 37).
 * An access log buffered for a bounded time is what nginx (`access_log ... buffer= flush=`) and
 * Apache (`BufferedLogs`) offer; the price is the same: a process killed with SIGKILL loses the
 * lines below warn of its last `LOG_FLUSH_MS`. `LOG_FLUSH_MS=0` writes every line at once.
 */

/** Held lines are written once this many bytes wait: under PIPE_BUF (4,096), so a pipe takes them whole. */
const HELD_BYTES = 3_072;
/** Lines at this level and above are written at once, with everything held before them. */
export const URGENT_LEVEL = levels.values.warn as number;

export interface LogOutput extends DestinationStream {
  /** Writes the held lines now. */
  flush(): void;
  /** Writes the held lines and holds no more (the file descriptor stays open: it is the caller's). */
  close(): void;
}

/** One per thread: every logger of a thread writes into the same held lines, in order. */
let standardOutput: LogOutput | undefined;

/**
 * Standard output for this thread's loggers, holding lines up to `flushMs` (the first caller's
 * LOG_FLUSH_MS; the rest get the same output).
 */
export function standardLogOutput(flushMs: number): LogOutput {
  standardOutput ??= heldLogOutput({ fd: 1, flushMs });
  return standardOutput;
}

/** A log output on `fd` holding lines below warn up to `flushMs` (0: none held). */
export function heldLogOutput(options: { fd: number; flushMs: number }): LogOutput {
  const { fd, flushMs } = options;
  // pino's own synchronous output (sonic-boom): it retries a full pipe, drops a closed one.
  const boom = pino.destination({ dest: fd, sync: true, minLength: flushMs > 0 ? HELD_BYTES : 0 });
  if (flushMs <= 0) return Object.assign(boom, { flush: () => undefined, close: () => undefined });
  let timer: NodeJS.Timeout | undefined;
  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    boom.flush();
  };
  // An exiting process or worker thread writes what is held (a timer does not run any more).
  const atExit = () => {
    clearTimeout(timer);
    try {
      boom.flushSync();
    } catch {
      // Standard output closed: nothing to write to.
    }
  };
  process.on('exit', atExit);
  let closed = false;
  return {
    write(line: string) {
      if (closed) return;
      boom.write(line);
      // The first line held starts the clock; the lines after it wait for the same flush.
      timer ??= setTimeout(flush, flushMs).unref();
    },
    flush,
    close() {
      closed = true;
      process.off('exit', atExit);
      atExit();
    },
  };
}

/**
 * pino's `hooks.logMethod` for a held output: after a line at warn or above, everything held is
 * written, so that an error is on disk before whatever comes next (an exit, a crash, a SIGKILL).
 */
export function writeUrgentAtOnce(
  this: pino.Logger,
  args: Parameters<pino.LogFn>,
  method: pino.LogFn,
  level: number,
): void {
  method.apply(this, args);
  if (level >= URGENT_LEVEL) {
    (this as unknown as Record<symbol, Partial<LogOutput>>)[pino.symbols.streamSym]?.flush?.();
  }
}
