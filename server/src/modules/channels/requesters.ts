import { sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db/database.ts';
import { type Actor, createUser, findUserByEmail } from '../identity/index.ts';

/**
 * The person behind an incoming message, as the actor of what it causes. An unknown sender
 * becomes a requester when the channel allows it; a deactivated user gets nothing.
 */
export async function requesterActor(
  tx: Tx,
  email: string,
  name: string,
  options: { create: boolean; locale?: 'zh-CN' | 'en' },
): Promise<Actor | null> {
  // Two messages from one new sender at once: the second waits here and finds the first's user.
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`requester:${email.toLowerCase()}`}))`);
  let row = await findUserByEmail(tx, email);
  if (!row) {
    if (!options.create) return null;
    const created = await createUser({
      tx,
      actor: null,
      input: {
        email,
        name: name.trim().slice(0, 120) || email,
        role: 'requester',
        locale: options.locale ?? 'zh-CN',
      },
    });
    row = await findUserByEmail(tx, created.email);
  }
  if (!row?.active) return null;
  return toActor(row);
}

/**
 * A new requester contact for an address that belongs to no account, or null when one exists
 * (active or not): for a person whose address is not proved, who must never become the
 * account that owns it. Same lock as `requesterActor`, so the two cannot both create.
 */
export async function newRequesterContact(
  tx: Tx,
  email: string,
  name: string,
  locale: 'zh-CN' | 'en',
): Promise<Actor | null> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`requester:${email.toLowerCase()}`}))`);
  if (await findUserByEmail(tx, email)) return null;
  const created = await createUser({
    tx,
    actor: null,
    input: { email, name: name.trim().slice(0, 120) || email, role: 'requester', locale },
  });
  const row = await findUserByEmail(tx, created.email);
  return row ? toActor(row) : null;
}

function toActor(row: NonNullable<Awaited<ReturnType<typeof findUserByEmail>>>): Actor {
  return {
    id: row.id,
    role: row.role,
    name: row.name,
    email: row.email,
    locale: row.locale,
    organizationId: row.organizationId,
  };
}
