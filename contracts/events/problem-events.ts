import { z } from 'zod';
import { Changes, id } from './shared.ts';

/** The problem as named on a ticket's timeline. */
const ProblemRef = z.object({ id, title: z.string() });
const status = z.enum(['new', 'investigating', 'known_error', 'resolved', 'closed']);

/**
 * Problem management (issue 14): the problem's own history (entity `problem`) and the link of
 * each incident, on the incident's timeline for staff only.
 */
export const PROBLEM_EVENTS = {
  'problem.created': {
    v: 1,
    data: z.object({ title: z.string(), ticketIds: z.array(id), candidateId: id.nullable() }),
  },
  'problem.updated': { v: 1, data: z.object({ changes: Changes }) },
  'problem.status_changed': {
    v: 1,
    data: z.object({ from: status, to: status, reason: z.string().nullable() }),
  },
  'problem.ticket_linked': { v: 1, data: z.object({ internal: z.literal(true), problem: ProblemRef }) },
  'problem.ticket_unlinked': { v: 1, data: z.object({ internal: z.literal(true), problem: ProblemRef }) },
  'problem.workaround_pushed': {
    v: 1,
    data: z.object({ ticketIds: z.array(id), notifyRequesters: z.boolean() }),
  },
  'problem.known_error_published': { v: 1, data: z.object({ articleId: id, created: z.boolean() }) },
  'problem.resolved_by_change': {
    v: 1,
    data: z.object({ changeId: id, summary: z.string(), ticketIds: z.array(id) }),
  },
} as const;
