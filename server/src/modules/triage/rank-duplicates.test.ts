import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { buildTicket, buildUser } from '../../../test/factories.ts';
import { setupTestApp } from '../../../test/harness.ts';
import { RANKING } from '../search/ranking.ts';
import { rankDuplicates } from './rank-duplicates.ts';

const ctx = await setupTestApp();
const saved = { ...RANKING };

afterEach(() => {
  RANKING.rareBudget = saved.rareBudget;
});

/** Moves a ticket (and its index entry) back in time. */
async function age(ticketId: number, days: number): Promise<void> {
  const at = new Date(Date.now() - days * 86_400_000).toISOString();
  await ctx.database.db.execute(
    sql`update tickets set created_at = ${at}::timestamptz where id = ${ticketId}`,
  );
  await ctx.database.db.execute(
    sql`update search_documents set created_at = ${at}::timestamptz where source = 'ticket' and source_id = ${ticketId}`,
  );
}

describe('rankDuplicates with a scope (issue 16: candidates in index-friendly parts)', () => {
  it("finds the requester's older open tickets and the window's; never closed ones, older ones of others or the ticket itself", async () => {
    // A history as large as a desk's: no concept is rare enough to make every match a candidate.
    RANKING.rareBudget = 1;
    const requester = await buildUser(ctx);
    const other = await buildUser(ctx);
    const text = (n: string) => ({
      subject: `财务报表导出失败 ${n}`,
      description: `导出月度报表时系统提示错误 RPT-5531，${n}`,
    });
    const ownOld = await buildTicket(ctx, requester, text('上个月'));
    await age(ownOld.id, 40);
    const othersOld = await buildTicket(ctx, other, text('上个月'));
    await age(othersOld.id, 40);
    const othersRecent = await buildTicket(ctx, other, text('今天'));
    const closedRecent = await buildTicket(ctx, other, text('今天'));
    await ctx.database.db.execute(sql`update search_documents set status = 'closed' where source = 'ticket'
      and source_id = ${closedRecent.id}`);
    const current = await buildTicket(ctx, requester, text('今天'));

    const ranked = await rankDuplicates(ctx.database.db, {
      ticketId: current.id,
      scope: {
        visible: sql`true`,
        requesterId: requester.user.id,
        since: new Date(Date.now() - 7 * 86_400_000),
      },
    });
    const ids = ranked.items.map((i) => i.id);
    expect(ranked.selfScore).toBeGreaterThan(0);
    expect(ids).toContain(ownOld.id);
    expect(ids).toContain(othersRecent.id);
    expect(ids).not.toContain(othersOld.id);
    expect(ids).not.toContain(closedRecent.id);
    expect(ids).not.toContain(current.id);
    for (const item of ranked.items) expect(item.similarity).toBeLessThanOrEqual(1);

    // The same through one condition with ORs (the filter form) gives the same tickets.
    const viaFilter = await rankDuplicates(ctx.database.db, {
      ticketId: current.id,
      filter: sql`d.status in ('new', 'open', 'in_progress', 'pending_requester', 'pending_vendor')
        and (d.owner_id = ${requester.user.id} or d.created_at >= ${new Date(Date.now() - 7 * 86_400_000).toISOString()}::timestamptz)`,
    });
    expect(viaFilter.items.map((i) => i.id).sort()).toEqual([...ids].sort());
    expect(viaFilter.selfScore).toBeCloseTo(ranked.selfScore, 6);
  });

  it('keeps only what the caller may see', async () => {
    RANKING.rareBudget = 1;
    const requester = await buildUser(ctx);
    const other = await buildUser(ctx);
    const text = { subject: '门禁卡无法刷开 ACS-9120', description: '三号门禁提示 ACS-9120，无法进入机房' };
    const othersTicket = await buildTicket(ctx, other, text);
    const own = await buildTicket(ctx, requester, text);
    const current = await buildTicket(ctx, requester, text);
    const ranked = await rankDuplicates(ctx.database.db, {
      ticketId: current.id,
      scope: {
        visible: sql`d.owner_id = ${requester.user.id}`,
        requesterId: requester.user.id,
        since: new Date(Date.now() - 7 * 86_400_000),
      },
    });
    const ids = ranked.items.map((i) => i.id);
    expect(ids).toContain(own.id);
    expect(ids).not.toContain(othersTicket.id);
  });
});
