import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { DrilldownPage, ReportSummary, WeeklyReport } from '../../../../contracts/reports.ts';
import { buildUser } from '../../../test/factories.ts';
import { json, setupTestApp } from '../../../test/harness.ts';
import { buildReportDataset } from '../../../test/report-dataset.ts';
import { idArray } from '../../platform/db/id-array.ts';
import { sumDirtyDays } from './rollup-job.ts';

const ctx = await setupTestApp();
const data = await buildReportDataset(ctx);
const H = 3600;
const WEEK = 'from=2026-03-02&to=2026-03-08';

async function summary(query = WEEK): Promise<ReportSummary> {
  const response = await ctx.app.inject({
    method: 'GET',
    url: `/api/v1/reports/summary?${query}`,
    headers: data.lead.headers,
  });
  if (response.statusCode !== 200) throw new Error(response.body);
  return json<ReportSummary>(response);
}

async function drill(metric: string, extra = ''): Promise<DrilldownPage> {
  const response = await ctx.app.inject({
    method: 'GET',
    url: `/api/v1/reports/drilldown?${WEEK}&metric=${metric}${extra}`,
    headers: data.lead.headers,
  });
  if (response.statusCode !== 200) throw new Error(response.body);
  return json<DrilldownPage>(response);
}
const numbers = (page: DrilldownPage) => page.items.map((i) => i.subject.slice(0, 2));

