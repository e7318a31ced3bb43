import { z } from 'zod';
import { APPROVAL_MODES, APPROVAL_SUBJECT_TYPES, ApproverRule } from '../approvals.ts';
import { id, NamedRef, nullableIso } from './shared.ts';

const subject = {
  approvalId: id,
  subjectType: z.enum(APPROVAL_SUBJECT_TYPES),
  subjectId: id,
  ticketId: id.nullable(),
};

/** The approval engine (AU-1): an approval asked for, each person's decision, and its end. */
export const APPROVAL_EVENTS = {
  'approval.requested': {
    v: 1,
    data: z.object({
      ...subject,
      changeId: id.nullable(),
      title: z.string(),
      mode: z.enum(APPROVAL_MODES),
      approvers: z.array(NamedRef),
      deadline: nullableIso,
    }),
  },
  /** One approver's decision (the approval may go on: `all`, `sequence`, `any` before the last reject). */
  'approval.voted': {
    v: 1,
    data: z.object({
      ...subject,
      title: z.string(),
      approver: NamedRef,
      decision: z.enum(['approve', 'reject']),
      comment: z.string().nullable(),
      /** How the decision came: the web page/API or a signed link from a mail or IM message. */
      via: z.enum(['api', 'link']),
      /** The approver let the requester read the comment. */
      commentPublic: z.boolean().optional(),
      /** Each vote and its comment is for staff: the requester's timeline shows the outcome. */
      internal: z.literal(true).optional(),
    }),
  },
  /** The approval ended; the subject's module subscribes (`onEvent('approval.decided', ...)`). */
  /*
   * v2: the outcome `cancelled` (by the person who asked, an administrator or the subject's
   * module; `comment` is then the reason) and `publicComment`. v1 rows have no `cancelled`
   * and no `publicComment`. Requesters never read `comment` (tickets/timeline.ts).
   */
  'approval.decided': {
    v: 2,
    data: z.object({
      ...subject,
      outcome: z.enum(['approved', 'rejected', 'expired', 'cancelled']),
      /** Staff only: the deciding vote's comment, or the reason of a cancel. */
      comment: z.string().nullable(),
      /** What the requester may read: a reject's or a cancel's reason, a comment the approver made public. */
      publicComment: z.string().nullable().optional(),
      changeId: id.nullable().optional(),
      title: z.string().optional(),
    }),
  },
  /** An approver rule found nobody active (automatic requests): who was asked instead. */
  'approval.rule_failed': {
    v: 1,
    data: z.object({
      ...subject,
      title: z.string(),
      rule: ApproverRule,
      reason: z.enum(['inactive_user', 'no_team', 'no_lead', 'no_ticket', 'no_manager']),
      substitute: NamedRef.nullable(),
      internal: z.literal(true).optional(),
    }),
  },
  'approval.reminded': {
    v: 1,
    data: z.object({
      ...subject,
      title: z.string(),
      approvers: z.array(NamedRef),
      internal: z.literal(true).optional(),
    }),
  },
} as const;
