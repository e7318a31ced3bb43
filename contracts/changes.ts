import { z } from 'zod';
import { ApprovalMode } from './approvals.ts';
import { TicketAssetRef } from './tickets.ts';

/**
 * Change management (变更管理, PC-2, issue 14): standard changes come from a pre-approved
 * template and need no CAB approval; normal changes go to the CAB through the approval engine
 * (会签 all, 或签 any, 依次 sequence); emergency changes may be planned inside a freeze window
 * (封网) with an extra approval by the freeze approvers after the CAB.
 */
export const CHANGE_TYPES = ['standard', 'normal', 'emergency'] as const;
export const ChangeType = z.enum(CHANGE_TYPES);
export type ChangeType = z.infer<typeof ChangeType>;

export const CHANGE_STATUSES = [
  'draft',
  'submitted',
  'approved',
  'rejected',
  'scheduled',
  'implementing',
  'implemented',
  'failed',
  'rolled_back',
  'reviewed',
] as const;
export const ChangeStatus = z.enum(CHANGE_STATUSES);
export type ChangeStatus = z.infer<typeof ChangeStatus>;

export const CHANGE_RISKS = ['low', 'medium', 'high', 'critical'] as const;
export const ChangeRisk = z.enum(CHANGE_RISKS);
export type ChangeRisk = z.infer<typeof ChangeRisk>;

export const CHANGE_IMPACTS = ['low', 'medium', 'high'] as const;
export const ChangeImpact = z.enum(CHANGE_IMPACTS);
export type ChangeImpact = z.infer<typeof ChangeImpact>;

export const CHANGE_OUTCOMES = ['successful', 'failed', 'rolled_back'] as const;
export const ChangeOutcome = z.enum(CHANGE_OUTCOMES);
export type ChangeOutcome = z.infer<typeof ChangeOutcome>;

/** Which approval a submitted change waits for: the CAB's, then (emergency in a freeze) the freeze approvers'. */
export const CHANGE_APPROVAL_STAGES = ['cab', 'freeze'] as const;
export type ChangeApprovalStage = (typeof CHANGE_APPROVAL_STAGES)[number];

const text = (max: number) => z.string().trim().max(max);
const instant = z.iso.datetime({ offset: true });
const ids = (max: number) => z.array(z.number().int().positive()).max(max);

// ---- templates (standard changes) -------------------------------------------------------------

export const ChangeTemplateInput = z.object({
  name: text(200).min(1),
  description: text(10_000).default(''),
  impact: ChangeImpact.default('low'),
  implementationPlan: text(20_000).default(''),
  rollbackPlan: text(20_000).default(''),
  testPlan: text(20_000).default(''),
  active: z.boolean().default(true),
});
export type ChangeTemplateInput = z.input<typeof ChangeTemplateInput>;

export const ChangeTemplateDto = z.object({
  id: z.number().int(),
  name: z.string(),
  description: z.string(),
  impact: ChangeImpact,
  implementationPlan: z.string(),
  rollbackPlan: z.string(),
  testPlan: z.string(),
  active: z.boolean(),
  createdAt: z.string(),
});
export type ChangeTemplateDto = z.infer<typeof ChangeTemplateDto>;

// ---- changes ------------------------------------------------------------------------------------

const changeFields = {
  title: text(300).min(1),
  description: text(20_000).default(''),
  impact: ChangeImpact.default('medium'),
  plannedStart: instant,
  plannedEnd: instant,
  implementationPlan: text(20_000).default(''),
  rollbackPlan: text(20_000).default(''),
  testPlan: text(20_000).default(''),
  assetIds: ids(100).default([]),
  problemId: z.number().int().positive().nullable().default(null),
  /** Linked incidents (the ones the change fixes). */
  ticketIds: ids(500).default([]),
};

export const CreateChangeInput = z.object({
  type: ChangeType,
  /** A standard change names its pre-approved template (its plans fill in what the body leaves out). */
  templateId: z.number().int().positive().nullable().default(null),
  ...changeFields,
});
export type CreateChangeInput = z.input<typeof CreateChangeInput>;

