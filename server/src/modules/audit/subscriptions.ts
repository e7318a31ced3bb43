import type { Tx } from '../../platform/db/database.ts';
import type { AuditEventInput } from './event-input.ts';

/** An event as subscribers see it: recorded, with its time. */
export type RecordedEvent = AuditEventInput & { at: Date };

/**
 * Called in the transaction that records the event: what the subscriber writes commits with
 * the event or not at all. A module reacts to another's events this way instead of being
 * called by it (the SLA module records `sla.breached`; escalation subscribes to it).
 */
export type EventSubscriber = (tx: Tx, event: RecordedEvent) => Promise<void>;

const subscribers = new Map<string, EventSubscriber[]>();

/** Subscribes to one kind of event; the module registry does this once at start. */
export function onEvent(kind: string, subscriber: EventSubscriber): void {
  const list = subscribers.get(kind) ?? [];
  if (!list.includes(subscriber)) list.push(subscriber);
  subscribers.set(kind, list);
}

/** Hands recorded events to their subscribers, in order, in the recording transaction. */
export async function dispatchEvents(tx: Tx, events: readonly RecordedEvent[]): Promise<void> {
  for (const event of events) {
    for (const subscriber of subscribers.get(event.kind) ?? []) await subscriber(tx, event);
  }
}
