import { z } from 'zod';
import { TicketSlaDto } from './sla-clock.ts';

export const TicketType = z.enum(['incident', 'service_request', 'question']);
export type TicketType = z.infer<typeof TicketType>;
export const Level = z.enum(['high', 'medium', 'low']);
export type Level = z.infer<typeof Level>;
export const Priority = z.enum(['P1', 'P2', 'P3', 'P4']);
export type Priority = z.infer<typeof Priority>;
export const TicketStatus = z.enum([
  'new',
  'open',
  'in_progress',
  'pending_requester',
  'pending_vendor',
  'resolved',
  'closed',
  'cancelled',
]);
export type TicketStatus = z.infer<typeof TicketStatus>;
export const Channel = z.enum(['portal', 'email', 'chat', 'phone', 'im', 'api', 'monitoring', 'import']);
export type Channel = z.infer<typeof Channel>;
export const LinkKind = z.enum(['duplicate_of', 'related', 'parent']);
export type LinkKind = z.infer<typeof LinkKind>;

/** A category path such as `Hardware/Printer` or `软件/财务系统`: 1-5 segments separated by `/`. */
export const CategoryPath = z
  .string()
  .trim()
  .max(300)
  .regex(/^[^/]+(\/[^/]+){0,4}$/, 'category must be a path like "Hardware/Printer"');

const text = (max: number) => z.string().trim().max(max);

/** A ticket tag (issue 13): trimmed, lower-cased, no commas (the queue filter is a list). */
export const Tag = z
  .string()
  .trim()
  .toLowerCase()
  .min(1)
  .max(50)
  .regex(/^[^,\s][^,]*$/, 'a tag has no commas');
/** A ticket's tags: at most 20, each once. */
export const Tags = z
  .array(Tag)
  .max(20)
  .transform((tags) => [...new Set(tags)]);

/** Assets linked to a ticket: at most 20, each once. */
export const AssetIds = z
  .array(z.number().int().positive())
  .max(20)
  .transform((ids) => [...new Set(ids)]);

/** An asset linked to a ticket, as the ticket shows it (the assets module fills it in). */
export const TicketAssetRef = z.object({
  id: z.number(),
  name: z.string(),
  type: z.string(),
  criticality: z.enum(['low', 'medium', 'high', 'critical']),
});
export type TicketAssetRef = z.infer<typeof TicketAssetRef>;

export const CreateTicketInput = z.object({
  subject: text(200).min(1),
  description: text(20000).min(1),
  type: TicketType,
  category: CategoryPath.optional(),
  impact: Level,
  urgency: Level,
  errorCode: text(200).optional(),
  environment: text(2000).optional(),
  stepsTried: text(5000).optional(),
  businessImpact: text(2000).optional(),
  occurredAt: z.iso.datetime({ offset: true }).optional(),
  channel: Channel.optional(),
  /** Agents only: open the ticket on behalf of this requester (a phone call, for example). */
  requesterId: z.number().int().positive().optional(),
  /** Agents only: the ticket's tags. */
  tags: Tags.optional(),
  /** Agents only: the assets (配置项) the ticket is about (issue 14). */
  assetIds: AssetIds.optional(),
});
export type CreateTicketInput = z.infer<typeof CreateTicketInput>;

export const UpdateTicketInput = z
  .object({
    subject: text(200).min(1),
    type: TicketType,
    category: CategoryPath.nullable(),
    impact: Level,
    urgency: Level,
    status: TicketStatus,
    /** An explicit priority overrides the matrix and needs `priorityReason`; null returns to the matrix. */
    priority: Priority.nullable(),
    priorityReason: text(500).min(1),
    teamId: z.number().int().positive().nullable(),
    assigneeId: z.number().int().positive().nullable(),
    /** The ticket's tags, all of them (replaces the set). */
    tags: Tags,
    /** The linked assets, all of them (replaces the set; issue 14). */
    assetIds: AssetIds,
  })
  .partial();
export type UpdateTicketInput = z.infer<typeof UpdateTicketInput>;

const PersonRef = z.object({ id: z.number(), name: z.string(), email: z.string() });

export const TicketLinkDto = z.object({
  id: z.number(),
  kind: LinkKind,
  /** `outgoing`: this ticket is the subject ("#1 duplicate_of #2" seen from #1). */
  direction: z.enum(['outgoing', 'incoming']),
  ticket: z.object({ id: z.number(), number: z.number(), subject: z.string(), status: TicketStatus }),
});

export const TicketDto = z.object({
  id: z.number(),
  number: z.number(),
  type: TicketType,
  category: z.string().nullable(),
  subject: z.string(),
  description: z.string(),
  errorCode: z.string().nullable(),
  environment: z.string().nullable(),
  stepsTried: z.string().nullable(),
  businessImpact: z.string().nullable(),
  occurredAt: z.string().nullable(),
  channel: Channel,
  impact: Level,
  urgency: Level,
  priority: Priority,
  priorityOverridden: z.boolean(),
  priorityReason: z.string().nullable(),
  status: TicketStatus,
  requester: PersonRef,
  organizationId: z.number().nullable(),
  team: z.object({ id: z.number(), name: z.string(), tier: z.string() }).nullable(),
  assignee: PersonRef.nullable(),
  reopenCount: z.number(),
  externalId: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  resolvedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  tags: z.array(z.string()),
  links: z.array(TicketLinkDto),
  /** SLA clocks (issue 3), computed from the ticket's history when it is read. */
  sla: TicketSlaDto.nullable().optional(),
  /** The assets the ticket is about (issue 14); staff only. */
  assets: z.array(TicketAssetRef).optional(),
});
export type TicketDto = z.infer<typeof TicketDto>;