describe('GET /reports/summary on the hand-made week 2026-W10 (Shanghai)', () => {
  it('counts tickets in, out, cancelled, and the backlog at the end of the week with its age', async () => {
    const s = await summary();
    expect(s.period).toEqual({
      from: '2026-03-01T16:00:00.000Z',
      to: '2026-03-08T16:00:00.000Z',
      timezone: 'Asia/Shanghai',
    });
    // In: T1 T2 T3 T4 T5 T7 (T6 is from February, T8 from the next Monday). Out: T1 T2 T4 T6.
    expect(s.volume).toEqual({ in: 6, out: 4, cancelled: 1 });
    // Open at Mon 9 00:00: T3 waiting on the vendor since Sat (created Fri 17:00, 55 h), T5 new (Thu 09:00, 87 h).
    expect(s.backlog).toMatchObject({
      open: 2,
      meanAgeSeconds: 71 * H,
      medianAgeSeconds: 71 * H,
      p90AgeSeconds: 55 * H + 0.9 * 32 * H,
      oldestAgeSeconds: 87 * H,
    });
    expect(s.backlog.byStatus).toEqual(
      expect.arrayContaining([
        { status: 'pending_vendor', count: 1 },
        { status: 'new', count: 1 },
      ]),
    );
    expect(s.backlog.byAge).toEqual([
      { bucket: 'lt_1d', count: 0 },
      { bucket: '1d_3d', count: 1 },
      { bucket: '3d_7d', count: 1 },
      { bucket: '7d_30d', count: 0 },
      { bucket: 'gt_30d', count: 0 },
    ]);
  });

  it('measures first response and resolution in business time: median, 90th percentile, mean', async () => {
    const s = await summary();
    // The default policies (migration 0006) apply: P1 (T2) round the clock, the others on the
    // Mon-Fri 09:00-18:00 Shanghai calendar; waiting on the requester or a vendor pauses them.
    // First responses: T4 5 min (resolved on the spot), T2 15 min, T1 30 min, T3 1 h (Fri
    // 17:00 -> 18:00; the weekend, and the vendor pause from Sat 10:00, do not count; Mon 09:00).
    expect(s.firstResponse).toEqual({
      count: 4,
      meanSeconds: (300 + 900 + 1800 + H) / 4,
      medianSeconds: 1350,
      p90Seconds: 1800 + 0.7 * (H - 1800),
      basis: 'business',
    });
    // Resolutions: T4 5 min, T1 2 h, T2 8 h (53 h on the wall: Tue 10-11, paused 22 h waiting on
    // the requester, Wed 09-10, resolved, reopened Thu 09:00, resolved Thu 15:00),
    // T6 9 h (72 h on the wall: Fri 27 Feb 10:00-18:00, the weekend, Mon 2 Mar 09:00-10:00).
    expect(s.resolution).toEqual({
      count: 4,
      meanSeconds: (300 + 2 * H + 8 * H + 9 * H) / 4,
      medianSeconds: (2 * H + 8 * H) / 2,
      p90Seconds: 8 * H + 0.7 * H,
      basis: 'business',
    });
    expect(s.p1Resolution).toMatchObject({ count: 1, meanSeconds: 8 * H });
  });

  it('stores business seconds per ticket from the SLA clocks (weekends, pauses, reopening)', async () => {
    const result = await ctx.database.db.execute<{
      ticket_id: number;
      response: number | null;
      resolution: number | null;
    }>(sql`select ticket_id, response_business_seconds as response, resolution_business_seconds as resolution
             from report_ticket_facts where ticket_id = any(${idArray(Object.values(data.ids))})`);
    const byId = new Map(result.rows.map((r) => [Number(r.ticket_id), [r.response, r.resolution]]));
    const { ids } = data;
    expect(byId.get(ids.T1)).toEqual([1800, 2 * H]);
    expect(byId.get(ids.T2)).toEqual([900, 8 * H]);
    // T3: Fri 17:00-18:00, the weekend, waiting on the vendor Sat 10:00 - Mon 10:00 (so Mon
    // 09:00-10:00 does not count either), Mon 10:00-12:00: 1 h to the answer, 3 h to resolve.
    expect(byId.get(ids.T3)).toEqual([H, 3 * H]);
    expect(byId.get(ids.T4)).toEqual([300, 300]);
    expect(byId.get(ids.T5)).toEqual([null, null]); // never answered
    expect(byId.get(ids.T6)).toEqual([H, 9 * H]);
    expect(byId.get(ids.T7)).toEqual([null, null]); // cancelled unanswered
  });

  it('computes the rates: first contact, reopen, repeat, escalation', async () => {
    const s = await summary();
    expect(s.firstContactResolution).toEqual({ numerator: 1, denominator: 4, rate: 0.25 }); // T4
    expect(s.reopen).toEqual({ numerator: 1, denominator: 4, rate: 0.25 }); // T2
    expect(s.repeat).toEqual({ numerator: 1, denominator: 6, rate: 0.1667 }); // T5 repeats T1
    expect(s.escalation).toEqual({ numerator: 1, denominator: 6, rate: 0.1667 }); // T3 L1 -> L2
  });

  it('reports SLA compliance per clock, CSAT per dimension and NPS', async () => {
    const s = await summary();
    expect(s.sla.clocks).toEqual([
      { clock: 'first_response', met: 3, breached: 2, rate: 0.6 }, // T1 T2 T4 met, T3 T5 breached
      { clock: 'next_update', met: 0, breached: 1, rate: 0 }, // T2 (T6 came in before the week)
      { clock: 'resolution', met: 2, breached: 2, rate: 0.5 }, // T1 T4 met, T2 T6 breached
    ]);
    // Answers: T1 5 (5,4,5,5), T6 2 (1,3,2,2), T2 4 by call-back (4,4,4,4).
    expect(s.csat).toEqual({
      sent: 3,
      responses: 3,
      responseRate: 1,
      average: 3.67,
      satisfiedRate: 0.6667,
      dimensions: { speed: 3.33, attitude: 3.67, effectiveness: 3.67, overall: 3.67 },
      distribution: [0, 1, 0, 1, 1],
    });
    expect(s.nps).toEqual({ responses: 3, promoters: 1, passives: 1, detractors: 1, score: 0 });
  });

  it('gives each agent their workload and satisfaction', async () => {
    const s = await summary();
    const alice = s.agents.find((a) => a.agentId === data.alice.user.id);
    const bob = s.agents.find((a) => a.agentId === data.bob.user.id);
    expect(alice).toEqual({
      agentId: data.alice.user.id,
      name: 'Alice',
      assigned: 2,
      resolved: 2,
      open: 0,
      meanResolutionSeconds: (2 * H + 8 * H) / 2, // business time
      csatAverage: 4.5,
      csatResponses: 2,
    });
    expect(bob).toEqual({
      agentId: data.bob.user.id,
      name: 'Bob',
      assigned: 2, // T3 T4 (T6 came in February)
      resolved: 2, // T4 T6
      open: 1, // T3
      meanResolutionSeconds: (300 + 9 * H) / 2, // business time
      csatAverage: 2,
      csatResponses: 1,
    });
  });

  it('breaks down by channel, priority, team and category, and by local day', async () => {
    const s = await summary();
    expect(s.breakdowns.channel.find((b) => b.key === 'phone')).toMatchObject({
      in: 1,
      out: 1,
      meanResolutionSeconds: 300,
    });
    expect(s.breakdowns.channel.find((b) => b.key === 'portal')).toMatchObject({
      in: 4,
      out: 2,
      csatAverage: 3.5,
    });
    expect(s.breakdowns.priority.find((b) => b.key === 'P1')).toMatchObject({
      in: 1,
      out: 1,
      csatAverage: 4,
    });
    expect(s.breakdowns.team.find((b) => b.label === 'Network')).toMatchObject({ in: 1, out: 0 });
    expect(s.breakdowns.category.find((b) => b.label === 'Software/Finance')).toMatchObject({
      in: 2,
      out: 1,
    });
    expect(s.daily).toEqual([
      { day: '2026-03-02', in: 1, out: 2 },
      { day: '2026-03-03', in: 1, out: 0 },
      { day: '2026-03-04', in: 1, out: 1 },
      { day: '2026-03-05', in: 1, out: 1 },
      { day: '2026-03-06', in: 1, out: 0 },
      { day: '2026-03-07', in: 1, out: 0 },
    ]);
  });

  it('applies the filters: agent, team, channel, category (with sub-categories), priority', async () => {
    expect((await summary(`${WEEK}&agentId=${data.alice.user.id}`)).volume).toEqual({
      in: 2,
      out: 2,
      cancelled: 0,
    });
    const network = await summary(`${WEEK}&teamId=${data.networkTeamId}`);
    expect(network.volume.in).toBe(1);
    expect(network.escalation.rate).toBe(1);
    expect(network.backlog.open).toBe(1);
    const phone = await summary(`${WEEK}&channel=phone`);
    expect(phone.firstContactResolution).toEqual({ numerator: 1, denominator: 1, rate: 1 });
    const software = await summary(`${WEEK}&category=Software`);
    expect(software.volume.in).toBe(2);
    expect(software.repeat).toEqual({ numerator: 1, denominator: 2, rate: 0.5 });
    expect((await summary(`${WEEK}&priority=P1`)).reopen.rate).toBe(1);
    // A period with nothing in it has no rates rather than zeros.
    const empty = await summary('from=2026-01-05&to=2026-01-06');
    expect(empty.volume).toEqual({ in: 0, out: 0, cancelled: 0 });
    expect(empty.firstContactResolution.rate).toBeNull();
    expect(empty.resolution.medianSeconds).toBeNull();
  });

  it('refuses bad periods and people who may not read reports', async () => {
    const agent = await buildUser(ctx, { role: 'agent' });
    const forbidden = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/reports/summary?${WEEK}`,
      headers: agent.headers,
    });
    expect(forbidden.statusCode).toBe(403);
    const backwards = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/reports/summary?from=2026-03-08&to=2026-03-01',
      headers: data.lead.headers,
    });
    expect(json<{ error: { code: string } }>(backwards).error.code).toBe('report.invalid_period');
    const bad = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/reports/summary?from=yesterday',
      headers: data.lead.headers,
    });
    expect(bad.statusCode).toBe(400);
  });
});

describe('GET /reports/drilldown', () => {
  it('lists the tickets behind each number', async () => {
    const response = await drill('first_response');
    expect(response.total).toBe(4);
    expect(numbers(response)).toEqual(['T3', 'T1', 'T2', 'T4']);
    expect(response.items[0]?.value).toBe(H); // T3 in business time
    expect(numbers(await drill('backlog'))).toEqual(['T5', 'T3']);
    expect(numbers(await drill('first_contact'))).toEqual(['T4']);
    expect(numbers(await drill('reopened'))).toEqual(['T2']);
    expect(numbers(await drill('repeat'))).toEqual(['T5']);
    expect(numbers(await drill('escalated'))).toEqual(['T3']);
    expect(numbers(await drill('cancelled'))).toEqual(['T7']);
    const low = await drill('csat_low');
    expect(numbers(low)).toEqual(['T6']);
    expect(low.items[0]?.value).toBe(2);
    expect(numbers(await drill('sla_breached')).sort()).toEqual(['T2', 'T3', 'T5', 'T6']);
  });

  it('pages with a cursor and exports CSV', async () => {
    const first = await drill('in', '&limit=4');
    expect(first.total).toBe(6);
    expect(first.items).toHaveLength(4);
    const rest = await drill('in', `&limit=4&cursor=${first.nextCursor}`);
    expect(rest.items).toHaveLength(2);
    expect(rest.nextCursor).toBeNull();
    expect(new Set([...numbers(first), ...numbers(rest)])).toEqual(
      new Set(['T1', 'T2', 'T3', 'T4', 'T5', 'T7']),
    );
    const csv = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/reports/drilldown?${WEEK}&metric=out&format=csv`,
      headers: data.lead.headers,
    });
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('工单号,主题,状态,优先级,渠道,团队,处理人,创建时间,解决时间,数值');
    expect(lines).toHaveLength(5);
  });
});

