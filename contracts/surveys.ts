import { z } from 'zod';

const text = (max: number) => z.string().trim().max(max);
const Score5 = z.number().int().min(1).max(5);

export const CsatDimensions = z.object({
  speed: Score5,
  attitude: Score5,
  effectiveness: Score5,
  overall: Score5,
});
export type CsatDimensions = z.infer<typeof CsatDimensions>;

/** POST /surveys/csat/:token and POST /tickets/:id/csat (FB-1). */
export const CsatAnswerInput = z.object({
  score: Score5,
  dimensions: CsatDimensions,
  comment: text(5000).optional(),
});
export type CsatAnswerInput = z.infer<typeof CsatAnswerInput>;

export const SurveyTokenParams = z.object({ token: z.string().min(10).max(300) });

/** What the person rating sees: the ticket in short, and its resolution. */
export const CsatSurveyView = z.object({
  ticket: z.object({
    number: z.number(),
    subject: z.string(),
    closedAt: z.string().nullable(),
    assigneeName: z.string().nullable(),
  }),
  resolution: z
    .object({
      resolutionLabel: z.string(),
      rootCause: z.string(),
      actions: z.string(),
      prevention: z.string(),
    })
    .nullable(),
  requesterName: z.string(),
  locale: z.enum(['zh-CN', 'en']),
  expiresAt: z.string(),
});
export type CsatSurveyView = z.infer<typeof CsatSurveyView>;

export const CsatResultDto = z.object({
  ticketId: z.number(),
  score: z.number().nullable(),
  dimensions: z
    .object({
      speed: z.number().nullable(),
      attitude: z.number().nullable(),
      effectiveness: z.number().nullable(),
      overall: z.number().nullable(),
    })
    .nullable(),
  comment: z.string().nullable(),
  source: z.enum(['email_link', 'portal', 'callback']).nullable(),
  respondedAt: z.string().nullable(),
  /** A survey exists (the ticket was closed) and waits for an answer. */
  pending: z.boolean(),
});
export type CsatResultDto = z.infer<typeof CsatResultDto>;

export const SatisfactionCallbackOutcome = z.enum(['reached', 'no_answer', 'declined', 'wrong_number']);
export const CreateSatisfactionCallbackInput = z
  .object({
    outcome: SatisfactionCallbackOutcome,
    note: text(5000).optional(),
    /** What the requester said when reached; recorded as the ticket's CSAT if not yet rated. */
    score: Score5.optional(),
    dimensions: CsatDimensions.optional(),
    comment: text(5000).optional(),
  })
  .refine((v) => v.score === undefined || v.outcome === 'reached', {
    message: 'a score can only be recorded when the requester was reached',
    path: ['score'],
  });
export type CreateSatisfactionCallbackInput = z.infer<typeof CreateSatisfactionCallbackInput>;

export const SatisfactionCallbackDto = z.object({
  id: z.number(),
  ticketId: z.number(),
  agent: z.object({ id: z.number(), name: z.string() }),
  outcome: SatisfactionCallbackOutcome,
  note: z.string().nullable(),
  score: z.number().nullable(),
  createdAt: z.string(),
});
export type SatisfactionCallbackDto = z.infer<typeof SatisfactionCallbackDto>;

export const FollowupDto = z.object({
  id: z.number(),
  ticket: z.object({
    id: z.number(),
    number: z.number(),
    subject: z.string(),
    assigneeName: z.string().nullable(),
    requesterName: z.string(),
  }),
  reason: z.enum(['low_csat']),
  score: z.number().nullable(),
  comment: z.string().nullable(),
  status: z.enum(['open', 'closed']),
  createdAt: z.string(),
  closedAt: z.string().nullable(),
  closedBy: z.object({ id: z.number(), name: z.string() }).nullable(),
  note: z.string().nullable(),
});
export type FollowupDto = z.infer<typeof FollowupDto>;
export const ListFollowupsQuery = z.object({ status: z.enum(['open', 'closed', 'all']).default('open') });
export const CloseFollowupInput = z.object({ note: text(5000).min(1) });

/** NPS (FB-2): "would you recommend our support to a colleague?" 0-10 and a reason. */
export const CreateNpsCampaignInput = z
  .object({
    name: text(200).min(1),
    question: text(500).optional(),
    userIds: z.array(z.number().int().positive()).max(5000).default([]),
    organizationIds: z.array(z.number().int().positive()).max(500).default([]),
    expiresInDays: z.number().int().min(1).max(90).default(30),
  })
  .refine((v) => v.userIds.length + v.organizationIds.length > 0, {
    message: 'choose at least one requester or organisation',
    path: ['userIds'],
  });
export type CreateNpsCampaignInput = z.infer<typeof CreateNpsCampaignInput>;

export const NpsResult = z.object({
  responses: z.number(),
  promoters: z.number(),
  passives: z.number(),
  detractors: z.number(),
  /** % promoters - % detractors, -100..100; null without responses. */
  score: z.number().nullable(),
});
export type NpsResult = z.infer<typeof NpsResult>;

export const NpsCampaignDto = z.object({
  id: z.number(),
  name: z.string(),
  question: z.string().nullable(),
  status: z.enum(['open', 'closed']),
  invited: z.number(),
  result: NpsResult,
  expiresAt: z.string(),
  createdAt: z.string(),
  closedAt: z.string().nullable(),
});
export type NpsCampaignDto = z.infer<typeof NpsCampaignDto>;

export const NpsCampaignDetailDto = NpsCampaignDto.extend({
  responses: z.array(
    z.object({
      userId: z.number(),
      name: z.string(),
      organization: z.string().nullable(),
      score: z.number(),
      reason: z.string().nullable(),
      respondedAt: z.string(),
    }),
  ),
});
export type NpsCampaignDetailDto = z.infer<typeof NpsCampaignDetailDto>;

export const NpsAnswerInput = z.object({
  score: z.number().int().min(0).max(10),
  reason: text(5000).optional(),
});
export type NpsAnswerInput = z.infer<typeof NpsAnswerInput>;

export const NpsSurveyView = z.object({
  invitationId: z.number(),
  campaign: z.string(),
  question: z.string().nullable(),
  name: z.string(),
  locale: z.enum(['zh-CN', 'en']),
  expiresAt: z.string(),
});
export type NpsSurveyView = z.infer<typeof NpsSurveyView>;
