import { z } from 'zod';
import { APPROVAL_MODES, APPROVAL_SUBJECT_TYPES } from '../approvals.ts';
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
      /** Each vote and its comment is for staff: the requester's timeline shows the outcome. */
      internal: z.literal(true).optional(),
    }),
  },
  /** The approval ended; the subject's module subscribes (`onEvent('approval.decided', ...)`). */
  'approval.decided': {
    v: 1,
    data: z.object({
      ...subject,
      outcome: z.enum(['approved', 'rejected', 'expired']),
      comment: z.string().nullable(),
      changeId: id.nullable().optional(),
      title: z.string().optional(),
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
