import { eq, sql } from 'drizzle-orm';
import type { EventData, EventKind } from '../../../../contracts/events.ts';
import { REMOTE_SESSION_EVENT, type RemoteSessionDto } from '../../../../contracts/remote.ts';
import { remoteSessions } from '../../db/schema.ts';
import type { Queryable, Tx } from '../../platform/db/database.ts';
import { publish } from '../../platform/events/events.ts';
import { AppError } from '../../platform/http/errors.ts';
import { type AuditEventInput, recordEvent } from '../audit/index.ts';
import { type Actor, isStaff } from '../identity/index.ts';
import { assertTicketVisible } from '../tickets/index.ts';
import { isExpired } from './domain.ts';

export type SessionRow = typeof remoteSessions.$inferSelect;
export type Side = RemoteSessionDto['role'];

export const joinPath = (id: number) => `/portal/remote/${id}`;

/**
 * The session, if the actor may see it: its ticket's requester, or staff who may work the
 * ticket (the tickets module's own visibility check). Anyone else gets a 404, as for a ticket.
 */
export async function loadSession(
  tx: Queryable,
  actor: Actor,
  sessionId: number,
  options: { forUpdate?: boolean } = {},
): Promise<{ row: SessionRow; side: Side }> {
  const query = tx.select().from(remoteSessions).where(eq(remoteSessions.id, sessionId));
  const [row] = options.forUpdate ? await query.for('update') : await query;
  if (!row) throw new AppError('remote.not_found');
  if (isStaff(actor)) {
    try {
      await assertTicketVisible(tx, actor, row.ticketId);
    } catch {
      throw new AppError('remote.not_found');
    }
    return { row, side: row.agentId === actor.id ? 'agent' : 'staff' };
  }
  if (row.requesterId === actor.id) return { row, side: 'requester' };
  throw new AppError('remote.not_found');
}

/** The two people who take part; other staff may look at the session and end it, not signal. */
export function otherParty(row: SessionRow, side: Side): number {
  if (side === 'agent') return row.requesterId;
  if (side === 'requester') return row.agentId;
  throw new AppError('remote.not_party');
}

export function assertState(row: SessionRow, allowed: readonly SessionRow['status'][]): void {
  if (!allowed.includes(row.status))
    throw new AppError('remote.invalid_state', { params: { status: row.status } });
}

type RemoteKind = Extract<EventKind, `remote.${string}`>;
/** A session event's kind and its data without the session id (which `announce` adds). */
type RemoteAnnouncement = {
  [K in RemoteKind]: { kind: K; actorId: number | null } & (Record<never, never> extends Omit<
    EventData<K>,
    'sessionId'
  >
    ? { data?: Omit<EventData<K>, 'sessionId'> }
    : { data: Omit<EventData<K>, 'sessionId'> });
}[RemoteKind];

/** Records a change of the session on its ticket's timeline and tells both parties' pages. */
export async function announce(tx: Tx, row: SessionRow, event: RemoteAnnouncement): Promise<void> {
  await recordEvent(tx, {
    kind: event.kind,
    entityType: 'ticket',
    entityId: row.ticketId,
    ticketId: row.ticketId,
    actorId: event.actorId,
    data: { sessionId: row.id, ...event.data },
  } as AuditEventInput<RemoteKind>);
  await publish(tx, {
    type: REMOTE_SESSION_EVENT,
    userIds: [row.agentId, row.requesterId],
    ticketId: row.ticketId,
    data: { sessionId: row.id, status: row.status },
  });
}

/** Expires an unanswered invitation whose time is up (lazily on access, and by its timer job). */
export async function expireIfDue(tx: Tx, row: SessionRow, now: Date): Promise<SessionRow> {
  if (!isExpired(row, now)) return row;
  const [updated] = await tx
    .update(remoteSessions)
    .set({ status: 'expired', endedAt: row.expiresAt })
    .where(eq(remoteSessions.id, row.id))
    .returning();
  if (!updated) return row;
  await announce(tx, updated, { kind: 'remote.expired', actorId: null });
  return updated;
}

const iso = (value: Date | null) => (value === null ? null : value.toISOString());

export async function presentSession(tx: Queryable, row: SessionRow, side: Side): Promise<RemoteSessionDto> {
  const result = await tx.execute<{
    number: number;
    subject: string;
    agent_name: string;
    requester_name: string;
  }>(sql`select t.number, t.subject, a.name as agent_name, r.name as requester_name
           from tickets_v t, identity_users_v a, identity_users_v r
          where t.id = ${row.ticketId} and a.id = ${row.agentId} and r.id = ${row.requesterId}`);
  const names = result.rows[0];
  return {
    id: row.id,
    ticketId: row.ticketId,
    ticketNumber: Number(names?.number ?? 0),
    ticketSubject: names?.subject ?? '',
    status: row.status,
    reason: row.reason,
    agent: { id: row.agentId, name: names?.agent_name ?? '' },
    requester: { id: row.requesterId, name: names?.requester_name ?? '' },
    role: side,
    joinUrl: joinPath(row.id),
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
    consentedAt: iso(row.consentedAt),
    recordingConsent: row.recordingConsent,
    endedAt: iso(row.endedAt),
  };
}
