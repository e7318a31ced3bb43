import { sql } from 'drizzle-orm';
import type { Db, Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';

export interface SignInLimits {
  /** Wrong passwords within `windowMinutes` that lock the account. */
  maxFailures: number;
  windowMinutes: number;
  lockMinutes: number;
}

export type LockedAccount = {
  id: number;
  email: string;
  name: string;
  locale: 'zh-CN' | 'en';
};

type LockListener = (
  tx: Tx,
  person: LockedAccount,
  details: { until: Date; failures: number },
) => Promise<void>;
const lockListeners: LockListener[] = [];

/** Called once per lock-out of an existing, active account, in the transaction that locks it. */
export function onAccountLocked(listener: LockListener): void {
  lockListeners.push(listener);
}

/** The account key: the email as typed, trimmed and lower-cased (emails are unique case-blind). */
export function accountKey(email: string): string {
  return email.trim().toLowerCase();
}

export function tooManyAttempts(until: Date, now: Date): AppError {
  const seconds = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));
  return new AppError('auth.too_many_attempts', {
    params: { minutes: Math.ceil(seconds / 60) },
    headers: { 'retry-after': String(seconds) },
  });
}

/** When the account is locked, until when; else null. */
export async function lockedUntil(db: Db, account: string, now: Date): Promise<Date | null> {
  const result = await db.execute<{ locked_until: Date }>(sql`
    select locked_until from sign_in_failures
     where account = ${account} and locked_until > ${now.toISOString()}::timestamptz`);
  const row = result.rows[0];
  return row ? new Date(row.locked_until) : null;
}

/**
 * Counts one wrong password. The failure that reaches the limit locks the account (in one
 * statement, so that of several instances counting at once exactly one starts the lock-out)
 * and tells the person, once per lock-out. Returns the lock's end when this failure locked it.
 */
export async function recordSignInFailure(
  db: Db,
  options: { account: string; limits: SignInLimits; now: Date },
): Promise<Date | null> {
  const { account, limits, now } = options;
  const at = now.toISOString();
  const windowStart = new Date(now.getTime() - limits.windowMinutes * 60_000).toISOString();
  const until = new Date(now.getTime() + limits.lockMinutes * 60_000);
  return db.transaction(async (tx) => {
    // Forget accounts nobody has tried for a while: the table stays as small as the attacks.
    const horizon = new Date(
      now.getTime() - Math.max(limits.windowMinutes, limits.lockMinutes) * 60_000,
    ).toISOString();
    await tx.execute(sql`delete from sign_in_failures where updated_at < ${horizon}::timestamptz
                           and (locked_until is null or locked_until < ${at}::timestamptz)`);
    const counted = await tx.execute<{ failures: number; locked: boolean }>(sql`
      insert into sign_in_failures as f (account, failures, window_started_at, updated_at)
      values (${account}, 1, ${at}::timestamptz, ${at}::timestamptz)
      on conflict (account) do update set
        failures = case when f.window_started_at <= ${windowStart}::timestamptz then 1 else f.failures + 1 end,
        window_started_at = case when f.window_started_at <= ${windowStart}::timestamptz
                                 then ${at}::timestamptz else f.window_started_at end,
        updated_at = ${at}::timestamptz
      returning failures, coalesce(locked_until > ${at}::timestamptz, false) as locked`);
    const row = counted.rows[0];
    if (!row || row.locked || row.failures < limits.maxFailures) return null;
    await tx.execute(sql`
      update sign_in_failures
         set locked_until = ${until.toISOString()}::timestamptz, failures = 0,
             window_started_at = ${at}::timestamptz
       where account = ${account}`);
    const people = await tx.execute<LockedAccount>(sql`
      select id, email, name, locale from users where lower(email) = ${account} and active`);
    const person = people.rows[0];
    if (person) {
      for (const listener of lockListeners) await listener(tx, person, { until, failures: row.failures });
    }
    return until;
  });
}

/** A right password ends the count of wrong ones. */
export async function clearSignInFailures(db: Db | Tx, account: string): Promise<void> {
  await db.execute(sql`delete from sign_in_failures where account = ${account}`);
}
