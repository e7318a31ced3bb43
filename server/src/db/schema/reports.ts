import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  date,
  doublePrecision,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';
import { at, ref } from './columns.ts';
import { users } from './identity.ts';
import { tickets } from './tickets.ts';

/**
 * One row per ticket with what the measures need (MX-1), kept current by the reports
 * module's ticket hook in the ticket's own transaction and rebuilt from the audit history
 * whenever needed. Reports read this table, not the event history, so a quarter of a
 * million-ticket desk is one indexed range scan.
 */
export const reportTicketFacts = pgTable(
  'report_ticket_facts',
  {
    ticketId: ref('ticket_id')
      .primaryKey()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    createdAt: at('created_at').notNull(),
    type: text('type').notNull(),
    channel: text('channel').notNull(),
    categoryId: ref('category_id'),
    priority: text('priority').notNull(),
    teamId: ref('team_id'),
    assigneeId: ref('assignee_id'),
    organizationId: ref('organization_id'),
    requesterId: ref('requester_id').notNull(),
    status: text('status').notNull(),
    firstResponseAt: at('first_response_at'),
    firstResolvedAt: at('first_resolved_at'),
    /** The latest resolution (null while the ticket is not resolved or closed after one). */
    resolvedAt: at('resolved_at'),
    closedAt: at('closed_at'),
    reopenCount: integer('reopen_count').notNull().default(0),
    escalationCount: integer('escalation_count').notNull().default(0),
    /** The first resolution was made at the first contact. */
    firstContact: boolean('first_contact').notNull().default(false),
    /** The same requester reported in the same category within the repeat window before. */
    repeatOf: ref('repeat_of'),
    /** Business seconds (where a calendar applies) from the SLA module's stored clocks. */
    responseBusinessSeconds: integer('response_business_seconds'),
    resolutionBusinessSeconds: integer('resolution_business_seconds'),
    refreshedAt: at('refreshed_at').notNull().defaultNow(),
  },
  (t) => [
    // created_at and resolved_at are indexed by the two covering indexes (created_at and
    // resolved_at INCLUDE ...) of a hand-written migration (drizzle cannot declare INCLUDE
    // columns), which serve every scan a plain index on the same key would: a plain one beside
    // each was written on every fact's write and served nothing more (migration 0035).
    index('report_facts_assignee_idx').on(t.assigneeId, t.createdAt),
    index('report_facts_team_idx').on(t.teamId, t.createdAt),
    index('report_facts_requester_idx').on(t.requesterId, t.createdAt),
    index('report_facts_cancelled_idx').on(t.closedAt).where(sql`${t.status} = 'cancelled'`),
  ],
);

/** The statuses a ticket went through and how long it stayed in each (bottlenecks, backlog). */
export const reportStatusIntervals = pgTable(
  'report_status_intervals',
  {
    ticketId: ref('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    seq: integer('seq').notNull(),
    status: text('status').notNull(),
    enteredAt: at('entered_at').notNull(),
    leftAt: at('left_at'),
  },
  (t) => [
    primaryKey({ columns: [t.ticketId, t.seq] }),
    index('report_intervals_status_entered_idx').on(t.status, t.enteredAt),
    index('report_intervals_left_idx')
      .on(sql`coalesce(${t.leftAt}, 'infinity'::timestamptz)`, t.enteredAt)
      .where(
        sql`${t.status} in ('new', 'open', 'in_progress', 'pending_requester', 'pending_vendor', 'pending_approval')`,
      ),
    // The tickets open at an instant: the open intervals whose range contains it.
    index('report_intervals_open_range_idx')
      .using('gist', sql`tstzrange(${t.enteredAt}, ${t.leftAt}, '[)')`)
      .where(
        sql`${t.status} in ('new', 'open', 'in_progress', 'pending_requester', 'pending_vendor', 'pending_approval')`,
      ),
  ],
);

const measure = (name: string) => doublePrecision(name).notNull().default(0);

/**
 * Daily sums of the additive measures, per local day of the report time zone, for the whole
 * desk (d1 = 'all'), per value of one dimension (d2 = 'all') and per pair of dimensions
 * (d1 < d2 in the fixed dimension order): channel, priority, team, category, agent,
 * organization. A summary for a period with at most one filter reads a few thousand of these
 * rows instead of every ticket. Days touched since they were summed are listed in
 * report_dirty_days and computed from the facts when read, until the rollup job sums them.
 */
export const reportRollups = pgTable(
  'report_rollups',
  {
    day: date('day').notNull(),
    d1: text('d1').notNull(),
    k1: text('k1').notNull(),
    d2: text('d2').notNull(),
    k2: text('k2').notNull(),
    nIn: measure('n_in'),
    repeats: measure('repeats'),
    escalated: measure('escalated'),
    frN: measure('fr_n'),
    frSum: measure('fr_sum'),
    frBusiness: measure('fr_business'),
    nOut: measure('n_out'),
    fcr: measure('fcr'),
    reopened: measure('reopened'),
    resN: measure('res_n'),
    resSum: measure('res_sum'),
    resBusiness: measure('res_business'),
    p1N: measure('p1_n'),
    p1Sum: measure('p1_sum'),
    cancelled: measure('cancelled'),
    slaFrMet: measure('sla_fr_met'),
    slaFrBreached: measure('sla_fr_breached'),
    slaNuMet: measure('sla_nu_met'),
    slaNuBreached: measure('sla_nu_breached'),
    slaResMet: measure('sla_res_met'),
    slaResBreached: measure('sla_res_breached'),
    csatSent: measure('csat_sent'),
    csatSentAnswered: measure('csat_sent_answered'),
    csatN: measure('csat_n'),
    csatSum: measure('csat_sum'),
    speedSum: measure('speed_sum'),
    attitudeSum: measure('attitude_sum'),
    effectivenessSum: measure('effectiveness_sum'),
    overallSum: measure('overall_sum'),
    satisfied: measure('satisfied'),
    s1: measure('s1'),
    s2: measure('s2'),
    s3: measure('s3'),
    s4: measure('s4'),
    s5: measure('s5'),
  },
  (t) => [
    primaryKey({ columns: [t.day, t.d1, t.k1, t.d2, t.k2] }),
    index('report_rollups_first_idx').on(t.d1, t.k1, t.day),
    index('report_rollups_second_idx').on(t.d2, t.k2, t.day),
  ],
);

/**
 * Local days whose rollups are out of date: a mark per change, only ever inserted, so that a
 * change never waits for the rollup job (which deletes exactly the marks it read, after summing
 * their days) nor for another change marking the same day (issue 18).
 */
export const reportDirtyDays = pgTable(
  'report_dirty_days',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    day: date('day').notNull(),
    markedAt: timestamp('marked_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('report_dirty_days_day_idx').on(t.day)],
);

/** Who receives the weekly report by email (MX-2). */
export const reportSubscriptions = pgTable('report_subscriptions', {
  userId: ref('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  weekly: boolean('weekly').notNull().default(true),
  createdAt: at('created_at').notNull().defaultNow(),
});

/** Weekly reports already emailed, so a retried job never sends one twice. */
export const reportWeeklyRuns = pgTable('report_weekly_runs', {
  week: text('week').primaryKey(),
  sentAt: at('sent_at').notNull().defaultNow(),
  recipients: integer('recipients').notNull(),
});
