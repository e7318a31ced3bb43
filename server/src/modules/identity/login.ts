import { sessions } from '../../db/schema.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import { recordEvent } from '../audit/index.ts';
import { newSecret } from './credentials.ts';
import { verifyPassword } from './passwords.ts';
import {
  accountKey,
  clearSignInFailures,
  lockedUntil,
  recordSignInFailure,
  type SignInLimits,
  tooManyAttempts,
} from './sign-in-throttle.ts';
import { findUserByEmail, loadUserDto } from './user-queries.ts';

/**
 * Checks a password and opens a server-side session; returns the cookie secret. An account
 * with too many wrong passwords is locked for a while (429, whether or not it exists).
 */
export async function login(options: {
  db: Db;
  input: { email: string; password: string };
  sessionTtlHours: number;
  limits: SignInLimits;
  now?: Date;
}) {
  const { db, input, limits } = options;
  const now = options.now ?? new Date();
  const account = accountKey(input.email);
  const locked = await lockedUntil(db, account, now);
  if (locked) throw tooManyAttempts(locked, now);
  const user = await findUserByEmail(db, input.email);
  const ok = await verifyPassword(user?.passwordHash ?? null, input.password);
  if (!user || !ok || !user.active) {
    const lockedNow = await recordSignInFailure(db, { account, limits, now });
    if (lockedNow) throw tooManyAttempts(lockedNow, now);
    throw new AppError('auth.invalid_credentials');
  }
  const { secret, digest } = newSecret();
  return db.transaction(async (tx) => {
    await clearSignInFailures(tx, account);
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
