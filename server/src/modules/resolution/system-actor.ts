import { sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db/database.ts';
import { type Actor, createUser, findUserByEmail } from '../identity/index.ts';

const SYSTEM_EMAIL = 'system@servicedesk.invalid';

/**
 * The desk itself, for changes no person makes (a resolved ticket closing after N days).
 * It is a user row so that the timeline names it; it has no password and no token, so
 * nobody can sign in as it.
 */
export async function systemActor(tx: Tx): Promise<Actor> {
  let user = await findUserByEmail(tx, SYSTEM_EMAIL);
  if (!user) {
    // Two jobs at once: the second waits here, then finds the row.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('resolution.system_user'))`);
    user = await findUserByEmail(tx, SYSTEM_EMAIL);
  }
  if (!user) {
    const created = await createUser({
      tx,
      actor: null,
      input: { email: SYSTEM_EMAIL, name: 'ServiceDesk 系统', role: 'admin', locale: 'zh-CN' },
    });
    return asActor(created);
  }
  return asActor(user);
}

function asActor(user: { id: number; name: string; email: string; locale: 'zh-CN' | 'en' }): Actor {
  return {
    id: user.id,
    role: 'admin',
    name: user.name,
    email: user.email,
    locale: user.locale,
    organizationId: null,
  };
}

/**
 * A requester's confirmation moves their ticket through the tickets module's
 * `updateTicket`, which only staff may call. The confirmation use case has already checked
 * that this is the ticket's own requester and that the ticket waits for them; the move is
 * then recorded under their name.
 */
export function requesterAsDesk(actor: Actor): Actor {
  return { ...actor, role: 'agent' };
}
