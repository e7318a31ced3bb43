import { z } from 'zod';
import { APPROVAL_MODES } from '../approvals.ts';
import { CHANGE_OUTCOMES, CHANGE_RISKS, CHANGE_STATUSES, CHANGE_TYPES } from '../changes.ts';
import { Changes, id, iso, NamedRef, nullableIso } from './shared.ts';

const status = z.enum(CHANGE_STATUSES);

/**
 * Change management (issue 14): changes, their approvals and outcomes, risk overrides, freeze
 * windows. Recorded on the change (entity `change`) or freeze (`change_freeze`), not on a
 * ticket's timeline.
 */
export const CHANGE_EVENTS = {
  'change.created': {
    v: 1,
    data: z.object({
      changeId: id,
      type: z.enum(CHANGE_TYPES),
      title: z.string(),
      plannedStart: iso,
      plannedEnd: iso,
      templateId: id.nullable(),
    }),
  },
  'change.updated': { v: 1, data: z.object({ changeId: id, changes: Changes }) },
  /** The risk set by hand (or back to the computed one, `to: null`), with the reason. */
  'change.risk_overridden': {
    v: 1,
    data: z.object({
      changeId: id,
      computed: z.enum(CHANGE_RISKS),
      from: z.enum(CHANGE_RISKS).nullable(),
      to: z.enum(CHANGE_RISKS).nullable(),
      reason: z.string(),
    }),
  },
  'change.submitted': {
    v: 1,
    data: z.object({
      changeId: id,
      approvalId: id.nullable(),
      mode: z.enum(APPROVAL_MODES).nullable(),
      approvers: z.array(NamedRef),
      freezeApproverIds: z.array(id),
      /** Freeze windows the change is planned in (an emergency change only). */
      freezes: z.array(NamedRef),
    }),
  },
  /** Every other move of the status machine (approved, rejected, scheduled, implementing). */
  'change.status_changed': {
    v: 1,
    data: z.object({
      changeId: id,
      from: status,
      to: status,
      approvalId: id.nullable().optional(),
      comment: z.string().nullable().optional(),
    }),
  },
  /** The CAB approved an emergency change planned in a freeze: the freeze approvers are asked next. */
  'change.freeze_approval_requested': {
    v: 1,
    data: z.object({ changeId: id, approvalId: id, approverIds: z.array(id) }),
  },
  'change.implemented': {
    v: 1,
    data: z.object({
      changeId: id,
      from: status,
      outcome: z.enum(CHANGE_OUTCOMES),
      notes: z.string(),
      reviewRequired: z.boolean(),
      problemId: id.nullable(),
    }),
  },
  'change.reviewed': { v: 1, data: z.object({ changeId: id, from: status, notes: z.string() }) },
  'change.incidents_caused': { v: 1, data: z.object({ changeId: id, ticketIds: z.array(id) }) },
  'change.template_created': { v: 1, data: z.object({ templateId: id, name: z.string() }) },
  'change.template_updated': { v: 1, data: z.object({ templateId: id, changes: Changes }) },
  'change.freeze_created': {
    v: 1,
    data: z.object({ freezeId: id, name: z.string(), startsAt: iso, endsAt: iso, reason: z.string() }),
  },
  'change.freeze_updated': { v: 1, data: z.object({ freezeId: id, changes: Changes }) },
  'change.freeze_deleted': {
    v: 1,
    data: z.object({ freezeId: id, name: z.string(), startsAt: iso, endsAt: nullableIso }),
  },
} as const;
