import { sql } from 'drizzle-orm';
import type { CreateTicketInput, TicketDto } from '../../../../contracts/tickets.ts';
import type { tickets } from '../../db/schema.ts';
import type { Db, Tx } from '../../platform/db/database.ts';
import { idArray } from '../../platform/db/id-array.ts';
import { publishingTogether, publishMany } from '../../platform/events/events.ts';
import { AppError } from '../../platform/http/errors.ts';
import { recordEvents } from '../audit/index.ts';
import { type Actor, can, findActivePerson } from '../identity/index.ts';
import { changeAnnouncements } from './announce-change.ts';
import { requireTicketAssetPort } from './asset-links.ts';
import { ensureCategoryPath, normalisePath } from './categories.ts';
import { forReader, openedTicketsAnswers } from './get-ticket.ts';
import { derivePriority, loadPriorityMatrix } from './priority-matrix.ts';
import { runTicketHooks, type TicketChange } from './ticket-hooks.ts';

export interface NewTicket {
  actor: Actor;
  input: CreateTicketInput;
}

/** Opens a ticket (IN-2): the priority follows the impact x urgency matrix (CL-3). */
export async function createTicket(options: {
  tx: Tx;
  actor: Actor;
  input: CreateTicketInput;
}): Promise<TicketDto> {
  const [ticket] = await createTickets(options.tx, [{ actor: options.actor, input: options.input }]);
  if (!ticket) throw new Error('no ticket created');
  return ticket;
}

/**
 * Opens several tickets in one transaction, each as `createTicket` would, with a statement
 * per step for all of them (one insert, one audit insert, each hook once): what the intake
 * does with the tickets that arrive together (intake.ts). Returns them in `items` order; one
 * bad item fails them all, and the caller retries them one by one.
 */
export async function createTickets(tx: Tx, items: readonly NewTicket[]): Promise<TicketDto[]> {
  if (items.length === 0) return [];
  // The live events of the hooks (SLA's, routing's) and of the new tickets: one pg_notify.
  return (await publishingTogether(tx, () => openTickets(tx, items)))();
}

/**
 * `createTickets` whose answers are read with the transaction's COMMIT where they can be
 * (`openedTicketsAnswers`: the intake's transaction, one round trip fewer): returns how to
 * present them, to be called once `tx` has committed (`db` reads what the answers need then).
 */
export async function createTicketsAnsweredAfterCommit(
  tx: Tx,
  items: readonly NewTicket[],
  db: Db,
): Promise<() => Promise<TicketDto[]>> {
  if (items.length === 0) return async () => [];
  return publishingTogether(tx, () => openTickets(tx, items, db));
}

/** Opens the tickets; their answers read now, or (`afterCommit`) with the COMMIT when they can be. */
async function openTickets(
  tx: Tx,
  items: readonly NewTicket[],
  afterCommit?: Db,
): Promise<() => Promise<TicketDto[]>> {
  const matrix = await loadPriorityMatrix(tx);
  const values: TicketValues[] = [];
  for (const { actor, input } of items) {
    const requester = await requesterOf(tx, actor, input);
    if (input.tags?.length && !can(actor, 'ticket.work'))
      throw new AppError('auth.forbidden', { field: 'tags' });
    if (input.assetIds?.length && !can(actor, 'ticket.work'))
      throw new AppError('auth.forbidden', { field: 'assetIds' });
    // The category is looked up by the insert itself (the common case: it exists); a path
    // not found there is created below and set on its tickets.
    let categoryPath: string | null = null;
    if (input.category) {
      categoryPath = normalisePath(input.category);
      // Nothing to look up (only slashes): refused as before.
      if (!categoryPath) await ensureCategoryPath(tx, input.category, actor.id);
    }
    values.push({
      type: input.type,
      categoryPath,
      subject: input.subject,
      description: input.description,
      errorCode: input.errorCode || null,
      environment: input.environment || null,
      stepsTried: input.stepsTried || null,
      businessImpact: input.businessImpact || null,
      occurredAt: input.occurredAt ? new Date(input.occurredAt) : null,
      channel: input.channel ?? (can(actor, 'ticket.work') && input.requesterId ? 'phone' : 'portal'),
      impact: input.impact,
      urgency: input.urgency,
      priority: derivePriority(matrix, input.impact, input.urgency),
      status: 'new',
      requesterId: requester.id,
      organizationId: requester.organizationId,
      tags: input.tags ?? [],
    });
  }
  // Ids are drawn in the order of the values; RETURNING promises no order, so sort by them.
  const rows = (await insertTickets(tx, values)).sort((a, b) => a.id - b.id);
  await createMissingCategories(tx, items, values, rows);
  if (rows.length !== items.length) throw new Error('the insert did not return a row per ticket');
  const at = new Date();
  await recordEvents(
    tx,
    rows.map((row, i) => ({
      kind: 'ticket.created',
      entityType: 'ticket',
      entityId: row.id,
      ticketId: row.id,
      actorId: items[i]?.actor.id ?? null,
      data: {
        number: row.number,
        channel: values[i]?.channel,
        priority: row.priority,
        requesterId: values[i]?.requesterId,
      },
    })),
  );
  for (const [i, row] of rows.entries()) {
    const item = items[i];
    if (item?.input.assetIds?.length)
      await requireTicketAssetPort().setLinks(tx, {
        ticketId: row.id,
        actor: item.actor,
        assetIds: item.input.assetIds,
        at,
        field: 'assetIds',
      });
  }
  const changes: TicketChange[] = rows.map((row, i) => ({
    kind: 'created',
    ticketId: row.id,
    actorId: items[i]?.actor.id ?? null,
    at,
  }));
  await runTicketHooks(tx, changes);
  await publishMany(
    tx,
    rows.flatMap((row, i) =>
      changeAnnouncements({ ticketId: row.id, requesterId: values[i]?.requesterId ?? 0, kind: 'created' }),
    ),
  );
  const answers = await openedTicketsAnswers(
    tx,
    rows.map((row) => row.id),
    afterCommit,
  );
  return async () =>
    (await answers()).map((ticket, i) => {
      const actor = items[i]?.actor;
      return actor ? forReader(actor, ticket) : ticket;
    });
}

