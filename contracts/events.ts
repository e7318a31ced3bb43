import { z } from 'zod';
import { APPROVAL_EVENTS } from './events/approval-events.ts';
import { ASSET_EVENTS } from './events/assets-events.ts';
import { AUTOMATION_EVENTS } from './events/automation-events.ts';
import { CATALOG_EVENTS } from './events/catalog-events.ts';
import { CHANGE_EVENTS } from './events/change-events.ts';
import { CHANNEL_EVENTS } from './events/channel-events.ts';
import { PROBLEM_EVENTS } from './events/problem-events.ts';
import { RUNBOOK_EVENTS } from './events/runbook-events.ts';
import { SERVICE_EVENTS } from './events/service-events.ts';
import { TICKET_EVENTS } from './events/ticket-events.ts';

export { TicketChanges } from './events/ticket-events.ts';

/*
 * The domain events: what the audit log stores, what the ticket timeline reads and what modules
 * subscribe to (audit `onEvent`). One schema per kind, for the event's `data` as it is written.
 *
 * Versions: every kind carries its own version `v` (an integer, stored in `audit_events.v`).
 * A change that an old reader could misread (a key renamed or removed, a meaning changed) adds a
 * new version: bump `v` here, keep reading the older version where history is read
 * (tickets/history.ts), and say so in docs/events.md. Adding an optional key keeps the version.
 * Schemas accept unknown extra keys at run time (old rows may carry more); the types do not.
 */

/** Every kind with its version and data schema (one file per area in contracts/events/). */
export const EVENTS = {
  ...TICKET_EVENTS,
  ...SERVICE_EVENTS,
  ...CHANNEL_EVENTS,
  ...APPROVAL_EVENTS,
  ...RUNBOOK_EVENTS,
  ...CATALOG_EVENTS,
  ...AUTOMATION_EVENTS,
  ...ASSET_EVENTS,
  ...PROBLEM_EVENTS,
  ...CHANGE_EVENTS,
} as const;

type Events = typeof EVENTS;
export type EventKind = keyof Events;
/** The data of one kind of event, as recorded. */
export type EventData<K extends EventKind> = z.infer<Events[K]['data']>;
/** The version of one kind of event that the server writes now. */
export type EventVersion<K extends EventKind> = Events[K]['v'];
/** One domain event: its kind, version and data. */
export type DomainEvent = {
  [K in EventKind]: { kind: K; v: EventVersion<K>; data: EventData<K> };
}[EventKind];

export const EVENT_KINDS = Object.keys(EVENTS) as EventKind[];

/** Whether a string names a kind of event. */
export function isEventKind(kind: string): kind is EventKind {
  return Object.hasOwn(EVENTS, kind);
}

/** The schema of one kind's data. */
export function eventDataSchema<K extends EventKind>(kind: K): z.ZodType<EventData<K>> {
  return EVENTS[kind].data as unknown as z.ZodType<EventData<K>>;
}

/** All kinds as one zod discriminated union on `kind` (`{ kind, v, data }`). */
export const DomainEvent = z.discriminatedUnion(
  'kind',
  EVENT_KINDS.map((kind) =>
    z.object({ kind: z.literal(kind), v: z.literal(EVENTS[kind].v), data: EVENTS[kind].data }),
  ) as unknown as [z.ZodObject<{ kind: z.ZodLiteral<EventKind> }>],
) as unknown as z.ZodType<DomainEvent>;