describe('GET /reports/weekly', () => {
  it('compares the week with the four before and finds where tickets waited', async () => {
    const response = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/reports/weekly?week=2026-W10',
      headers: data.lead.headers,
    });
    const report = json<WeeklyReport>(response);
    expect(report).toMatchObject({
      week: '2026-W10',
      from: '2026-03-01T16:00:00.000Z',
      to: '2026-03-08T16:00:00.000Z',
    });
    const metric = (key: string) => report.metrics.find((m) => m.key === key);
    // T6 came in in W09; nothing earlier.
    expect(metric('tickets_in')).toEqual({
      key: 'tickets_in',
      unit: 'count',
      week: 6,
      previous: [1, 0, 0, 0],
      previousAverage: 0.25,
      change: 5.75,
    });
    expect(metric('tickets_out')).toMatchObject({ week: 4, previous: [0, 0, 0, 0], change: 4 });
    expect(metric('csat_average')).toMatchObject({
      week: 3.67,
      previous: [null, null, null, null],
      previousAverage: null,
    });
    // Waits inside the week: T3 with the vendor Sat 10:00 -> end of Sunday (38 h), no hand-over recorded.
    expect(report.bottlenecks.statusWaits.find((w) => w.status === 'pending_vendor')).toEqual({
      status: 'pending_vendor',
      tickets: 1,
      totalSeconds: 38 * H,
      medianSeconds: 38 * H,
      p90Seconds: 38 * H,
    });
    expect(report.bottlenecks.statusWaits.find((w) => w.status === 'pending_requester')).toMatchObject({
      tickets: 1,
      totalSeconds: 22 * H,
    });
    expect(report.bottlenecks.vendorDelays).toEqual([
      {
        key: '',
        tickets: 1,
        overTarget: 0,
        totalSeconds: 38 * H,
        medianSeconds: 38 * H,
        longestSeconds: 38 * H,
      },
    ]);
    // Open (or awaiting confirmation) at the end of the week, oldest wait first: T4 resolved Wed 14:05, T5 new Thu 09:00, T3.
    expect(
      report.bottlenecks.longestWaiting.map((t) => [t.subject.slice(0, 2), t.status, t.waitingSeconds]),
    ).toEqual([
      ['T4', 'resolved', 4 * 24 * H + 9 * H + 55 * 60],
      ['T5', 'new', 87 * H],
      ['T3', 'pending_vendor', 38 * H],
    ]);
    expect(report.categories.slice(0, 2)).toEqual([
      { category: 'Network/VPN', week: 2, previousAverage: 0 },
      { category: 'Software/Finance', week: 2, previousAverage: 0 },
    ]);
    expect(report.categories.find((c) => c.category === 'Hardware/Printer')).toEqual({
      category: 'Hardware/Printer',
      week: 0,
      previousAverage: 0.25,
    });
  });

  it('exports XLSX, PDF and every table as CSV', async () => {
    const get = (format: string, extra = '') =>
      ctx.app.inject({
        method: 'GET',
        url: `/api/v1/reports/weekly?week=2026-W10&format=${format}${extra}`,
        headers: data.lead.headers,
      });
    const xlsx = await get('xlsx');
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
    const pdf = await get('pdf');
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.rawPayload.length).toBeGreaterThan(2000);
    for (const table of [
      'metrics',
      'status_waits',
      'vendor_delays',
      'longest_waiting',
      'agents',
      'categories',
    ]) {
      const csv = await get('csv', `&table=${table}`);
      expect(csv.statusCode).toBe(200);
      expect(csv.body.startsWith('\uFEFF')).toBe(true);
    }
    const metrics = (await get('csv', '&table=metrics')).body.split('\r\n');
    expect(metrics[0]).toBe('\uFEFF指标,本周,前第 1 周,前第 2 周,前第 3 周,前第 4 周,前 4 周平均,变化');
    expect(metrics[1]).toBe('新增工单,6,1,0,0,0,0.25,5.75');
    expect(metrics.find((l) => l.startsWith('解决时长中位数（小时）'))).toBe(
      '解决时长中位数（小时）,5,,,,,,', // business time
    );
    const summaryCsv = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/reports/summary?${WEEK}&format=csv&table=agents`,
      headers: data.lead.headers,
    });
    expect(summaryCsv.body).toContain('Alice,2,2,0,5,4.5,2');
  });
});

describe('daily rollups', () => {
  it('give the same figures once summed as when computed from the facts', async () => {
    const queries = [
      WEEK,
      `${WEEK}&agentId=${data.alice.user.id}`,
      `${WEEK}&teamId=${data.networkTeamId}`,
      `${WEEK}&channel=portal`,
      `${WEEK}&category=Software`,
      `${WEEK}&priority=P1&channel=email`,
      'from=2026-03-02T09:30:00%2B08:00&to=2026-03-06T12:00:00%2B08:00',
    ];
    const before = await Promise.all(queries.map((q) => summary(q)));
    const dirty = await ctx.database.db.execute(sql`select count(*)::int as n from report_dirty_days`);
    expect(Number(dirty.rows[0]?.n)).toBeGreaterThan(0);
    let summed: string[] = [];
    do {
      summed = await ctx.database.db.transaction((tx) => sumDirtyDays(tx, new Date()));
    } while (summed.length > 0);
    const stored = await ctx.database.db.execute(sql`select count(*)::int as n from report_rollups`);
    expect(Number(stored.rows[0]?.n)).toBeGreaterThan(0);
    const after = await Promise.all(queries.map((q) => summary(q)));
    expect(after).toEqual(before);
    // A change of a ticket marks its days again, and the figures follow at once.
    await ctx.app.inject({
      method: 'PATCH',
      url: `/api/v1/tickets/${data.ids.T5}`,
      headers: data.alice.headers,
      payload: { status: 'cancelled' },
    });
    const days = await ctx.database.db.execute<{ day: string }>(
      sql`select to_char(day, 'YYYY-MM-DD') as day from report_dirty_days order by day`,
    );
    expect(days.rows.map((r) => r.day)).toContain('2026-03-05');
  });
});
