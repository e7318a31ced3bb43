import { apiTokens } from '../../db/schema.ts';
import type { Tx } from '../../platform/db/database.ts';
import { recordEvent } from '../audit/index.ts';
import type { Actor } from './actor.ts';
import { newSecret, TOKEN_PREFIX } from './credentials.ts';

/** An API token acting as the caller; the secret is shown once and only its digest is kept. */
export async function createToken(options: { tx: Tx; actor: Actor; input: { name: string } }) {
  const { tx, actor, input } = options;
  const { secret, digest } = newSecret(TOKEN_PREFIX);
  const [row] = await tx
    .insert(apiTokens)
    .values({ userId: actor.id, name: input.name, tokenHash: digest })
    .returning();
  if (!row) throw new Error('insert returned no row');
  await recordEvent(tx, {
    kind: 'token.created',
    entityType: 'api_token',
    entityId: row.id,
    actorId: actor.id,
    data: { name: row.name },
  });
  return { id: row.id, name: row.name, token: secret, createdAt: row.createdAt.toISOString() };
}
