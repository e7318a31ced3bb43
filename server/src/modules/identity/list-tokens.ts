import { and, desc, eq, isNull } from 'drizzle-orm';
import { apiTokens } from '../../db/schema.ts';
import type { Queryable } from '../../platform/db/database.ts';
import type { Actor } from './actor.ts';

/** The caller's active API tokens, without their secrets (only digests are stored). */
export async function listTokens(options: { tx: Queryable; actor: Actor }) {
  const rows = await options.tx
    .select()
    .from(apiTokens)
    .where(and(eq(apiTokens.userId, options.actor.id), isNull(apiTokens.revokedAt)))
    .orderBy(desc(apiTokens.createdAt));
  return {
    items: rows.map((row) => ({
      id: row.id,
      name: row.name,
      createdAt: row.createdAt.toISOString(),
      revokedAt: row.revokedAt?.toISOString() ?? null,
    })),
  };
}
