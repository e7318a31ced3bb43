import { asc, eq, sql } from 'drizzle-orm';
import type { CalendarDto, CreateCalendarInput, UpdateCalendarInput } from '../../../../contracts/sla.ts';
import { slaCalendars } from '../../db/schema/sla.ts';
import type { Queryable, Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import { diff, recordEvent } from '../audit/index.ts';
import { type Actor, assertCan, isUniqueViolation } from '../identity/index.ts';
import { presentCalendar } from './presenter.ts';
import { scheduleRecompute } from './recompute-job.ts';

/** Counts what another module keeps pointing at a calendar (routing: agents' working hours). */
export type CalendarUseCounter = (tx: Queryable, calendarId: number) => Promise<number>;
const calendarUseCounters: CalendarUseCounter[] = [];

/** A module above SLA that refers to calendars registers here (registry.ts), so that a calendar in use is kept. */
export function onCalendarUses(counter: CalendarUseCounter): void {
  calendarUseCounters.push(counter);
}

function nameTaken(error: unknown): boolean {
  return isUniqueViolation(error, 'sla_calendars_name_key');
}

export async function listCalendars(options: {
  tx: Queryable;
  actor: Actor;
}): Promise<{ items: CalendarDto[] }> {
  assertCan(options.actor, 'ticket.work');
  const rows = await options.tx.select().from(slaCalendars).orderBy(asc(slaCalendars.name));
  return { items: rows.map(presentCalendar) };
}

export async function getCalendar(options: {
  tx: Queryable;
  actor: Actor;
  calendarId: number;
}): Promise<CalendarDto> {
  assertCan(options.actor, 'ticket.work');
  const [row] = await options.tx.select().from(slaCalendars).where(eq(slaCalendars.id, options.calendarId));
  if (!row) throw new AppError('sla.calendar_not_found');
  return presentCalendar(row);
}

export async function createCalendar(options: {
  tx: Tx;
  actor: Actor;
  input: CreateCalendarInput;
}): Promise<CalendarDto> {
  const { tx, actor, input } = options;
  assertCan(actor, 'sla.manage');
  try {
    const [row] = await tx
      .insert(slaCalendars)
      .values({
        name: input.name,
        timezone: input.timezone,
        hours: input.hours,
        holidays: [...new Set(input.holidays)],
        extraWorkdays: [...new Set(input.extraWorkdays)],
      })
      .returning();
    if (!row) throw new Error('insert returned no row');
    await recordEvent(tx, {
      kind: 'sla.calendar_created',
      entityType: 'sla_calendar',
      entityId: row.id,
      actorId: actor.id,
      data: { name: row.name, timezone: row.timezone },
    });
    return presentCalendar(row);
  } catch (error) {
    if (nameTaken(error)) throw new AppError('sla.calendar_name_taken', { field: 'name' });
    throw error;
  }
}

/** Changes a calendar; every open ticket's clocks are then recomputed in the background. */
export async function updateCalendar(options: {
  tx: Tx;
  actor: Actor;
  calendarId: number;
  input: UpdateCalendarInput;
  now?: Date;
}): Promise<CalendarDto> {
  const { tx, actor, calendarId, input } = options;
  assertCan(actor, 'sla.manage');
  const [before] = await tx.select().from(slaCalendars).where(eq(slaCalendars.id, calendarId)).for('update');
  if (!before) throw new AppError('sla.calendar_not_found');
  const holidays = input.holidays ? [...new Set(input.holidays)] : before.holidays;
  const extraWorkdays = input.extraWorkdays ? [...new Set(input.extraWorkdays)] : before.extraWorkdays;
  const clash = extraWorkdays.find((day) => holidays.includes(day));
  if (clash) {
    throw new AppError('validation.invalid', {
      field: 'extraWorkdays',
      params: { detail: `${clash} is also a holiday` },
    });
  }
  return saveCalendar(tx, actor, before, { ...input, holidays, extraWorkdays }, options.now ?? new Date());
}

export async function saveCalendar(
  tx: Tx,
  actor: Actor,
  before: typeof slaCalendars.$inferSelect,
  next: UpdateCalendarInput,
  now: Date,
  extra: Record<string, unknown> = {},
): Promise<CalendarDto> {
  const changes = diff(before as unknown as Record<string, unknown>, next as Record<string, unknown>);
  for (const key of ['hours', 'holidays', 'extraWorkdays'] as const) {
    if (next[key] !== undefined && JSON.stringify(next[key]) === JSON.stringify(before[key]))
      delete changes[key];
  }
  if (Object.keys(changes).length === 0) return presentCalendar(before);
  let row: typeof slaCalendars.$inferSelect | undefined;
  try {
    [row] = await tx
      .update(slaCalendars)
      .set({ ...next, updatedAt: now })
      .where(eq(slaCalendars.id, before.id))
      .returning();
  } catch (error) {
    if (nameTaken(error)) throw new AppError('sla.calendar_name_taken', { field: 'name' });
    throw error;
  }
  if (!row) throw new AppError('sla.calendar_not_found');
  await recordEvent(tx, {
    kind: 'sla.calendar_updated',
    entityType: 'sla_calendar',
    entityId: row.id,
    actorId: actor.id,
    data: { fields: Object.keys(changes), ...extra },
  });
  await scheduleRecompute(tx, `calendar ${row.id} changed`);
  return presentCalendar(row);
}

export async function deleteCalendar(options: { tx: Tx; actor: Actor; calendarId: number }): Promise<void> {
  const { tx, actor, calendarId } = options;
  assertCan(actor, 'sla.manage');
  const uses = await tx.execute<{ count: number }>(sql`
    select (select count(*) from sla_policies where calendar_id = ${calendarId})
         + (select count(*) from vendors where calendar_id = ${calendarId})
         + (select count(*) from vendor_handoffs where calendar_id = ${calendarId}) as count`);
  let count = Number(uses.rows[0]?.count ?? 0);
  for (const counter of calendarUseCounters) count += await counter(tx, calendarId);
  if (count > 0) throw new AppError('sla.calendar_in_use', { params: { count } });
  const deleted = await tx.delete(slaCalendars).where(eq(slaCalendars.id, calendarId)).returning();
  if (deleted.length === 0) throw new AppError('sla.calendar_not_found');
  await recordEvent(tx, {
    kind: 'sla.calendar_deleted',
    entityType: 'sla_calendar',
    entityId: calendarId,
    actorId: actor.id,
    data: { name: deleted[0]?.name },
  });
}
