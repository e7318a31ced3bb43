import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { buildTicket, buildUser } from '../../../test/factories.ts';
import { buildPolicy } from '../../../test/factories-sla.ts';
import { setupTestApp } from '../../../test/harness.ts';
import '../registry.ts';

const ctx = await setupTestApp();
const admin = await buildUser(ctx, { role: 'admin' });
const requester = await buildUser(ctx);

async function resolutionMinutes(ticketId: number): Promise<number> {
  const result = await ctx.database.db.execute<{ minutes: number }>(
    sql`select round(extract(epoch from (s.resolution_due_at - t.created_at)) / 60)::int as minutes
          from ticket_sla s join tickets t on t.id = s.ticket_id where s.ticket_id = ${ticketId}`,
  );
  return result.rows[0]?.minutes ?? -1;
}

describe('the policies a new ticket is clocked by (cached between transactions)', () => {
  it('are read again when a policy changes, even if its updated_at and the count stay the same', async () => {
    const policy = await buildPolicy(ctx, admin);
    const first = await buildTicket(ctx, requester, {
      category: policy.category,
      impact: 'low',
      urgency: 'low',
    });
    const before = await resolutionMinutes(first.id);
    expect(before).toBeGreaterThan(0);
    // A change whose updated_at is not the newest (a transaction that began earlier and
    // committed later): only the row's version tells.
    await ctx.database.db.execute(
      sql`update sla_policies set targets = jsonb_set(targets, ${`{${first.priority},resolutionMinutes}`}::text[],
            to_jsonb(${before * 2}::int)), updated_at = updated_at where id = ${policy.id}`,
    );
    const second = await buildTicket(ctx, requester, {
      category: policy.category,
      impact: 'low',
      urgency: 'low',
    });
    expect(second.priority).toBe(first.priority);
    expect(await resolutionMinutes(second.id)).toBe(before * 2);
  });
});
