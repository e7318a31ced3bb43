import { sql } from 'drizzle-orm';
import type { RemoteSessionDto } from '../../../../contracts/remote.ts';
import { remoteSessions } from '../../db/schema.ts';
import type { Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import { enqueue } from '../../platform/jobs/jobs.ts';
import { type Actor, assertCan } from '../identity/index.ts';
import { assertTicketVisible, isFinal } from '../tickets/index.ts';
import { expireInvitationJob } from './expire-job.ts';
import { notifyInvitation } from './invitation-mail.ts';
import { announce, presentSession } from './sessions.ts';

/**
 * An agent invites the ticket's requester to share their screen. The invitation waits for
 * consent until `expiresAt`; the requester hears of it in the portal, by mail and in IM.
 */
export async function createRemoteSession(options: {
  tx: Tx;
  actor: Actor;
  ticketId: number;
  input: { reason: string; inviteMinutes: number; now: Date };
}): Promise<RemoteSessionDto> {
  const { tx, actor, ticketId, input } = options;
  assertCan(actor, 'ticket.work');
  const ticket = await assertTicketVisible(tx, actor, ticketId);
  if (isFinal(ticket.status)) throw new AppError('remote.ticket_closed');
  const facts = await tx.execute<{ number: number; subject: string }>(
    sql`select number, subject from tickets_v where id = ${ticketId}`,
  );
  const expiresAt = new Date(input.now.getTime() + input.inviteMinutes * 60_000);
  const [row] = await tx
    .insert(remoteSessions)
    .values({
      ticketId,
      agentId: actor.id,
      requesterId: ticket.requesterId,
      reason: input.reason,
      createdAt: input.now,
      expiresAt,
    })
    .returning();
  if (!row) throw new Error('insert returned no row');
  await announce(tx, row, {
    kind: 'remote.invited',
    actorId: actor.id,
    data: { reason: row.reason, expiresAt: expiresAt.toISOString() },
  });
  await enqueue(
    tx,
    expireInvitationJob,
    { sessionId: row.id },
    { runAt: expiresAt, jobKey: `remote.expire:${row.id}` },
  );
  const ticketFacts = facts.rows[0] ?? { number: 0, subject: '' };
  await notifyInvitation(
    tx,
    row,
    { number: Number(ticketFacts.number), subject: ticketFacts.subject },
    actor.name,
  );
  return presentSession(tx, row, 'agent');
}
