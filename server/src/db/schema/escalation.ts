import { sql } from 'drizzle-orm';
import { bigint, index, integer, pgTable, pgView, primaryKey, text } from 'drizzle-orm/pg-core';
import { at, id, ref } from './columns.ts';
import { teams, users } from './identity.ts';
import { tickets } from './tickets.ts';

/** Escalation records (ES-2, ES-3): what was tried and why, functional or hierarchical. */
export const escalations = pgTable(
  'escalations',
  {
    id: id(),
    ticketId: ref('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ['functional', 'hierarchical'] }).notNull(),
    /** manual, sla_breach or nudge. */
    trigger: text('trigger').notNull().default('manual'),
    reason: text('reason').notNull(),
    tried: text('tried').notNull().default(''),
    fromTeamId: ref('from_team_id').references(() => teams.id, { onDelete: 'set null' }),
    toTeamId: ref('to_team_id').references(() => teams.id, { onDelete: 'set null' }),
    /** The first-tier owner, who keeps the requester informed. */
    ownerId: ref('owner_id').references(() => users.id),
    notifiedUserIds: bigint('notified_user_ids', { mode: 'number' }).array().notNull().default(sql`'{}'`),
    createdBy: ref('created_by').references(() => users.id),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (t) => [index('escalations_created_idx').on(t.createdAt), index('escalations_ticket_idx').on(t.ticketId)],
);

/** Requesters urging their ticket (CM-3 催办). */
export const nudges = pgTable(
  'nudges',
  {
    id: id(),
    ticketId: ref('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    requesterId: ref('requester_id')
      .notNull()
      .references(() => users.id),
    ordinal: integer('ordinal').notNull(),
    message: text('message'),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (t) => [index('nudges_ticket_idx').on(t.ticketId, t.createdAt)],
);

/** Major incidents (ES-4): a P1 that gathers the tickets of everyone affected. */
export const majorIncidents = pgTable(
  'major_incidents',
  {
    id: id(),
    title: text('title').notNull(),
    summary: text('summary').notNull().default(''),
    status: text('status', { enum: ['active', 'resolved'] })
      .notNull()
      .default('active'),
    primaryTicketId: ref('primary_ticket_id').references(() => tickets.id, { onDelete: 'set null' }),
    expertId: ref('expert_id').references(() => users.id),
    businessContactId: ref('business_contact_id').references(() => users.id),
    declaredBy: ref('declared_by').references(() => users.id),
    declaredAt: at('declared_at').notNull().defaultNow(),
    resolvedAt: at('resolved_at'),
    resolution: text('resolution'),
  },
  (t) => [index('major_incidents_status_idx').on(t.status, t.declaredAt)],
);

export const majorIncidentTickets = pgTable(
  'major_incident_tickets',
  {
    majorIncidentId: ref('major_incident_id')
      .notNull()
      .references(() => majorIncidents.id, { onDelete: 'cascade' }),
    ticketId: ref('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    linkedBy: ref('linked_by').references(() => users.id),
    linkedAt: at('linked_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.majorIncidentId, t.ticketId] }),
    index('major_incident_tickets_ticket_idx').on(t.ticketId),
  ],
);

export const majorIncidentUpdates = pgTable(
  'major_incident_updates',
  {
    id: id(),
    majorIncidentId: ref('major_incident_id')
      .notNull()
      .references(() => majorIncidents.id, { onDelete: 'cascade' }),
    body: text('body').notNull(),
    authorId: ref('author_id').references(() => users.id),
    ticketsReached: integer('tickets_reached').notNull().default(0),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (t) => [index('major_incident_updates_mi_idx').on(t.majorIncidentId, t.createdAt)],
);

// Read models: views other modules may read (created in migration read_models; see docs/read-models.md).
/** Escalation records of tickets (kind, trigger and the teams involved; no reason text). */
export const escalationRecordsView = pgView('escalation_records_v', {
  id: ref('id').notNull(),
  ticketId: ref('ticket_id').notNull(),
  kind: text('kind').notNull(),
  trigger: text('trigger').notNull(),
  fromTeamId: ref('from_team_id'),
  toTeamId: ref('to_team_id'),
  createdAt: at('created_at').notNull(),
}).existing();
