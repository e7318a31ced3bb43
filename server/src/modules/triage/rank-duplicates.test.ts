import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { buildTicket, buildUser } from '../../../test/factories.ts';
import { setupTestApp } from '../../../test/harness.ts';
import { forgetOpenTicketWindows, openTicketWindowStats, setOpenTicketWindowCap } from '../search/index.ts';
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

const scopeOf = (requesterId: number) => ({
  visibleOwner: null,
  requesterId,
  since: new Date(Date.now() - 7 * 86_400_000),
});

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
        visibleOwner: null,
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
    // And through the third round's candidate query.
    const viaSql = await rankDuplicates(ctx.database.db, {
      ticketId: current.id,
      scope: { ...scopeOf(requester.user.id), engine: 'sql' },
    });
    expect(viaSql.items.map((i) => i.id).sort()).toEqual([...ids].sort());
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
        visibleOwner: requester.user.id,
        requesterId: requester.user.id,
        since: new Date(Date.now() - 7 * 86_400_000),
      },
    });
    const ids = ranked.items.map((i) => i.id);
    expect(ids).toContain(own.id);
    expect(ids).not.toContain(othersTicket.id);
  });
});

describe('rankDuplicates over the window kept in process (issue 16, fourth round)', () => {
  const texts = [
    ['邮箱同步失败 OLK-7781', 'Outlook 一直提示 OLK-7781，邮件无法同步'],
    ['Outlook 同步错误 OLK-7781', '收不到新邮件，错误 OLK-7781'],
    [
      'Outlook keeps asking for the password',
      'Since this morning Outlook asks for my password again and again',
    ],
    ['VPN 连接失败 错误 809', '在家连接公司 VPN 时提示错误 809，无法访问内网'],
    ['VPN cannot connect, error 809', 'The VPN client shows error 809 when I connect from home'],
    ['打印机卡纸', '三楼打印机卡纸，无法打印合同'],
    ['Printer on floor 3 jams', 'The printer on the third floor jams on every page'],
    ['邮件无法发送', 'Outlook 发送邮件时提示 0x800CCC0E'],
    ['Cannot send mail 0x800CCC0E', 'Outlook shows 0x800CCC0E when sending mail to customers'],
    ['财务系统报表导出失败', '导出月度报表时系统提示错误 RPT-5531'],
  ];

  it('gives the same lists, scores and same-problem scores as the candidate query on a fixture', async () => {
    forgetOpenTicketWindows();
    const requesters = [await buildUser(ctx), await buildUser(ctx), await buildUser(ctx)];
    const tickets = [];
    for (const [i, [subject, description]] of texts.entries()) {
      const requester = requesters[i % requesters.length];
      if (!requester || !subject || !description) continue;
      tickets.push({ ticket: await buildTicket(ctx, requester, { subject, description }), requester });
    }
    let compared = 0;
    for (const rareBudget of [saved.rareBudget, 1]) {
      RANKING.rareBudget = rareBudget;
      // With 2 candidates the window keeps only the best of more matches (ties by index row).
      for (const [{ ticket, requester }, candidates] of tickets.flatMap((t) => [
        [t, undefined] as const,
        [t, 2] as const,
      ])) {
        const scope = scopeOf(requester.user.id);
        const window = await rankDuplicates(ctx.database.db, { ticketId: ticket.id, scope, candidates });
        const query = await rankDuplicates(ctx.database.db, {
          ticketId: ticket.id,
          scope: { ...scope, engine: 'sql' },
          candidates,
        });
        expect(window.selfScore).toBeCloseTo(query.selfScore, 3);
        const summary = (r: typeof window) =>
          r.items.map((item) => ({ id: item.id, score: item.score, sameProblem: item.sameProblem }));
        expect(summary(window)).toEqual(summary(query));
        compared += window.items.length;
      }
    }
    // Most tickets of the fixture have a few matches each: the lists compared are not empty.
    expect(compared).toBeGreaterThan(tickets.length * 2);
  });

  it('drops a ticket closed or merged since the last read, and finds one filed since', async () => {
    forgetOpenTicketWindows();
    const agent = await buildUser(ctx, { role: 'agent' });
    const requester = await buildUser(ctx);
    const other = await buildUser(ctx);
    const text = { subject: 'ERP 登录失败 ERP-4410', description: '登录 ERP 时提示 ERP-4410，无法进入系统' };
    const merged = await buildTicket(ctx, other, text);
    const closedBySql = await buildTicket(ctx, other, text);
    const current = await buildTicket(ctx, requester, text);
    const ids = async () =>
      (
        await rankDuplicates(ctx.database.db, { ticketId: current.id, scope: scopeOf(requester.user.id) })
      ).items.map((i) => i.id);
    // The first read loads the window.
    expect(await ids()).toEqual(expect.arrayContaining([merged.id, closedBySql.id]));

    // Merged (cancelled through the status change and its index hook) after the first read.
    const response = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/tickets/${merged.id}/merge`,
      headers: agent.headers,
      payload: { intoTicketId: current.id },
    });
    expect(response.statusCode).toBe(200);
    // Any statement that changes an index row moves indexed_at (the trigger).
    await ctx.database.db.execute(
      sql`update search_documents set status = 'closed' where source = 'ticket' and source_id = ${closedBySql.id}`,
    );
    const filed = await buildTicket(ctx, other, {
      subject: 'ERP-4410 登录错误',
      description: 'ERP 报 ERP-4410',
    });
    const next = await ids();
    expect(next).not.toContain(merged.id);
    expect(next).not.toContain(closedBySql.id);
    expect(next).toContain(filed.id);
    expect(next).not.toContain(current.id);
  });
});

describe('the window kept in process is bounded (a storm of open tickets)', () => {
  it("holds the newest tickets up to its cap, still ranks the requester's older ones, and is not reloaded", async () => {
    RANKING.rareBudget = 1;
    forgetOpenTicketWindows();
    const previousCap = setOpenTicketWindowCap(4);
    try {
      const requester = await buildUser(ctx);
      const other = await buildUser(ctx);
      const text = (n: string) => ({
        subject: `扫描仪无法连接 SCN-4417 ${n}`,
        description: `扫描时提示 SCN-4417，${n}`,
      });
      const othersOld = await buildTicket(ctx, other, text('前天'));
      await age(othersOld.id, 3);
      const ownOld = await buildTicket(ctx, requester, text('前天'));
      await age(ownOld.id, 3);
      const storm = [];
      for (const n of ['一', '二', '三', '四', '五']) storm.push(await buildTicket(ctx, other, text(n)));
      const current = await buildTicket(ctx, requester, text('现在'));
      const loads = openTicketWindowStats().loads;

      const ranked = await rankDuplicates(ctx.database.db, {
        ticketId: current.id,
        scope: scopeOf(requester.user.id),
      });
      const ids = ranked.items.map((i) => i.id);
      // The window: the newest four open tickets (this one and the storm's last three).
      expect(ids).toEqual(expect.arrayContaining([storm[4]?.id, storm[3]?.id]));
      expect(ids).not.toContain(storm[0]?.id);
      expect(ids).not.toContain(othersOld.id);
      // The requester's own older ticket is a candidate, from the database.
      expect(ids).toContain(ownOld.id);
      let stats = openTicketWindowStats();
      expect(stats.loads).toBe(loads + 1);
      expect(Math.max(...stats.windows.map((w) => w.tickets))).toBeLessThanOrEqual(4);

      // More tickets: the window lets its oldest go instead of growing, and is not read whole again.
      const later = await buildTicket(ctx, other, text('又一个'));
      const again = await rankDuplicates(ctx.database.db, {
        ticketId: current.id,
        scope: scopeOf(requester.user.id),
      });
      expect(again.items.map((i) => i.id)).toContain(later.id);
      expect(again.items.map((i) => i.id)).toContain(ownOld.id);
      stats = openTicketWindowStats();
      expect(stats.loads).toBe(loads + 1);
      expect(Math.max(...stats.windows.map((w) => w.tickets))).toBeLessThanOrEqual(4);
    } finally {
      setOpenTicketWindowCap(previousCap);
      forgetOpenTicketWindows();
    }
  });
});
