import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { TicketDto } from '../../../../contracts/tickets.ts';
import { buildUser, ticketInput } from '../../../test/factories.ts';
import { setupTestApp } from '../../../test/harness.ts';
import { idArray } from '../../platform/db/id-array.ts';

const ctx = await setupTestApp();
const admin = await buildUser(ctx, { role: 'admin' });
const requester = await buildUser(ctx);

describe('rules on tickets opened together (issue 18: the rules read once per batch)', () => {
  it('runs the ticket.created rules on every ticket of a group commit, each as if it came alone', async () => {
    const word = `W${randomBytes(3).toString('hex')}`;
    const rule = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/automation/rules',
      headers: admin.headers,
      payload: {
        name: `tag ${word}`,
        trigger: { event: 'ticket.created' },
        conditions: { all: [{ field: 'subject', op: 'contains', value: word }] },
        actions: [{ type: 'add_tag', tag: 'batched' }],
      },
    });
    expect(rule.statusCode, rule.body).toBe(201);
    const count = 16;
    const responses = await Promise.all(
      Array.from({ length: count }, (_, i) =>
        ctx.app.inject({
          method: 'POST',
          url: '/api/v1/tickets',
          headers: requester.headers,
          payload: ticketInput({ subject: i % 2 ? `${word} 第 ${i} 张` : `other ${i}` }),
        }),
      ),
    );
    expect(responses.map((r) => r.statusCode)).toEqual(Array(count).fill(201));
    const ids = responses.map((r) => (r.json() as TicketDto).id);
    // They were opened together (fewer transactions than tickets), so the batch hook ran.
    const transactions = await ctx.database.db.execute<{ n: number }>(
      sql`select count(distinct created_at)::int as n from tickets where id = any(${idArray(ids)})`,
    );
    expect(transactions.rows[0]?.n).toBeLessThan(count);
    const tags = await ctx.database.db.execute<{ id: number; tags: string[] }>(
      sql`select id, tags from tickets where id = any(${idArray(ids)})`,
    );
    const byId = new Map(tags.rows.map((row) => [Number(row.id), row.tags]));
    ids.forEach((id, i) => {
      expect(byId.get(id)?.includes('batched'), `ticket ${i}`).toBe(i % 2 === 1);
    });
  });
});
