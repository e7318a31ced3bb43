import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { buildTicket, buildUser } from '../../../../test/factories.ts';
import { json, setupTestApp } from '../../../../test/harness.ts';
import type { Tx } from '../../../platform/db/database.ts';
import { broadcastTicketEvent } from './im-send.ts';

// No worker: the posts stay queued, to be counted.
const ctx = await setupTestApp();
const admin = await buildUser(ctx, { role: 'admin' });
const requester = await buildUser(ctx);

async function createBot(name: string) {
  const response = await ctx.app.inject({
    method: 'POST',
    url: '/api/v1/channels/im-bots',
    headers: admin.headers,
    payload: {
      name,
      platform: 'slack',
      webhookUrl: `http://127.0.0.1:9/${name}`,
      events: ['ticket.created'],
    },
  });
  expect(response.statusCode, response.body).toBe(201);
  return json<{ id: number }>(response);
}

/** How often this transaction has read the bots' table so far (PostgreSQL's own count). */
async function botReads(tx: Tx): Promise<number> {
  const result = await tx.execute<{ n: number }>(sql`
    select (coalesce(seq_scan, 0) + coalesce(idx_scan, 0))::int as n
      from pg_stat_xact_user_tables where relname = 'im_bots'`);
  return result.rows[0]?.n ?? 0;
}

async function queuedPosts(botId: number): Promise<number> {
  const result = await ctx.database.db.execute<{ n: number }>(sql`
    select count(*)::int as n from graphile_worker._private_jobs j
      join graphile_worker._private_tasks t on t.id = j.task_id
     where t.identifier = 'channels.im_send' and (j.payload->>'botId')::int = ${botId}`);
  return result.rows[0]?.n ?? 0;
}

describe('the bots a batch of new tickets is broadcast to (issue 18)', () => {
  it('are read once per transaction, and a bot added later is told in the next one', async () => {
    const first = await createBot('first');
    const tickets = [await buildTicket(ctx, requester), await buildTicket(ctx, requester)];
    const before = await queuedPosts(first.id);
    const reads = await ctx.database.db.transaction(async (tx) => {
      const start = await botReads(tx);
      for (const ticket of tickets) await broadcastTicketEvent(tx, 'ticket.created', ticket);
      return (await botReads(tx)) - start;
    });
    expect(reads).toBe(1);
    // Each ticket told to the bot, as before.
    expect((await queuedPosts(first.id)) - before).toBe(2);

    const second = await createBot('second');
    await ctx.database.db.transaction(async (tx) => {
      for (const ticket of tickets) await broadcastTicketEvent(tx, 'ticket.created', ticket);
    });
    expect((await queuedPosts(first.id)) - before).toBe(4);
    expect(await queuedPosts(second.id)).toBe(2);
  });
});
