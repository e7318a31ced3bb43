import { and, eq } from 'drizzle-orm';
import type { CreateTicketInput, TicketDto } from '../../../../contracts/tickets.ts';
import { tickets, users } from '../../db/schema.ts';
import type { Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import { recordEvent } from '../audit/index.ts';
import { type Actor, can } from '../identity/index.ts';
import { announceTicketChange } from './announce-change.ts';
import { ensureCategoryPath } from './categories.ts';
import { getTicket } from './get-ticket.ts';
import { derivePriority, loadPriorityMatrix } from './priority-matrix.ts';
import { runTicketHooks } from './ticket-hooks.ts';

/** Opens a ticket (IN-2): the priority follows the impact x urgency matrix (CL-3). */
export async function createTicket(options: {
  tx: Tx;
  actor: Actor;
  input: CreateTicketInput;
}): Promise<TicketDto> {
  const { tx, actor, input } = options;
  let requester = { id: actor.id, organizationId: actor.organizationId };
  if (input.requesterId !== undefined && input.requesterId !== actor.id) {
    if (!can(actor, 'ticket.create_for_others'))
      throw new AppError('auth.forbidden', { field: 'requesterId' });
    const [row] = await tx
      .select({ id: users.id, organizationId: users.organizationId })
      .from(users)
      .where(and(eq(users.id, input.requesterId), eq(users.active, true)));
    if (!row) throw new AppError('ticket.requester_invalid', { field: 'requesterId' });
    requester = row;
  }
  const matrix = await loadPriorityMatrix(tx);
  const categoryId = input.category ? await ensureCategoryPath(tx, input.category, actor.id) : null;
  const channel = input.channel ?? (can(actor, 'ticket.work') && input.requesterId ? 'phone' : 'portal');
  const [row] = await tx
    .insert(tickets)
    .values({
      type: input.type,
      categoryId,
      subject: input.subject,
      description: input.description,
      errorCode: input.errorCode || null,
      environment: input.environment || null,
      stepsTried: input.stepsTried || null,
      businessImpact: input.businessImpact || null,
      occurredAt: input.occurredAt ? new Date(input.occurredAt) : null,
      channel,
      impact: input.impact,
      urgency: input.urgency,
      priority: derivePriority(matrix, input.impact, input.urgency),
      status: 'new',
      requesterId: requester.id,
      organizationId: requester.organizationId,
    })
    .returning({ id: tickets.id, number: tickets.number, priority: tickets.priority });
  if (!row) throw new Error('insert returned no row');
  await recordEvent(tx, {
    kind: 'ticket.created',
    entityType: 'ticket',
    entityId: row.id,
    ticketId: row.id,
    actorId: actor.id,
    data: { number: row.number, channel, priority: row.priority, requesterId: requester.id },
  });
  await runTicketHooks(tx, { kind: 'created', ticketId: row.id, actorId: actor.id, at: new Date() });
  await announceTicketChange(tx, { ticketId: row.id, requesterId: requester.id, kind: 'created' });
  return getTicket({ tx, actor, ticketId: row.id });
}
