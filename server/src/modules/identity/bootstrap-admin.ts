import { randomBytes } from 'node:crypto';
import { and, eq, isNotNull } from 'drizzle-orm';
import { users } from '../../db/schema.ts';
import type { Db } from '../../platform/db/database.ts';
import { createUser } from './create-user.ts';

/**
 * On the first start (no administrator yet) creates one from ADMIN_EMAIL / ADMIN_PASSWORD,
 * or with a generated password that is returned so that it can be printed once.
 */
export async function bootstrapAdmin(options: {
  db: Db;
  email?: string | undefined;
  password?: string | undefined;
}): Promise<{ created: false } | { created: true; email: string; generatedPassword: string | null }> {
  return options.db.transaction(async (tx) => {
    // Serialise concurrent first starts of several instances.
    await tx.execute('select pg_advisory_xact_lock(727001)');
    // An administrator someone can sign in as; system accounts (no password) do not count.
    const [existing] = await tx
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.role, 'admin'), isNotNull(users.passwordHash)))
      .limit(1);
    if (existing) return { created: false as const };
    const email = options.email ?? 'admin@servicedesk.local';
    const generatedPassword = options.password ? null : randomBytes(12).toString('base64url');
    await createUser({
      tx,
      actor: null,
      input: {
        email,
        name: 'Administrator',
        role: 'admin',
        password: options.password ?? generatedPassword ?? '',
      },
    });
    return { created: true as const, email, generatedPassword };
  });
}
