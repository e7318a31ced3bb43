import { sql } from 'drizzle-orm';
import type { Queryable } from '../../platform/db/database.ts';
import type { Actor } from '../identity/index.ts';

/** The account alerts are opened under (migration 0016): inactive, no password, never mailed. */
export const MONITORING_EMAIL = 'monitoring@servicedesk.invalid';

/**
 * The monitoring system as an actor: the requester of every alert incident, and who the
 * timeline names when an alert resolves or reopens one. Desk capabilities (`agent`) so that it
 * can move its own incidents; it cannot sign in.
 */
export async function monitoringActor(tx: Queryable): Promise<Actor> {
  const result = await tx.execute<{ id: number; name: string }>(
    sql`select id, name from users where lower(email) = ${MONITORING_EMAIL}`,
  );
  const row = result.rows[0];
  if (!row) throw new Error('the monitoring account is missing (migration 0016_alert_sources)');
  return {
    id: row.id,
    role: 'agent',
    name: row.name,
    email: MONITORING_EMAIL,
    locale: 'zh-CN',
    organizationId: null,
  };
}
