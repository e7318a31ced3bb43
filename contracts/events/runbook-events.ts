import { z } from 'zod';
import { RunbookFailure } from '../runbooks.ts';
import { Changes, id, nullableIso } from './shared.ts';

/** The runbook with its name at the time (its id is null once it was deleted). */
const RunbookRef = z.object({ id: id.nullable(), name: z.string() });

/** Every run event is on its ticket's timeline, for staff only. */
const run = <T extends z.ZodRawShape>(shape: T) =>
  z.object({ runId: id, runbook: RunbookRef, internal: z.literal(true), ...shape });

/** Runbooks (issue 13): definitions (audit only) and runs (on the ticket's timeline). */
export const RUNBOOK_EVENTS = {
  'runbook.created': {
    v: 1,
    data: z.object({ name: z.string(), url: z.string(), requiresApproval: z.boolean() }),
  },
  'runbook.updated': { v: 1, data: z.object({ changes: Changes, secretChanged: z.boolean() }) },
  'runbook.deleted': { v: 1, data: z.object({ name: z.string() }) },
  'runbook.run_requested': { v: 1, data: run({ awaitingApproval: z.boolean(), approvalId: id.nullable() }) },
  /** v2: the outcome `cancelled` (its approval was withdrawn). */
  'runbook.run_cancelled': {
    v: 2,
    data: run({ outcome: z.enum(['rejected', 'expired', 'cancelled']), comment: z.string().nullable() }),
  },
  'runbook.attempt_failed': {
    v: 1,
    data: run({
      attempt: z.number().int(),
      status: z.number().int().nullable(),
      error: z.string(),
      /** The failure as a code (recorded since issue 13's follow-up; older events have only `error`). */
      failure: RunbookFailure.optional(),
      retryAt: nullableIso,
    }),
  },
  'runbook.run_succeeded': {
    v: 1,
    data: run({
      attempts: z.number().int(),
      status: z.number().int(),
      durationMs: z.number().int(),
      output: z.string(),
    }),
  },
  'runbook.run_failed': {
    v: 1,
    data: run({
      attempts: z.number().int(),
      status: z.number().int().nullable(),
      durationMs: z.number().int().nullable(),
      error: z.string(),
      failure: RunbookFailure.optional(),
      output: z.string(),
    }),
  },
} as const;
