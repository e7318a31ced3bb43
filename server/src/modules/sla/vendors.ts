import { and, asc, eq, isNull } from 'drizzle-orm';
import type { VendorClockDto, VendorDto } from '../../../../contracts/sla.ts';
import { slaCalendars, vendorHandoffs, vendors } from '../../db/schema/sla.ts';
import type { Queryable, Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import { recordEvent } from '../audit/index.ts';
import { type Actor, assertCan, isUniqueViolation } from '../identity/index.ts';
import {
  allowedTransitions,
  assertTicketAction,
  assertTicketVisible,
  updateTicket,
} from '../tickets/index.ts';
import { presentVendor } from './presenter.ts';
import { loadHandoffs, vendorClock } from './vendor-clocks.ts';

export async function listVendors(options: { tx: Queryable; actor: Actor }): Promise<{ items: VendorDto[] }> {
  assertCan(options.actor, 'ticket.work');
  const rows = await options.tx.select().from(vendors).orderBy(asc(vendors.name));
  return { items: rows.map(presentVendor) };
}

export async function createVendor(options: {
  tx: Tx;
  actor: Actor;
  input: {
    name: string;
    contact?: string | undefined;
    calendarId: number | null;
    responseMinutes?: number | null | undefined;
    resolutionMinutes: number;
  };
}): Promise<VendorDto> {
  const { tx, actor, input } = options;
  assertCan(actor, 'sla.manage');
  if (input.calendarId !== null) {
    const [calendar] = await tx
      .select({ id: slaCalendars.id })
      .from(slaCalendars)
      .where(eq(slaCalendars.id, input.calendarId));
    if (!calendar) throw new AppError('sla.calendar_not_found', { field: 'calendarId' });
  }
  try {
    const [row] = await tx
      .insert(vendors)
      .values({
        name: input.name,
        contact: input.contact ?? null,
        calendarId: input.calendarId,
        responseMinutes: input.responseMinutes ?? null,
        resolutionMinutes: input.resolutionMinutes,
      })
      .returning();
    if (!row) throw new Error('insert returned no row');
    await recordEvent(tx, {
      kind: 'vendor.created',
      entityType: 'vendor',
      entityId: row.id,
      actorId: actor.id,
      data: { name: row.name, resolutionMinutes: row.resolutionMinutes },
    });
    return presentVendor(row);
  } catch (error) {
    if (isUniqueViolation(error, 'vendors_name_key'))
      throw new AppError('sla.vendor_name_taken', { field: 'name' });
    throw error;
  }
}

async function currentClock(
  tx: Queryable,
  ticketId: number,
  handoffId: number,
  now: Date,
): Promise<VendorClockDto> {
  const handoff = (await loadHandoffs(tx, [ticketId])).get(ticketId)?.find((h) => h.id === handoffId);
  if (!handoff) throw new AppError('sla.handoff_not_found');
  return vendorClock(handoff, now.getTime());
}

/**
 * Hands a ticket to a vendor (SL-5): the vendor's contract clock starts, and the ticket waits
 * on the vendor (its own clocks pause, if the policy says so).
 */
export async function handOffToVendor(options: {
  tx: Tx;
  actor: Actor;
  ticketId: number;
  input: { vendorId: number; reference?: string | undefined; note?: string | undefined };
  now?: Date;
}): Promise<VendorClockDto> {
  const { tx, actor, ticketId, input } = options;
  const now = options.now ?? new Date();
  assertCan(actor, 'ticket.work');
  const ticket = await assertTicketVisible(tx, actor, ticketId, { forUpdate: true });
  assertTicketAction(ticket.status, 'vendor_handoff');
  const [vendor] = await tx.select().from(vendors).where(eq(vendors.id, input.vendorId));
  if (!vendor) throw new AppError('sla.vendor_not_found', { field: 'vendorId' });
  const [open] = await tx
    .select({ id: vendorHandoffs.id })
    .from(vendorHandoffs)
    .where(and(eq(vendorHandoffs.ticketId, ticketId), isNull(vendorHandoffs.completedAt)));
  if (open) throw new AppError('sla.handoff_open');
  const [handoff] = await tx
    .insert(vendorHandoffs)
    .values({
      ticketId,
      vendorId: vendor.id,
      reference: input.reference ?? null,
      note: input.note ?? null,
      calendarId: vendor.calendarId,
      resolutionMinutes: vendor.resolutionMinutes,
      startedAt: now,
      createdBy: actor.id,
    })
    .returning();
  if (!handoff) throw new Error('insert returned no row');
  await recordEvent(tx, {
    kind: 'vendor.handed_off',
    entityType: 'ticket',
    entityId: ticketId,
    ticketId,
    actorId: actor.id,
    at: now,
    data: {
      handoffId: handoff.id,
      vendor: { id: vendor.id, name: vendor.name },
      reference: handoff.reference,
      resolutionMinutes: handoff.resolutionMinutes,
      internal: true,
    },
  });
  if (ticket.status !== 'pending_vendor' && allowedTransitions(ticket.status).includes('pending_vendor')) {
    await updateTicket({ tx, actor, ticketId, input: { status: 'pending_vendor' }, now });
  }
  return currentClock(tx, ticketId, handoff.id, now);
}

/** The vendor hands the work back: its clock stops, and the ticket is worked again. */
export async function completeHandoff(options: {
  tx: Tx;
  actor: Actor;
  ticketId: number;
  handoffId: number;
  input: { note?: string | undefined };
  now?: Date;
}): Promise<VendorClockDto> {
  const { tx, actor, ticketId, handoffId } = options;
  const now = options.now ?? new Date();
  assertCan(actor, 'ticket.work');
  const ticket = await assertTicketVisible(tx, actor, ticketId, { forUpdate: true });
  const [row] = await tx
    .update(vendorHandoffs)
    .set({ completedAt: now })
    .where(
      and(
        eq(vendorHandoffs.id, handoffId),
        eq(vendorHandoffs.ticketId, ticketId),
        isNull(vendorHandoffs.completedAt),
      ),
    )
    .returning();
  if (!row) throw new AppError('sla.handoff_not_found');
  const clock = await currentClock(tx, ticketId, handoffId, now);
  await recordEvent(tx, {
    kind: 'vendor.returned',
    entityType: 'ticket',
    entityId: ticketId,
    ticketId,
    actorId: actor.id,
    at: now,
    data: {
      handoffId,
      vendorId: row.vendorId,
      state: clock.state,
      note: options.input.note ?? null,
      internal: true,
    },
  });
  if (ticket.status === 'pending_vendor') {
    await updateTicket({ tx, actor, ticketId, input: { status: 'in_progress' }, now });
  }
  return clock;
}
