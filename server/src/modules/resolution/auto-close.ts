import { z } from 'zod';
import type { Queryable, Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import { cancelJob, defineJob, enqueue } from '../../platform/jobs/jobs.ts';
import { recordEvent } from '../audit/index.ts';
import { systemActor } from '../identity/index.ts';
import { assertTicketVisible, changeStatus, getTicket } from '../tickets/index.ts';
import { settleResolution } from './resolutions.ts';
import { loadResolutionSettings } from './settings.ts';

const DAY_MS = 86_400_000;
const jobKey = (ticketId: number) => `resolution.auto_close:${ticketId}`;

/**
 * A resolved ticket whose requester does not answer closes by itself after the
 * administrator's number of days (RS-2). The job re-checks everything when it runs: the
 * ticket may have been confirmed, reopened or resolved again since, or the setting changed.
 */
export const autoCloseJob = defineJob<{ ticketId: number }>({
  id: 'resolution.auto_close',
  version: 1,
  payload: z.object({ ticketId: z.number().int().positive() }),
  async run(payload, context) {
    await context.db.transaction((tx) =>
      autoCloseIfDue({ tx, ticketId: payload.ticketId, now: context.now }),
    );
  },
});

/** Closes the ticket if it has waited long enough, else moves the timer; returns what it did. */
export async function autoCloseIfDue(options: {
  tx: Tx;
  ticketId: number;
  now: Date;
}): Promise<'closed' | 'rescheduled' | 'nothing'> {
  const { tx, ticketId, now } = options;
  const system = await systemActor(tx, 'system');
  try {
    await assertTicketVisible(tx, system, ticketId, { forUpdate: true });
  } catch (error) {
    // Only a ticket that is gone ends the timer quietly; anything else fails the job.
    if (error instanceof AppError && error.code === 'ticket.not_found') return 'nothing';
    throw error;
  }
  const ticket = await getTicket({ tx, actor: system, ticketId });
  if (ticket.status !== 'resolved' || !ticket.resolvedAt) return 'nothing';
  const settings = await loadResolutionSettings(tx);
  const due = new Date(Date.parse(ticket.resolvedAt) + settings.autoCloseDays * DAY_MS);
  if (due.getTime() > now.getTime()) {
    await scheduleAutoClose(tx, ticketId, due);
    return 'rescheduled';
  }
  await settleResolution(tx, ticketId, 'auto_closed', { at: now, by: null });
  await changeStatus({ tx, actor: system, ticketId, to: 'closed', now });
  await recordEvent(tx, {
    kind: 'resolution.auto_closed',
    entityType: 'ticket',
    entityId: ticketId,
    ticketId,
    actorId: system.id,
    at: now,
    data: { days: settings.autoCloseDays, resolvedAt: ticket.resolvedAt },
  });
  return 'closed';
}

export async function scheduleAutoClose(tx: Queryable, ticketId: number, runAt: Date): Promise<void> {
  await enqueue(tx, autoCloseJob, { ticketId }, { runAt, jobKey: jobKey(ticketId), maxAttempts: 5 });
}

/** The timer of a ticket that is no longer waiting on its requester. */
export async function cancelAutoClose(tx: Queryable, ticketId: number): Promise<void> {
  await cancelJob(tx, jobKey(ticketId));
}

export async function autoCloseDueAt(tx: Queryable, resolvedAt: Date): Promise<Date> {
  const settings = await loadResolutionSettings(tx);
  return new Date(resolvedAt.getTime() + settings.autoCloseDays * DAY_MS);
}
