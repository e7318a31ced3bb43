import { sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db/database.ts';
import type { Actor, SystemPurpose } from './actor.ts';
import { createUser } from './create-user.ts';
import { findUserByEmail } from './user-queries.ts';

/**
 * The desk's own accounts, one per purpose, so that the audit trail says which acted:
 * "automation" for changes rules make (SLA breach actions, routing, triage, escalation on the
 * third nudge; migration 0006 creates it) and "system" for what the desk does by itself (a
 * resolved ticket closing after N days, demo data). Inactive or password-less: nobody signs
 * in as them. The timeline shows their names. "monitoring" is the alert intake's (alerts module).
 */
const ACCOUNTS: Record<SystemPurpose, { email: string; name: string; role: 'admin' | 'agent' }> = {
  automation: { email: 'automation@servicedesk.invalid', name: 'ServiceDesk 自动化', role: 'admin' },
  system: { email: 'system@servicedesk.invalid', name: 'ServiceDesk 系统', role: 'admin' },
  // The requester of every alert incident, named on the timeline when an alert resolves or
  // reopens one (migration 0019); never mailed.
  monitoring: { email: 'monitoring@servicedesk.invalid', name: '监控告警 Monitoring', role: 'agent' },
};

/** The one system actor: the account of the purpose, with that purpose's capabilities (actor.ts). */
export async function systemActor(tx: Tx, purpose: SystemPurpose): Promise<Actor> {
  const account = ACCOUNTS[purpose];
  let user = await findUserByEmail(tx, account.email);
  if (!user) {
    // Two jobs at once: the second waits here, then finds the row.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`identity.system_actor:${purpose}`}))`);
    user = await findUserByEmail(tx, account.email);
  }
  if (!user) {
    await createUser({
      tx,
      actor: null,
      input: { email: account.email, name: account.name, role: account.role, locale: 'zh-CN' },
    });
    user = await findUserByEmail(tx, account.email);
  }
  if (!user) throw new Error(`the ${purpose} account could not be created`);
  return {
    id: user.id,
    role: user.role,
    name: user.name,
    email: user.email,
    locale: user.locale,
    organizationId: null,
    system: purpose,
  };
}

/**
 * For reads no person makes (a ticket's number for an answer, the facts a notification
 * tells): no account, id 0, and only the reading capabilities. Never record it as an actor.
 */
export const SYSTEM_READER: Actor = {
  id: 0,
  role: 'admin',
  name: 'ServiceDesk',
  email: 'system@localhost',
  locale: 'en',
  organizationId: null,
  system: 'reader',
};