/** `PATCH /changes/{id}` while not yet approved (draft or submitted); the type stays. */
export const UpdateChangeInput = z.object({
  title: changeFields.title.optional(),
  description: text(20_000).optional(),
  impact: ChangeImpact.optional(),
  plannedStart: instant.optional(),
  plannedEnd: instant.optional(),
  implementationPlan: text(20_000).optional(),
  rollbackPlan: text(20_000).optional(),
  testPlan: text(20_000).optional(),
  assetIds: ids(100).optional(),
  problemId: z.number().int().positive().nullable().optional(),
  ticketIds: ids(500).optional(),
  /** Override of the computed risk; `riskReason` is required with it, and `risk: null` goes back to the computed one. */
  risk: ChangeRisk.nullable().optional(),
  riskReason: text(2000).optional(),
});
export type UpdateChangeInput = z.input<typeof UpdateChangeInput>;

export const SubmitChangeInput = z.object({
  /** The CAB, in order (the order matters for `sequence`). A standard change names none. */
  approvers: ids(20).default([]),
  mode: ApprovalMode.default('all'),
  /** An emergency change planned inside a freeze window: who approves breaking the freeze, after the CAB. */
  freezeApproverIds: ids(10).default([]),
});
export type SubmitChangeInput = z.input<typeof SubmitChangeInput>;

export const ImplementChangeInput = z.object({
  outcome: ChangeOutcome,
  notes: text(20_000).default(''),
});
export type ImplementChangeInput = z.input<typeof ImplementChangeInput>;

export const ReviewChangeInput = z.object({ notes: text(20_000).min(1) });
export type ReviewChangeInput = z.input<typeof ReviewChangeInput>;

/** Incidents caused by the change (reported on; any time after the change was submitted). */
export const CausedIncidentsInput = z.object({ ticketIds: ids(100).min(1) });
export type CausedIncidentsInput = z.input<typeof CausedIncidentsInput>;

export const ChangeConflictDto = z.object({
  changeId: z.number().int(),
  title: z.string(),
  status: ChangeStatus,
  plannedStart: z.string(),
  plannedEnd: z.string(),
  /** The other change's assets that are this change's or related to them. */
  assetIds: z.array(z.number().int()),
});
export type ChangeConflictDto = z.infer<typeof ChangeConflictDto>;

export const RiskFactorsDto = z.object({
  /** The highest criticality among the change's assets (null: no assets). */
  maxCriticality: ChangeRisk.nullable(),
  openIncidents: z.number().int(),
  recentFailedChanges: z.number().int(),
  emergency: z.boolean(),
  /** The points of each part, and their sum, that give the computed risk (docs/itsm.md). */
  score: z.number().int(),
});
export type RiskFactorsDto = z.infer<typeof RiskFactorsDto>;

const PersonRef = z.object({ id: z.number().int(), name: z.string() });

export const ChangeTicketDto = z.object({
  id: z.number().int(),
  number: z.number().int(),
  subject: z.string(),
  status: z.string(),
});

