import { eq } from 'drizzle-orm';
import { runbooks } from '../../db/schema.ts';
import type { Queryable } from '../../platform/db/database.ts';

/** The secret to sign with, read at send time (a rotated secret signs the next attempt). */
export async function loadRunbookSecret(tx: Queryable, runbookId: number): Promise<string | null> {
  const [row] = await tx.select({ secret: runbooks.secret }).from(runbooks).where(eq(runbooks.id, runbookId));
  return row?.secret ?? null;
}