type InsertedTicket = Pick<typeof tickets.$inferSelect, 'id' | 'number' | 'priority' | 'categoryId'>;
type TicketValues = Omit<typeof tickets.$inferInsert, 'occurredAt' | 'categoryId'> & {
  occurredAt: Date | null;
  /** The category's path, normalised: its id is looked up by the insert. */
  categoryPath: string | null;
};

/**
 * The categories that the insert did not find (new paths): created as `ensureCategoryPath`
 * creates them (every missing level, with its audit event, by the first ticket's author that
 * named it), then set on their tickets. `rows` are in `values` order.
 */
async function createMissingCategories(
  tx: Tx,
  items: readonly NewTicket[],
  values: readonly TicketValues[],
  rows: readonly InsertedTicket[],
): Promise<void> {
  const missing = new Map<string, { actorId: number; path: string; ticketIds: number[] }>();
  rows.forEach((row, i) => {
    const path = values[i]?.categoryPath;
    const actor = items[i]?.actor;
    if (!path || row.categoryId !== null || !actor) return;
    const key = path.toLowerCase();
    const entry = missing.get(key) ?? { actorId: actor.id, path, ticketIds: [] };
    entry.ticketIds.push(row.id);
    missing.set(key, entry);
  });
  for (const { actorId, path, ticketIds } of missing.values()) {
    const categoryId = await ensureCategoryPath(tx, path, actorId);
    await tx.execute(
      sql`update tickets set category_id = ${categoryId} where id = any(${idArray(ticketIds)})`,
    );
  }
}

/**
 * The new tickets' rows in one statement of fixed text with one parameter (the rows as JSON),
 * planned once per connection: drizzle's multi-row insert builds its text anew on every call
 * (a parameter per row and column) and has a text per number of rows. The columns left out
 * take their defaults as there.
 */
async function insertTickets(tx: Tx, values: readonly TicketValues[]): Promise<InsertedTicket[]> {
  const rows = values.map((v) => ({
    type: v.type,
    category_path: v.categoryPath,
    subject: v.subject,
    description: v.description,
    error_code: v.errorCode ?? null,
    environment: v.environment ?? null,
    steps_tried: v.stepsTried ?? null,
    business_impact: v.businessImpact ?? null,
    occurred_at: v.occurredAt ? v.occurredAt.toISOString() : null,
    channel: v.channel,
    impact: v.impact,
    urgency: v.urgency,
    priority: v.priority,
    status: v.status ?? 'new',
    requester_id: v.requesterId,
    organization_id: v.organizationId ?? null,
    tags: v.tags ?? [],
  }));
  const result = await tx.execute<InsertedTicket>(sql`
    insert into tickets (type, category_id, subject, description, error_code, environment, steps_tried,
                         business_impact, occurred_at, channel, impact, urgency, priority, status,
                         requester_id, organization_id, tags)
    select t.type, (select c.id from categories c where lower(c.path) = lower(t.category_path)), t.subject, t.description, t.error_code, t.environment, t.steps_tried,
           t.business_impact, t.occurred_at, t.channel, t.impact, t.urgency, t.priority, t.status,
           t.requester_id, t.organization_id, t.tags
      from json_to_recordset(${JSON.stringify(rows)}::json)
        as t(type text, category_path text, subject text, description text, error_code text, environment text,
             steps_tried text, business_impact text, occurred_at timestamptz, channel text, impact text,
             urgency text, priority text, status text, requester_id bigint, organization_id bigint, tags text[])
    returning id, number, priority, category_id as "categoryId"`);
  return result.rows;
}

/** Whom the ticket is for: the caller, or (staff only) an active person they name. */
async function requesterOf(
  tx: Tx,
  actor: Actor,
  input: CreateTicketInput,
): Promise<{ id: number; organizationId: number | null }> {
  if (input.requesterId === undefined || input.requesterId === actor.id) {
    return { id: actor.id, organizationId: actor.organizationId };
  }
  if (!can(actor, 'ticket.create_for_others')) throw new AppError('auth.forbidden', { field: 'requesterId' });
  const person = await findActivePerson(tx, input.requesterId);
  if (!person) throw new AppError('ticket.requester_invalid', { field: 'requesterId' });
  return { id: person.id, organizationId: person.organizationId };
}
