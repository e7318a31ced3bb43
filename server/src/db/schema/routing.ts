import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { at, id, ref } from './columns.ts';
import { teams, users } from './identity.ts';
import { slaCalendars } from './sla.ts';

export interface StoredRoutingMatch {
  type?: string[];
  category?: string[];
  organizationId?: number[];
  keywords?: string[];
}

/** Dispatch rules (ES-1): a new ticket goes to the team of the first rule, by order, that matches. */
export const routingRules = pgTable(
  'routing_rules',
  {
    id: id(),
    name: text('name').notNull(),
    order: integer('order').notNull().default(100),
    active: boolean('active').notNull().default(true),
    match: jsonb('match').$type<StoredRoutingMatch>().notNull().default({}),
    teamId: ref('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    strategy: text('strategy', { enum: ['manual', 'round_robin', 'least_loaded', 'skill'] })
      .notNull()
      .default('manual'),
    /** For the skill strategy: the skills the ticket needs. */
    skills: text('skills').array().notNull().default(sql`'{}'`),
    createdAt: at('created_at').notNull().defaultNow(),
    updatedAt: at('updated_at').notNull().defaultNow(),
  },
  (t) => [index('routing_rules_order_idx').on(t.order, t.id)],
);

/** Per team: the next tier for functional escalation, and the round-robin position. */
export const teamRouting = pgTable('team_routing', {
  teamId: ref('team_id')
    .primaryKey()
    .references(() => teams.id, { onDelete: 'cascade' }),
  nextTeamId: ref('next_team_id').references(() => teams.id, { onDelete: 'set null' }),
  lastAssigneeId: ref('last_assignee_id').references(() => users.id, { onDelete: 'set null' }),
});

/** Per agent: skills and the calendar of their working hours (unset: always on duty). */
export const agentProfiles = pgTable('agent_profiles', {
  userId: ref('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  skills: text('skills').array().notNull().default(sql`'{}'`),
  calendarId: ref('calendar_id').references(() => slaCalendars.id, { onDelete: 'set null' }),
  meta: jsonb('meta').$type<Record<string, unknown>>().notNull().default({}),
});

/** Duty rosters (GV-3): who covers a team out of hours; a shift puts the agent on duty. */
export const dutyShifts = pgTable(
  'duty_shifts',
  {
    id: id(),
    teamId: ref('team_id')
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    userId: ref('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    startsAt: at('starts_at').notNull(),
    endsAt: at('ends_at').notNull(),
    note: text('note'),
    createdBy: ref('created_by').references(() => users.id),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('duty_shifts_team_time_idx').on(t.teamId, t.startsAt),
    index('duty_shifts_user_time_idx').on(t.userId, t.startsAt),
    check('duty_shifts_order', sql`${t.endsAt} > ${t.startsAt}`),
  ],
);
