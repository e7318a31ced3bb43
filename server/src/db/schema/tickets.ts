import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgSequence,
  pgTable,
  pgView,
  text,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { at, id, ref } from './columns.ts';
import { organizations, teams, users } from './identity.ts';

export const categories = pgTable(
  'categories',
  {
    id: id(),
    name: text('name').notNull(),
    parentId: ref('parent_id'),
    path: text('path').notNull(),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('categories_path_key').on(sql`lower(${t.path})`)],
);

const OPEN = sql`status in ('new', 'open', 'in_progress', 'pending_requester', 'pending_vendor', 'pending_approval')`;

/** Ticket numbers are shown to people (#10001); ids are internal. */
export const ticketNumberSeq = pgSequence('ticket_number_seq', { startWith: 10001 });

export const tickets = pgTable(
  'tickets',
  {
    id: id(),
    number: bigint('number', { mode: 'number' })
      .notNull()
      .unique()
      .default(sql`nextval('ticket_number_seq')`),
    type: text('type', { enum: ['incident', 'service_request', 'question'] }).notNull(),
    categoryId: ref('category_id').references(() => categories.id),
    subject: text('subject').notNull(),
    description: text('description').notNull(),
    errorCode: text('error_code'),
    environment: text('environment'),
    stepsTried: text('steps_tried'),
    businessImpact: text('business_impact'),
    occurredAt: at('occurred_at'),
    channel: text('channel').notNull(),
    impact: text('impact', { enum: ['high', 'medium', 'low'] }).notNull(),
    urgency: text('urgency', { enum: ['high', 'medium', 'low'] }).notNull(),
    priority: text('priority', { enum: ['P1', 'P2', 'P3', 'P4'] }).notNull(),
    priorityOverridden: boolean('priority_overridden').notNull().default(false),
    priorityReason: text('priority_reason'),
    status: text('status').notNull().default('new'),
    requesterId: ref('requester_id')
      .notNull()
      .references(() => users.id),
    organizationId: ref('organization_id').references(() => organizations.id),
    teamId: ref('team_id').references(() => teams.id),
    assigneeId: ref('assignee_id').references(() => users.id),
    reopenCount: integer('reopen_count').notNull().default(0),
    /** Unique where set (historical import): see tickets_external_id_key below. */
    externalId: text('external_id'),
    createdAt: at('created_at').notNull().defaultNow(),
    updatedAt: at('updated_at').notNull().defaultNow(),
    resolvedAt: at('resolved_at'),
    closedAt: at('closed_at'),
    /** Free labels (issue 13): lower-case, unique, set by agents and automation rules. */
    tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
  },
  (t) => [
    // The queue is read newest first (keyset on created_at, id) with a filter or two.
    index('tickets_created_idx').on(t.createdAt.desc(), t.id.desc()),
    index('tickets_status_created_idx').on(t.status, t.createdAt.desc(), t.id.desc()),
    index('tickets_team_created_idx').on(t.teamId, t.createdAt.desc(), t.id.desc()),
    index('tickets_assignee_created_idx').on(t.assigneeId, t.createdAt.desc(), t.id.desc()),
    index('tickets_requester_created_idx').on(t.requesterId, t.createdAt.desc(), t.id.desc()),
    index('tickets_org_created_idx').on(t.organizationId, t.createdAt.desc(), t.id.desc()),
    index('tickets_updated_idx').on(t.updatedAt.desc(), t.id.desc()),
    index('tickets_priority_created_idx').on(t.priority, t.createdAt.desc(), t.id.desc()),
    index('tickets_category_idx').on(t.categoryId),
    // Queues look at open work, a small share of all tickets: partial indexes keep every
    // open-ticket view fast however large the history grows.
    index('tickets_open_created_idx').on(t.createdAt.desc(), t.id.desc()).where(OPEN),
    index('tickets_open_team_idx').on(t.teamId, t.priority, t.createdAt.desc(), t.id.desc()).where(OPEN),
    index('tickets_open_assignee_idx')
      .on(t.assigneeId, t.priority, t.createdAt.desc(), t.id.desc())
      .where(OPEN),
    index('tickets_open_priority_idx').on(t.priority, t.createdAt.desc(), t.id.desc()).where(OPEN),
    index('tickets_open_unassigned_idx')
      .on(t.createdAt.desc(), t.id.desc())
      .where(
        sql`assignee_id is null and status in ('new', 'open', 'in_progress', 'pending_requester', 'pending_vendor', 'pending_approval')`,
      ),
    // The queue's tag filter (`tags @> array[...] and cardinality(tags) > 0`); the sort then runs
    // over the matches. Only tagged tickets are indexed: a filter of one tag or more never
    // matches an untagged ticket, and most tickets (every new one) carry none.
    index('tickets_tags_idx').using('gin', t.tags).where(sql`cardinality(${t.tags}) > 0`),
    // The queue's subject filter (`subject ilike`). 64 kB of pending entries rather than 4 MB, as
    // the tickets' word index (search.ts): every search reads all of them, and a burst of new
    // tickets left 4 MB there, which a subject search read until the next vacuum (issue 18).
    index('tickets_subject_trgm_idx')
      .using('gin', sql`${t.subject} gin_trgm_ops`)
      .with({ gin_pending_list_limit: 64 }),
    // Only imported tickets have an external id: a partial unique index (the same uniqueness,
    // NULLs never conflicted) keeps every other ticket's insert from writing a NULL entry.
    uniqueIndex('tickets_external_id_key').on(t.externalId).where(sql`${t.externalId} is not null`),
    check('tickets_priority_reason', sql`not ${t.priorityOverridden} or ${t.priorityReason} is not null`),
  ],
);

