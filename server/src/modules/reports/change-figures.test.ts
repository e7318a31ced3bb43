import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { ChangeFigures } from '../../../../contracts/changes.ts';
import type { WeeklyReport } from '../../../../contracts/reports.ts';
import { buildTicket, buildUser } from '../../../test/factories.ts';
import { json, setupTestApp } from '../../../test/harness.ts';
import { changeTable } from './change-figures.ts';
import { renderWeeklyMail } from './weekly-mail.ts';

const ctx = await setupTestApp();
const db = ctx.database.db;
const DAY = 86_400_000;

describe('change figures (issue 14)', () => {
  it('gives the success rate, emergency share and incidents caused by changes; in the weekly report and its mail', async () => {
    const agent = await buildUser(ctx, { role: 'agent' });
    const lead = await buildUser(ctx, { role: 'lead', locale: 'en' });
    const now = new Date('2026-03-09T00:00:00Z'); // the Monday after 2026-W10 (Shanghai: 08:00)
    const inWeek = new Date(now.getTime() - 3 * DAY).toISOString();
    const make = async (type: string, outcome: string | null, at: string) => {
      const created = await ctx.app.inject({
        method: 'POST',
        url: '/api/v1/changes',
        headers: agent.headers,
        payload: { type, title: `${type} ${outcome}`, plannedStart: at, plannedEnd: now.toISOString() },
      });
      expect(created.statusCode, created.body).toBe(201);
      const id = Number(created.json().id);
      await db.execute(sql`update changes set created_at = ${at}::timestamptz,
        status = ${outcome === null ? 'draft' : outcome === 'successful' ? 'implemented' : outcome},
        outcome = ${outcome}, implemented_at = ${outcome === null ? null : at}::timestamptz where id = ${id}`);
      return id;
    };
    const ok = await make('normal', 'successful', inWeek);
    await make('normal', 'successful', inWeek);
    await make('emergency', 'failed', inWeek);
    await make('normal', 'rolled_back', inWeek);
    await make('emergency', null, inWeek);
    // Before the week: counted nowhere.
    await make('emergency', 'failed', new Date(now.getTime() - 40 * DAY).toISOString());
    const ticket = await buildTicket(ctx, agent);
    const marked = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/changes/${ok}/caused-incidents`,
      headers: agent.headers,
      payload: { ticketIds: [ticket.id] },
    });
    expect(marked.statusCode, marked.body).toBe(200);
    await db.execute(
      sql`update change_tickets set created_at = ${inWeek}::timestamptz where ticket_id = ${ticket.id}`,
    );

    const expected: ChangeFigures = {
      implemented: 4,
      successful: 2,
      failed: 1,
      rolledBack: 1,
      successRate: 0.5,
      created: 5,
      emergency: 2,
      emergencyShare: 0.4,
      incidentsCausedByChanges: 1,
    };
    const url = `/api/v1/reports/changes?from=${encodeURIComponent(new Date(now.getTime() - 7 * DAY).toISOString())}&to=${encodeURIComponent(now.toISOString())}`;
    expect((await ctx.app.inject({ url, headers: agent.headers })).statusCode).toBe(403);
    expect(json<ChangeFigures>(await ctx.app.inject({ url, headers: lead.headers }))).toEqual(expected);
    const bad = await ctx.app.inject({
      url: `/api/v1/reports/changes?from=${encodeURIComponent(now.toISOString())}&to=2020-01-01T00:00:00Z`,
      headers: lead.headers,
    });
    expect(bad.statusCode).toBe(400);

    const weekly = json<WeeklyReport>(
      await ctx.app.inject({ url: '/api/v1/reports/weekly?week=2026-W10', headers: lead.headers }),
    );
    expect(weekly.changes).toEqual(expected);
    const links = { web: 'http://x/w', xlsx: 'http://x/x', pdf: 'http://x/p' };
    expect((await renderWeeklyMail(db, weekly, 'zh-CN', links)).text).toContain('变更成功率 | 50%');
    expect((await renderWeeklyMail(db, weekly, 'en', links)).text).toContain('Emergency share | 40%');
    expect(changeTable(weekly.changes, 'en').rows).toHaveLength(9);
  });
});
