import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { at, id, ref } from './columns.ts';
import { users } from './identity.ts';
import { tickets } from './tickets.ts';

/**
 * A monitoring system that posts alerts (IN-5): Alertmanager, Grafana, Zabbix or a generic
 * JSON sender. It authenticates with a bearer token whose SHA-256 alone is kept; `settings`
 * holds the per-source behaviour (contracts/alerts.ts AlertSourceSettings).
 */
export const alertSources = pgTable('alert_sources', {
  id: id(),
  name: text('name').notNull(),
  kind: text('kind', { enum: ['alertmanager', 'grafana', 'zabbix', 'generic'] }).notNull(),
  tokenHash: text('token_hash').notNull(),
  active: boolean('active').notNull().default(true),
  settings: jsonb('settings').$type<Record<string, unknown>>().notNull().default({}),
  lastReceivedAt: at('last_received_at'),
  createdBy: ref('created_by').references(() => users.id),
  createdAt: at('created_at').notNull().defaultNow(),
  updatedAt: at('updated_at').notNull().defaultNow(),
});

/**
 * One alert as an incident: the (source, dedupe key) that opened a ticket. Repeats count on
 * the row; a key whose incident is over (closed, or resolved past the flap window) opens a new
 * row, and only the newest row of a key is `current` (unique), so concurrent first firings of
 * one alert cannot open two incidents.
 */
export const alerts = pgTable(
  'alerts',
  {
    id: id(),
    sourceId: ref('source_id')
      .notNull()
      .references(() => alertSources.id, { onDelete: 'cascade' }),
    dedupeKey: text('dedupe_key').notNull(),
    current: boolean('current').notNull().default(true),
    ticketId: ref('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    status: text('status', { enum: ['firing', 'resolved'] }).notNull(),
    title: text('title').notNull(),
    severity: text('severity'),
    fingerprint: text('fingerprint'),
    groupKey: text('group_key'),
    labels: jsonb('labels').$type<Record<string, string>>().notNull().default({}),
    annotations: jsonb('annotations').$type<Record<string, string>>().notNull().default({}),
    /** generatorURL, externalURL, dashboardURL, panelURL, silenceURL, imageURL (what the sender gave). */
    links: jsonb('links').$type<Record<string, string>>().notNull().default({}),
    /** The latest alert as received (bounded, see ingest.ts). */
    raw: jsonb('raw').notNull(),
    startsAt: at('starts_at'),
    endsAt: at('ends_at'),
    firstSeenAt: at('first_seen_at').notNull().defaultNow(),
    lastSeenAt: at('last_seen_at').notNull().defaultNow(),
    occurrences: integer('occurrences').notNull().default(1),
    flaps: integer('flaps').notNull().default(0),
    /** When monitoring last reported it resolved; the hold-down runs from here. */
    resolvedAt: at('resolved_at'),
    /** When the hold-down resolves the ticket (null: none waiting). */
    resolveDueAt: at('resolve_due_at'),
  },
  (t) => [
    uniqueIndex('alerts_current_key').on(t.sourceId, t.dedupeKey).where(sql`${t.current}`),
    index('alerts_ticket_idx').on(t.ticketId),
    index('alerts_source_created_idx').on(t.sourceId, t.firstSeenAt),
  ],
);

/** What happened to an alert, for the agent's panel: fired, resolved, reopened (flap), resolved the ticket. */
export const alertEvents = pgTable(
  'alert_events',
  {
    id: id(),
    alertId: ref('alert_id')
      .notNull()
      .references(() => alerts.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ['fired', 'resolved', 'refired', 'flapped', 'ticket_resolved'] }).notNull(),
    at: at('at').notNull().defaultNow(),
  },
  (t) => [index('alert_events_alert_idx').on(t.alertId, t.at)],
);

/** Alert storms (N incidents from one source within M minutes): one row, and one proposal, per storm. */
export const alertStorms = pgTable(
  'alert_storms',
  {
    id: id(),
    sourceId: ref('source_id')
      .notNull()
      .references(() => alertSources.id, { onDelete: 'cascade' }),
    startedAt: at('started_at').notNull().defaultNow(),
    lastIncidentAt: at('last_incident_at').notNull().defaultNow(),
    incidents: integer('incidents').notNull(),
    firstTicketId: ref('first_ticket_id').references(() => tickets.id, { onDelete: 'set null' }),
    notifiedUserIds: ref('notified_user_ids').array().notNull().default(sql`'{}'`),
  },
  (t) => [index('alert_storms_source_idx').on(t.sourceId, t.lastIncidentAt)],
);
