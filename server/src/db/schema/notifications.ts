import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { at, id, ref } from './columns.ts';
import { teams, users } from './identity.ts';

/**
 * Outgoing mail. A row is written in the business transaction together with the job that
 * sends it; `status` moves pending -> sent (or failed after the last retry), and a sent row
 * is never sent again. `message_id` is the product's own Message-ID, so replies thread.
 */
export const outboxEmails = pgTable(
  'outbox_emails',
  {
    id: id(),
    kind: text('kind').notNull(),
    toAddress: text('to_address').notNull(),
    subject: text('subject').notNull(),
    textBody: text('text_body').notNull(),
    htmlBody: text('html_body'),
    ticketId: ref('ticket_id'),
    locale: text('locale', { enum: ['zh-CN', 'en'] }),
    headers: jsonb('headers').$type<Record<string, string>>().notNull().default({}),
    messageId: text('message_id').notNull().unique(),
    status: text('status', { enum: ['pending', 'sending', 'sent', 'failed', 'held'] })
      .notNull()
      .default('pending'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    createdAt: at('created_at').notNull().defaultNow(),
    sentAt: at('sent_at'),
  },
  (t) => [
    index('outbox_emails_ticket_idx').on(t.ticketId, t.createdAt),
    index('outbox_emails_status_idx').on(t.status, t.createdAt),
  ],
);

/** Message-IDs of mail that belongs to a ticket's thread (inbound and outbound), for matching replies. */
export const mailThreadRefs = pgTable(
  'mail_thread_refs',
  {
    messageId: text('message_id').primaryKey(),
    ticketId: ref('ticket_id').notNull(),
    direction: text('direction', { enum: ['in', 'out'] }).notNull(),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (t) => [index('mail_thread_refs_ticket_idx').on(t.ticketId, t.createdAt)],
);

/** The notification centre: what a user is told in the app. */
export const notifications = pgTable(
  'notifications',
  {
    id: id(),
    userId: ref('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    event: text('event').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull().default(''),
    ticketId: ref('ticket_id'),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
    readAt: at('read_at'),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('notifications_user_idx').on(t.userId, t.createdAt.desc(), t.id.desc()),
    index('notifications_unread_idx').on(t.userId).where(sql`${t.readAt} is null`),
  ],
);

/** A user's choice per event and channel; a missing row means the event's default. */
export const notificationPreferences = pgTable(
  'notification_preferences',
  {
    userId: ref('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    event: text('event').notNull(),
    channel: text('channel', { enum: ['in_app', 'email', 'im', 'sms'] }).notNull(),
    enabled: boolean('enabled').notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.event, t.channel] })],
);

/** Where a user can be reached besides email: a mobile number for SMS, an IM handle to mention. */
export const notificationContacts = pgTable('notification_contacts', {
  userId: ref('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  phone: text('phone'),
  imHandle: text('im_handle'),
  updatedAt: at('updated_at').notNull().defaultNow(),
});

/** An administrator's version of a message template; without a row the built-in default is used. */
export const messageTemplates = pgTable(
  'message_templates',
  {
    id: id(),
    event: text('event').notNull(),
    locale: text('locale', { enum: ['zh-CN', 'en'] }).notNull(),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    updatedBy: ref('updated_by').references(() => users.id),
    updatedAt: at('updated_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('message_templates_event_locale_key').on(t.event, t.locale)],
);

/** Communication templates for outages, maintenance and upgrades (CM-2). */
export const noticeTemplates = pgTable('notice_templates', {
  id: id(),
  kind: text('kind', { enum: ['outage', 'maintenance', 'upgrade'] }).notNull(),
  name: text('name').notNull(),
  locale: text('locale', { enum: ['zh-CN', 'en'] }).notNull(),
  subject: text('subject').notNull(),
  body: text('body').notNull(),
  createdBy: ref('created_by').references(() => users.id),
  createdAt: at('created_at').notNull().defaultNow(),
  updatedAt: at('updated_at').notNull().defaultNow(),
});

/** Canned responses (CM-4): personal when team_id is null, else shared with the team. */
export const cannedResponses = pgTable(
  'canned_responses',
  {
    id: id(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    /** The language it is written in; null: for readers of any language. */
    locale: text('locale', { enum: ['zh-CN', 'en'] }),
    teamId: ref('team_id').references(() => teams.id, { onDelete: 'cascade' }),
    ownerId: ref('owner_id')
      .notNull()
      .references(() => users.id),
    createdAt: at('created_at').notNull().defaultNow(),
    updatedAt: at('updated_at').notNull().defaultNow(),
  },
  (t) => [index('canned_responses_team_idx').on(t.teamId), index('canned_responses_owner_idx').on(t.ownerId)],
);
