import { eq } from 'drizzle-orm';
import { reportSubscriptions } from '../../db/schema.ts';
import type { Queryable, Tx } from '../../platform/db/database.ts';
import { recordEvent } from '../audit/index.ts';
import { type Actor, assertCan } from '../identity/index.ts';
import { scheduleWeeklyEmail } from './weekly-job.ts';

export async function getReportSubscription(options: {
  tx: Queryable;
  actor: Actor;
}): Promise<{ weekly: boolean }> {
  assertCan(options.actor, 'report.read');
  const [row] = await options.tx
    .select()
    .from(reportSubscriptions)
    .where(eq(reportSubscriptions.userId, options.actor.id));
  return { weekly: row?.weekly ?? false };
}

/** Subscribes to (or leaves) the weekly report email; subscribing makes sure the job is scheduled. */
export async function setReportSubscription(options: {
  tx: Tx;
  actor: Actor;
  weekly: boolean;
  now?: Date;
}): Promise<{ weekly: boolean }> {
  const { tx, actor, weekly } = options;
  assertCan(actor, 'report.read');
  await tx
    .insert(reportSubscriptions)
    .values({ userId: actor.id, weekly })
    .onConflictDoUpdate({ target: reportSubscriptions.userId, set: { weekly } });
  if (weekly) await scheduleWeeklyEmail(tx, options.now ?? new Date());
  await recordEvent(tx, {
    kind: weekly ? 'reports.subscribed' : 'reports.unsubscribed',
    entityType: 'user',
    entityId: actor.id,
    actorId: actor.id,
  });
  return { weekly };
}
