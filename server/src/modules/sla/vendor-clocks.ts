import { sql } from 'drizzle-orm';
import type { VendorClockDto } from '../../../../contracts/sla.ts';
import type { Queryable } from '../../platform/db/database.ts';
import { idArray } from '../../platform/db/id-array.ts';
import type { BusinessTime } from './domain/business-time.ts';
import type { ClockState } from './domain/clock-result.ts';
import { TIME } from './domain/zone.ts';
import { businessTimeFor, type CalendarRow } from './policy-loader.ts';

/** One hand-over to a vendor, with the contract it was made under. */
export interface Handoff {
  id: number;
  ticketId: number;
  vendorId: number;
  vendorName: string;
  reference: string | null;
  startedAt: number;
  completedAt: number | null;
  resolutionMinutes: number;
  calendar: BusinessTime;
}

/**
 * The vendor's clock (SL-5): from hand-over to return, on the vendor's calendar, against the
 * vendor's contract target. It does not pause: waiting on the vendor is what it measures.
 */
export function vendorClock(handoff: Handoff, now: number): VendorClockDto {
  const end = handoff.completedAt ?? now;
  const used = handoff.calendar.between(handoff.startedAt, end);
  const dueAt = handoff.calendar.add(handoff.startedAt, handoff.resolutionMinutes * TIME.MINUTE);
  let state: ClockState;
  if (handoff.completedAt !== null)
    state = dueAt !== null && dueAt < handoff.completedAt ? 'breached' : 'met';
  else state = dueAt !== null && dueAt <= now ? 'breached' : 'running';
  return {
    handoffId: handoff.id,
    vendorId: handoff.vendorId,
    vendorName: handoff.vendorName,
    reference: handoff.reference,
    startedAt: new Date(handoff.startedAt).toISOString(),
    completedAt: handoff.completedAt === null ? null : new Date(handoff.completedAt).toISOString(),
    dueAt: dueAt === null ? null : new Date(dueAt).toISOString(),
    state,
    businessMinutesUsed: Math.floor(used / TIME.MINUTE),
    targetMinutes: handoff.resolutionMinutes,
  };
}

export interface HandoffRow extends CalendarRow {
  handoff_id: number;
  ticket_id: number;
  vendor_id: number;
  vendor_name: string;
  reference: string | null;
  started_at: Date | string;
  completed_at: Date | string | null;
  resolution_minutes: number;
  calendar_id: number | null;
}

/** A hand-over with its vendor and the calendar of its contract (vendor_handoffs h). */
export const HANDOFF_COLUMNS =
  sql.raw(`h.id as handoff_id, h.ticket_id, h.vendor_id, v.name as vendor_name, h.reference,
  h.started_at, h.completed_at, h.resolution_minutes, h.calendar_id,
  c.id, c.name, c.timezone, c.hours, c.holidays, c.extra_workdays, c.updated_at`);
export const HANDOFF_FROM = sql.raw(`vendor_handoffs h
  join vendors v on v.id = h.vendor_id
  left join sla_calendars c on c.id = h.calendar_id`);

const time = (value: Date | string) => (value instanceof Date ? value.getTime() : Date.parse(value));

/** Every hand-over of the tickets, oldest first. */
export async function loadHandoffs(
  tx: Queryable,
  ticketIds: readonly number[],
): Promise<Map<number, Handoff[]>> {
  const map = new Map<number, Handoff[]>();
  if (ticketIds.length === 0) return map;
  const result = await tx.execute<HandoffRow>(sql`
    select ${HANDOFF_COLUMNS} from ${HANDOFF_FROM}
     where h.ticket_id = any(${idArray(ticketIds)})
     order by h.ticket_id, h.started_at, h.id`);
  for (const row of result.rows) {
    const handoff = toHandoff(row);
    const list = map.get(row.ticket_id);
    if (list) list.push(handoff);
    else map.set(row.ticket_id, [handoff]);
  }
  return map;
}

export function toHandoff(row: HandoffRow): Handoff {
  return {
    id: row.handoff_id,
    ticketId: row.ticket_id,
    vendorId: row.vendor_id,
    vendorName: row.vendor_name,
    reference: row.reference,
    startedAt: time(row.started_at),
    completedAt: row.completed_at === null ? null : time(row.completed_at),
    resolutionMinutes: row.resolution_minutes,
    calendar: businessTimeFor(row.calendar_id === null ? null : row),
  };
}

/** The clock shown on the ticket: the open hand-over's, else the latest one's. */
export function currentVendorClock(
  handoffs: readonly Handoff[] | undefined,
  now: number,
): VendorClockDto | null {
  if (!handoffs || handoffs.length === 0) return null;
  const open = handoffs.find((h) => h.completedAt === null);
  const shown = open ?? handoffs[handoffs.length - 1];
  return shown ? vendorClock(shown, now) : null;
}
