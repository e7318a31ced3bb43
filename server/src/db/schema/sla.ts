import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  pgView,
  text,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { at, id, ref } from './columns.ts';
import { users } from './identity.ts';
import { tickets } from './tickets.ts';

/** Opening hours of one weekday window, as stored. */
export interface StoredWindow {
  weekday: number;
  from: string;
  to: string;
}

/** Business calendars (SL-2): time zone, opening hours, holidays, make-up workdays. */
export const slaCalendars = pgTable(
  'sla_calendars',
  {
    id: id(),
    name: text('name').notNull(),
    timezone: text('timezone').notNull(),
    hours: jsonb('hours').$type<StoredWindow[]>().notNull(),
    holidays: text('holidays').array().notNull().default(sql`'{}'`),
    extraWorkdays: text('extra_workdays').array().notNull().default(sql`'{}'`),
    createdAt: at('created_at').notNull().defaultNow(),
    updatedAt: at('updated_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('sla_calendars_name_key').on(sql`lower(${t.name})`)],
);

export interface StoredPolicyMatch {
  priority?: string[];
  type?: string[];
  category?: string[];
  organizationId?: number[];
}
export type StoredTargets = Record<
  string,
  { firstResponseMinutes?: number; updateMinutes?: number; resolutionMinutes?: number }
>;
export interface StoredBreachActions {
  notify: boolean;
  escalateToNextTier: boolean;
  raisePriority: boolean;
}

/** SLA policies (SL-1): which tickets, which calendar, targets per priority; first match by order wins. */
export const slaPolicies = pgTable(
  'sla_policies',
  {
    id: id(),
    name: text('name').notNull(),
    order: integer('order').notNull().default(100),
    /** A draft (inactive) policy is only simulated, never applied. */
    active: boolean('active').notNull().default(true),
    match: jsonb('match').$type<StoredPolicyMatch>().notNull().default({}),
    /** Null: round the clock. */
    calendarId: ref('calendar_id').references(() => slaCalendars.id),
    targets: jsonb('targets').$type<StoredTargets>().notNull(),
    pauseStatuses: text('pause_statuses').array().notNull(),
    /** Per-clock overrides of pauseStatuses. */
    clockPauseStatuses: jsonb('clock_pause_statuses').$type<Record<string, string[]>>().notNull().default({}),
    warnAtPercent: integer('warn_at_percent').notNull().default(75),
    breachActions: jsonb('breach_actions').$type<StoredBreachActions>().notNull(),
    createdAt: at('created_at').notNull().defaultNow(),
    updatedAt: at('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('sla_policies_order_idx').on(t.order, t.id),
    check('sla_policies_warn_percent', sql`${t.warnAtPercent} between 1 and 100`),
  ],
);

/**
 * Each ticket's clocks as last computed (on every change of the ticket, and after a policy or
 * calendar change), so that queues can sort and filter by deadline. The clocks themselves are
 * recomputed from the audit log whenever they are read.
 */
export const ticketSla = pgTable(
  'ticket_sla',
  {
    ticketId: ref('ticket_id')
      .primaryKey()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    policyId: ref('policy_id').references(() => slaPolicies.id, { onDelete: 'set null' }),
    firstResponseDueAt: at('first_response_due_at'),
    firstResponseState: text('first_response_state'),
    nextUpdateDueAt: at('next_update_due_at'),
    nextUpdateState: text('next_update_state'),
    resolutionDueAt: at('resolution_due_at'),
    resolutionState: text('resolution_state'),
    /** The earliest deadline of a running clock: the queue's "due next" order. */
    nextDueAt: at('next_due_at'),
    /** Timers as scheduled: { clock: { kind, runAt, cycle } }, to skip rescheduling what did not move. */
    timers: jsonb('timers').$type<Record<string, { kind: string; runAt: string; cycle: number }>>(),
    /** The earliest of the timers' runAt: the SLA sweeper fires the rows whose time has come (issue 18). */
    nextTimerAt: at('next_timer_at'),
    /** When the stored values last changed (a recompute that changes nothing writes nothing). */
    computedAt: at('computed_at').notNull(),
  },
  (t) => [
    index('ticket_sla_next_due_idx').on(t.nextDueAt),
    index('ticket_sla_policy_idx').on(t.policyId),
    index('ticket_sla_next_timer_idx').on(t.nextTimerAt).where(sql`next_timer_at is not null`),
  ],
);

/**
 * A policy chosen for one ticket instead of the policy matching (issue 13: a catalog item's SLA
 * policy): while it exists and is active, every clock of the ticket runs on it from creation.
 */
export const slaTicketPolicies = pgTable('sla_ticket_policies', {
  ticketId: ref('ticket_id')
    .primaryKey()
    .references(() => tickets.id, { onDelete: 'cascade' }),
  policyId: ref('policy_id')
    .notNull()
    .references(() => slaPolicies.id, { onDelete: 'cascade' }),
  setAt: at('set_at').notNull().defaultNow(),
});

/** Warnings and breaches already acted on: a timer that fires twice acts once. */
export const slaAlerts = pgTable(
  'sla_alerts',
  {
    id: id(),
    ticketId: ref('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    clock: text('clock').notNull(),
    cycle: integer('cycle').notNull().default(1),
    kind: text('kind', { enum: ['warning', 'breach'] }).notNull(),
    dueAt: at('due_at'),
    firedAt: at('fired_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('sla_alerts_once').on(t.ticketId, t.clock, t.cycle, t.kind)],
);

/** Third parties work is handed to (SL-5), with their contract targets. */
export const vendors = pgTable(
  'vendors',
  {
    id: id(),
    name: text('name').notNull(),
    contact: text('contact'),
    calendarId: ref('calendar_id').references(() => slaCalendars.id),
    responseMinutes: integer('response_minutes'),
    resolutionMinutes: integer('resolution_minutes').notNull(),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('vendors_name_key').on(sql`lower(${t.name})`)],
);

/** A ticket handed to a vendor: the vendor's own clock runs from handover to return. */
export const vendorHandoffs = pgTable(
  'vendor_handoffs',
  {
    id: id(),
    ticketId: ref('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    vendorId: ref('vendor_id')
      .notNull()
      .references(() => vendors.id),
    reference: text('reference'),
    note: text('note'),
    /** The contract as it was at handover. */
    calendarId: ref('calendar_id').references(() => slaCalendars.id),
    resolutionMinutes: integer('resolution_minutes').notNull(),
    startedAt: at('started_at').notNull(),
    completedAt: at('completed_at'),
    createdBy: ref('created_by').references(() => users.id),
  },
  (t) => [
    index('vendor_handoffs_ticket_idx').on(t.ticketId, t.startedAt),
    uniqueIndex('vendor_handoffs_open_key').on(t.ticketId).where(sql`${t.completedAt} is null`),
  ],
);

// Read models: views other modules may read (created in migration read_models; see docs/read-models.md).
/** Each ticket's SLA clock states (met, breached, ...) and deadlines. */
export const slaTicketStatesView = pgView('sla_ticket_states_v', {
  ticketId: ref('ticket_id').notNull(),
  policyId: ref('policy_id'),
  firstResponseDueAt: at('first_response_due_at'),
  firstResponseState: text('first_response_state'),
  nextUpdateDueAt: at('next_update_due_at'),
  nextUpdateState: text('next_update_state'),
  resolutionDueAt: at('resolution_due_at'),
  resolutionState: text('resolution_state'),
}).existing();

/** Hand-offs to vendors with the vendor's name and the resolution target in minutes. */
export const slaVendorHandoffsView = pgView('sla_vendor_handoffs_v', {
  id: ref('id').notNull(),
  ticketId: ref('ticket_id').notNull(),
  vendorId: ref('vendor_id').notNull(),
  vendorName: text('vendor_name').notNull(),
  resolutionMinutes: integer('resolution_minutes').notNull(),
  startedAt: at('started_at').notNull(),
  completedAt: at('completed_at'),
}).existing();

/** Business calendars: working hours, holidays and extra workdays in their time zone. */
export const slaCalendarsView = pgView('sla_calendars_v', {
  id: ref('id').notNull(),
  name: text('name').notNull(),
  timezone: text('timezone').notNull(),
  hours: jsonb('hours').$type<StoredWindow[]>().notNull(),
  holidays: text('holidays').array().notNull(),
  extraWorkdays: text('extra_workdays').array().notNull(),
  updatedAt: at('updated_at').notNull(),
}).existing();

/** SLA policies by name (catalog items point at one; created in migration catalog). */
export const slaPoliciesView = pgView('sla_policies_v', {
  id: ref('id').notNull(),
  name: text('name').notNull(),
  active: boolean('active').notNull(),
}).existing();
