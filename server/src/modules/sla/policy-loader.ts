import { sql } from 'drizzle-orm';
import type { Priority, TicketStatus, TicketType } from '../../../../contracts/tickets.ts';
import type {
  StoredBreachActions,
  StoredPolicyMatch,
  StoredTargets,
  StoredWindow,
} from '../../db/schema/sla.ts';
import type { Queryable } from '../../platform/db/database.ts';
import { BusinessTime, ROUND_THE_CLOCK } from './domain/business-time.ts';
import { CLOCK_NAMES, type ClockName, type PolicyRule } from './domain/policy.ts';

export interface CalendarRow extends Record<string, unknown> {
  id: number;
  name: string;
  timezone: string;
  hours: StoredWindow[];
  holidays: string[];
  extra_workdays: string[];
  updated_at: Date | string;
}

export interface LoadedPolicy {
  rule: PolicyRule;
  breachActions: StoredBreachActions;
}

const stamp = (value: Date | string) => (value instanceof Date ? value.toISOString() : value);

/**
 * Compiled calendars, shared by every request of this process: a calendar is laid out once
 * per version (its updated_at), not once per ticket.
 */
const compiled = new Map<string, BusinessTime>();
const roundTheClock = new BusinessTime(ROUND_THE_CLOCK);

export function businessTimeFor(calendar: CalendarRow | null): BusinessTime {
  if (!calendar) return roundTheClock;
  const key = `${calendar.id}:${stamp(calendar.updated_at)}`;
  let found = compiled.get(key);
  if (!found) {
    if (compiled.size >= 200) compiled.clear();
    found = new BusinessTime({
      timezone: calendar.timezone,
      hours: calendar.hours,
      holidays: calendar.holidays,
      extraWorkdays: calendar.extra_workdays,
    });
    compiled.set(key, found);
  }
  return found;
}

export async function loadCalendar(tx: Queryable, calendarId: number): Promise<CalendarRow | null> {
  const result = await tx.execute<CalendarRow>(
    sql`select id, name, timezone, hours, holidays, extra_workdays, updated_at from sla_calendars where id = ${calendarId}`,
  );
  return result.rows[0] ?? null;
}

interface PolicyRow extends Record<string, unknown> {
  id: number;
  name: string;
  order: number;
  match: StoredPolicyMatch;
  targets: StoredTargets;
  pause_statuses: string[];
  clock_pause_statuses: Record<string, string[]>;
  warn_at_percent: number;
  breach_actions: StoredBreachActions;
  calendar_id: number | null;
  c_id: number | null;
  c_name: string | null;
  c_timezone: string | null;
  c_hours: StoredWindow[] | null;
  c_holidays: string[] | null;
  c_extra_workdays: string[] | null;
  c_updated_at: Date | string | null;
}

/**
 * The policies in force (active ones), ready for the clocks. A simulation adds a draft
 * (`include`), possibly with another calendar (`calendarOverride`).
 */
export async function loadPolicies(
  tx: Queryable,
  options: { include?: number; calendarOverride?: CalendarRow | null } = {},
): Promise<LoadedPolicy[]> {
  const include = options.include ?? 0;
  const result = await tx.execute<PolicyRow>(sql`
    select p.id, p.name, p."order", p.match, p.targets, p.pause_statuses, p.clock_pause_statuses,
           p.warn_at_percent, p.breach_actions, p.calendar_id,
           c.id as c_id, c.name as c_name, c.timezone as c_timezone, c.hours as c_hours,
           c.holidays as c_holidays, c.extra_workdays as c_extra_workdays, c.updated_at as c_updated_at
      from sla_policies p left join sla_calendars c on c.id = p.calendar_id
     where p.active or p.id = ${include}
     order by p."order", p.id`);
  return result.rows.map((row) => {
    let calendar: CalendarRow | null =
      row.c_id === null
        ? null
        : {
            id: row.c_id,
            name: row.c_name ?? '',
            timezone: row.c_timezone ?? 'UTC',
            hours: row.c_hours ?? [],
            holidays: row.c_holidays ?? [],
            extra_workdays: row.c_extra_workdays ?? [],
            updated_at: row.c_updated_at ?? '',
          };
    if (options.calendarOverride !== undefined && row.id === include) calendar = options.calendarOverride;
    return { rule: toRule(row, calendar), breachActions: row.breach_actions };
  });
}

function toRule(row: PolicyRow, calendar: CalendarRow | null): PolicyRule {
  const pauses = {} as Record<ClockName, readonly TicketStatus[]>;
  for (const clock of CLOCK_NAMES) {
    pauses[clock] = (row.clock_pause_statuses[clock] ?? row.pause_statuses) as TicketStatus[];
  }
  return {
    id: row.id,
    name: row.name,
    order: row.order,
    match: {
      priority: row.match.priority as Priority[] | undefined,
      type: row.match.type as TicketType[] | undefined,
      category: row.match.category,
      organizationId: row.match.organizationId,
    },
    calendar: businessTimeFor(calendar),
    calendarName: calendar?.name ?? null,
    targets: row.targets as PolicyRule['targets'],
    pauseStatuses: pauses,
    warnAtPercent: row.warn_at_percent,
  };
}
