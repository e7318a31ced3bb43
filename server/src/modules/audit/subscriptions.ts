import type { EventKind } from '../../../../contracts/events.ts';
import type { Tx } from '../../platform/db/database.ts';
import type { AuditEventInput } from './event-input.ts';

/** An event as subscribers see it: recorded, with its time; `data` typed by its kind. */
export type RecordedEvent<K extends EventKind = EventKind> = AuditEventInput<K> & { at: Date };

/**
 * Called in the transaction that records the event: what the subscriber writes commits with
 * the event or not at all. A module reacts to another's events this way instead of being
 * called by it (the SLA module records `sla.breached`; escalation subscribes to it).
 */
export type EventSubscriber<K extends EventKind = EventKind> = (
  tx: Tx,
  event: RecordedEvent<K>,
) => Promise<void>;

// Each list holds subscribers of its own kind only (`onEvent` pairs them).
const subscribers = new Map<EventKind, EventSubscriber[]>();

/** Subscribes to one kind of event; the module registry does this once at start. */
export function onEvent<K extends EventKind>(kind: K, subscriber: EventSubscriber<K>): void {
  const list = subscribers.get(kind) ?? [];
  const any = subscriber as unknown as EventSubscriber;
  if (!list.includes(any)) list.push(any);
  subscribers.set(kind, list);
}

/** Hands recorded events to their subscribers, in order, in the recording transaction. */
export async function dispatchEvents(tx: Tx, events: readonly RecordedEvent[]): Promise<void> {
  for (const event of events) {
    for (const subscriber of subscribers.get(event.kind) ?? []) await subscriber(tx, event);
  }
}
