import { bigint, index, pgTable, pgView, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { PROBLEM_STATUSES } from '../../../../contracts/problems.ts';
import { at, id, ref } from './columns.ts';
import { users } from './identity.ts';
import { tickets } from './tickets.ts';

/**
 * A problem (issue 14, PC-1, 问题管理): the cause behind one or more incidents, from `new` to
 * `closed`. The workaround is pushed to the linked incidents once per change
 * (`workaround_pushed_at`); the known-error article is kept so that a second known-error
 * call updates it.
 */
export const problems = pgTable(
  'problems',
  {
    id: id(),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    status: text('status', { enum: PROBLEM_STATUSES }).notNull().default('new'),
    priority: text('priority', { enum: ['P1', 'P2', 'P3', 'P4'] })
      .notNull()
      .default('P3'),
    rootCause: text('root_cause'),
    workaround: text('workaround'),
    workaroundUpdatedAt: at('workaround_updated_at'),
    /** Affected assets (the assets module's ids). */
    assetIds: bigint('asset_ids', { mode: 'number' }).array().notNull().default([]),
    ownerId: ref('owner_id').references(() => users.id),
    createdBy: ref('created_by').references(() => users.id),
    /** The knowledge module's article made by `POST /problems/{id}/known-error`. */
    knownErrorArticleId: ref('known_error_article_id'),
    /** The triage problem candidate this problem was made from (MX-3). */
    candidateId: ref('candidate_id'),
    resolvedAt: at('resolved_at'),
    closedAt: at('closed_at'),
    createdAt: at('created_at').notNull().defaultNow(),
    updatedAt: at('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('problems_status_idx').on(t.status, t.id.desc()),
    uniqueIndex('problems_candidate_idx').on(t.candidateId),
  ],
);

/** The incidents linked to a problem: a ticket belongs to at most one problem. */
export const problemTickets = pgTable(
  'problem_tickets',
  {
    problemId: ref('problem_id')
      .notNull()
      .references(() => problems.id, { onDelete: 'cascade' }),
    ticketId: ref('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    linkedBy: ref('linked_by').references(() => users.id),
    linkedAt: at('linked_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.problemId, t.ticketId] }),
    uniqueIndex('problem_tickets_ticket_idx').on(t.ticketId),
  ],
);

// Read models (docs/read-models.md), created in this module's migration.
/** Problems for reports and other modules' joins (changes, reports). */
export const problemsView = pgView('problems_v', {
  id: bigint('id', { mode: 'number' }).notNull(),
  title: text('title').notNull(),
  status: text('status').notNull(),
  priority: text('priority').notNull(),
  knownErrorArticleId: bigint('known_error_article_id', { mode: 'number' }),
  createdAt: at('created_at').notNull(),
  resolvedAt: at('resolved_at'),
  closedAt: at('closed_at'),
}).existing();

/** Which ticket is linked to which problem. */
export const problemTicketsView = pgView('problem_tickets_v', {
  problemId: bigint('problem_id', { mode: 'number' }).notNull(),
  ticketId: bigint('ticket_id', { mode: 'number' }).notNull(),
  linkedAt: at('linked_at').notNull(),
}).existing();
