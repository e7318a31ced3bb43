import { sql } from 'drizzle-orm';
import { bigint, boolean, check, index, integer, pgTable, pgView, text } from 'drizzle-orm/pg-core';
import { at } from './columns.ts';
import { users } from './identity.ts';
import { tickets } from './tickets.ts';

/** The resolution codes agents pick from (RS-1); labels in both interface languages. */
export const resolutionCodes = pgTable('resolution_codes', {
  code: text('code').primaryKey(),
  labelEn: text('label_en').notNull(),
  labelZh: text('label_zh').notNull(),
  active: boolean('active').notNull().default(true),
  sortOrder: integer('sort_order').notNull().default(100),
  createdAt: at('created_at').notNull().defaultNow(),
});

/**
 * One resolution of a ticket (RS-1, RS-3): code, root cause, what was done, how to prevent it.
 * A ticket that reopens and is resolved again has several; the newest is the current one.
 * `outcome` records how the requester answered it (RS-2).
 */
export const ticketResolutions = pgTable(
  'ticket_resolutions',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    ticketId: bigint('ticket_id', { mode: 'number' })
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    resolutionCode: text('resolution_code')
      .notNull()
      .references(() => resolutionCodes.code),
    rootCause: text('root_cause').notNull(),
    actions: text('actions').notNull(),
    prevention: text('prevention').notNull(),
    /** Resolved on the spot, at the first contact (IN-3). */
    firstContact: boolean('first_contact').notNull().default(false),
    /** A knowledge article the solution came from, when it did. */
    articleId: bigint('article_id', { mode: 'number' }),
    resolvedBy: bigint('resolved_by', { mode: 'number' })
      .notNull()
      .references(() => users.id),
    resolvedAt: at('resolved_at').notNull(),
    outcome: text('outcome', {
      enum: ['pending', 'confirmed', 'rejected', 'auto_closed', 'closed_by_staff', 'reopened_by_staff'],
    })
      .notNull()
      .default('pending'),
    outcomeAt: at('outcome_at'),
    outcomeBy: bigint('outcome_by', { mode: 'number' }).references(() => users.id),
    outcomeComment: text('outcome_comment'),
  },
  (t) => [
    index('ticket_resolutions_ticket_idx').on(t.ticketId, t.resolvedAt.desc()),
    index('ticket_resolutions_resolved_idx').on(t.resolvedAt),
    check('ticket_resolutions_outcome_at', sql`${t.outcome} = 'pending' or ${t.outcomeAt} is not null`),
  ],
);

// Read models: views other modules may read (created in migration read_models; see docs/read-models.md).
/** Resolution records of tickets: when, with which code, first contact or not, the outcome. */
export const resolutionRecordsView = pgView('resolution_records_v', {
  id: bigint('id', { mode: 'number' }).notNull(),
  ticketId: bigint('ticket_id', { mode: 'number' }).notNull(),
  resolutionCode: text('resolution_code'),
  firstContact: boolean('first_contact').notNull(),
  resolvedAt: at('resolved_at').notNull(),
  outcome: text('outcome'),
}).existing();
