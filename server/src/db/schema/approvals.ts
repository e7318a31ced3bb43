import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import {
  APPROVAL_DECISIONS,
  APPROVAL_MODES,
  APPROVAL_STATUSES,
  APPROVAL_SUBJECT_TYPES,
} from '../../../../contracts/approvals.ts';
import { at, id, ref } from './columns.ts';
import { users } from './identity.ts';
import { tickets } from './tickets.ts';

/**
 * An approval (AU-1): what is asked, of whom, in which mode, and how it ended. The subject
 * (ticket, change, runbook run, service request) belongs to another module, which hears the end
 * through the `approval.decided` event.
 */
export const approvals = pgTable(
  'approvals',
  {
    id: id(),
    subjectType: text('subject_type', { enum: APPROVAL_SUBJECT_TYPES }).notNull(),
    subjectId: ref('subject_id').notNull(),
    ticketId: ref('ticket_id').references(() => tickets.id, { onDelete: 'cascade' }),
    changeId: ref('change_id'),
    title: text('title').notNull(),
    mode: text('mode', { enum: APPROVAL_MODES }).notNull(),
    status: text('status', { enum: APPROVAL_STATUSES }).notNull().default('pending'),
    deadline: at('deadline'),
    remindAfterMinutes: integer('remind_after_minutes'),
    requestedBy: ref('requested_by').references(() => users.id),
    createdAt: at('created_at').notNull().defaultNow(),
    decidedAt: at('decided_at'),
    comment: text('comment'),
  },
  (t) => [
    index('approvals_ticket_idx').on(t.ticketId, t.createdAt),
    index('approvals_subject_idx').on(t.subjectType, t.subjectId),
    check('approvals_decided_check', sql`(${t.status} = 'pending') = (${t.decidedAt} is null)`),
  ],
);

/** The people asked, in order (`position`, used by `sequence`), each with their own decision. */
export const approvalApprovers = pgTable(
  'approval_approvers',
  {
    id: id(),
    approvalId: ref('approval_id')
      .notNull()
      .references(() => approvals.id, { onDelete: 'cascade' }),
    userId: ref('user_id')
      .notNull()
      .references(() => users.id),
    position: integer('position').notNull(),
    decision: text('decision', { enum: APPROVAL_DECISIONS }),
    comment: text('comment'),
    /** The approver let the requester read their comment (a reject's reason is always shown). */
    commentPublic: boolean('comment_public').notNull().default(false),
    decidedAt: at('decided_at'),
    remindedAt: at('reminded_at'),
  },
  (t) => [
    uniqueIndex('approval_approvers_person_idx').on(t.approvalId, t.userId),
    uniqueIndex('approval_approvers_position_idx').on(t.approvalId, t.position),
    index('approval_approvers_pending_idx').on(t.userId).where(sql`${t.decision} is null`),
  ],
);

/**
 * The signed decision links of mail and IM messages already used: a link's nonce is stored when
 * it decides, so a link works once (its approve and reject variants share the nonce).
 */
export const approvalLinkUses = pgTable('approval_link_uses', {
  nonce: text('nonce').primaryKey(),
  approvalId: ref('approval_id')
    .notNull()
    .references(() => approvals.id, { onDelete: 'cascade' }),
  userId: ref('user_id')
    .notNull()
    .references(() => users.id),
  usedAt: at('used_at').notNull().defaultNow(),
});
