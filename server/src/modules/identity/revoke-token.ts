import { and, eq, isNull } from 'drizzle-orm';
import { apiTokens } from '../../db/schema.ts';
import type { Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import { recordEvent } from '../audit/index.ts';
import type { Actor } from './actor.ts';

/** Revokes one of the caller's API tokens; it stops working at once on this instance. */
export async function revokeToken(options: {
  tx: Tx;
  actor: Actor;
  tokenId: number;
  now?: Date;
}): Promise<void> {
  const { tx, actor, tokenId } = options;
  const [row] = await tx
    .update(apiTokens)
    .set({ revokedAt: options.now ?? new Date() })
    .where(and(eq(apiTokens.id, tokenId), eq(apiTokens.userId, actor.id), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id, name: apiTokens.name });
  if (!row) throw new AppError('not_found');
  await recordEvent(tx, {
    kind: 'token.revoked',
    entityType: 'api_token',
    entityId: row.id,
    actorId: actor.id,
    data: { name: row.name },
  });
}
