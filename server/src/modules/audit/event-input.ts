import type { EventData, EventKind } from '../../../../contracts/events.ts';

// An event as a module records it (its own file: recording and subscriptions both use it).

/** `data` may be left out only where the kind's data has no required field. */
type DataOf<K extends EventKind> =
  Record<never, never> extends EventData<K> ? { data?: EventData<K> } : { data: EventData<K> };

/** One event to record: its `data` is checked against its kind's schema (contracts/events.ts). */
export type AuditEventInput<K extends EventKind = EventKind> = K extends EventKind
  ? {
      kind: K;
      entityType: string;
      entityId: number | null;
      ticketId?: number | null;
      actorId: number | null;
      /** Defaults to now; imports pass the original time. */
      at?: Date;
    } & DataOf<K>
  : never;
