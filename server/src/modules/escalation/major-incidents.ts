import { and, eq, sql } from 'drizzle-orm';
import type { MajorIncidentDto } from '../../../../contracts/escalation.ts';
import { majorIncidents, majorIncidentTickets, majorIncidentUpdates } from '../../db/schema/escalation.ts';
import type { Queryable, Tx } from '../../platform/db/database.ts';
import { idArray } from '../../platform/db/id-array.ts';
import { publish } from '../../platform/events/events.ts';
import { AppError } from '../../platform/http/errors.ts';
import { recordEvent } from '../audit/index.ts';
import { type Actor, assertCan } from '../identity/index.ts';
import { addMessage, allowedTransitions, assertTicketAction, updateTicket } from '../tickets/index.ts';

const iso = (value: Date | null) => (value === null ? null : value.toISOString());

interface LinkedRow extends Record<string, unknown> {
  id: number;
  number: number;
  subject: string;
  status: string;
  requester_id: number;
}

async function linkedTickets(tx: Queryable, majorIncidentId: number): Promise<LinkedRow[]> {
  const result = await tx.execute<LinkedRow>(sql`
    select t.id, t.number, t.subject, t.status, t.requester_id
      from major_incident_tickets m join tickets_v t on t.id = m.ticket_id
     where m.major_incident_id = ${majorIncidentId} order by t.id`);
  return result.rows;
}

export async function getMajorIncident(options: {
  tx: Queryable;
  actor: Actor;
  id: number;
}): Promise<MajorIncidentDto> {
  assertCan(options.actor, 'ticket.work');
  const [row] = await options.tx.select().from(majorIncidents).where(eq(majorIncidents.id, options.id));
  if (!row) throw new AppError('major_incident.not_found');
  const updates = await options.tx
    .select()
    .from(majorIncidentUpdates)
    .where(eq(majorIncidentUpdates.majorIncidentId, row.id))
    .orderBy(majorIncidentUpdates.createdAt, majorIncidentUpdates.id);
  const tickets = await linkedTickets(options.tx, row.id);
  return {
    id: row.id,
    title: row.title,
    summary: row.summary,
    priority: 'P1',
    status: row.status,
    primaryTicketId: row.primaryTicketId,
    expertId: row.expertId,
    businessContactId: row.businessContactId,
    declaredBy: row.declaredBy,
    declaredAt: row.declaredAt.toISOString(),
    resolvedAt: iso(row.resolvedAt),
    resolution: row.resolution,
    tickets: tickets.map((t) => ({
      id: t.id,
      number: t.number,
      subject: t.subject,
      status: t.status,
      requesterId: t.requester_id,
    })),
    updates: updates.map((u) => ({
      id: u.id,
      body: u.body,
      authorId: u.authorId,
      ticketsReached: u.ticketsReached,
      createdAt: u.createdAt.toISOString(),
    })),
  };
}

export async function listMajorIncidents(options: { tx: Queryable; actor: Actor }) {
  assertCan(options.actor, 'ticket.work');
  const rows = await options.tx.execute<{
    id: number;
    title: string;
    status: string;
    declared_at: Date | string;
    resolved_at: Date | string | null;
    tickets: number;
  }>(sql`
    select m.id, m.title, m.status, m.declared_at, m.resolved_at,
           (select count(*)::int from major_incident_tickets l where l.major_incident_id = m.id) as tickets
      from major_incidents m order by (m.status = 'active') desc, m.declared_at desc limit 200`);
  const time = (v: Date | string | null) => (v === null ? null : new Date(v).toISOString());
  return {
    items: rows.rows.map((r) => ({
      id: r.id,
      title: r.title,
      status: r.status,
      declaredAt: time(r.declared_at) ?? '',
      resolvedAt: time(r.resolved_at),
      tickets: r.tickets,
    })),
  };
}

/** Links the tickets of people affected; unknown ids are a 404, already linked ones are kept. */
async function link(
  tx: Tx,
  actor: Actor,
  majorIncidentId: number,
  title: string,
  ticketIds: readonly number[],
) {
  const unique = [...new Set(ticketIds)];
  if (unique.length === 0) return;
  const found = await tx.execute<{ id: number }>(
    sql`select id from tickets_v where id = any(${idArray(unique)})`,
  );
  if (found.rows.length !== unique.length) throw new AppError('ticket.not_found', { field: 'ticketIds' });
  const inserted = await tx
    .insert(majorIncidentTickets)
    .values(unique.map((ticketId) => ({ majorIncidentId, ticketId, linkedBy: actor.id })))
    .onConflictDoNothing()
    .returning({ ticketId: majorIncidentTickets.ticketId });
  for (const { ticketId } of inserted) {
    await recordEvent(tx, {
      kind: 'major_incident.linked',
      entityType: 'ticket',
      entityId: ticketId,
      ticketId,
      actorId: actor.id,
      data: { majorIncidentId, title },
    });
  }
}

