import { boolean, index, integer, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import type { ApproverRule } from '../../../../contracts/approvals.ts';
import type { RunbookFailure, RunbookSuccess } from '../../../../contracts/runbooks.ts';
import { RUNBOOK_RUN_STATUSES } from '../../../../contracts/runbooks.ts';
import { at, id, ref } from './columns.ts';
import { users } from './identity.ts';
import { tickets } from './tickets.ts';

/**
 * A runbook (issue 13): a named outbound HTTP call with ticket variables, signed with its
 * secret. The secret is kept to sign with (HMAC needs it) and never returned by the API.
 */
export const runbooks = pgTable('runbooks', {
  id: id(),
  name: text('name').notNull(),
  description: text('description').notNull().default(''),
  url: text('url').notNull(),
  method: text('method').notNull(),
  headers: jsonb('headers').$type<Record<string, string>>().notNull().default({}),
  bodyFormat: text('body_format', { enum: ['json', 'text'] })
    .notNull()
    .default('json'),
  bodyTemplate: text('body_template').notNull().default(''),
  secret: text('secret').notNull(),
  timeoutSeconds: integer('timeout_seconds').notNull(),
  maxAttempts: integer('max_attempts').notNull(),
  success: jsonb('success').$type<RunbookSuccess>().notNull(),
  requiresApproval: boolean('requires_approval').notNull().default(false),
  approverIds: jsonb('approver_ids').$type<number[]>().notNull().default([]),
  /** Approvers by rule (a team's lead, the requester's manager), resolved when a run asks. */
  approverRules: jsonb('approver_rules').$type<ApproverRule[]>().notNull().default([]),
  approvalMode: text('approval_mode', { enum: ['all', 'any', 'sequence'] })
    .notNull()
    .default('any'),
  active: boolean('active').notNull().default(true),
  createdAt: at('created_at').notNull().defaultNow(),
  updatedAt: at('updated_at').notNull().defaultNow(),
});

/** The call as it will be sent, fixed when the run is requested: what is approved is what is sent. */
export interface RunbookRequestSnapshot {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string;
  contentType: string | null;
  timeoutSeconds: number;
  success: RunbookSuccess;
}

/** One run of a runbook on a ticket: its approval, its attempts and its result. */
export const runbookRuns = pgTable(
  'runbook_runs',
  {
    id: id(),
    runbookId: ref('runbook_id').references(() => runbooks.id, { onDelete: 'set null' }),
    runbookName: text('runbook_name').notNull(),
    ticketId: ref('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    requestedBy: ref('requested_by').references(() => users.id),
    status: text('status', { enum: RUNBOOK_RUN_STATUSES }).notNull(),
    approvalId: ref('approval_id'),
    request: jsonb('request').$type<RunbookRequestSnapshot>().notNull(),
    attempts: integer('attempts').notNull().default(0),
    maxAttempts: integer('max_attempts').notNull(),
    responseStatus: integer('response_status'),
    durationMs: integer('duration_ms'),
    output: text('output'),
    error: text('error'),
    /** The failure as a code and values, put into words by each reader (contracts RunbookFailure). */
    failure: jsonb('failure').$type<RunbookFailure>(),
    nextAttemptAt: at('next_attempt_at'),
    createdAt: at('created_at').notNull().defaultNow(),
    attemptStartedAt: at('attempt_started_at'),
    finishedAt: at('finished_at'),
  },
  (t) => [index('runbook_runs_ticket_idx').on(t.ticketId, t.createdAt)],
);
