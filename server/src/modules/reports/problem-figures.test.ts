import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { ProblemFigures } from '../../../../contracts/problems.ts';
import type { WeeklyReport } from '../../../../contracts/reports.ts';
import { buildUser } from '../../../test/factories.ts';
import { json, setupTestApp } from '../../../test/harness.ts';
import { problemTable } from './problem-figures.ts';
import { renderWeeklyMail } from './weekly-mail.ts';

const ctx = await setupTestApp();
const db = ctx.database.db;

const DAY = 86_400_000;

describe('problem figures (issue 14)', () => {
  it('counts open problems by age, known errors, opened and resolved; in the weekly report and its mail', async () => {
    const agent = await buildUser(ctx, { role: 'agent' });
    const lead = await buildUser(ctx, { role: 'lead', locale: 'en' });
    const now = new Date('2026-03-09T00:00:00Z'); // the Monday after 2026-W10 (Shanghai: 08:00)
    const make = async (title: string, ageDays: number, patch: object = {}) => {
      const created = await ctx.app.inject({
        method: 'POST',
        url: '/api/v1/problems',
        headers: agent.headers,
        payload: { title },
      });
      const id = Number(created.json().id);
      await ctx.app.inject({
        method: 'PATCH',
        url: `/api/v1/problems/${id}`,
        headers: agent.headers,
        payload: patch,
      });
      await db.execute(
        sql`update problems set created_at = ${new Date(now.getTime() - ageDays * DAY).toISOString()}::timestamptz where id = ${id}`,
      );
      return id;
    };
    await make('fresh', 2);
    await make('two weeks', 14, { status: 'investigating' });
    const known = await make('known', 40, { status: 'investigating' });
    await db.execute(sql`update problems set status = 'known_error' where id = ${known}`);
    await make('old', 120);
    const done = await make('resolved this week', 20, { status: 'investigating' });
    await db.execute(
      sql`update problems set status = 'resolved', resolved_at = ${new Date(now.getTime() - 3 * DAY).toISOString()}::timestamptz where id = ${done}`,
    );
    const expected: ProblemFigures = {
      open: 4,
      ageBuckets: [
        { bucket: 'lt_7d', count: 1 },
        { bucket: '7d_30d', count: 1 },
        { bucket: '30d_90d', count: 1 },
        { bucket: 'gt_90d', count: 1 },
      ],
      knownErrors: 1,
      knownErrorArticles: 0,
      opened: 1,
      resolved: 1,
    };
    const url = `/api/v1/reports/problems?from=${encodeURIComponent(new Date(now.getTime() - 7 * DAY).toISOString())}&to=${encodeURIComponent(now.toISOString())}`;
    expect((await ctx.app.inject({ url, headers: agent.headers })).statusCode).toBe(403);
    expect(json<ProblemFigures>(await ctx.app.inject({ url, headers: lead.headers }))).toEqual(expected);
    const bad = await ctx.app.inject({
      url: `/api/v1/reports/problems?from=${encodeURIComponent(now.toISOString())}&to=${encodeURIComponent(now.toISOString())}`,
      headers: lead.headers,
    });
    expect(bad.statusCode).toBe(400);

    const weekly = json<WeeklyReport>(
      await ctx.app.inject({ url: '/api/v1/reports/weekly?week=2026-W10', headers: lead.headers }),
    );
    // The week ends on Monday 00:00 in Shanghai, 8 hours before `now`: the same problems.
    expect(weekly.problems.open).toBe(4);
    expect(weekly.problems.knownErrors).toBe(1);
    expect(weekly.problems.resolved).toBe(1);
    const links = { web: 'http://x/w', xlsx: 'http://x/x', pdf: 'http://x/p' };
    const zh = await renderWeeklyMail(db, weekly, 'zh-CN', links);
    expect(zh.text).toContain('问题管理');
    expect(zh.text).toContain('已知错误（未解决） | 1');
    const en = await renderWeeklyMail(db, weekly, 'en', links);
    expect(en.text).toContain('Open > 90 days | 1');
    expect(problemTable(weekly.problems, 'en').rows).toHaveLength(9);
  });
});
