import { AsyncLocalStorage } from 'node:async_hooks';
import { EventEmitter } from 'node:events';
import { type SQL, sql } from 'drizzle-orm';
import pg from 'pg';
import type { Logger } from 'pino';
import { type Queryable, sendWithNext } from '../db/database.ts';

const CHANNEL = 'servicedesk_events';

/** A live event for browsers: which audience gets it, and what it says. */
export interface LiveEvent {
  type: string;
  /** User ids that receive it; empty means every signed-in staff member. */
  userIds?: number[];
  ticketId?: number;
  data?: Record<string, unknown>;
}

/**
 * Publishes an event in the caller's transaction (pg_notify is delivered on commit, to
 * every instance), so a rolled-back change announces nothing.
 */
export async function publish(tx: Queryable, event: LiveEvent): Promise<void> {
  await publishMany(tx, [event]);
}

/** Events held back by `publishingTogether`, for the transaction that holds them. */
const held = new AsyncLocalStorage<{ tx: Queryable; payloads: string[] }>();

/** Several events in one statement (one round trip). */
export async function publishMany(tx: Queryable, events: LiveEvent[]): Promise<void> {
  if (events.length === 0) return;
  const payloads = events.map((event) => JSON.stringify(event));
  const holder = held.getStore();
  // Only the very transaction that holds them: a savepoint's events (another handle) are sent
  // at once, so that rolling it back takes them back as before.
  if (holder && holder.tx === tx) {
    holder.payloads.push(...payloads);
    return;
  }
  await notify(tx, payloads);
}

async function notify(tx: Queryable, payloads: readonly string[]): Promise<void> {
  if (payloads.length === 0) return;
  if (payloads.length === 1) {
    await tx.execute(sql`select pg_notify(${CHANNEL}, ${payloads[0]})`);
    return;
  }
  await tx.execute(notifyAll(payloads));
}

/** Several payloads' `pg_notify` in one statement, in their order. */
function notifyAll(payloads: readonly string[]): SQL {
  return sql`select pg_notify(${CHANNEL}, payload) from unnest(${sql.param(payloads)}::text[]) as payload`;
}

/**
 * Runs `work`, holding back the events it publishes in `tx`, then sends them all in one
 * statement, still in `tx` (delivered on its commit, in the order published): the ticket
 * intake's group commit, whose hooks and answers would each send their own. In a transaction
 * of `transactionByGenericPlans` the statement goes out in the message of the transaction's next
 * statement or its COMMIT (`sendWithNext`), a round trip fewer. If `work` fails, nothing is sent (its transaction is
 * rolled back anyway).
 */
export async function publishingTogether<T>(tx: Queryable, work: () => Promise<T>): Promise<T> {
  const holder = { tx, payloads: [] as string[] };
  const result = await held.run(holder, work);
  if (holder.payloads.length > 0 && !sendWithNext(tx, notifyAll(holder.payloads))) {
    await notify(tx, holder.payloads);
  }
  return result;
}

/** How long to wait before reconnecting the LISTEN connection: doubling, up to a ceiling. */
export interface ReconnectBackOff {
  firstMs: number;
  maxMs: number;
}

const DEFAULT_BACK_OFF: ReconnectBackOff = { firstMs: 250, maxMs: 30_000 };

/**
 * One LISTEN connection per process, fanning events out to in-process subscribers
 * (the Server-Sent Events endpoints). A lost connection (a restarted database, a killed
 * backend, a network cut) is reconnected with back-off; while it is down, `connected` is
 * false, which `/readyz` reports, and events published meanwhile do not reach this instance.
 */
export class EventHub extends EventEmitter<{ event: [LiveEvent]; connection: [boolean] }> {
  #client: pg.Client | null = null;
  #url = '';
  #logger: Logger | null = null;
  #backOff = DEFAULT_BACK_OFF;
  #failures = 0;
  #timer: NodeJS.Timeout | null = null;
  #stopped = false;

  /** Whether the LISTEN connection is up. */
  get connected(): boolean {
    return this.#client !== null;
  }

  /** Connects and listens; fails if the first connection fails (the process cannot start). */
  async start(url: string, logger: Logger, backOff: ReconnectBackOff = DEFAULT_BACK_OFF): Promise<void> {
    this.#url = url;
    this.#logger = logger;
    this.#backOff = backOff;
    this.#stopped = false;
    this.setMaxListeners(10_000);
    await this.#connect();
  }

  async #connect(): Promise<void> {
    const logger = this.#logger;
    const client = new pg.Client({ connectionString: this.#url });
    client.on('notification', (message) => {
      if (message.channel !== CHANNEL || !message.payload) return;
      try {
        this.emit('event', JSON.parse(message.payload) as LiveEvent);
      } catch (error) {
        logger?.warn({ category: 'events', err: error }, 'unreadable event');
      }
    });
    client.on('error', (error) => this.#lost(client, error));
    client.on('end', () => this.#lost(client, null));
    try {
      await client.connect();
      await client.query(`listen ${CHANNEL}`);
    } catch (error) {
      client.removeAllListeners('end');
      await client.end().catch(() => undefined);
      throw error;
    }
    if (this.#stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    this.#client = client;
    if (this.#failures > 0) {
      logger?.info({ category: 'events', attempts: this.#failures }, 'event connection restored');
    }
    this.#failures = 0;
    this.emit('connection', true);
  }

  /** The connection failed or ended: drop it, and (unless stopping) reconnect after a pause. */
  #lost(client: pg.Client, error: Error | null): void {
    if (this.#client !== client) return;
    this.#client = null;
    client.removeAllListeners('end');
    client.end().catch(() => undefined);
    this.emit('connection', false);
    if (this.#stopped) return;
    this.#logger?.error(
      { category: 'events', err: error ?? undefined },
      'event connection lost; reconnecting',
    );
    this.#schedule();
  }

  #schedule(): void {
    const { firstMs, maxMs } = this.#backOff;
    const delay = Math.min(maxMs, firstMs * 2 ** Math.min(this.#failures, 20));
    this.#failures += 1;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      if (this.#stopped) return;
      this.#connect().catch((error: unknown) => {
        this.#logger?.warn(
          { category: 'events', err: error, attempts: this.#failures },
          'event connection: reconnect failed',
        );
        if (!this.#stopped) this.#schedule();
      });
    }, delay);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    const client = this.#client;
    this.#client = null;
    if (client) {
      client.removeAllListeners('end');
      await client.end();
    }
  }
}
