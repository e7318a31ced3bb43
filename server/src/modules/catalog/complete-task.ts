import { and, asc, eq } from 'drizzle-orm';
import type { FulfilmentTaskDto } from '../../../../contracts/catalog.ts';
import { catalogRequests, catalogTasks, identityTeamMembersView } from '../../db/schema.ts';
import type { Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import { recordEvent } from '../audit/index.ts';
import { type Actor, can, systemActor } from '../identity/index.ts';
import { moveTicket } from './start-fulfilment.ts';
import { listTasks } from './tasks.ts';

async function mayFinish(tx: Tx, actor: Actor, teamId: number): Promise<boolean> {
  if (actor.role === 'admin' && !actor.system) return true;
  if (!can(actor, 'ticket.work')) return false;
  const [member] = await tx
    .select({ userId: identityTeamMembersView.userId })
    .from(identityTeamMembersView)
    .where(and(eq(identityTeamMembersView.teamId, teamId), eq(identityTeamMembersView.userId, actor.id)));
  return member !== undefined;
}

/**
 * An agent of the task's team (or an administrator) marks a task done. In a sequential
 * request the next task opens; when the last one is done the request is fulfilled and its
 * ticket resolved, as the automation actor, through the tickets' status path.
 */
export async function completeTask(options: {
  tx: Tx;
  actor: Actor;
  taskId: number;
}): Promise<FulfilmentTaskDto> {
  const { tx, actor, taskId } = options;
  const [found] = await tx.select().from(catalogTasks).where(eq(catalogTasks.id, taskId));
  if (!found || !can(actor, 'ticket.work')) throw new AppError('catalog.task_not_found');
  // One completion at a time per request: the last two parallel tasks cannot both miss each other.
  await tx
    .select({ id: catalogRequests.id })
    .from(catalogRequests)
    .where(eq(catalogRequests.id, found.requestId))
    .for('update');
  const [task] = await tx.select().from(catalogTasks).where(eq(catalogTasks.id, taskId));
  if (!task) throw new AppError('catalog.task_not_found');
  if (!(await mayFinish(tx, actor, task.teamId))) throw new AppError('catalog.task_forbidden');
  if (task.status !== 'open')
    throw new AppError('catalog.task_not_open', { params: { status: task.status } });
  const now = new Date();
  await tx
    .update(catalogTasks)
    .set({ status: 'done', doneBy: actor.id, doneAt: now })
    .where(eq(catalogTasks.id, taskId));
  await recordEvent(tx, {
    kind: 'catalog.task_done',
    entityType: 'catalog_task',
    entityId: taskId,
    ticketId: task.ticketId,
    actorId: actor.id,
    at: now,
    data: { requestId: task.requestId, taskId, title: task.title },
  });
  const left = await tx
    .select({ id: catalogTasks.id, status: catalogTasks.status })
    .from(catalogTasks)
    .where(eq(catalogTasks.requestId, task.requestId))
    .orderBy(asc(catalogTasks.position));
  const notDone = left.filter((t) => t.status !== 'done');
  const next = notDone[0];
  if (next && !notDone.some((t) => t.status === 'open')) {
    await tx.update(catalogTasks).set({ status: 'open' }).where(eq(catalogTasks.id, next.id));
  }
  if (notDone.length === 0) {
    await tx
      .update(catalogRequests)
      .set({ status: 'fulfilled' })
      .where(eq(catalogRequests.id, task.requestId));
    const automation = await systemActor(tx, 'automation');
    await recordEvent(tx, {
      kind: 'catalog.request_fulfilled',
      entityType: 'catalog_request',
      entityId: task.requestId,
      ticketId: task.ticketId,
      actorId: automation.id,
      data: { requestId: task.requestId },
    });
    await moveTicket(tx, task.ticketId, 'resolved');
  }
  const tasks = await listTasks(tx, task.ticketId);
  const done = tasks.find((t) => t.id === taskId);
  if (!done) throw new Error('task vanished');
  return done;
}
