import { and, asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { CallbackDto } from '../../../../../contracts/channels.ts';
import { callbacks } from '../../../db/schema.ts';
import type { Queryable, Tx } from '../../../platform/db/database.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { cancelJob, defineJob, enqueue } from '../../../platform/jobs/jobs.ts';
import { recordEvent } from '../../audit/index.ts';
import { type Actor, assertCan, can, findActivePerson, isActiveStaff } from '../../identity/index.ts';
import { notify, renderTemplate } from '../../notifications/index.ts';

type Row = typeof callbacks.$inferSelect;

export function presentCallback(row: Row): CallbackDto {
  return {
    id: row.id,
    ticketId: row.ticketId,
    contactName: row.contactName,
    phone: row.phone,
    reason: row.reason,
    dueAt: row.dueAt.toISOString(),
    assigneeId: row.assigneeId,
    status: row.status,
    outcome: row.outcome,
    createdAt: row.createdAt.toISOString(),
    doneAt: row.doneAt?.toISOString() ?? null,
  };
}

/** Reminds the assignee when a call-back falls due (if it is still scheduled then). */
export const callbackDueJob = defineJob<{ callbackId: number }>({
  id: 'channels.callback_due',
  version: 1,
  payload: z.object({ callbackId: z.number().int().positive() }),
  async run(payload, context) {
    await context.db.transaction(async (tx) => {
      const [row] = await tx.select().from(callbacks).where(eq(callbacks.id, payload.callbackId));
      if (row?.status !== 'scheduled') return;
      const assignee = await findActivePerson(tx, row.assigneeId);
      if (!assignee) return;
      const rendered = await renderTemplate(tx, 'callback.due', assignee.locale, { callback: row });
      await notify(tx, assignee, {
        event: 'callback.due',
        title: rendered.subject,
        body: rendered.text,
        ...(row.ticketId ? { ticketId: row.ticketId } : {}),
        data: { callbackId: row.id },
        email: { subject: rendered.subject, text: rendered.text, html: rendered.html },
      });
    });
  },
});

export async function scheduleCallback(options: {
  tx: Tx;
  actor: Actor;
  input: {
    ticketId?: number;
    contactName: string;
    phone: string;
    reason: string;
    dueAt: string;
    assigneeId?: number;
  };
}): Promise<CallbackDto> {
  const { tx, actor, input } = options;
  assertCan(actor, 'ticket.work');
  const assigneeId = input.assigneeId ?? actor.id;
  if (assigneeId !== actor.id) {
    assertCan(actor, 'ticket.assign');
    if (!(await isActiveStaff(tx, assigneeId)))
      throw new AppError('assignee.invalid', { field: 'assigneeId' });
  }
  const [row] = await tx
    .insert(callbacks)
    .values({
      ticketId: input.ticketId ?? null,
      contactName: input.contactName,
      phone: input.phone,
      reason: input.reason,
      dueAt: new Date(input.dueAt),
      assigneeId,
      createdBy: actor.id,
    })
    .returning();
  if (!row) throw new Error('insert returned no row');
  await recordEvent(tx, {
    kind: 'callback.scheduled',
    entityType: 'callback',
    entityId: row.id,
    ticketId: row.ticketId,
    actorId: actor.id,
    data: {
      callbackId: row.id,
      dueAt: row.dueAt.toISOString(),
      assigneeId,
      reason: row.reason,
      internal: true,
    },
  });
  await enqueue(
    tx,
    callbackDueJob,
    { callbackId: row.id },
    { runAt: row.dueAt, jobKey: `callback:${row.id}` },
  );
  return presentCallback(row);
}

/** The call-backs an agent has to make (their own by default), the earliest due first. */
export async function listCallbacks(options: {
  tx: Queryable;
  actor: Actor;
  query: { status?: Row['status']; assignee: 'me' | 'all' };
}): Promise<CallbackDto[]> {
  const { tx, actor, query } = options;
  assertCan(actor, 'ticket.work');
  const everyone = query.assignee === 'all' && can(actor, 'ticket.assign');
  const rows = await tx
    .select()
    .from(callbacks)
    .where(
      and(
        everyone ? undefined : eq(callbacks.assigneeId, actor.id),
        eq(callbacks.status, query.status ?? 'scheduled'),
      ),
    )
    .orderBy(asc(callbacks.dueAt))
    .limit(500);
  return rows.map(presentCallback);
}

export async function updateCallback(options: {
  tx: Tx;
  actor: Actor;
  callbackId: number;
  input: { status?: Row['status']; outcome?: string; dueAt?: string };
}): Promise<CallbackDto> {
  const { tx, actor, callbackId, input } = options;
  assertCan(actor, 'ticket.work');
  const [before] = await tx.select().from(callbacks).where(eq(callbacks.id, callbackId)).for('update');
  if (!before || (before.assigneeId !== actor.id && !can(actor, 'ticket.assign')))
    throw new AppError('channels.callback_not_found');
  const changes = {
    ...(input.status
      ? { status: input.status, doneAt: input.status === 'scheduled' ? null : new Date() }
      : {}),
    ...(input.outcome !== undefined ? { outcome: input.outcome } : {}),
    ...(input.dueAt ? { dueAt: new Date(input.dueAt) } : {}),
  };
  // Nothing to change (an empty PATCH): the call-back as it is.
  if (Object.keys(changes).length === 0) return presentCallback(before);
  const [row] = await tx.update(callbacks).set(changes).where(eq(callbacks.id, callbackId)).returning();
  if (!row) throw new AppError('channels.callback_not_found');
  if (row.status === 'scheduled') {
    if (input.dueAt)
      await enqueue(
        tx,
        callbackDueJob,
        { callbackId },
        { runAt: row.dueAt, jobKey: `callback:${callbackId}` },
      );
  } else {
    await cancelJob(tx, `callback:${callbackId}`);
  }
  await recordEvent(tx, {
    kind: row.status === 'done' ? 'callback.done' : 'callback.updated',
    entityType: 'callback',
    entityId: row.id,
    ticketId: row.ticketId,
    actorId: actor.id,
    data: { callbackId: row.id, status: row.status, outcome: row.outcome, internal: true },
  });
  return presentCallback(row);
}
