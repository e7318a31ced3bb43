import { z } from 'zod';
import { Tier } from '../identity.ts';
import { Priority, TicketStatus, TicketType } from '../tickets.ts';
import { Changes, change, id, NamedRef, none } from './shared.ts';

/** The fields a `ticket.updated` event names: ticket columns, ids replaced by named references. */
export const TicketChanges = z.object({
  status: change(TicketStatus).optional(),
  priority: change(Priority).optional(),
  priorityOverridden: change(z.boolean()).optional(),
  priorityReason: change(z.string().nullable()).optional(),
  type: change(TicketType).optional(),
  impact: change(z.string()).optional(),
  urgency: change(z.string()).optional(),
  subject: change(z.string()).optional(),
  reopenCount: change(z.number().int()).optional(),
  /** A category by its path (`Hardware/Printer`) as `name`. */
  category: change(NamedRef.nullable()).optional(),
  /** Imports write the earlier team or assignee as a bare id. */
  team: change(z.union([NamedRef, id]).nullable()).optional(),
  assignee: change(z.union([NamedRef, id]).nullable()).optional(),
  /** The tags before and after (issue 13). */
  tags: change(z.array(z.string())).optional(),
});
export type TicketChanges = z.infer<typeof TicketChanges>;

/** Tickets, people and teams, notices, search and report subscriptions. */
export const TICKET_EVENTS = {
  // tickets
  'ticket.created': {
    v: 1,
    data: z.object({
      number: z.number().int(),
      channel: z.string().optional(),
      priority: Priority.optional(),
      requesterId: id.optional(),
      imported: z.literal(true).optional(),
      externalId: z.string().nullish(),
    }),
  },
  'ticket.updated': {
    v: 1,
    data: z.object({
      changes: TicketChanges,
      reason: z.literal('requester_replied').optional(),
      imported: z.literal(true).optional(),
    }),
  },
  'message.created': {
    v: 1,
    data: z.object({
      messageId: id,
      internal: z.boolean(),
      fromStaff: z.boolean(),
      purpose: z.string().optional(),
      imported: z.literal(true).optional(),
    }),
  },
  'attachment.created': {
    v: 1,
    data: z.object({ attachmentId: id, filename: z.string(), size: z.number(), internal: z.boolean() }),
  },
  'link.created': {
    v: 1,
    data: z.object({
      linkId: id,
      kind: z.string(),
      fromNumber: z.number().int(),
      toNumber: z.number().int(),
    }),
  },
  'link.deleted': {
    v: 1,
    data: z.object({
      linkId: id,
      kind: z.string(),
      fromTicketId: id,
      toTicketId: id,
      fromNumber: z.number().int().nullable(),
      toNumber: z.number().int().nullable(),
    }),
  },
  'category.created': { v: 1, data: z.object({ path: z.string() }) },
  'import.completed': {
    v: 1,
    data: z.object({ created: z.number(), skipped: z.number(), errors: z.number(), ticketIds: z.array(id) }),
  },
  'settings.priority_matrix_changed': { v: 1, data: z.object({ from: z.unknown(), to: z.unknown() }) },
  // identity
  'user.created': { v: 1, data: z.object({ email: z.string(), role: z.string() }) },
  'user.updated': {
    v: 1,
    data: z.object({
      changes: Changes,
      teamIds: z.array(id).optional(),
      passwordChanged: z.literal(true).optional(),
      sessionsEnded: z.number().optional(),
      tokensRevoked: z.number().optional(),
    }),
  },
  'user.signed_in': { v: 1, data: none },
  'token.created': { v: 1, data: z.object({ name: z.string() }) },
  'token.revoked': { v: 1, data: z.object({ name: z.string() }) },
  'organization.created': { v: 1, data: z.object({ name: z.string(), shareTickets: z.boolean() }) },
  'organization.updated': { v: 1, data: z.object({ changes: Changes }) },
  'team.created': { v: 1, data: z.object({ name: z.string(), tier: Tier }) },
  'team.updated': { v: 1, data: z.object({ changes: Changes, memberIds: z.array(id).optional() }) },
  // notifications
  'canned.created': { v: 1, data: none },
  'canned.updated': { v: 1, data: none },
  'canned.deleted': { v: 1, data: none },
  'notice_template.created': { v: 1, data: none },
  'notice_template.updated': { v: 1, data: none },
  'notice_template.deleted': { v: 1, data: none },
  'template.saved': { v: 1, data: z.object({ event: z.string(), locale: z.string() }) },
  'template.reset': { v: 1, data: z.object({ event: z.string(), locale: z.string() }) },
  // search
  'search.synonyms_created': { v: 1, data: z.object({ terms: z.array(z.string()) }) },
  'search.synonyms_deleted': { v: 1, data: z.object({ terms: z.array(z.string()) }) },
  // reports
  'reports.subscribed': { v: 1, data: none },
  'reports.unsubscribed': { v: 1, data: none },
} as const;
