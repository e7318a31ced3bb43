import { and, asc, eq } from 'drizzle-orm';
import { savedViews } from '../../db/schema.ts';
import type { Queryable, Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import type { Actor } from '../identity/index.ts';

/** An agent's named queue filters. Personal, so no audit event. */
export async function listSavedViews(options: { tx: Queryable; actor: Actor }) {
  const rows = await options.tx
    .select()
    .from(savedViews)
    .where(eq(savedViews.userId, options.actor.id))
    .orderBy(asc(savedViews.name));
  return { items: rows.map(present) };
}

export async function createSavedView(options: {
  tx: Tx;
  actor: Actor;
  input: { name: string; filters: Record<string, string> };
}) {
  const [row] = await options.tx
    .insert(savedViews)
    .values({ userId: options.actor.id, name: options.input.name, filters: options.input.filters })
    .returning();
  if (!row) throw new Error('insert returned no row');
  return present(row);
}

export async function deleteSavedView(options: { tx: Tx; actor: Actor; viewId: number }) {
  const deleted = await options.tx
    .delete(savedViews)
    .where(and(eq(savedViews.id, options.viewId), eq(savedViews.userId, options.actor.id)))
    .returning({ id: savedViews.id });
  if (!deleted.length) throw new AppError('not_found');
}

function present(row: typeof savedViews.$inferSelect) {
  return { id: row.id, name: row.name, filters: row.filters, createdAt: row.createdAt.toISOString() };
}
