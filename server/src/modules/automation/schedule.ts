import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { RuleSchedule } from '../../../../contracts/automation.ts';
import { automationRules } from '../../db/schema.ts';
import type { Queryable, Tx } from '../../platform/db/database.ts';
import { defineJob, enqueueDebounced, jobSpec } from '../../platform/jobs/jobs.ts';
import { businessTimeFor, loadCalendar } from '../sla/index.ts';
import { type RuleRow, runRules } from './run-rules.ts';

/** How often the desk looks for tickets a scheduled rule is waiting for. */
export const SWEEP_MINUTES = 15;
/** Tickets taken per rule and sweep (the next sweep takes the rest). */
const TICKETS_PER_SWEEP = 200;

const SWEEP_JOB = jobSpec<Record<string, unknown>>({
  id: 'automation.schedule_sweep',
  version: 1,
  payload: z.object({}),
});

/** Asks for a sweep at `runAt` unless one is already waiting (one job, whatever the number of rules). */
export async function scheduleSweep(tx: Queryable, runAt: Date): Promise<void> {
  await enqueueDebounced(tx, SWEEP_JOB, { jobKey: SWEEP_JOB.id, runAt });
}

/**
 * When a ticket that entered the status at `since` is due: after so many wall-clock hours, or
 * so many business hours or business days on the rule's calendar (null: never, a calendar with
 * no working time).
 */
export type DueAt = (since: number) => number | null;

async function dueRule(tx: Queryable, schedule: RuleSchedule): Promise<{ due: DueAt; atLeastMs: number }> {
  if (schedule.forHours !== undefined) {
    const ms = schedule.forHours * 3_600_000;
    return { due: (since) => since + ms, atLeastMs: ms };
  }
  const calendar = businessTimeFor(
    schedule.calendarId === undefined ? null : await loadCalendar(tx, schedule.calendarId),
  );
  if (schedule.forBusinessHours !== undefined) {
    const ms = schedule.forBusinessHours * 3_600_000;
    return { due: (since) => calendar.add(since, ms), atLeastMs: ms };
  }
  const days = schedule.forBusinessDays ?? 1;
  // n working days later is at least n calendar days later, less a daylight-saving hour.
  return { due: (since) => calendar.addWorkdays(since, days), atLeastMs: days * 86_400_000 - 3_600_000 };
}

/**
 * The tickets a scheduled rule is due for: in its status for at least its time (since the last
 * status change, else since they were opened), and not yet run by it during this stay. The
 * oldest stays are looked at first; as the due time grows with the start of the stay, the first
 * one not due ends the search.
 */
async function dueTickets(tx: Queryable, rule: RuleRow, now: Date): Promise<number[]> {
  if (!('schedule' in rule.trigger)) return [];
  const { schedule } = rule.trigger;
  const { due, atLeastMs } = await dueRule(tx, schedule);
  const before = new Date(now.getTime() - atLeastMs);
  const result = await tx.execute<{ id: number; since: Date | string }>(sql`
    select s.id, s.since from (
      select t.id, coalesce((select max(e.at) from audit_events_v e
                              where e.ticket_id = t.id and e.kind = 'ticket.updated'
                                and e.data->'changes' ? 'status'), t.created_at) as since
        from tickets_v t where t.status = ${schedule.status}) s
     where s.since <= ${before.toISOString()}::timestamptz
       and not exists (select 1 from automation_runs r
                        where r.rule_id = ${rule.id} and r.ticket_id = s.id and r.at >= s.since)
     order by s.since limit ${TICKETS_PER_SWEEP}`);
  const ids: number[] = [];
  for (const row of result.rows) {
    const at = due(new Date(row.since).getTime());
    if (at === null || at > now.getTime()) break;
    ids.push(Number(row.id));
  }
  return ids;
}

/**
 * Runs every enabled scheduled rule on the tickets it is due for, as the automation account
 * (conditions, actions, log and loop guard as for event rules); returns how many ran. Asks for
 * the next sweep while scheduled rules exist.
 */
export async function sweepScheduledRules(tx: Tx, now: Date): Promise<number> {
  const rules = await tx
    .select()
    .from(automationRules)
    .where(and(eq(automationRules.event, 'schedule'), eq(automationRules.enabled, true)))
    .orderBy(automationRules.position, automationRules.id);
  let ran = 0;
  for (const rule of rules) {
    for (const ticketId of await dueTickets(tx, rule, now)) {
      await runRules(tx, 'schedule', { ticketId, actorId: null, at: now }, [rule]);
      ran++;
    }
  }
  if (rules.length > 0) await scheduleSweep(tx, new Date(now.getTime() + SWEEP_MINUTES * 60_000));
  return ran;
}

export const scheduleSweepJob = defineJob<Record<string, unknown>>({
  ...SWEEP_JOB,
  async run(_payload, context) {
    await context.db.transaction((tx) => sweepScheduledRules(tx, context.now));
  },
});
