import { sql } from 'drizzle-orm';
import type { Queryable } from '../../platform/db/database.ts';
import type { Actor } from '../identity/index.ts';

/**
 * The inactive, password-less account that automatic changes are recorded under (created by
 * migration 0006_sla_defaults, shared with SLA and routing); the timeline shows its name.
 */
export async function automationActor(tx: Queryable): Promise<Actor> {
  const result = await tx.execute<{ id: number; name: string }>(
    sql`select id, name from users where lower(email) = 'automation@servicedesk.invalid'`,
  );
  const row = result.rows[0];
  if (!row) throw new Error('the automation account is missing (migration 0006_sla_defaults)');
  return {
    id: Number(row.id),
    role: 'admin',
    name: row.name,
    email: 'automation@servicedesk.invalid',
    locale: 'zh-CN',
    organizationId: null,
  };
}
