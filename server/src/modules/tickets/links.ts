import { and, desc, eq, or } from 'drizzle-orm';
import type { LinkKind } from '../../../../contracts/tickets.ts';
import { ticketLinks, tickets } from '../../db/schema.ts';
import type { Queryable, Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import { recordEvents } from '../audit/index.ts';
import { type Actor, assertCan, isUniqueViolation } from '../identity/index.ts';
import { getTicket } from './get-ticket.ts';
import { ticketNotFound } from './visibility.ts';

/** Whether the link from one ticket to another of that kind exists. */
export async function hasLink(
  tx: Queryable,
  fromTicketId: number,
  toTicketId: number,
  kind: LinkKind,
): Promise<boolean> {
  const [row] = await tx
    .select({ id: ticketLinks.id })
    .from(ticketLinks)
    .where(
      and(
        eq(ticketLinks.fromTicketId, fromTicketId),
        eq(ticketLinks.toTicketId, toTicketId),
        eq(ticketLinks.kind, kind),
      ),
    );
  return row !== undefined;
}

/** The newest links of one kind, newest first (triage calibrates its duplicate threshold on them). */
export async function recentLinks(
  tx: Queryable,
  kind: LinkKind,
  limit: number,
): Promise<{ id: number; fromTicketId: number; toTicketId: number }[]> {
  return tx
    .select({
      id: ticketLinks.id,
      fromTicketId: ticketLinks.fromTicketId,
      toTicketId: ticketLinks.toTicketId,
    })
    .from(ticketLinks)
    .where(eq(ticketLinks.kind, kind))
    .orderBy(desc(ticketLinks.id))
    .limit(limit);
}

/** Links two tickets (duplicate of, related, parent); both timelines record it. */
export async function createLink(options: {
  tx: Tx;
  actor: Actor;
  ticketId: number;
  input: { kind: LinkKind; targetId?: number | undefined; targetNumber?: number | undefined };
}) {
  const { tx, actor, ticketId } = options;
  assertCan(actor, 'ticket.work');
  const input = { kind: options.input.kind, targetId: await resolveTarget(tx, options.input) };
  if (ticketId === input.targetId) throw new AppError('link.invalid', { field: 'targetId' });
  const found = await tx
    .select({ id: tickets.id, number: tickets.number })
    .from(tickets)
    .where(or(eq(tickets.id, ticketId), eq(tickets.id, input.targetId)));
  const self = found.find((t) => t.id === ticketId);
  const target = found.find((t) => t.id === input.targetId);
  if (!self) throw ticketNotFound();
  if (!target) throw new AppError('ticket.not_found', { field: 'targetId' });
  let row: typeof ticketLinks.$inferSelect | undefined;
  try {
    [row] = await tx
      .insert(ticketLinks)
      .values({ fromTicketId: ticketId, toTicketId: input.targetId, kind: input.kind, createdBy: actor.id })
      .returning();
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError('link.exists', { field: 'targetId' });
    throw error;
  }
  if (!row) throw new Error('insert returned no row');
  const data = { linkId: row.id, kind: row.kind, fromNumber: self.number, toNumber: target.number };
  await recordEvents(tx, [
    { kind: 'link.created', entityType: 'ticket_link', entityId: row.id, ticketId, actorId: actor.id, data },
    {
      kind: 'link.created',
      entityType: 'ticket_link',
      entityId: row.id,
      ticketId: input.targetId,
      actorId: actor.id,
      data,
    },
  ]);
  const ticket = await getTicket({ tx, actor, ticketId });
  const link = ticket.links.find((l) => l.id === row.id);
  if (!link) throw new Error('link vanished');
  return link;
}

export async function deleteLink(options: { tx: Tx; actor: Actor; ticketId: number; linkId: number }) {
  const { tx, actor, ticketId, linkId } = options;
  assertCan(actor, 'ticket.work');
  const [row] = await tx
    .delete(ticketLinks)
    .where(
      and(
        eq(ticketLinks.id, linkId),
        or(eq(ticketLinks.fromTicketId, ticketId), eq(ticketLinks.toTicketId, ticketId)),
      ),
    )
    .returning();
  if (!row) throw new AppError('link.not_found');
  const numbers = await tx
    .select({ id: tickets.id, number: tickets.number })
    .from(tickets)
    .where(or(eq(tickets.id, row.fromTicketId), eq(tickets.id, row.toTicketId)));
  const numberOf = (id: number) => numbers.find((t) => t.id === id)?.number ?? null;
  const data = {
    linkId: row.id,
    kind: row.kind,
    fromTicketId: row.fromTicketId,
    toTicketId: row.toTicketId,
    fromNumber: numberOf(row.fromTicketId),
    toNumber: numberOf(row.toTicketId),
  };
  await recordEvents(
    tx,
    [row.fromTicketId, row.toTicketId].map((id) => ({
      kind: 'link.deleted',
      entityType: 'ticket_link',
      entityId: row.id,
      ticketId: id,
      actorId: actor.id,
      data,
    })),
  );
}

/** The link target by id, or by the number people see (`#10023`). */
async function resolveTarget(
  tx: Tx,
  input: { targetId?: number | undefined; targetNumber?: number | undefined },
) {
  if (input.targetId !== undefined) return input.targetId;
  const [row] = await tx
    .select({ id: tickets.id })
    .from(tickets)
    .where(eq(tickets.number, input.targetNumber ?? 0));
  if (!row) throw new AppError('ticket.not_found', { field: 'targetNumber' });
  return row.id;
}
