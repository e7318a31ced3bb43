import { asc, eq, sql } from 'drizzle-orm';
import { categories } from '../../db/schema.ts';
import type { Queryable, Tx } from '../../platform/db/database.ts';
import { recordEvent } from '../audit/index.ts';
import { type Actor, assertCan } from '../identity/index.ts';

export function normalisePath(path: string): string {
  return path
    .split('/')
    .map((segment) => segment.trim())
    .filter(Boolean)
    .join('/');
}

/** The id of a category path, creating any missing level (`软件/财务系统` makes both). */
export async function ensureCategoryPath(tx: Tx, rawPath: string, actorId: number | null): Promise<number> {
  const full = normalisePath(rawPath);
  // The common case, a category that exists, is one look-up.
  const [known] = await tx
    .select({ id: categories.id })
    .from(categories)
    .where(sql`lower(${categories.path}) = lower(${full})`);
  if (known) return known.id;
  const segments = full.split('/');
  let parentId: number | null = null;
  let path = '';
  for (const name of segments) {
    path = path ? `${path}/${name}` : name;
    const inserted: { id: number }[] = await tx
      .insert(categories)
      .values({ name, path, parentId })
      .onConflictDoNothing()
      .returning({ id: categories.id });
    if (inserted[0]) {
      await recordEvent(tx, {
        kind: 'category.created',
        entityType: 'category',
        entityId: inserted[0].id,
        actorId,
        data: { path },
      });
      parentId = inserted[0].id;
      continue;
    }
    const [existing] = await tx
      .select({ id: categories.id })
      .from(categories)
      .where(sql`lower(${categories.path}) = lower(${path})`);
    if (!existing) throw new Error(`category ${path} vanished`);
    parentId = existing.id;
  }
  if (parentId === null) throw new Error('empty category path');
  return parentId;
}

export async function listCategories(tx: Queryable) {
  const rows = await tx.select().from(categories).orderBy(asc(categories.path));
  return { items: rows.map((r) => ({ id: r.id, name: r.name, path: r.path, parentId: r.parentId })) };
}

export async function createCategory(options: { tx: Tx; actor: Actor; path: string }) {
  assertCan(options.actor, 'category.manage');
  const id = await ensureCategoryPath(options.tx, options.path, options.actor.id);
  const [row] = await options.tx.select().from(categories).where(eq(categories.id, id));
  if (!row) throw new Error('category vanished');
  return { id: row.id, name: row.name, path: row.path, parentId: row.parentId };
}
