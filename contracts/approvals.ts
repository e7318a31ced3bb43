import { z } from 'zod';

/**
 * Approvals (AU-1): one engine for everything that needs a yes (tickets, changes, runbook runs,
 * service requests). Modes: `all` (会签, every approver approves; one reject rejects), `any`
 * (或签, the first approve approves; all rejects reject), `sequence` (依次, one approver at a
 * time, in order; a reject rejects).
 */
export const APPROVAL_SUBJECT_TYPES = ['ticket', 'change', 'runbook_run', 'service_request'] as const;
export const ApprovalSubjectType = z.enum(APPROVAL_SUBJECT_TYPES);
export type ApprovalSubjectType = z.infer<typeof ApprovalSubjectType>;

export const APPROVAL_MODES = ['all', 'any', 'sequence'] as const;
export const ApprovalMode = z.enum(APPROVAL_MODES);
export type ApprovalMode = z.infer<typeof ApprovalMode>;

export const APPROVAL_STATUSES = ['pending', 'approved', 'rejected', 'expired', 'cancelled'] as const;
export const ApprovalStatus = z.enum(APPROVAL_STATUSES);
export type ApprovalStatus = z.infer<typeof ApprovalStatus>;

export const APPROVAL_OUTCOMES = ['approved', 'rejected', 'expired', 'cancelled'] as const;
export const ApprovalOutcome = z.enum(APPROVAL_OUTCOMES);
export type ApprovalOutcome = z.infer<typeof ApprovalOutcome>;

export const APPROVAL_DECISIONS = ['approve', 'reject'] as const;
export const ApprovalDecision = z.enum(APPROVAL_DECISIONS);
export type ApprovalDecision = z.infer<typeof ApprovalDecision>;

/**
 * Who to ask, by rule, resolved when the approval is asked: a person, the lead of a team, or
 * the manager of the ticket's requester.
 */
export const ApproverRule = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('user'), userId: z.number().int().positive() }),
  z.strictObject({ type: z.literal('team_lead'), teamId: z.number().int().positive() }),
  z.strictObject({ type: z.literal('requester_manager') }),
]);
export type ApproverRule = z.infer<typeof ApproverRule>;
export const ApproverRules = z.array(ApproverRule).max(20);

/** One approver of an approval and what they decided (null: not yet). */
export const ApproverDto = z.object({
  userId: z.number().int(),
  name: z.string(),
  position: z.number().int(),
  decision: ApprovalDecision.nullable(),
  comment: z.string().nullable(),
  /** The approver let the requester read the comment (a reject's reason is shown anyway). */
  commentPublic: z.boolean(),
  decidedAt: z.string().nullable(),
  /** Whether this person may decide now (pending, undecided, and their turn in a sequence). */
  current: z.boolean(),
});
export type ApproverDto = z.infer<typeof ApproverDto>;

export const ApprovalDto = z.object({
  id: z.number().int(),
  subjectType: ApprovalSubjectType,
  subjectId: z.number().int(),
  ticketId: z.number().int().nullable(),
  ticketNumber: z.number().int().nullable(),
  changeId: z.number().int().nullable(),
  title: z.string(),
  mode: ApprovalMode,
  status: ApprovalStatus,
  requestedBy: z.object({ id: z.number().int(), name: z.string() }).nullable(),
  approvers: z.array(ApproverDto),
  deadline: z.string().nullable(),
  remindAfterMinutes: z.number().int().nullable(),
  createdAt: z.string(),
  decidedAt: z.string().nullable(),
  /** The reason of a cancel (null otherwise). */
  cancelReason: z.string().nullable(),
  /** Whether the caller may decide now. */
  canDecide: z.boolean(),
  /** Whether the caller may cancel it (pending; they asked, or they are an administrator). */
  canCancel: z.boolean(),
});
export type ApprovalDto = z.infer<typeof ApprovalDto>;

export const ApprovalListQuery = z.object({
  /** `pending`: what the signed-in person must decide now; `decided`: approvals they took part in that they decided or that ended. */
  status: z.enum(['pending', 'decided']).default('pending'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type ApprovalListQuery = z.input<typeof ApprovalListQuery>;

export const ApprovalList = z.object({ items: z.array(ApprovalDto) });
export type ApprovalList = z.infer<typeof ApprovalList>;

export const ApprovalDecisionInput = z.object({
  decision: ApprovalDecision,
  comment: z.string().trim().max(2000).optional(),
  /** Let the requester read the comment (a reject's comment is its reason: always shown). */
  commentPublic: z.boolean().optional(),
});

/** `POST /approvals/{id}/cancel`: the reason is told to the approvers and the requester. */
export const ApprovalCancelInput = z.object({ reason: z.string().trim().min(1).max(2000) });
export type ApprovalCancelInput = z.input<typeof ApprovalCancelInput>;
export type ApprovalDecisionInput = z.input<typeof ApprovalDecisionInput>;

/** An agent asks for approval on a ticket (`POST /tickets/{id}/approvals`). */
export const TicketApprovalInput = z.object({
  title: z.string().trim().min(1).max(300),
  /** People, then approverRules; at least one of the two. */
  approverIds: z.array(z.number().int().positive()).max(50).default([]),
  approverRules: ApproverRules.default([]),
  mode: ApprovalMode.default('all'),
  deadline: z.iso.datetime({ offset: true }).nullable().optional(),
  remindAfterMinutes: z
    .number()
    .int()
    .min(1)
    .max(60 * 24 * 30)
    .nullable()
    .optional(),
});
export type TicketApprovalInput = z.input<typeof TicketApprovalInput>;

/** A signed decision link from a mail or IM message (`/approval-links/{token}`). */
export const ApprovalLinkParams = z.object({ token: z.string().min(1).max(300) });
export const ApprovalLinkView = z.object({
  /** What the link does. */
  decision: ApprovalDecision,
  /** Whose decision it is (the link carries their identity). */
  approver: z.object({ id: z.number().int(), name: z.string() }),
  approval: ApprovalDto,
});
export type ApprovalLinkView = z.infer<typeof ApprovalLinkView>;
export const ApprovalLinkInput = z.object({
  comment: z.string().trim().max(2000).optional(),
  commentPublic: z.boolean().optional(),
});
