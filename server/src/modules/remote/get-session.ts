import { desc, eq } from 'drizzle-orm';
import type { RemoteSessionDto } from '../../../../contracts/remote.ts';
import { remoteSessions } from '../../db/schema.ts';
import type { Tx } from '../../platform/db/database.ts';
import { type Actor, isStaff } from '../identity/index.ts';
import { assertTicketVisible } from '../tickets/index.ts';
import { expireIfDue, loadSession, presentSession } from './sessions.ts';

/** One session, to its requester and to staff who may work its ticket; an invitation past its time reads expired. */
export async function getRemoteSession(options: {
  tx: Tx;
  actor: Actor;
  sessionId: number;
  now: Date;
}): Promise<RemoteSessionDto> {
  const { tx, actor, sessionId, now } = options;
  const { row, side } = await loadSession(tx, actor, sessionId, { forUpdate: true });
  return presentSession(tx, await expireIfDue(tx, row, now), side);
}

/**
 * The ticket's sessions, newest first: all of them for staff, the requester's own for the
 * requester (the portal's banner shows a waiting invitation from these).
 */
export async function listTicketRemoteSessions(options: {
  tx: Tx;
  actor: Actor;
  ticketId: number;
  now: Date;
}): Promise<RemoteSessionDto[]> {
  const { tx, actor, ticketId, now } = options;
  await assertTicketVisible(tx, actor, ticketId);
  const rows = await tx
    .select()
    .from(remoteSessions)
    .where(eq(remoteSessions.ticketId, ticketId))
    .orderBy(desc(remoteSessions.id))
    .limit(20);
  const staff = isStaff(actor);
  const items: RemoteSessionDto[] = [];
  for (const row of rows) {
    if (!staff && row.requesterId !== actor.id) continue;
    const side = staff ? (row.agentId === actor.id ? 'agent' : 'staff') : 'requester';
    items.push(await presentSession(tx, await expireIfDue(tx, row, now), side));
  }
  return items;
}
