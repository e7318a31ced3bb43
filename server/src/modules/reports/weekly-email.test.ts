import { sql } from 'drizzle-orm';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { buildUser } from '../../../test/factories.ts';
import { eventually, startMailCatcher } from '../../../test/factories-channels.ts';
import { outboxFor, pickFeedbackPort, waitingJob } from '../../../test/factories-feedback.ts';
import { json, setupTestApp } from '../../../test/harness.ts';
import { buildReportDataset, cst } from '../../../test/report-dataset.ts';
import { sendEmailJob } from '../notifications/index.ts';
import { sendWeeklyReport } from './weekly-job.ts';

const catcher = await startMailCatcher(await pickFeedbackPort(4430));
const ctx = await setupTestApp({ SMTP_URL: catcher.url, PUBLIC_URL: 'http://desk.example' });
const data = await buildReportDataset(ctx);

describe('weekly report by email', () => {
  it('subscribers get last week’s report on Monday, once, in their language', async () => {
    const english = await buildUser(ctx, { role: 'quality', locale: 'en' });
    const agent = await buildUser(ctx, { role: 'agent' });
    const subscribe = (headers: { authorization: string }, weekly: boolean) =>
      ctx.app.inject({ method: 'PUT', url: '/api/v1/reports/subscription', headers, payload: { weekly } });
    expect((await subscribe(agent.headers, true)).statusCode).toBe(403);
    expect(json(await subscribe(data.lead.headers, true))).toEqual({ weekly: true });
    expect(json(await subscribe(english.headers, true))).toEqual({ weekly: true });
    expect(await waitingJob(ctx, 'reports.weekly_email')).toMatchObject({
      task_identifier: 'reports.weekly_email',
    });

    const monday = cst('03-09', '08:00');
    const sent = await ctx.database.db.transaction((tx) => sendWeeklyReport(tx, monday));
    expect(sent).toEqual({ week: '2026-W10', recipients: 2 });
    const again = await ctx.database.db.transaction((tx) => sendWeeklyReport(tx, monday));
    expect(again.recipients).toBe(0);

    // The send-mail jobs, run by hand: a worker would also run the weekly job rescheduled into this test's past.
    for (const mail of await outboxFor(ctx, 'reports.weekly')) {
      await sendEmailJob.run(
        { outboxId: mail.id },
        { db: ctx.database.db, logger: pino({ level: 'silent' }), now: new Date() },
      );
    }
    const zh = await eventually(
      () => catcher.mailsTo('lead@desk.example')[0],
      'the lead receives the weekly report',
    );
    expect(zh.parsed.subject).toBe('服务台周报 2026-W10');
    expect(zh.parsed.text).toContain('新增工单 | 6 | 1 | 0 | 0 | 0 | 0.25 | 5.75');
    expect(zh.parsed.text).toContain('等待供应商');
    expect(zh.parsed.text).toContain('http://desk.example/api/v1/reports/weekly?week=2026-W10&format=xlsx');
    const en = await eventually(
      () => catcher.mailsTo(english.user.email)[0],
      'the English subscriber receives it',
    );
    expect(en.parsed.subject).toBe('Weekly service desk report 2026-W10');
    expect(en.parsed.text).toContain('Tickets in | 6 | 1 | 0 | 0 | 0 | 0.25 | 5.75');
    const runs = await ctx.database.db.execute(sql`select week, recipients from report_weekly_runs`);
    expect(runs.rows).toEqual([{ week: '2026-W10', recipients: 2 }]);
    // The job keeps itself scheduled for the following Monday.
    const next = await waitingJob(ctx, 'reports.weekly_email');
    expect(new Date(next?.run_at ?? 0).toISOString()).toBe('2026-03-16T00:00:00.000Z');
  });

  it('an administrator’s edit of its template is the mail sent, the figures still as tables', async () => {
    const admin = await buildUser(ctx, { role: 'admin' });
    const reader = await buildUser(ctx, { role: 'lead', locale: 'en' });
    const template = (payload?: object) =>
      ctx.app.inject({
        method: payload ? 'PUT' : 'DELETE',
        url: '/api/v1/channels/templates/reports.weekly/en',
        headers: admin.headers,
        ...(payload ? { payload } : {}),
      });
    expect(
      (
        await template({
          subject: 'Desk week {{report.week}}',
          body: 'Figures <for leads>:\n\n{{report.summary}}\n\nSpreadsheet: {{report.xlsxUrl}}',
        })
      ).statusCode,
    ).toBe(204);
    await ctx.app.inject({
      method: 'PUT',
      url: '/api/v1/reports/subscription',
      headers: reader.headers,
      payload: { weekly: true },
    });
    await ctx.database.db.transaction((tx) => sendWeeklyReport(tx, cst('03-16', '08:00')));
    await template();

    const [mail] = await outboxFor(ctx, 'reports.weekly', reader.user.email);
    expect(mail?.subject).toBe('Desk week 2026-W11');
    expect(mail?.text_body).toContain('Figures <for leads>:\n\n== ');
    expect(mail?.text_body).toContain('Tickets in | ');
    expect(mail?.text_body).toContain(
      'Spreadsheet: http://desk.example/api/v1/reports/weekly?week=2026-W11&format=xlsx',
    );
    expect(mail?.html_body).toContain('<p>Figures &lt;for leads&gt;:</p>');
    expect(mail?.html_body).toContain('<th style="background:#eef2f8;text-align:left">Measure</th>');
    expect(mail?.html_body).not.toContain('<p><h3>');
  });
});
