import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { ReportFilters, ReportSummary } from '../../../../contracts/reports.ts';
import { json, setupTestApp } from '../../../test/harness.ts';
import { buildReportDataset } from '../../../test/report-dataset.ts';
import { scopeOf } from './filters.ts';
import { sumDirtyDays } from './rollup-job.ts';
import { computeSummary, factFigures } from './summary.ts';

const ctx = await setupTestApp();
const data = await buildReportDataset(ctx);
const WEEK = { from: '2026-03-02', to: '2026-03-08' };
const NOW = new Date('2026-04-01T00:00:00Z');

const PAIRS: ReportFilters[] = [
  { channel: 'portal', category: 'Software' },
  { channel: 'portal', agentId: data.alice.user.id },
  { channel: 'email', teamId: data.networkTeamId },
  { priority: 'P1', channel: 'email' },
  { category: 'Network', agentId: data.bob.user.id },
  { channel: 'portal', priority: 'P3' },
  // Three filters: no rollup holds them; the tickets are found in the covering indexes first.
  { channel: 'portal', category: 'Software', agentId: data.alice.user.id },
  { channel: 'email', teamId: data.networkTeamId, priority: 'P1' },
];

async function fromApi(filters: ReportFilters): Promise<ReportSummary> {
  const query = new URLSearchParams(
    Object.entries({ ...WEEK, ...filters }).map(([k, v]) => [k, String(v)]),
  ).toString();
  const response = await ctx.app.inject({
    method: 'GET',
    url: `/api/v1/reports/summary?${query}`,
    headers: data.lead.headers,
  });
  if (response.statusCode !== 200) throw new Error(response.body);
  return json<ReportSummary>(response);
}

/** The same summary with every additive figure summed from the facts, no rollup read. */
function fromFacts(filters: ReportFilters): Promise<ReportSummary> {
  const scope = scopeOf({ ...WEEK, ...filters }, 'Asia/Shanghai', NOW);
  return computeSummary(ctx.database.db, scope, NOW, factFigures);
}

async function sumAllDirtyDays(): Promise<void> {
  let summed: string[] = [];
  do {
    summed = await ctx.database.db.transaction((tx) => sumDirtyDays(tx, new Date()));
  } while (summed.length > 0);
}

describe('the summary under two filters and more', () => {
  it('equals the figures summed from the facts, with days still dirty and once the pairs are stored', async () => {
    const reference = await Promise.all(PAIRS.map(fromFacts));
    // The hand-made week has tickets under these pairs, so the comparison is not of empty figures.
    const portalSoftware = reference[0];
    expect(portalSoftware?.volume.in).toBeGreaterThanOrEqual(2);
    expect(portalSoftware?.breakdowns.team.length).toBeGreaterThan(0);
    expect(portalSoftware?.agents.length).toBeGreaterThan(0);
    expect(reference.filter((r) => r.volume.in + r.volume.out > 0).length).toBeGreaterThanOrEqual(4);
    const threeFilters = reference.at(-2);
    expect((threeFilters?.volume.in ?? 0) + (threeFilters?.volume.out ?? 0)).toBeGreaterThan(0);

    expect(await Promise.all(PAIRS.map(fromApi))).toEqual(reference);
    await sumAllDirtyDays();
    const dirty = await ctx.database.db.execute(sql`select count(*)::int as n from report_dirty_days`);
    expect(Number(dirty.rows[0]?.n)).toBe(0);
    expect(await Promise.all(PAIRS.map(fromApi))).toEqual(reference);
  });

  it('reads the stored pair sums: a stored pair row changed by hand shows in the figures', async () => {
    await sumAllDirtyDays();
    const before = await fromApi(PAIRS[0] ?? {});
    // Proof that the totals come from report_rollups (and that the test above compares two paths).
    const shift = (by: number) =>
      ctx.database.db.execute(sql`update report_rollups set n_in = n_in + ${by}
        where (day, d1, k1, d2, k2) = (select day, d1, k1, d2, k2 from report_rollups
          where d1 = 'channel' and k1 = 'portal' and d2 = 'category' and n_in > 0
            and k2 in (select id::text from categories where path like 'Software%')
            and day between '2026-03-02' and '2026-03-08' limit 1)`);
    await shift(100);
    const after = await fromApi(PAIRS[0] ?? {});
    await shift(-100);
    expect(after.volume.in).toBe(before.volume.in + 100);
    expect(after.breakdowns.team).toEqual(before.breakdowns.team);
  });
});
