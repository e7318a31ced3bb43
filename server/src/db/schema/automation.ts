import { boolean, index, integer, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import type { RuleAction, RuleConditions, RuleTrigger } from '../../../../contracts/automation.ts';
import { at, id, ref } from './columns.ts';
import { users } from './identity.ts';
import { tickets } from './tickets.ts';

/** An automation rule (issue 13): trigger, conditions and actions, as the API validated them. */
export const automationRules = pgTable(
  'automation_rules',
  {
    id: id(),
    name: text('name').notNull(),
    enabled: boolean('enabled').notNull().default(true),
    /** The event followed (`ticket.created` ...), kept apart to find a trigger's rules by index. */
    event: text('event').notNull(),
    trigger: jsonb('trigger').$type<RuleTrigger>().notNull(),
    conditions: jsonb('conditions').$type<RuleConditions>().notNull(),
    actions: jsonb('actions').$type<RuleAction[]>().notNull(),
    position: integer('position').notNull().default(0),
    createdBy: ref('created_by').references(() => users.id),
    createdAt: at('created_at').notNull().defaultNow(),
    updatedAt: at('updated_at').notNull().defaultNow(),
  },
  (t) => [index('automation_rules_event_idx').on(t.event, t.position, t.id)],
);

/**
 * Each execution of a rule on a ticket (its conditions held), and each stop by the loop guard:
 * what matched and what every action did.
 */
export const automationRuns = pgTable(
  'automation_runs',
  {
    id: id(),
    ruleId: ref('rule_id')
      .notNull()
      .references(() => automationRules.id, { onDelete: 'cascade' }),
    ticketId: ref('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    trigger: text('trigger').notNull(),
    outcome: text('outcome', { enum: ['applied', 'failed', 'loop_stopped'] }).notNull(),
    depth: integer('depth').notNull(),
    conditions: jsonb('conditions').notNull(),
    actions: jsonb('actions').notNull(),
    stopReason: text('stop_reason'),
    at: at('at').notNull().defaultNow(),
  },
  (t) => [
    // The loop guard's rate count and the rule's runs; the ticket's runs.
    index('automation_runs_rule_ticket_idx').on(t.ruleId, t.ticketId, t.at),
    index('automation_runs_ticket_idx').on(t.ticketId, t.at),
    index('automation_runs_at_idx').on(t.at),
  ],
);
