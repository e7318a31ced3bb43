import { z } from 'zod';
import { Priority, TicketStatus } from './tickets.ts';

export const TriageSuggestInput = z.object({
  subject: z.string().trim().min(1).max(200),
  description: z.string().trim().max(20000).default(''),
});
export type TriageSuggestInput = z.infer<typeof TriageSuggestInput>;

const SuggestedArticle = z.object({
  id: z.number(),
  title: z.string(),
  snippet: z.string(),
  score: z.number(),
});
/** Structured fields that tickets name in common (issue 16): error codes, hosts, versions, report numbers. */
export const SharedTicketFields = z.object({
  codes: z.array(z.string()),
  hosts: z.array(z.string()),
  versions: z.array(z.string()),
  refs: z.array(z.string()),
});
export type SharedTicketFields = z.infer<typeof SharedTicketFields>;

export const PossibleDuplicate = z.object({
  id: z.number(),
  number: z.number(),
  subject: z.string(),
  score: z.number(),
  status: TicketStatus,
  /** Why it is shown: the same requester, or another requester within the recent window. */
  reason: z.enum(['same_requester', 'recent']),
  /** On a ticket's page: how alike it is, 0-1, as a share of the ticket's score against itself. */
  similarity: z.number().optional(),
  /**
   * On a ticket's page: probability, 0-1, that it reports the same problem (text, shared
   * fields, time); who filed it is not part of it (that is `reason` / `sameOrganisation`).
   */
  sameProblem: z.number().optional(),
  sharedFields: SharedTicketFields.optional(),
  sameOrganisation: z.boolean().optional(),
});
export type PossibleDuplicate = z.infer<typeof PossibleDuplicate>;

/** An agent's possible duplicates of a ticket, and the threshold they were shown above. */
export const PossibleDuplicates = z.object({
  items: z.array(PossibleDuplicate),
  threshold: z.number().optional(),
});
export type PossibleDuplicates = z.infer<typeof PossibleDuplicates>;

export const TriageSuggestion = z.object({
  category: z.string().nullable(),
  priority: Priority.nullable(),
  teamId: z.number().nullable(),
  /** The lowest of the three fields' confidences (0 when there is no model). */
  confidence: z.number(),
  confidences: z.object({ category: z.number(), priority: z.number(), team: z.number() }),
  articles: z.array(SuggestedArticle),
  possibleDuplicates: z.array(PossibleDuplicate),
  modelId: z.number().nullable(),
});
export type TriageSuggestion = z.infer<typeof TriageSuggestion>;

export const TrainResult = z.object({
  modelId: z.number().nullable(),
  samples: z.number(),
  trainedAt: z.string(),
  labels: z.object({ category: z.number(), priority: z.number(), team: z.number() }),
});
export type TrainResult = z.infer<typeof TrainResult>;

/** How one learned field did: on the newest history held out at training, and as agents corrected it. */
export const TriageFieldQuality = z.object({
  /** Tickets of the newest history held out in time while training (predicted by a model of the older ones). */
  heldOutSamples: z.number(),
  accuracy: z.number().nullable(),
  macroF1: z.number().nullable(),
  /** Suggestions applied automatically to tickets now resolved, and how many of them an agent changed. */
  applied: z.number(),
  corrected: z.number(),
  errorRate: z.number().nullable(),
});
export type TriageFieldQuality = z.infer<typeof TriageFieldQuality>;

/** The model in use and how far to trust it (GET /triage/quality); model null before any training. */
export const TriageQualityDto = z.object({
  model: z
    .object({
      id: z.number(),
      trainedAt: z.string(),
      samples: z.number(),
      fields: z.object({
        category: TriageFieldQuality,
        priority: TriageFieldQuality,
        team: TriageFieldQuality,
      }),
    })
    .nullable(),
});
export type TriageQualityDto = z.infer<typeof TriageQualityDto>;

export const TriageSettingsDto = z.object({
  autoApply: z.boolean(),
  autoApplyThreshold: z.number().min(0).max(1),
  duplicateWindowDays: z.number().int().min(1).max(365),
  recurringCount: z.number().int().min(2).max(1000),
  recurringDays: z.number().int().min(1).max(365),
});
export type TriageSettingsDto = z.infer<typeof TriageSettingsDto>;
export const UpdateTriageSettingsInput = TriageSettingsDto.partial();

/** What the tickets of a problem candidate have in common (at least two and at least half of them). */
export const ProblemSharedFields = SharedTicketFields.extend({
  categories: z.array(z.string()),
  organisations: z.array(z.string()),
  environments: z.array(z.string()),
});
export type ProblemSharedFields = z.infer<typeof ProblemSharedFields>;

export const ProblemCandidateDto = z.object({
  id: z.number(),
  title: z.string(),
  teamId: z.number().nullable(),
  tickets: z.array(
    z.object({ id: z.number(), number: z.number(), subject: z.string(), status: TicketStatus }),
  ),
  status: z.enum(['proposed', 'accepted', 'dismissed']),
  createdAt: z.string(),
  sharedFields: ProblemSharedFields,
});
export type ProblemCandidateDto = z.infer<typeof ProblemCandidateDto>;
export const UpdateProblemCandidateInput = z.object({ status: z.enum(['accepted', 'dismissed']) });

/** Merge a duplicate into the ticket that carries on: linked as duplicate_of, then cancelled. */
export const MergeTicketInput = z.object({ intoTicketId: z.number().int().positive() });
export type MergeTicketInput = z.infer<typeof MergeTicketInput>;
