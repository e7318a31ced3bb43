import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { alertEvents } from '../../db/schema/alerts.ts';
import type { Queryable, Tx } from '../../platform/db/database.ts';
import { defineJob, enqueue } from '../../platform/jobs/jobs.ts';
import { systemActor } from '../identity/index.ts';
import { resolveVerifiedByMonitoring } from '../resolution/index.ts';

export const resolveJobKey = (alertId: number) => `alerts.resolve:${alertId}`;

/**
 * The hold-down of a resolved alert (the source's `resolveAfterSeconds`): when it ends and the
 * alert is still resolved, the incident resolves as verified by monitoring. A re-fire before
 * then removes the job (same key) and counts a flap.
 */
export const resolveAlertJob = defineJob<{ alertId: number }>({
  id: 'alerts.resolve',
  version: 1,
  payload: z.object({ alertId: z.number().int().positive() }),
  async run(payload, context) {
    await context.db.transaction((tx) =>
      resolveHeldAlert({ tx, alertId: payload.alertId, now: context.now }),
    );
  },
});

export async function scheduleResolve(tx: Queryable, alertId: number, runAt: Date): Promise<void> {
  await enqueue(tx, resolveAlertJob, { alertId }, { runAt, jobKey: resolveJobKey(alertId), maxAttempts: 5 });
}

/** Resolves the incident if the hold-down is over and the alert stayed resolved; says what it did. */
export async function resolveHeldAlert(options: {
  tx: Tx;
  alertId: number;
  now: Date;
}): Promise<'resolved' | 'rescheduled' | 'nothing'> {
  const { tx, alertId, now } = options;
  const key = await tx.execute<{ source_id: number; dedupe_key: string }>(
    sql`select source_id, dedupe_key from alerts where id = ${alertId}`,
  );
  const found = key.rows[0];
  if (!found) return 'nothing';
  // The same lock as the ingest of this alert, so a re-fire and the hold-down never cross.
  await tx.execute(
    sql`select pg_advisory_xact_lock(hashtextextended(${`alerts:${found.source_id}:`} || ${found.dedupe_key}, 0))`,
  );
  const rows = await tx.execute<{
    status: string;
    resolve_due_at: string | Date | null;
    ticket_id: number;
    title: string;
  }>(sql`select status, resolve_due_at, ticket_id, title from alerts where id = ${alertId}`);
  const alert = rows.rows[0];
  if (alert?.status !== 'resolved' || alert.resolve_due_at === null) return 'nothing';
  const due = new Date(alert.resolve_due_at);
  if (due.getTime() > now.getTime()) {
    await scheduleResolve(tx, alertId, due);
    return 'rescheduled';
  }
  const actor = await systemActor(tx, 'monitoring');
  const moved = await resolveVerifiedByMonitoring({
    tx,
    actor,
    ticketId: Number(alert.ticket_id),
    what: alert.title,
    now,
  });
  await tx.execute(sql`update alerts set resolve_due_at = null where id = ${alertId}`);
  if (moved) await tx.insert(alertEvents).values({ alertId, kind: 'ticket_resolved', at: now });
  return moved ? 'resolved' : 'nothing';
}
