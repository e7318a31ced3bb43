import { and, eq, ne } from 'drizzle-orm';
import type { RemoteSessionDto } from '../../../../contracts/remote.ts';
import { remoteSessions, remoteSignals } from '../../db/schema.ts';
import type { Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import type { Actor } from '../identity/index.ts';
import { OPEN_STATUSES } from './domain.ts';
import { announce, assertState, expireIfDue, loadSession, presentSession } from './sessions.ts';

/**
 * Either side ends the session at any time (staff on the ticket may too); the timeline gets
 * who ended it and how long the screen was shared.
 */
export async function endRemoteSession(options: {
  tx: Tx;
  actor: Actor;
  sessionId: number;
  now: Date;
}): Promise<RemoteSessionDto> {
  const { tx, actor, sessionId, now } = options;
  const loaded = await loadSession(tx, actor, sessionId, { forUpdate: true });
  const row = await expireIfDue(tx, loaded.row, now);
  assertState(row, OPEN_STATUSES);
  const [updated] = await tx
    .update(remoteSessions)
    .set({ status: 'ended', endedAt: now, endedBy: actor.id })
    .where(eq(remoteSessions.id, row.id))
    .returning();
  if (!updated) throw new AppError('remote.not_found');
  // The connection's plumbing (SDPs with addresses, candidates, pointer clicks) is of no use once
  // the session is over; the chat stays with the session.
  await tx
    .delete(remoteSignals)
    .where(and(eq(remoteSignals.sessionId, row.id), ne(remoteSignals.type, 'chat')));
  const durationSeconds = row.consentedAt
    ? Math.max(0, Math.round((now.getTime() - row.consentedAt.getTime()) / 1000))
    : null;
  await announce(tx, updated, {
    kind: 'remote.ended',
    actorId: actor.id,
    data: {
      side: loaded.side,
      consentedAt: row.consentedAt?.toISOString() ?? null,
      durationSeconds,
      recording: row.recordingConsent,
    },
  });
  return presentSession(tx, updated, loaded.side);
}
