import { auditEvents } from '../../db/schema.ts';
import type { Tx } from '../../platform/db/database.ts';
import type { AuditEventInput } from './event-input.ts';
import { dispatchEvents } from './subscriptions.ts';

/** Appends one event to the audit log, inside the caller's transaction, and tells its subscribers. */
export async function recordEvent(tx: Tx, event: AuditEventInput): Promise<void> {
  await tx.insert(auditEvents).values({
    kind: event.kind,
    entityType: event.entityType,
    entityId: event.entityId,
    ticketId: event.ticketId ?? null,
    actorId: event.actorId,
    data: event.data ?? {},
    ...(event.at ? { at: event.at } : {}),
  });
  await dispatchEvents(tx, [{ ...event, at: event.at ?? new Date() }]);
}

/** Appends several events in one statement, and tells their subscribers. */
export async function recordEvents(tx: Tx, events: AuditEventInput[]): Promise<void> {
  if (events.length === 0) return;
  await tx.insert(auditEvents).values(
    events.map((event) => ({
      kind: event.kind,
      entityType: event.entityType,
      entityId: event.entityId,
      ticketId: event.ticketId ?? null,
      actorId: event.actorId,
      data: event.data ?? {},
      ...(event.at ? { at: event.at } : {}),
    })),
  );
  const now = new Date();
  await dispatchEvents(
    tx,
    events.map((event) => ({ ...event, at: event.at ?? now })),
  );
}

/** The before/after of every field that changed: `{ status: { from: 'new', to: 'open' } }`. */
export function diff<T extends Record<string, unknown>>(
  before: T,
  after: Partial<T>,
): Record<string, { from: unknown; to: unknown }> {
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const [key, to] of Object.entries(after)) {
    if (to === undefined) continue;
    const from = before[key];
    if (from instanceof Date && to instanceof Date ? from.getTime() !== to.getTime() : from !== to) {
      changes[key] = { from: from ?? null, to: to ?? null };
    }
  }
  return changes;
}
