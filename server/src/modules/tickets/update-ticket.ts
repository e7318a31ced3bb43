import { eq, sql } from 'drizzle-orm';
import type { TicketChanges } from '../../../../contracts/events.ts';
import type { TicketDto, UpdateTicketInput } from '../../../../contracts/tickets.ts';
import { tickets } from '../../db/schema.ts';
import type { Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import { diff, recordEvent } from '../audit/index.ts';
import { type Actor, assertCan, findTeam, isActiveStaff, personNames, teamNames } from '../identity/index.ts';
import { announceTicketChange } from './announce-change.ts';
import { requireTicketAssetPort } from './asset-links.ts';
import { ensureCategoryPath } from './categories.ts';
import { statusMove } from './change-status.ts';
import { getTicket } from './get-ticket.ts';
import { derivePriority, loadPriorityMatrix } from './priority-matrix.ts';
import { runTicketHooks } from './ticket-hooks.ts';
import { ticketNotFound } from './visibility.ts';

type TicketRecord = typeof tickets.$inferSelect;

/**
 * An agent changes a ticket: status (through the state machine), priority (an override needs
 * a reason; null returns to the matrix), impact and urgency, team, assignee, category.
 * Every change is one audit event with before and after.
 */
export async function updateTicket(options: {
  tx: Tx;
  actor: Actor;
  ticketId: number;
  input: UpdateTicketInput;
  now?: Date;
}): Promise<TicketDto> {
  const { tx, actor, ticketId, input } = options;
  const now = options.now ?? new Date();
  assertCan(actor, 'ticket.work');
  const [before] = await tx.select().from(tickets).where(eq(tickets.id, ticketId)).for('update');
  if (!before) throw ticketNotFound();

  const next: Partial<TicketRecord> = {};
  if (input.subject !== undefined) next.subject = input.subject;
  if (input.type !== undefined) next.type = input.type;
  if (input.impact !== undefined) next.impact = input.impact;
  if (input.urgency !== undefined) next.urgency = input.urgency;
  if (input.category !== undefined) {
    next.categoryId = input.category === null ? null : await ensureCategoryPath(tx, input.category, actor.id);
  }
  if (input.status !== undefined && input.status !== before.status) {
    Object.assign(next, statusMove(before, input.status, now));
  }
  Object.assign(next, await nextPriority(tx, before, input));
  if (input.teamId !== undefined) next.teamId = await checkTeam(tx, input.teamId);
  if (input.assigneeId !== undefined) {
    if (input.assigneeId !== before.assigneeId) assertCan(actor, 'ticket.assign');
    next.assigneeId = await checkAssignee(tx, input.assigneeId);
  }

  if (input.tags !== undefined && !sameTags(before.tags, input.tags)) next.tags = input.tags;

  // Linked assets (issue 14): the assets module records each link and unlink on the timeline.
  if (input.assetIds !== undefined)
    await requireTicketAssetPort().setLinks(tx, {
      ticketId,
      actor,
      assetIds: input.assetIds,
      at: now,
      field: 'assetIds',
    });

  const changes = diff(before, next);
  if (Object.keys(changes).length === 0) return getTicket({ tx, actor, ticketId });
  await tx
    .update(tickets)
    .set({ ...next, updatedAt: now })
    .where(eq(tickets.id, ticketId));
  await recordEvent(tx, {
    kind: 'ticket.updated',
    entityType: 'ticket',
    entityId: ticketId,
    ticketId,
    actorId: actor.id,
    at: now,
    data: { changes: await describeChanges(tx, changes) },
  });
  await runTicketHooks(tx, [{ kind: 'updated', ticketId, actorId: actor.id, at: now, changes }]);
  await announceTicketChange(tx, { ticketId, requesterId: before.requesterId, kind: 'updated' });
  return getTicket({ tx, actor, ticketId });
}

function sameTags(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((tag) => b.includes(tag));
}

async function nextPriority(
  tx: Tx,
  before: TicketRecord,
  input: UpdateTicketInput,
): Promise<Partial<TicketRecord>> {
  if (input.priority === undefined && input.impact === undefined && input.urgency === undefined) return {};
  if (input.priority) {
    if (input.priority !== before.priority || input.priorityReason) {
      if (!input.priorityReason)
        throw new AppError('ticket.priority_reason_required', { field: 'priorityReason' });
      return { priority: input.priority, priorityOverridden: true, priorityReason: input.priorityReason };
    }
    return {};
  }
  const overridden = input.priority === null ? false : before.priorityOverridden;
  if (overridden) return {};
  const matrix = await loadPriorityMatrix(tx);
  const impact = input.impact ?? before.impact;
  const urgency = input.urgency ?? before.urgency;
  return {
    priority: derivePriority(matrix, impact, urgency),
    priorityOverridden: false,
    priorityReason: null,
  };
}

async function checkTeam(tx: Tx, teamId: number | null): Promise<number | null> {
  if (teamId === null) return null;
  const team = await findTeam(tx, teamId);
  if (!team) throw new AppError('team.not_found', { field: 'teamId' });
  return team.id;
}

async function checkAssignee(tx: Tx, assigneeId: number | null): Promise<number | null> {
  if (assigneeId === null) return null;
  if (!(await isActiveStaff(tx, assigneeId))) throw new AppError('assignee.invalid', { field: 'assigneeId' });
  return assigneeId;
}

/** Adds readable names beside ids so that the timeline needs no further look-ups. */
async function describeChanges(
  tx: Tx,
  changes: Record<string, { from: unknown; to: unknown }>,
): Promise<TicketChanges> {
  const described: Record<string, { from: unknown; to: unknown }> = { ...changes };
  const names = async (table: 'users' | 'teams' | 'categories', ids: unknown[]) => {
    const wanted = ids.filter((v): v is number => typeof v === 'number');
    if (!wanted.length) return new Map<number, string>();
    if (table === 'users') return personNames(tx, wanted);
    if (table === 'teams') return teamNames(tx, wanted);
    const result = await tx.execute<{ id: number; label: string }>(
      sql`select id, path as label from categories where id in ${wanted}`,
    );
    return new Map(result.rows.map((r) => [Number(r.id), r.label]));
  };
  // `renamed` is a key of the `ticket.updated` schema: what SLA and reports read through
  // tickets/history.ts, so that a renamed key fails the type check there.
  const label = async (
    key: keyof TicketRecord,
    renamed: keyof TicketChanges,
    table: 'users' | 'teams' | 'categories',
  ) => {
    const change = changes[key];
    if (!change) return;
    const map = await names(table, [change.from, change.to]);
    delete described[key];
    described[renamed] = {
      from: change.from === null ? null : { id: change.from, name: map.get(change.from as number) ?? null },
      to: change.to === null ? null : { id: change.to, name: map.get(change.to as number) ?? null },
    };
  };
  await label('assigneeId', 'assignee', 'users');
  await label('teamId', 'team', 'teams');
  await label('categoryId', 'category', 'categories');
  for (const key of ['resolvedAt', 'closedAt', 'updatedAt'] satisfies (keyof TicketRecord)[])
    delete described[key];
  return described as TicketChanges;
}
