import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { reportSubscriptions, reportWeeklyRuns } from '../../db/schema.ts';
import type { Queryable, Tx } from '../../platform/db/database.ts';
import { defineJob, enqueue } from '../../platform/jobs/jobs.ts';
import { loadResolutionSettings } from '../resolution/index.ts';
import { addDays, isoWeekMonday, isoWeekOf, localDay, startOfLocalDay } from './calendar.ts';
import { publicLink, queueEmail } from './outgoing-mail.ts';
import { buildWeeklyReport, lastCompleteWeek } from './weekly.ts';
import { renderWeeklyMail } from './weekly-mail.ts';

const JOB_KEY = 'reports.weekly_email';
/** The weekly report goes out on Monday at 08:00 in the report time zone. */
const SEND_HOUR_MS = 8 * 3_600_000;

/** The next Monday 08:00 (report time zone) after `now`. */
export function nextWeeklyRun(now: Date, timeZone: string): Date {
  const thisMonday = isoWeekMonday(isoWeekOf(localDay(now, timeZone)));
  const candidate = new Date(startOfLocalDay(thisMonday, timeZone).getTime() + SEND_HOUR_MS);
  if (candidate.getTime() > now.getTime()) return candidate;
  return new Date(startOfLocalDay(addDays(thisMonday, 7), timeZone).getTime() + SEND_HOUR_MS);
}

export async function scheduleWeeklyEmail(tx: Queryable, now: Date): Promise<void> {
  const { reportTimezone } = await loadResolutionSettings(tx);
  await enqueue(tx, weeklyEmailJob, {}, { runAt: nextWeeklyRun(now, reportTimezone), jobKey: JOB_KEY });
}

/**
 * Emails last week's report to every subscriber, once per week (a retried or doubled job
 * finds the week already sent), then schedules itself for next Monday while anyone is
 * subscribed.
 */
export async function sendWeeklyReport(tx: Tx, now: Date): Promise<{ week: string; recipients: number }> {
  const { reportTimezone } = await loadResolutionSettings(tx);
  const week = lastCompleteWeek(now, reportTimezone);
  const claimed = await tx
    .insert(reportWeeklyRuns)
    .values({ week, sentAt: now, recipients: 0 })
    .onConflictDoNothing()
    .returning({ week: reportWeeklyRuns.week });
  let recipients = 0;
  if (claimed.length > 0) {
    const people = await tx.execute<{ email: string; locale: 'zh-CN' | 'en' }>(sql`
      select u.email, u.locale from ${reportSubscriptions} s join identity_users_v u on u.id = s.user_id
       where s.weekly and u.active and u.role in ('lead', 'quality', 'admin')`);
    if (people.rows.length > 0) {
      const report = await buildWeeklyReport(tx, week, now);
      const api = (format: string) => publicLink(`/api/v1/reports/weekly?week=${week}&format=${format}`);
      for (const person of people.rows) {
        const mail = await renderWeeklyMail(tx, report, person.locale, {
          web: publicLink(`/dashboards/weekly?week=${week}`),
          xlsx: api('xlsx'),
          pdf: api('pdf'),
        });
        await queueEmail(tx, { to: person.email, ...mail, kind: 'reports.weekly', locale: person.locale });
      }
      recipients = people.rows.length;
      await tx.update(reportWeeklyRuns).set({ recipients }).where(sql`${reportWeeklyRuns.week} = ${week}`);
    }
  }
  const subscribers = await tx.execute<{ n: number }>(
    sql`select count(*)::int as n from ${reportSubscriptions} where weekly`,
  );
  if (Number(subscribers.rows[0]?.n ?? 0) > 0) await scheduleWeeklyEmail(tx, now);
  return { week, recipients };
}

export const weeklyEmailJob = defineJob<Record<string, unknown>>({
  id: 'reports.weekly_email',
  version: 1,
  payload: z.object({}),
  async run(_payload, context) {
    await context.db.transaction((tx) => sendWeeklyReport(tx, context.now));
  },
});