/** One row of the queue: the ticket without its long texts. */
export const TicketSummaryDto = TicketDto.omit({
  description: true,
  environment: true,
  stepsTried: true,
  businessImpact: true,
  links: true,
  assets: true,
});
export type TicketSummaryDto = z.infer<typeof TicketSummaryDto>;

const csv = <O>(item: z.ZodType<O, string>) =>
  z
    .string()
    .transform((s) => s.split(',').filter(Boolean))
    .pipe(z.array(item).max(20));

export const TicketSort = z.enum(['created_desc', 'created_asc', 'updated_desc', 'priority']);
export type TicketSort = z.infer<typeof TicketSort>;

export const ListTicketsQuery = z.object({
  status: csv(TicketStatus).optional(),
  priority: csv(Priority).optional(),
  type: csv(TicketType).optional(),
  channel: csv(Channel).optional(),
  /** Team ids, or `none` for unassigned to a team. */
  teamId: csv(
    z
      .string()
      .regex(/^(none|\d{1,15})$/, 'a team id or "none"')
      .transform((v) => (v === 'none' ? ('none' as const) : Number(v))),
  ).optional(),
  /** User ids, `me`, or `none` for unassigned. */
  assigneeId: csv(
    z
      .string()
      .regex(/^(none|me|\d{1,15})$/, 'a user id, "me" or "none"')
      .transform((v) => (v === 'none' || v === 'me' ? v : Number(v))),
  ).optional(),
  requesterId: z.coerce.number().int().positive().optional(),
  /** A category path; matches the category and everything below it. */
  category: CategoryPath.optional(),
  /** Tickets that carry all of these tags. */
  tag: csv(Tag).optional(),
  /** Tickets linked to this asset (issue 14; staff only). */
  assetId: z.coerce.number().int().positive().optional(),
  q: z.string().trim().max(200).optional(),
  sort: TicketSort.default('created_desc'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
});
export type ListTicketsQuery = z.infer<typeof ListTicketsQuery>;

export const CreateMessageInput = z.object({
  body: text(50000).min(1),
  internal: z.boolean().default(false),
});

export const AttachmentDto = z.object({
  id: z.number(),
  ticketId: z.number(),
  messageId: z.number().nullable(),
  filename: z.string(),
  contentType: z.string(),
  size: z.number(),
  createdAt: z.string(),
  uploadedBy: z.number().nullable(),
});
export type AttachmentDto = z.infer<typeof AttachmentDto>;

export const MessageDto = z.object({
  id: z.number(),
  ticketId: z.number(),
  author: PersonRef.nullable(),
  authorRole: z.string().nullable(),
  body: z.string(),
  internal: z.boolean(),
  channel: Channel,
  createdAt: z.string(),
  attachments: z.array(AttachmentDto),
});
export type MessageDto = z.infer<typeof MessageDto>;

export const TimelineEventDto = z.object({
  id: z.number(),
  kind: z.string(),
  at: z.string(),
  actor: z.object({ id: z.number(), name: z.string() }).nullable(),
  /** What changed: `{ field: { from, to } }` for changes, the message for messages. */
  data: z.record(z.string(), z.unknown()),
});
export type TimelineEventDto = z.infer<typeof TimelineEventDto>;

/** The target by id, or by the number people see; exactly one of the two. */
export const CreateLinkInput = z
  .object({
    kind: LinkKind,
    targetId: z.number().int().positive().optional(),
    targetNumber: z.number().int().positive().optional(),
  })
  .refine((v) => (v.targetId === undefined) !== (v.targetNumber === undefined), {
    message: 'give targetId or targetNumber',
    path: ['targetId'],
  });

export const PriorityMatrix = z.record(Level, z.record(Level, Priority));
export type PriorityMatrix = z.infer<typeof PriorityMatrix>;

export const CategoryDto = z.object({
  id: z.number(),
  name: z.string(),
  path: z.string(),
  parentId: z.number().nullable(),
});
export const CreateCategoryInput = z.object({ path: CategoryPath });

export const SavedViewDto = z.object({
  id: z.number(),
  name: z.string(),
  filters: z.record(z.string(), z.string()),
  createdAt: z.string(),
});
export const CreateSavedViewInput = z.object({
  name: z.string().trim().min(1).max(120),
  filters: z.record(z.string().max(40), z.string().max(500)),
});

export const ImportResult = z.object({
  created: z.number(),
  skipped: z.number(),
  errors: z.array(
    z.object({ line: z.number(), code: z.string(), field: z.string().optional(), message: z.string() }),
  ),
});

const IsoWithOffset = z.iso.datetime({ offset: true });

/** One line of a historical import (JSON Lines). */
export const ImportTicketLine = z.object({
  externalId: z.string().trim().min(1).max(200),
  subject: text(200).min(1),
  description: text(20000).min(1),
  type: TicketType,
  category: CategoryPath.optional(),
  impact: Level,
  urgency: Level,
  channel: Channel.optional(),
  requesterEmail: z.email(),
  requesterName: text(120).min(1).optional(),
  createdAt: IsoWithOffset,
  events: z
    .array(
      z.discriminatedUnion('kind', [
        z.object({ at: IsoWithOffset, kind: z.literal('status'), status: TicketStatus }),
        z.object({
          at: IsoWithOffset,
          kind: z.literal('message'),
          body: text(50000).min(1),
          internal: z.boolean().optional(),
          authorEmail: z.email().optional(),
        }),
        z.object({
          at: IsoWithOffset,
          kind: z.literal('assign'),
          assigneeEmail: z.email().optional(),
          team: text(120).min(1).optional(),
        }),
      ]),
    )
    .max(2000)
    .optional(),
});
export type ImportTicketLine = z.infer<typeof ImportTicketLine>;
