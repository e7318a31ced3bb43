import { eq } from 'drizzle-orm';
import type { TicketStatus } from '../../../../contracts/tickets.ts';
import { catalogItems, catalogRequests, catalogTasks } from '../../db/schema.ts';
import type { Tx } from '../../platform/db/database.ts';
import { recordEvent } from '../audit/index.ts';
import { systemActor } from '../identity/index.ts';
import { allowedTransitions, changeStatus, findTicketRecord } from '../tickets/index.ts';

/** Moves the request's ticket to `to` as the automation actor, when the status machine allows it. */
export async function moveTicket(tx: Tx, ticketId: number, to: TicketStatus): Promise<void> {
  const ticket = await findTicketRecord(tx, ticketId);
  if (!ticket || ticket.status === to || !allowedTransitions(ticket.status as TicketStatus).includes(to))
    return;
  await changeStatus({ tx, actor: await systemActor(tx, 'automation'), ticketId, to });
}

/**
 * Creates the fulfilment tasks of an approved (or approval-free) request: sequential tasks
 * open one after another (the first now), parallel ones all at once. The ticket goes in
 * progress. An item without tasks leaves the work to the agents of the ticket.
 */
export async function startFulfilment(tx: Tx, requestId: number): Promise<void> {
  const [request] = await tx
    .select({ id: catalogRequests.id, ticketId: catalogRequests.ticketId, itemId: catalogRequests.itemId })
    .from(catalogRequests)
    .where(eq(catalogRequests.id, requestId))
    .for('update');
  if (!request) throw new Error(`catalog request ${requestId} not found`);
  const [item] = await tx
    .select({ tasks: catalogItems.tasks, taskOrder: catalogItems.taskOrder })
    .from(catalogItems)
    .where(eq(catalogItems.id, request.itemId));
  if (!item) throw new Error(`catalog item ${request.itemId} not found`);
  await tx.update(catalogRequests).set({ status: 'in_fulfilment' }).where(eq(catalogRequests.id, requestId));
  if (item.tasks.length === 0) return;
  const created = await tx
    .insert(catalogTasks)
    .values(
      item.tasks.map((task, position) => ({
        requestId,
        ticketId: request.ticketId,
        position,
        title: task.title,
        teamId: task.teamId,
        status: item.taskOrder === 'parallel' || position === 0 ? ('open' as const) : ('waiting' as const),
      })),
    )
    .returning({
      id: catalogTasks.id,
      position: catalogTasks.position,
      title: catalogTasks.title,
      teamId: catalogTasks.teamId,
    });
  created.sort((a, b) => a.position - b.position);
  const automation = await systemActor(tx, 'automation');
  await recordEvent(tx, {
    kind: 'catalog.tasks_created',
    entityType: 'catalog_request',
    entityId: requestId,
    ticketId: request.ticketId,
    actorId: automation.id,
    data: {
      requestId,
      order: item.taskOrder,
      tasks: created.map((t) => ({ taskId: t.id, title: t.title, teamId: t.teamId })),
    },
  });
  await moveTicket(tx, request.ticketId, 'in_progress');
}
