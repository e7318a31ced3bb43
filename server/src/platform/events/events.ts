import { EventEmitter } from 'node:events';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import type { Logger } from 'pino';
import type { Queryable } from '../db/database.ts';

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
  await tx.execute(sql`select pg_notify(${CHANNEL}, ${JSON.stringify(event)})`);
}

/** Several events in one statement (one round trip). */
export async function publishMany(tx: Queryable, events: LiveEvent[]): Promise<void> {
  if (events.length === 0) return;
  const payloads = events.map((event) => JSON.stringify(event));
  await tx.execute(
    sql`select pg_notify(${CHANNEL}, payload) from unnest(${sql.param(payloads)}::text[]) as payload`,
  );
}

/**
 * One LISTEN connection per process, fanning events out to in-process subscribers
 * (the Server-Sent Events endpoints).
 */
export class EventHub extends EventEmitter<{ event: [LiveEvent] }> {
  #client: pg.Client | null = null;

  async start(url: string, logger: Logger): Promise<void> {
    const client = new pg.Client({ connectionString: url });
    client.on('notification', (message) => {
      if (message.channel !== CHANNEL || !message.payload) return;
      try {
        this.emit('event', JSON.parse(message.payload) as LiveEvent);
      } catch (error) {
        logger.warn({ category: 'events', err: error }, 'unreadable event');
      }
    });
    client.on('error', (error) =>
      logger.error({ category: 'events', err: error }, 'event connection failed'),
    );
    await client.connect();
    await client.query(`listen ${CHANNEL}`);
    this.#client = client;
    this.setMaxListeners(10_000);
  }

  async stop(): Promise<void> {
    await this.#client?.end();
    this.#client = null;
  }
}
