import { sql } from 'drizzle-orm';
import type { Queryable } from '../../platform/db/database.ts';
import type { Actor } from '../identity/index.ts';

/** The account (created by a migration, inactive, without password) automatic changes are made as. */
export const AUTOMATION_EMAIL = 'automation@servicedesk.invalid';

/**
 * The actor for changes nobody made by hand: SLA breach actions, routing, escalation on the
 * third nudge. The timeline shows them as "ServiceDesk 自动化".
 */
export async function automationActor(tx: Queryable): Promise<Actor> {
  const result = await tx.execute<{ id: number; name: string }>(
    sql`select id, name from users where lower(email) = ${AUTOMATION_EMAIL}`,
  );
  const row = result.rows[0];
  if (!row) throw new Error('the automation account is missing (migration 0006_sla_defaults)');
  return {
    id: row.id,
    role: 'admin',
    name: row.name,
    email: AUTOMATION_EMAIL,
    locale: 'zh-CN',
    organizationId: null,
  };
}
