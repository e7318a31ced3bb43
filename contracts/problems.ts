import { z } from 'zod';
import { Id, Page } from './common.ts';
import { Priority, TicketStatus } from './tickets.ts';

/** Problem management (issue 14, PC-1, 问题管理). */
export const PROBLEM_STATUSES = ['new', 'investigating', 'known_error', 'resolved', 'closed'] as const;
export const ProblemStatus = z.enum(PROBLEM_STATUSES);
export type ProblemStatus = z.infer<typeof ProblemStatus>;

/**
 * The status machine: new -> investigating -> known_error -> resolved -> closed, with the steps
 * back a desk needs (a known error under investigation again, a resolved problem that recurs).
 * `POST /problems/{id}/known-error` also moves a `new` problem to known_error, and a change
 * that fixes the problem resolves it from any open status (`resolveProblemByChange`).
 */
export const PROBLEM_TRANSITIONS: Record<ProblemStatus, readonly ProblemStatus[]> = {
  new: ['investigating'],
  investigating: ['known_error', 'resolved'],
  known_error: ['investigating', 'resolved'],
  resolved: ['closed', 'investigating'],
  closed: [],
};
export const OPEN_PROBLEM_STATUSES: readonly ProblemStatus[] = ['new', 'investigating', 'known_error'];

const text = (max: number) => z.string().trim().max(max);
const ids = z.array(z.number().int().positive()).max(200);

export const CreateProblemInput = z
  .object({
    title: text(200).min(1).optional(),
    description: text(20000).optional(),
    ticketIds: ids.optional(),
    priority: Priority.optional(),
    ownerId: z.number().int().positive().optional(),
    assetIds: ids.optional(),
    /** Make the problem from this triage problem candidate (MX-3): its title and incidents. */
    candidateId: z.number().int().positive().optional(),
  })
  .refine((v) => v.title !== undefined || v.candidateId !== undefined, {
    message: 'a title (or a candidateId)',
    path: ['title'],
  });
export type CreateProblemInput = z.infer<typeof CreateProblemInput>;

export const UpdateProblemInput = z.object({
  title: text(200).min(1).optional(),
  description: text(20000).optional(),
  status: ProblemStatus.optional(),
  priority: Priority.optional(),
  rootCause: text(20000).nullable().optional(),
  /** Setting or changing it posts it to every linked incident (an internal note). */
  workaround: text(20000).nullable().optional(),
  /** With a changed workaround: also a public reply to each incident's requester. */
  notifyRequesters: z.boolean().optional(),
  ownerId: z.number().int().positive().nullable().optional(),
  assetIds: ids.optional(),
});
export type UpdateProblemInput = z.infer<typeof UpdateProblemInput>;

export const LinkProblemTicketsInput = z.object({ ticketIds: ids.min(1) });
export type LinkProblemTicketsInput = z.infer<typeof LinkProblemTicketsInput>;

export const ProblemTicketParams = z.object({ id: Id, ticketId: Id });

export const ListProblemsQuery = z.object({
  status: ProblemStatus.optional(),
  q: text(200).optional(),
  /** The problem a ticket is linked to (the ticket page). */
  ticketId: Id.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().max(100).optional(),
});
export type ListProblemsQuery = z.infer<typeof ListProblemsQuery>;

const PersonRef = z.object({ id: z.number(), name: z.string() });

export const ProblemDto = z.object({
  id: z.number(),
  title: z.string(),
  description: z.string(),
  status: ProblemStatus,
  priority: Priority,
  rootCause: z.string().nullable(),
  workaround: z.string().nullable(),
  workaroundUpdatedAt: z.string().nullable(),
  assetIds: z.array(z.number()),
  owner: PersonRef.nullable(),
  createdBy: PersonRef.nullable(),
  knownErrorArticleId: z.number().nullable(),
  candidateId: z.number().nullable(),
  ticketCount: z.number(),
  /** The statuses PATCH may move it to now. */
  allowedTransitions: z.array(ProblemStatus),
  createdAt: z.string(),
  updatedAt: z.string(),
  resolvedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
});
export type ProblemDto = z.infer<typeof ProblemDto>;

export const ProblemIncidentDto = z.object({
  id: z.number(),
  number: z.number(),
  subject: z.string(),
  status: TicketStatus,
  priority: Priority,
  requesterName: z.string().nullable(),
  linkedAt: z.string(),
});
export type ProblemIncidentDto = z.infer<typeof ProblemIncidentDto>;

/** A change that fixes the problem (filled by the changes module through a port). */
export const ProblemFixDto = z.object({ id: z.number(), title: z.string(), status: z.string() });
export type ProblemFixDto = z.infer<typeof ProblemFixDto>;

export const ProblemAssetDto = z.object({
  id: z.number(),
  name: z.string(),
  type: z.string(),
  status: z.string(),
  criticality: z.string(),
});

export const ProblemDetailDto = ProblemDto.extend({
  incidents: z.array(ProblemIncidentDto),
  assets: z.array(ProblemAssetDto),
  fixes: z.array(ProblemFixDto),
});
export type ProblemDetailDto = z.infer<typeof ProblemDetailDto>;

export const ProblemPage = Page(ProblemDto);
export type ProblemPage = z.infer<typeof ProblemPage>;

export const KnownErrorResult = z.object({ articleId: z.number(), created: z.boolean() });
export type KnownErrorResult = z.infer<typeof KnownErrorResult>;

/** Open problems by age (reports, weekly report). */
export const PROBLEM_AGE_BUCKETS = ['lt_7d', '7d_30d', '30d_90d', 'gt_90d'] as const;
export const ProblemFigures = z.object({
  /** Problems not resolved or closed at `at`. */
  open: z.number(),
  /** Open problems by age, youngest first. */
  ageBuckets: z.array(z.object({ bucket: z.enum(PROBLEM_AGE_BUCKETS), count: z.number() })),
  /** Open problems in status known_error (已知错误), and all problems with a published known-error article. */
  knownErrors: z.number(),
  knownErrorArticles: z.number(),
  /** Problems opened and resolved within the period. */
  opened: z.number(),
  resolved: z.number(),
});
export type ProblemFigures = z.infer<typeof ProblemFigures>;
/** GET /reports/problems: the period (default: the 30 days up to now). */
export const ProblemFiguresQuery = z.object({
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
});
export type ProblemFiguresQuery = z.infer<typeof ProblemFiguresQuery>;