export const ticketMessages = pgTable(
  'ticket_messages',
  {
    id: id(),
    ticketId: ref('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    authorId: ref('author_id').references(() => users.id),
    body: text('body').notNull(),
    internal: boolean('internal').notNull().default(false),
    channel: text('channel').notNull(),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (t) => [index('ticket_messages_ticket_idx').on(t.ticketId, t.createdAt)],
);

export const attachments = pgTable(
  'attachments',
  {
    id: id(),
    ticketId: ref('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    messageId: ref('message_id').references(() => ticketMessages.id),
    filename: text('filename').notNull(),
    contentType: text('content_type').notNull(),
    size: bigint('size', { mode: 'number' }).notNull(),
    sha256: text('sha256').notNull(),
    storageKey: text('storage_key').notNull(),
    /** Attached to an internal note: never shown to requesters. */
    internal: boolean('internal').notNull().default(false),
    uploadedBy: ref('uploaded_by').references(() => users.id),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (t) => [index('attachments_ticket_idx').on(t.ticketId)],
);

export const ticketLinks = pgTable(
  'ticket_links',
  {
    id: id(),
    fromTicketId: ref('from_ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    toTicketId: ref('to_ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ['duplicate_of', 'related', 'parent'] }).notNull(),
    createdBy: ref('created_by').references(() => users.id),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('ticket_links_unique').on(t.fromTicketId, t.toTicketId, t.kind),
    index('ticket_links_to_idx').on(t.toTicketId),
    check('ticket_links_not_self', sql`${t.fromTicketId} <> ${t.toTicketId}`),
  ],
);

export const savedViews = pgTable(
  'saved_views',
  {
    id: id(),
    userId: ref('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    filters: jsonb('filters').$type<Record<string, string>>().notNull(),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (t) => [index('saved_views_user_idx').on(t.userId)],
);

/**
 * Ticket changes waiting for their follow-ups (search index, notifications, report facts,
 * triage, knowledge capture): written in the change's transaction, worked off after commit
 * in order by one job (modules/tickets/follow-ups.ts). A change whose follow-ups failed
 * stays with its error, and is tried again, up to a limit.
 */
export const ticketFollowUps = pgTable('ticket_follow_ups', {
  id: id(),
  change: jsonb('change').notNull(),
  createdAt: at('created_at').notNull().defaultNow(),
  attempts: integer('attempts').notNull().default(0),
  lastError: text('last_error'),
});

// Read models: views other modules may read (created in migration read_models; see docs/read-models.md).
/** Tickets: every stored field (a row is locked with `for update` on the view as on the table). */
export const ticketsView = pgView('tickets_v', {
  id: ref('id').notNull(),
  number: ref('number').notNull(),
  type: text('type').notNull(),
  categoryId: ref('category_id'),
  subject: text('subject').notNull(),
  description: text('description').notNull(),
  errorCode: text('error_code'),
  environment: text('environment'),
  stepsTried: text('steps_tried'),
  businessImpact: text('business_impact'),
  occurredAt: at('occurred_at'),
  channel: text('channel').notNull(),
  impact: text('impact').notNull(),
  urgency: text('urgency').notNull(),
  priority: text('priority').notNull(),
  priorityOverridden: boolean('priority_overridden').notNull(),
  priorityReason: text('priority_reason'),
  status: text('status').notNull(),
  requesterId: ref('requester_id').notNull(),
  organizationId: ref('organization_id'),
  teamId: ref('team_id'),
  assigneeId: ref('assignee_id'),
  reopenCount: integer('reopen_count').notNull(),
  externalId: text('external_id'),
  createdAt: at('created_at').notNull(),
  updatedAt: at('updated_at').notNull(),
  resolvedAt: at('resolved_at'),
  closedAt: at('closed_at'),
}).existing();

/** The category tree: a path such as `软件/财务系统` names a category and its ancestors. */
export const ticketCategoriesView = pgView('ticket_categories_v', {
  id: ref('id').notNull(),
  name: text('name').notNull(),
  parentId: ref('parent_id'),
  path: text('path').notNull(),
}).existing();

/** Messages on tickets, internal notes included (readers filter `internal` for requesters). */
export const ticketMessagesView = pgView('ticket_messages_v', {
  id: ref('id').notNull(),
  ticketId: ref('ticket_id').notNull(),
  authorId: ref('author_id'),
  body: text('body').notNull(),
  internal: boolean('internal').notNull(),
  channel: text('channel').notNull(),
  createdAt: at('created_at').notNull(),
}).existing();
