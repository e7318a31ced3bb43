import { ticketResolutions } from '../../db/schema.ts';
import type { Tx } from '../../platform/db/database.ts';
import { recordEvent } from '../audit/index.ts';
import { type Actor, assertCan } from '../identity/index.ts';
import { allowedTransitions, getTicket, updateTicket } from '../tickets/index.ts';

/**
 * Monitoring reports the alert behind an incident recovered (IN-5, RS-2 "verified by
 * monitoring"): the resolution is recorded as already confirmed, by the monitoring system, and
 * the ticket moves to `resolved` (its auto-close timer then closes it). No resolution report
 * is mailed: the requester is the monitoring system. A ticket that cannot be resolved from
 * its status (already resolved, closed, cancelled) is left as it is; returns whether it moved.
 */
export async function resolveVerifiedByMonitoring(options: {
  tx: Tx;
  actor: Actor;
  ticketId: number;
  /** What recovered, for the resolution's text: "HighCPU on db-1". */
  what: string;
  now: Date;
}): Promise<boolean> {
  const { tx, actor, ticketId, what, now } = options;
  assertCan(actor, 'ticket.work');
  const ticket = await getTicket({ tx, actor, ticketId });
  if (!allowedTransitions(ticket.status).includes('resolved')) return false;
  const comment = '监控已确认恢复 Verified by monitoring';
  const [row] = await tx
    .insert(ticketResolutions)
    .values({
      ticketId,
      resolutionCode: 'fixed',
      rootCause: `监控告警已恢复 The monitored condition recovered: ${what}`.slice(0, 5000),
      actions: '监控系统报告告警已解除 The monitoring system reported the alert resolved.',
      prevention: '',
      resolvedBy: actor.id,
      resolvedAt: now,
      outcome: 'confirmed',
      outcomeAt: now,
      outcomeBy: actor.id,
      outcomeComment: comment,
    })
    .returning({ id: ticketResolutions.id });
  if (!row) throw new Error('insert returned no row');
  await updateTicket({ tx, actor, ticketId, input: { status: 'resolved' }, now });
  await recordEvent(tx, {
    kind: 'resolution.verified_by_monitoring',
    entityType: 'resolution',
    entityId: row.id,
    ticketId,
    actorId: actor.id,
    at: now,
    data: { resolutionId: row.id, resolutionCode: 'fixed', what, comment },
  });
  return true;
}
