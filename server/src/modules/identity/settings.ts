import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import { settings } from '../../db/schema.ts';
import type { Queryable } from '../../platform/db/database.ts';

/**
 * One typed settings document: a key in identity's `settings` table, the zod schema its value
 * must meet, and what a reader gets when it was never set (or no longer meets the schema). Each
 * module declares its own documents in its own file, with `defineSettings`, and reads and writes
 * them only through what this returns: no module touches the table, no reader casts.
 */
export interface SettingsDocument<T> {
  readonly key: string;
  /** The stored value, or null when none is stored or it does not meet the schema. */
  find(db: Queryable): Promise<T | null>;
  /** The stored value, or the defaults. */
  get(db: Queryable): Promise<T>;
  /** Stores the value (replacing what was stored). */
  set(db: Queryable, value: T): Promise<void>;
  /** Stores the value unless one is stored already (first writer wins across instances). */
  setIfAbsent(db: Queryable, value: T): Promise<void>;
}

export function defineSettings<T>(key: string, schema: z.ZodType<T>, defaults: () => T): SettingsDocument<T> {
  const find = async (db: Queryable): Promise<T | null> => {
    const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, key));
    if (!row) return null;
    const parsed = schema.safeParse(row.value);
    return parsed.success ? parsed.data : null;
  };
  return {
    key,
    find,
    get: async (db) => (await find(db)) ?? defaults(),
    set: async (db, value) => {
      const stored = schema.parse(value);
      await db
        .insert(settings)
        .values({ key, value: stored })
        .onConflictDoUpdate({ target: settings.key, set: { value: stored, updatedAt: new Date() } });
    },
    setIfAbsent: async (db, value) => {
      await db
        .insert(settings)
        .values({ key, value: schema.parse(value) })
        .onConflictDoNothing();
    },
  };
}
