import { z } from 'zod';
import { updateSchema } from './common.ts';
import { TicketDto } from './tickets.ts';

const text = (max: number) => z.string().trim().max(max);

/** POST /tickets/:id/resolve: the resolution report's parts (RS-1, RS-3). */
export const ResolveTicketInput = z.object({
  resolutionCode: z
    .string()
    .trim()
    .min(1)
    .max(60)
    .regex(/^[a-z0-9_]+$/, 'a resolution code such as "fixed"'),
  rootCause: text(5000).min(1),
  actions: text(10000).min(1),
  prevention: text(5000).min(1),
  /** The agent resolved it on the spot, at the first contact (IN-3). */
  firstContact: z.boolean().default(false),
  /** A knowledge article the solution came from. */
  articleId: z.number().int().positive().optional(),
});
export type ResolveTicketInput = z.infer<typeof ResolveTicketInput>;

/** POST /tickets/:id/confirm: the requester's answer to the resolution (RS-2). */
export const ConfirmResolutionInput = z.object({
  fixed: z.boolean(),
  comment: text(5000).optional(),
});
export type ConfirmResolutionInput = z.infer<typeof ConfirmResolutionInput>;

export const ResolutionOutcome = z.enum([
  'pending',
  'confirmed',
  'rejected',
  'auto_closed',
  'closed_by_staff',
  'reopened_by_staff',
]);
export type ResolutionOutcome = z.infer<typeof ResolutionOutcome>;

export const ResolutionDto = z.object({
  id: z.number(),
  ticketId: z.number(),
  resolutionCode: z.string(),
  resolutionLabel: z.string(),
  rootCause: z.string(),
  actions: z.string(),
  prevention: z.string(),
  firstContact: z.boolean(),
  articleId: z.number().nullable(),
  resolvedBy: z.object({ id: z.number(), name: z.string() }),
  resolvedAt: z.string(),
  outcome: ResolutionOutcome,
  outcomeAt: z.string().nullable(),
  outcomeComment: z.string().nullable(),
  /** When the ticket closes by itself if the requester does not answer (pending only). */
  autoCloseAt: z.string().nullable(),
});
export type ResolutionDto = z.infer<typeof ResolutionDto>;

export const ResolveTicketResult = z.object({ ticket: TicketDto, resolution: ResolutionDto });
export type ResolveTicketResult = z.infer<typeof ResolveTicketResult>;

/** The resolution is null when the ticket was resolved by a plain status change, without a report. */
export const ConfirmResolutionResult = z.object({ ticket: TicketDto, resolution: ResolutionDto.nullable() });
export type ConfirmResolutionResult = z.infer<typeof ConfirmResolutionResult>;

export const ResolutionCodeDto = z.object({
  code: z.string(),
  labelEn: z.string(),
  labelZh: z.string(),
  active: z.boolean(),
  sortOrder: z.number(),
});
export type ResolutionCodeDto = z.infer<typeof ResolutionCodeDto>;

export const CreateResolutionCodeInput = z.object({
  code: ResolveTicketInput.shape.resolutionCode,
  labelEn: text(120).min(1),
  labelZh: text(120).min(1),
  sortOrder: z.number().int().min(0).max(10000).default(100),
});
export const UpdateResolutionCodeInput = updateSchema(CreateResolutionCodeInput.omit({ code: true })).extend({
  active: z.boolean().optional(),
});

/** The administrator's settings for closing the loop. */
export const ResolutionSettings = z.object({
  /** A resolved ticket with no answer from the requester closes after this many days (RS-2). */
  autoCloseDays: z.number().int().min(1).max(90),
  /** A CSAT score at or below this opens a quality follow-up (FB-4). */
  lowScoreThreshold: z.number().int().min(1).max(4),
  /** How long an emailed survey link works. */
  surveyLinkDays: z.number().int().min(1).max(90),
  /** A ticket from the same requester in the same category within this many days is a repeat. */
  repeatWindowDays: z.number().int().min(1).max(365),
  /** The time zone reports count days and weeks in. */
  reportTimezone: z.string().min(1).max(64),
});
export type ResolutionSettings = z.infer<typeof ResolutionSettings>;

export const DEFAULT_RESOLUTION_SETTINGS: ResolutionSettings = {
  autoCloseDays: 7,
  lowScoreThreshold: 2,
  surveyLinkDays: 14,
  repeatWindowDays: 30,
  reportTimezone: 'Asia/Shanghai',
};