/** Declares a major incident (ES-4): a P1 that gathers the tickets of everyone affected. */
export async function declareMajorIncident(options: {
  tx: Tx;
  actor: Actor;
  input: {
    title: string;
    summary: string;
    ticketId?: number | undefined;
    ticketIds: number[];
    expertId?: number | undefined;
    businessContactId?: number | undefined;
  };
}): Promise<MajorIncidentDto> {
  const { tx, actor, input } = options;
  assertCan(actor, 'major_incident.manage');
  if (input.ticketId !== undefined) {
    const from = await tx.execute<{ status: string }>(
      sql`select status from tickets_v where id = ${input.ticketId}`,
    );
    if (!from.rows[0]) throw new AppError('ticket.not_found', { field: 'ticketId' });
    assertTicketAction(from.rows[0].status, 'declare_major_incident');
  }
  const [row] = await tx
    .insert(majorIncidents)
    .values({
      title: input.title,
      summary: input.summary,
      primaryTicketId: input.ticketId ?? null,
      expertId: input.expertId ?? null,
      businessContactId: input.businessContactId ?? null,
      declaredBy: actor.id,
    })
    .returning();
  if (!row) throw new Error('insert returned no row');
  await recordEvent(tx, {
    kind: 'major_incident.declared',
    entityType: 'major_incident',
    entityId: row.id,
    ticketId: input.ticketId ?? null,
    actorId: actor.id,
    data: { majorIncidentId: row.id, title: row.title },
  });
  if (input.ticketId !== undefined) {
    const primary = await tx.execute<{ priority: string }>(
      sql`select priority from tickets_v where id = ${input.ticketId}`,
    );
    if (!primary.rows[0]) throw new AppError('ticket.not_found', { field: 'ticketId' });
    if (primary.rows[0].priority !== 'P1') {
      await updateTicket({
        tx,
        actor,
        ticketId: input.ticketId,
        // A code each reader's interface puts into words (see sla/breach-reason.ts).
        input: { priority: 'P1', priorityReason: `major_incident:${row.id}` },
      });
    }
  }
  await link(tx, actor, row.id, row.title, [
    ...(input.ticketId === undefined ? [] : [input.ticketId]),
    ...input.ticketIds,
  ]);
  await publish(tx, { type: 'major_incident.declared', data: { id: row.id, title: row.title } });
  return getMajorIncident({ tx, actor, id: row.id });
}

async function activeIncident(tx: Tx, id: number) {
  const [row] = await tx.select().from(majorIncidents).where(eq(majorIncidents.id, id)).for('update');
  if (!row) throw new AppError('major_incident.not_found');
  if (row.status !== 'active') throw new AppError('major_incident.resolved');
  return row;
}

export async function linkMajorIncidentTickets(options: {
  tx: Tx;
  actor: Actor;
  id: number;
  ticketIds: number[];
}): Promise<MajorIncidentDto> {
  const { tx, actor, id } = options;
  assertCan(actor, 'major_incident.manage');
  const row = await activeIncident(tx, id);
  await link(tx, actor, id, row.title, options.ticketIds);
  return getMajorIncident({ tx, actor, id });
}

const OPEN = ['new', 'open', 'in_progress', 'pending_requester', 'pending_vendor', 'pending_approval'];

/**
 * Posts an update to every linked ticket as a public reply: each requester reads it on their
 * own ticket (and is notified as for any reply).
 */
export async function postMajorIncidentUpdate(options: {
  tx: Tx;
  actor: Actor;
  id: number;
  body: string;
}): Promise<MajorIncidentDto> {
  const { tx, actor, id, body } = options;
  assertCan(actor, 'major_incident.manage');
  const row = await activeIncident(tx, id);
  const tickets = (await linkedTickets(tx, id)).filter((t) => OPEN.includes(t.status));
  for (const ticket of tickets) {
    await addMessage({
      tx,
      actor,
      ticketId: ticket.id,
      input: { body: `【重大事件 ${row.title}】\n${body}`, internal: false },
    });
  }
  await tx
    .insert(majorIncidentUpdates)
    .values({ majorIncidentId: id, body, authorId: actor.id, ticketsReached: tickets.length });
  await recordEvent(tx, {
    kind: 'major_incident.updated',
    entityType: 'major_incident',
    entityId: id,
    actorId: actor.id,
    data: { ticketsReached: tickets.length },
  });
  return getMajorIncident({ tx, actor, id });
}

/** Resolves the incident and, with it, every linked ticket that is still open. */
export async function resolveMajorIncident(options: {
  tx: Tx;
  actor: Actor;
  id: number;
  resolution: string;
  now?: Date;
}): Promise<MajorIncidentDto> {
  const { tx, actor, id, resolution } = options;
  const now = options.now ?? new Date();
  assertCan(actor, 'major_incident.manage');
  const row = await activeIncident(tx, id);
  const tickets = (await linkedTickets(tx, id)).filter((t) => OPEN.includes(t.status));
  for (const ticket of tickets) {
    await addMessage({
      tx,
      actor,
      ticketId: ticket.id,
      input: { body: `【重大事件已解决 ${row.title}】\n${resolution}`, internal: false },
      now,
    });
    if (allowedTransitions(ticket.status as 'open').includes('resolved')) {
      await updateTicket({ tx, actor, ticketId: ticket.id, input: { status: 'resolved' }, now });
    }
  }
  await tx
    .update(majorIncidents)
    .set({ status: 'resolved', resolvedAt: now, resolution })
    .where(and(eq(majorIncidents.id, id), eq(majorIncidents.status, 'active')));
  await recordEvent(tx, {
    kind: 'major_incident.resolved',
    entityType: 'major_incident',
    entityId: id,
    actorId: actor.id,
    at: now,
    data: { ticketsResolved: tickets.length },
  });
  await publish(tx, { type: 'major_incident.resolved', data: { id, title: row.title } });
  return getMajorIncident({ tx, actor, id });
}
