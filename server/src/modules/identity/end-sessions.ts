import { and, eq, isNull, ne } from 'drizzle-orm';
import { apiTokens, sessions } from '../../db/schema.ts';
import type { Tx } from '../../platform/db/database.ts';
import { publish } from '../../platform/events/events.ts';

/** The credential a request came with, as the database keeps it (digests, never secrets). */
export interface CurrentCredential {
  sessionDigest?: string;
  tokenDigest?: string;
}

/** The live event that tells every instance (and the person's open pages) that access ended. */
export const SESSIONS_ENDED_EVENT = 'identity.sessions_ended';

/**
 * Ends a person's sessions (and, when asked, revokes their API tokens) in the caller's
 * transaction: after a password change or a deactivation. `keep` is the credential of the
 * request itself when people change their own password: that one stays, every other ends.
 * The live event reaches every instance on commit, so their session caches drop the person
 * at once (LISTEN/NOTIFY); the cache's own 5 s lifetime bounds a missed notification.
 */
export async function endSessions(options: {
  tx: Tx;
  userId: number;
  revokeTokens: boolean;
  keep?: CurrentCredential | undefined;
  now?: Date;
}): Promise<{ sessionsEnded: number; tokensRevoked: number }> {
  const { tx, userId, keep } = options;
  const ended = await tx
    .delete(sessions)
    .where(
      and(eq(sessions.userId, userId), keep?.sessionDigest ? ne(sessions.id, keep.sessionDigest) : undefined),
    )
    .returning({ id: sessions.id });
  const revoked = options.revokeTokens
    ? await tx
        .update(apiTokens)
        .set({ revokedAt: options.now ?? new Date() })
        .where(
          and(
            eq(apiTokens.userId, userId),
            isNull(apiTokens.revokedAt),
            keep?.tokenDigest ? ne(apiTokens.tokenHash, keep.tokenDigest) : undefined,
          ),
        )
        .returning({ id: apiTokens.id })
    : [];
  await publish(tx, { type: SESSIONS_ENDED_EVENT, userIds: [userId], data: { userId } });
  return { sessionsEnded: ended.length, tokensRevoked: revoked.length };
}
