import { eq } from 'drizzle-orm';
import type { CalendarDto } from '../../../../contracts/sla.ts';
import { slaCalendars } from '../../db/schema/sla.ts';
import type { Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import { type Actor, assertCan } from '../identity/index.ts';
import { saveCalendar } from './calendars.ts';
import { parseIcal } from './domain/ical.ts';

export interface IcalImportOutcome {
  calendar: CalendarDto;
  events: number;
  skipped: number;
  holidaysAdded: number;
  extraWorkdaysAdded: number;
}

/**
 * Adds the holidays and make-up workdays of an iCalendar feed to a calendar. What the feed
 * says about a date wins over what the calendar said before (a date the feed calls a working
 * day stops being a holiday, and the other way round).
 */
export async function importCalendarIcal(options: {
  tx: Tx;
  actor: Actor;
  calendarId: number;
  body: string;
  now?: Date;
}): Promise<IcalImportOutcome> {
  const { tx, actor, calendarId } = options;
  assertCan(actor, 'sla.manage');
  const [before] = await tx.select().from(slaCalendars).where(eq(slaCalendars.id, calendarId)).for('update');
  if (!before) throw new AppError('sla.calendar_not_found');
  const feed = parseIcal(options.body);
  if (feed.events === 0 || feed.events === feed.skipped)
    throw new AppError('sla.ical_invalid', { field: 'body' });
  const feedHolidays = new Set(feed.holidays);
  const feedWorkdays = new Set(feed.extraWorkdays);
  const holidays = [...new Set([...before.holidays, ...feed.holidays])]
    .filter((d) => !feedWorkdays.has(d))
    .sort();
  const extraWorkdays = [...new Set([...before.extraWorkdays, ...feed.extraWorkdays])]
    .filter((d) => !feedHolidays.has(d))
    .sort();
  const holidaysAdded = holidays.filter((d) => !before.holidays.includes(d)).length;
  const extraWorkdaysAdded = extraWorkdays.filter((d) => !before.extraWorkdays.includes(d)).length;
  const calendar = await saveCalendar(
    tx,
    actor,
    before,
    { holidays, extraWorkdays },
    options.now ?? new Date(),
    {
      source: 'ical',
      events: feed.events,
    },
  );
  return { calendar, events: feed.events, skipped: feed.skipped, holidaysAdded, extraWorkdaysAdded };
}
