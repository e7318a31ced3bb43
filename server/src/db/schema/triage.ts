import { bigint, boolean, index, integer, jsonb, pgTable, real, text } from 'drizzle-orm/pg-core';
import { at } from './columns.ts';

/** Trained triage classifiers (CL-4); the newest one answers suggestions. */
export const triageModels = pgTable('triage_models', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  trainedAt: at('trained_at').notNull().defaultNow(),
  trainedBy: bigint('trained_by', { mode: 'number' }),
  sampleCount: integer('sample_count').notNull(),
  model: jsonb('model').$type<Record<string, unknown>>().notNull(),
});

/** Administrator settings of triage and duplicate detection; one row (id = 1). */
export const triageSettings = pgTable('triage_settings', {
  id: integer('id').primaryKey(),
  /** Above this confidence a new ticket's category, priority and team are set automatically. */
  autoApplyThreshold: real('auto_apply_threshold').notNull().default(0.85),
  autoApply: boolean('auto_apply').notNull().default(true),
  /** Other requesters' open tickets within this many days count as possible duplicates. */
  duplicateWindowDays: integer('duplicate_window_days').notNull().default(7),
  /** This many similar incidents within `recurringDays` make a problem candidate (MX-3). */
  recurringCount: integer('recurring_count').notNull().default(5),
  recurringDays: integer('recurring_days').notNull().default(7),
  updatedAt: at('updated_at').notNull().defaultNow(),
});

/** Recurring similar incidents proposed as a problem for the team lead (MX-3, PC-1). */
export const problemCandidates = pgTable(
  'problem_candidates',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    title: text('title').notNull(),
    teamId: bigint('team_id', { mode: 'number' }),
    ticketIds: bigint('ticket_ids', { mode: 'number' }).array().notNull(),
    status: text('status', { enum: ['proposed', 'accepted', 'dismissed'] })
      .notNull()
      .default('proposed'),
    createdAt: at('created_at').notNull().defaultNow(),
    updatedAt: at('updated_at').notNull().defaultNow(),
  },
  (t) => [index('problem_candidates_status_idx').on(t.status, t.createdAt.desc())],
);