export const ChangeDto = z.object({
  id: z.number().int(),
  type: ChangeType,
  templateId: z.number().int().nullable(),
  title: z.string(),
  description: z.string(),
  impact: ChangeImpact,
  status: ChangeStatus,
  /** The risk in force: the override when there is one, else the computed one. */
  risk: ChangeRisk,
  computedRisk: ChangeRisk,
  riskFactors: RiskFactorsDto,
  riskOverridden: z.boolean(),
  riskReason: z.string().nullable(),
  plannedStart: z.string(),
  plannedEnd: z.string(),
  implementationPlan: z.string(),
  rollbackPlan: z.string(),
  testPlan: z.string(),
  assetIds: z.array(z.number().int()),
  /** The assets of `assetIds`, named (in the order of `assetIds`). */
  assets: z.array(TicketAssetRef),
  problemId: z.number().int().nullable(),
  /** The problem of `problemId`, named. */
  problem: z.object({ id: z.number().int(), title: z.string(), status: z.string() }).nullable(),
  ticketIds: z.array(z.number().int()),
  /** The incidents of `ticketIds` and those linked to the problem (`problemId`), with their status. */
  tickets: z.array(ChangeTicketDto),
  causedTicketIds: z.array(z.number().int()),
  owner: PersonRef.nullable(),
  approvalId: z.number().int().nullable(),
  approvalStage: z.enum(CHANGE_APPROVAL_STAGES).nullable(),
  approvalMode: ApprovalMode.nullable(),
  freezeApproverIds: z.array(z.number().int()),
  /** Freeze windows the planned window overlaps (an emergency change may be approved in one). */
  freezes: z.array(z.object({ id: z.number().int(), name: z.string() })),
  conflicts: z.array(ChangeConflictDto),
  outcome: ChangeOutcome.nullable(),
  implementationNotes: z.string().nullable(),
  implementedAt: z.string().nullable(),
  reviewRequired: z.boolean(),
  reviewNotes: z.string().nullable(),
  reviewedAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ChangeDto = z.infer<typeof ChangeDto>;

/** One row of the list and the calendar. */
export const ChangeSummaryDto = z.object({
  id: z.number().int(),
  type: ChangeType,
  title: z.string(),
  status: ChangeStatus,
  risk: ChangeRisk,
  plannedStart: z.string(),
  plannedEnd: z.string(),
  reviewRequired: z.boolean(),
  owner: PersonRef.nullable(),
});
export type ChangeSummaryDto = z.infer<typeof ChangeSummaryDto>;

export const ChangeListQuery = z.object({
  status: ChangeStatus.optional(),
  type: ChangeType.optional(),
  reviewRequired: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** Keyset: the id of the last row seen (newest first). */
  before: z.coerce.number().int().positive().optional(),
});
export type ChangeListQuery = z.input<typeof ChangeListQuery>;

export const ChangeList = z.object({
  items: z.array(ChangeSummaryDto),
  nextBefore: z.number().int().nullable(),
});
export type ChangeList = z.infer<typeof ChangeList>;

// ---- freeze windows (封网) ------------------------------------------------------------------------

export const FreezeInput = z.object({
  name: text(200).min(1),
  startsAt: instant,
  endsAt: instant,
  reason: text(2000).default(''),
});
export type FreezeInput = z.input<typeof FreezeInput>;

export const UpdateFreezeInput = z.object({
  name: text(200).min(1).optional(),
  startsAt: instant.optional(),
  endsAt: instant.optional(),
  reason: text(2000).optional(),
});
export type UpdateFreezeInput = z.input<typeof UpdateFreezeInput>;

export const FreezeDto = z.object({
  id: z.number().int(),
  name: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  reason: z.string(),
  createdBy: PersonRef.nullable(),
  createdAt: z.string(),
});
export type FreezeDto = z.infer<typeof FreezeDto>;

export const FreezeList = z.object({ items: z.array(FreezeDto) });
export type FreezeList = z.infer<typeof FreezeList>;

// ---- calendar (变更日历) --------------------------------------------------------------------------

/** The widest window the calendar answers (a little more than a quarter). */
export const CALENDAR_MAX_DAYS = 100;
/** The most changes one calendar answer lists (`truncated` says when there were more). */
export const CALENDAR_MAX_CHANGES = 2000;

export const CalendarQuery = z.object({ from: instant, to: instant });
export type CalendarQuery = z.input<typeof CalendarQuery>;

export const ChangeCalendar = z.object({
  from: z.string(),
  to: z.string(),
  changes: z.array(ChangeSummaryDto),
  freezes: z.array(FreezeDto),
  truncated: z.boolean(),
});
export type ChangeCalendar = z.infer<typeof ChangeCalendar>;

// ---- report figures ----------------------------------------------------------------------------

/** Change figures of a period (reports, weekly report). */
export const ChangeFigures = z.object({
  /** Changes with an outcome recorded in the period, by outcome. */
  implemented: z.number().int(),
  successful: z.number().int(),
  failed: z.number().int(),
  rolledBack: z.number().int(),
  /** successful / implemented (null when none was implemented). */
  successRate: z.number().nullable(),
  /** Changes created in the period, and how many of them were emergency changes. */
  created: z.number().int(),
  emergency: z.number().int(),
  /** emergency / created (null when none was created). */
  emergencyShare: z.number().nullable(),
  /** Tickets marked in the period as caused by a change (distinct tickets). */
  incidentsCausedByChanges: z.number().int(),
});
export type ChangeFigures = z.infer<typeof ChangeFigures>;

/** GET /reports/changes: the period (default: the 30 days up to now). */
export const ChangeFiguresQuery = z.object({
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
});
export type ChangeFiguresQuery = z.infer<typeof ChangeFiguresQuery>;
