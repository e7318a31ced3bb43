import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import type { Answers, CatalogApproval, FormField, FulfilmentTask } from '../../../../contracts/catalog.ts';
import { at, id, ref } from './columns.ts';
import { teams, users } from './identity.ts';
import { tickets } from './tickets.ts';

/**
 * A service of the catalog (KB-5): a tree (parent), a bilingual name and description, the form
 * a requester fills in, an optional approval, the fulfilment tasks and a standard-request guide.
 */
export const catalogItems = pgTable(
  'catalog_items',
  {
    id: id(),
    parentId: ref('parent_id').references((): AnyPgColumn => catalogItems.id),
    nameZh: text('name_zh').notNull(),
    nameEn: text('name_en').notNull(),
    descriptionZh: text('description_zh').notNull().default(''),
    descriptionEn: text('description_en').notNull().default(''),
    form: jsonb('form').$type<FormField[]>().notNull().default([]),
    approval: jsonb('approval').$type<CatalogApproval>(),
    tasks: jsonb('tasks').$type<FulfilmentTask[]>().notNull().default([]),
    taskOrder: text('task_order', { enum: ['sequential', 'parallel'] })
      .notNull()
      .default('sequential'),
    slaPolicyId: ref('sla_policy_id'),
    guide: text('guide'),
    articleId: ref('article_id'),
    published: boolean('published').notNull().default(false),
    createdAt: at('created_at').notNull().defaultNow(),
    updatedAt: at('updated_at').notNull().defaultNow(),
  },
  (t) => [index('catalog_items_parent_idx').on(t.parentId)],
);

/** A request made from a catalog item: its ticket (a service_request) and the answers. */
export const catalogRequests = pgTable(
  'catalog_requests',
  {
    id: id(),
    itemId: ref('item_id')
      .notNull()
      .references(() => catalogItems.id),
    ticketId: ref('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    answers: jsonb('answers').$type<Answers>().notNull(),
    /** The form as it was when the request was made: the labels the ticket page shows. */
    form: jsonb('form').$type<FormField[]>().notNull(),
    status: text('status', {
      enum: ['awaiting_approval', 'in_fulfilment', 'fulfilled', 'rejected', 'cancelled'],
    }).notNull(),
    approvalId: ref('approval_id'),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('catalog_requests_ticket_idx').on(t.ticketId),
    index('catalog_requests_item_idx').on(t.itemId),
  ],
);

/** A fulfilment task of a request; sequential tasks wait until the one before is done. */
export const catalogTasks = pgTable(
  'catalog_tasks',
  {
    id: id(),
    requestId: ref('request_id')
      .notNull()
      .references(() => catalogRequests.id, { onDelete: 'cascade' }),
    ticketId: ref('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    title: text('title').notNull(),
    teamId: ref('team_id')
      .notNull()
      .references(() => teams.id),
    status: text('status', { enum: ['waiting', 'open', 'done'] }).notNull(),
    doneBy: ref('done_by').references(() => users.id),
    doneAt: at('done_at'),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('catalog_tasks_ticket_idx').on(t.ticketId, t.position),
    check('catalog_tasks_done', sql`(${t.status} = 'done') = (${t.doneAt} is not null)`),
  ],
);
