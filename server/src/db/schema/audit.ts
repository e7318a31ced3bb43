import { bigint, index, jsonb, pgTable, pgView, smallint, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Append-only record of everything that happened (GV-2). A trigger (see the
 * migrations) rejects UPDATE and DELETE. The ticket timeline is a view of it.
 */
export const auditEvents = pgTable(
  'audit_events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    ticketId: bigint('ticket_id', { mode: 'number' }),
    entityType: text('entity_type').notNull(),
    entityId: bigint('entity_id', { mode: 'number' }),
    kind: text('kind').notNull(),
    actorId: bigint('actor_id', { mode: 'number' }),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
    /** The version of the kind's data schema (contracts/events.ts) the event was written with. */
    v: smallint('v').notNull().default(1),
  },
  (t) => [
    index('audit_events_ticket_idx').on(t.ticketId, t.at, t.id),
    index('audit_events_entity_idx').on(t.entityType, t.entityId),
  ],
);

/**
 * Read model (docs/read-models.md): the log as other modules read it in SQL, the ticket history
 * that SLA clocks, the timeline, report facts and triage query set-wise. Typed readers are in
 * tickets/history.ts; the event shapes are contracts/events.ts.
 */
export const auditEventsView = pgView('audit_events_v', {
  id: bigint('id', { mode: 'number' }).notNull(),
  ticketId: bigint('ticket_id', { mode: 'number' }),
  entityType: text('entity_type').notNull(),
  entityId: bigint('entity_id', { mode: 'number' }),
  kind: text('kind').notNull(),
  actorId: bigint('actor_id', { mode: 'number' }),
  at: timestamp('at', { withTimezone: true }).notNull(),
  data: jsonb('data').$type<Record<string, unknown>>().notNull(),
  v: smallint('v').notNull(),
}).existing();
