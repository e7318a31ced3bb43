import { sql } from 'drizzle-orm';
import { bigint, boolean, index, jsonb, pgTable, pgView, primaryKey, text } from 'drizzle-orm/pg-core';
import {
  CHANGE_APPROVAL_STAGES,
  CHANGE_IMPACTS,
  CHANGE_OUTCOMES,
  CHANGE_RISKS,
  CHANGE_STATUSES,
  CHANGE_TYPES,
  type RiskFactorsDto,
} from '../../../../contracts/changes.ts';
import { at, id, ref } from './columns.ts';
import { users } from './identity.ts';
import { tickets } from './tickets.ts';

/** A pre-approved template: a standard change made from it needs no CAB approval (PC-2). */
export const changeTemplates = pgTable('change_templates', {
  id: id(),
  name: text('name').notNull(),
  description: text('description').notNull().default(''),
  impact: text('impact', { enum: CHANGE_IMPACTS }).notNull().default('low'),
  implementationPlan: text('implementation_plan').notNull().default(''),
  rollbackPlan: text('rollback_plan').notNull().default(''),
  testPlan: text('test_plan').notNull().default(''),
  active: boolean('active').notNull().default(true),
  createdAt: at('created_at').notNull().defaultNow(),
});

/**
 * A change (变更, issue 14): its plans and window, its status, the approval it waits for, the
 * computed risk with its factors and an optional override with its reason, and its outcome.
 */
export const changes = pgTable(
  'changes',
  {
    id: id(),
    type: text('type', { enum: CHANGE_TYPES }).notNull(),
    templateId: ref('template_id').references(() => changeTemplates.id),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    impact: text('impact', { enum: CHANGE_IMPACTS }).notNull(),
    status: text('status', { enum: CHANGE_STATUSES }).notNull().default('draft'),
    computedRisk: text('computed_risk', { enum: CHANGE_RISKS }).notNull().default('low'),
    riskFactors: jsonb('risk_factors').$type<RiskFactorsDto>().notNull(),
    riskOverride: text('risk_override', { enum: CHANGE_RISKS }),
    riskReason: text('risk_reason'),
    plannedStart: at('planned_start').notNull(),
    plannedEnd: at('planned_end').notNull(),
    implementationPlan: text('implementation_plan').notNull().default(''),
    rollbackPlan: text('rollback_plan').notNull().default(''),
    testPlan: text('test_plan').notNull().default(''),
    problemId: ref('problem_id'),
    ownerId: ref('owner_id').references(() => users.id),
    approvalId: ref('approval_id'),
    approvalStage: text('approval_stage', { enum: CHANGE_APPROVAL_STAGES }),
    approvalMode: text('approval_mode', { enum: ['all', 'any', 'sequence'] }),
    freezeApproverIds: jsonb('freeze_approver_ids').$type<number[]>().notNull().default([]),
    outcome: text('outcome', { enum: CHANGE_OUTCOMES }),
    implementationNotes: text('implementation_notes'),
    implementedAt: at('implemented_at'),
    reviewRequired: boolean('review_required').notNull().default(false),
    reviewNotes: text('review_notes'),
    reviewedAt: at('reviewed_at'),
    createdAt: at('created_at').notNull().defaultNow(),
    updatedAt: at('updated_at').notNull().defaultNow(),
  },
  (t) => [
    // The calendar: changes whose window overlaps [from, to) (`&&` on the range, GiST).
    index('changes_window_idx').using('gist', sql`tstzrange(${t.plannedStart}, ${t.plannedEnd}, '[)')`),
    index('changes_status_idx').on(t.status, t.id),
    index('changes_problem_idx').on(t.problemId).where(sql`${t.problemId} is not null`),
  ],
);

/** The assets a change touches (ids of the assets module's assets; the conflict check reads by asset). */
export const changeAssets = pgTable(
  'change_assets',
  {
    changeId: ref('change_id')
      .notNull()
      .references(() => changes.id, { onDelete: 'cascade' }),
    assetId: ref('asset_id').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.changeId, t.assetId] }),
    index('change_assets_asset_idx').on(t.assetId, t.changeId),
  ],
);

/**
 * Tickets tied to a change: `fixes` (the incidents the change resolves, `ticketIds`) or
 * `caused_by` (an incident the change caused, for the reports).
 */
export const changeTickets = pgTable(
  'change_tickets',
  {
    changeId: ref('change_id')
      .notNull()
      .references(() => changes.id, { onDelete: 'cascade' }),
    ticketId: ref('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    relation: text('relation', { enum: ['fixes', 'caused_by'] }).notNull(),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.changeId, t.ticketId, t.relation] }),
    index('change_tickets_ticket_idx').on(t.ticketId),
  ],
);

/** A freeze window (封网): no normal or standard change may be planned inside it. */
export const changeFreezes = pgTable(
  'change_freezes',
  {
    id: id(),
    name: text('name').notNull(),
    startsAt: at('starts_at').notNull(),
    endsAt: at('ends_at').notNull(),
    reason: text('reason').notNull().default(''),
    createdBy: ref('created_by').references(() => users.id),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (t) => [index('change_freezes_window_idx').on(t.startsAt, t.endsAt)],
);

/** Published read model (docs/read-models.md): the change figures of the reports. */
export const changesView = pgView('changes_v', {
  id: bigint('id', { mode: 'number' }).notNull(),
  type: text('type').notNull(),
  status: text('status').notNull(),
  outcome: text('outcome'),
  plannedStart: at('planned_start').notNull(),
  plannedEnd: at('planned_end').notNull(),
  implementedAt: at('implemented_at'),
  createdAt: at('created_at').notNull(),
}).existing();

/** Published read model: which tickets a change fixes or caused (`relation`). */
export const changeTicketsView = pgView('change_tickets_v', {
  changeId: bigint('change_id', { mode: 'number' }).notNull(),
  ticketId: bigint('ticket_id', { mode: 'number' }).notNull(),
  relation: text('relation').notNull(),
  createdAt: at('created_at').notNull(),
}).existing();
