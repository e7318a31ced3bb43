import { sql } from 'drizzle-orm';
import type { SelfHelpDto } from '../../../../contracts/catalog.ts';
import type { TicketStatus } from '../../../../contracts/tickets.ts';
import type { Queryable, Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import { recordEvent } from '../audit/index.ts';
import { type Actor, systemActor } from '../identity/index.ts';
import { allowedTransitions, assertTicketVisible, changeStatus, findTicketRecord } from '../tickets/index.ts';

interface Offer {
  source: 'knowledge' | 'catalog';
  articleId: number | null;
  itemId: number | null;
}

/** The guide a ticket was answered with (the latest), and when its requester confirmed it. */
async function findSelfHelp(
  tx: Queryable,
  ticketId: number,
): Promise<{ offer: Offer | null; confirmedAt: Date | null }> {
  const result = await tx.execute<{ kind: string; at: Date | string; data: Record<string, unknown> }>(sql`
    select kind, at, data from audit_events_v
     where ticket_id = ${ticketId}
       and kind in ('triage.self_help_sent', 'catalog.guide_sent', 'catalog.deflection_confirmed')
     order by at, id`);
  let offer: Offer | null = null;
  let confirmedAt: Date | null = null;
  for (const row of result.rows) {
    const number = (value: unknown) => (typeof value === 'number' ? value : null);
    if (row.kind === 'triage.self_help_sent') {
      offer = { source: 'knowledge', articleId: number(row.data.articleId), itemId: null };
    } else if (row.kind === 'catalog.guide_sent') {
      offer = { source: 'catalog', articleId: null, itemId: number(row.data.itemId) };
    } else confirmedAt = new Date(row.at);
  }
  return { offer, confirmedAt };
}

/** Whether a ticket got a self-help answer, and whether the reader may confirm it solved the problem. */
export async function getSelfHelp(options: {
  tx: Queryable;
  actor: Actor;
  ticketId: number;
}): Promise<SelfHelpDto> {
  const { tx, actor, ticketId } = options;
  await assertTicketVisible(tx, actor, ticketId);
  const ticket = await findTicketRecord(tx, ticketId);
  const { offer, confirmedAt } = await findSelfHelp(tx, ticketId);
  return {
    offered: offer !== null,
    source: offer?.source ?? null,
    confirmedAt: confirmedAt?.toISOString() ?? null,
    canConfirm:
      offer !== null &&
      confirmedAt === null &&
      ticket?.requesterId === actor.id &&
      allowedTransitions(ticket.status as TicketStatus).includes('resolved'),
  };
}

/**
 * The requester says the self-help guide the ticket was answered with solved the problem
 * (CL-4): the ticket is resolved and closed as deflected by the automation account, and the
 * knowledge figures count it as a deflection. Only the requester, once, on an open ticket.
 */
export async function confirmSelfHelp(options: {
  tx: Tx;
  actor: Actor;
  ticketId: number;
  now?: Date;
}): Promise<SelfHelpDto> {
  const { tx, actor, ticketId } = options;
  const now = options.now ?? new Date();
  await assertTicketVisible(tx, actor, ticketId);
  const ticket = await findTicketRecord(tx, ticketId);
  if (!ticket) throw new AppError('ticket.not_found');
  if (ticket.requesterId !== actor.id) throw new AppError('catalog.self_help_not_requester');
  const { offer, confirmedAt } = await findSelfHelp(tx, ticketId);
  if (!offer) throw new AppError('catalog.self_help_not_offered');
  if (confirmedAt !== null || !allowedTransitions(ticket.status as TicketStatus).includes('resolved')) {
    throw new AppError('catalog.self_help_done', { params: { status: ticket.status } });
  }
  await recordEvent(tx, {
    kind: 'catalog.deflection_confirmed',
    // Its own entity type: the knowledge figures count these through the audit entity index.
    entityType: 'self_help_deflection',
    entityId: ticketId,
    ticketId,
    actorId: actor.id,
    at: now,
    data: offer,
  });
  const automation = await systemActor(tx, 'automation');
  await changeStatus({ tx, actor: automation, ticketId, to: 'resolved', now });
  await changeStatus({ tx, actor: automation, ticketId, to: 'closed', now });
  return getSelfHelp({ tx, actor, ticketId });
}
