import { sessions } from '../../db/schema.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import { recordEvent } from '../audit/index.ts';
import { newSecret } from './credentials.ts';
import { verifyPassword } from './passwords.ts';
import { findUserByEmail, loadUserDto } from './user-queries.ts';

/** Checks a password and opens a server-side session; returns the cookie secret. */
export async function login(options: {
  db: Db;
  input: { email: string; password: string };
  sessionTtlHours: number;
  now?: Date;
}) {
  const { db, input } = options;
  const user = await findUserByEmail(db, input.email);
  const ok = await verifyPassword(user?.passwordHash ?? null, input.password);
  if (!user || !ok || !user.active) throw new AppError('auth.invalid_credentials');
  const now = options.now ?? new Date();
  const { secret, digest } = newSecret();
  return db.transaction(async (tx) => {
    await tx.insert(sessions).values({
      id: digest,
      userId: user.id,
      expiresAt: new Date(now.getTime() + options.sessionTtlHours * 3_600_000),
    });
    await recordEvent(tx, {
      kind: 'user.signed_in',
      entityType: 'user',
      entityId: user.id,
      actorId: user.id,
    });
    return { secret, user: await loadUserDto(tx, user.id) };
  });
}
