import {
  bigint,
  boolean,
  customType,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { at, id, ref } from './columns.ts';
import { teams, users } from './identity.ts';
import { tickets } from './tickets.ts';

const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });

/**
 * Where mail comes in: an IMAP mailbox the product polls, or the SMTP listener (one row of
 * kind 'smtp' per inbound domain). The IMAP password is stored encrypted (AES-256-GCM).
 */
export const mailboxes = pgTable(
  'mailboxes',
  {
    id: id(),
    name: text('name').notNull(),
    kind: text('kind', { enum: ['imap', 'smtp'] }).notNull(),
    address: text('address').notNull(),
    imapHost: text('imap_host'),
    imapPort: integer('imap_port'),
    imapTls: boolean('imap_tls').notNull().default(true),
    imapUser: text('imap_user'),
    imapPasswordEnc: text('imap_password_enc'),
    imapFolder: text('imap_folder').notNull().default('INBOX'),
    /** Unknown senders become requesters; otherwise their mail is kept but opens nothing. */
    createRequesters: boolean('create_requesters').notNull().default(true),
    teamId: ref('team_id').references(() => teams.id, { onDelete: 'set null' }),
    active: boolean('active').notNull().default(true),
    lastUidValidity: text('last_uid_validity'),
    lastUid: bigint('last_uid', { mode: 'number' }),
    lastPolledAt: at('last_polled_at'),
    lastError: text('last_error'),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('mailboxes_kind_address_key').on(t.kind, t.address)],
);

/**
 * Every inbound message, raw bytes first. Unique by (mailbox, Message-ID, content digest): a
 * second delivery of the same message is recognised by the database, not by luck, while a
 * different message that reuses a Message-ID (broken mailers, scripts) is still taken. Processing moves the row
 * from received to processed (or ignored / rejected / failed) in one transaction with the
 * ticket it creates, so a crash mid-ingest leaves the row received and the job retries it.
 */
export const inboundEmails = pgTable(
  'inbound_emails',
  {
    id: id(),
    mailboxId: ref('mailbox_id')
      .notNull()
      .references(() => mailboxes.id),
    messageId: text('message_id').notNull(),
    /**
     * sha256 of the normalised From, Subject, Content-Type and body: the same for a redelivery
     * that only gained Received headers or changed line endings. 'legacy' on rows stored before
     * the digest existed (a Message-ID alone identified them).
     */
    contentDigest: text('content_digest').notNull(),
    raw: bytea('raw').notNull(),
    size: integer('size').notNull(),
    envelopeFrom: text('envelope_from'),
    envelopeTo: jsonb('envelope_to').$type<string[]>().notNull().default([]),
    fromAddress: text('from_address'),
    subject: text('subject'),
    status: text('status', { enum: ['received', 'processed', 'ignored', 'rejected', 'failed'] })
      .notNull()
      .default('received'),
    reason: text('reason'),
    ticketId: ref('ticket_id').references(() => tickets.id, { onDelete: 'set null' }),
    ticketMessageId: ref('ticket_message_id'),
    /** The sanitised HTML and the folded quoted history, for agents who want the whole mail. */
    htmlSanitized: text('html_sanitized'),
    quotedText: text('quoted_text'),
    attempts: integer('attempts').notNull().default(0),
    receivedAt: at('received_at').notNull().defaultNow(),
    processedAt: at('processed_at'),
  },
  (t) => [
    uniqueIndex('inbound_emails_mailbox_message_digest_key').on(t.mailboxId, t.messageId, t.contentDigest),
    index('inbound_emails_status_idx').on(t.status, t.receivedAt),
    index('inbound_emails_ticket_idx').on(t.ticketId),
  ],
);

/** An IM group bot: where notifications are posted, and the shared secret of its incoming webhook. */
export const imBots = pgTable('im_bots', {
  id: id(),
  name: text('name').notNull(),
  platform: text('platform', { enum: ['wecom', 'dingtalk', 'feishu', 'slack'] }).notNull(),
  /** The group robot's webhook for posting; null for a bot that only takes messages in. */
  webhookUrl: text('webhook_url'),
  /** Signing secret of the platform (DingTalk, Feishu), encrypted. */
  signSecretEnc: text('sign_secret_enc'),
  /** Shared secret of the incoming webhook that opens tickets, encrypted. */
  inboundSecretEnc: text('inbound_secret_enc'),
  /** The platform's callback credentials (JSON of ImInboundCredentials), encrypted. */
  inboundCredsEnc: text('inbound_creds_enc'),
  events: jsonb('events').$type<string[]>().notNull().default([]),
  active: boolean('active').notNull().default(true),
  createdAt: at('created_at').notNull().defaultNow(),
});

/** Idempotency of the incoming IM webhook: one ticket per (bot, external message id). */
export const imInbound = pgTable(
  'im_inbound',
  {
    id: id(),
    botId: ref('bot_id')
      .notNull()
      .references(() => imBots.id, { onDelete: 'cascade' }),
    externalId: text('external_id').notNull(),
    ticketId: ref('ticket_id').references(() => tickets.id, { onDelete: 'set null' }),
    /** The platform the message came from (null: the product's own signed webhook). */
    platform: text('platform', { enum: ['wecom', 'dingtalk', 'feishu', 'slack'] }),
    contactId: ref('contact_id').references(() => imContacts.id, { onDelete: 'set null' }),
    receivedAt: at('received_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('im_inbound_bot_external_key').on(t.botId, t.externalId),
    index('im_inbound_contact_idx').on(t.contactId, t.id),
  ],
);

/**
 * A person's account on an IM platform (their platform user id), filed under a person: linked
 * by an administrator or agent, or a requester the desk made for an unknown sender.
 */
export const imContacts = pgTable(
  'im_contacts',
  {
    id: id(),
    platform: text('platform', { enum: ['wecom', 'dingtalk', 'feishu', 'slack'] }).notNull(),
    externalUserId: text('external_user_id').notNull(),
    name: text('name').notNull(),
    userId: ref('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    linked: boolean('linked').notNull().default(false),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('im_contacts_platform_user_key').on(t.platform, t.externalUserId),
    index('im_contacts_user_idx').on(t.userId),
  ],
);

/**
 * A live chat between a requester (signed in, or a widget visitor) and an agent. A widget
 * visitor is only a name and an email (`visitor_*`) until they prove the address with the
 * emailed code: then `verified_at` is set and the chat belongs to that address's account.
 */
export const chats = pgTable(
  'chats',
  {
    id: id(),
    /** The account the chat belongs to; null while a widget visitor is unverified. */
    requesterId: ref('requester_id').references(() => users.id),
    agentId: ref('agent_id').references(() => users.id),
    status: text('status', { enum: ['waiting', 'active', 'converted', 'resolved', 'abandoned'] })
      .notNull()
      .default('waiting'),
    subject: text('subject').notNull(),
    source: text('source', { enum: ['portal', 'widget'] }).notNull(),
    /** SHA-256 of the widget visitor's token. */
    visitorTokenHash: text('visitor_token_hash'),
    /** What the widget visitor said they are called and where they read mail (unproved). */
    visitorName: text('visitor_name'),
    visitorEmail: text('visitor_email'),
    /** When the requester was proved: at once for a signed-in person, by the code for a visitor. */
    verifiedAt: at('verified_at'),
    /** The pending one-time code: SHA-256 (salted with the chat's token hash), expiry, tries, mails sent. */
    verificationCodeHash: text('verification_code_hash'),
    verificationExpiresAt: at('verification_expires_at'),
    verificationAttempts: integer('verification_attempts').notNull().default(0),
    verificationSends: integer('verification_sends').notNull().default(0),
    ticketId: ref('ticket_id').references(() => tickets.id, { onDelete: 'set null' }),
    resolvedAtFirstContact: boolean('resolved_at_first_contact').notNull().default(false),
    createdAt: at('created_at').notNull().defaultNow(),
    acceptedAt: at('accepted_at'),
    endedAt: at('ended_at'),
  },
  (t) => [
    index('chats_status_idx').on(t.status, t.createdAt),
    index('chats_requester_idx').on(t.requesterId),
  ],
);

export const chatMessages = pgTable(
  'chat_messages',
  {
    id: id(),
    chatId: ref('chat_id')
      .notNull()
      .references(() => chats.id, { onDelete: 'cascade' }),
    authorId: ref('author_id').references(() => users.id),
    fromStaff: boolean('from_staff').notNull(),
    body: text('body').notNull(),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (t) => [index('chat_messages_chat_idx').on(t.chatId, t.id)],
);

/** A logged phone call (the call log form). */
export const phoneCalls = pgTable(
  'phone_calls',
  {
    id: id(),
    ticketId: ref('ticket_id').references(() => tickets.id, { onDelete: 'set null' }),
    callerId: ref('caller_id').references(() => users.id),
    callerName: text('caller_name').notNull(),
    callerNumber: text('caller_number'),
    direction: text('direction', { enum: ['inbound', 'outbound'] }).notNull(),
    durationSeconds: integer('duration_seconds').notNull(),
    outcome: text('outcome', {
      enum: ['ticket_created', 'resolved_on_call', 'added_to_ticket', 'callback_scheduled', 'no_answer'],
    }).notNull(),
    notes: text('notes').notNull().default(''),
    agentId: ref('agent_id')
      .notNull()
      .references(() => users.id),
    loggedAt: at('logged_at').notNull().defaultNow(),
  },
  (t) => [
    index('phone_calls_agent_idx').on(t.agentId, t.loggedAt),
    index('phone_calls_ticket_idx').on(t.ticketId),
  ],
);

/** A call-back task (FB-3): due at a time, for an agent. */
export const callbacks = pgTable(
  'callbacks',
  {
    id: id(),
    ticketId: ref('ticket_id').references(() => tickets.id, { onDelete: 'set null' }),
    contactName: text('contact_name').notNull(),
    phone: text('phone').notNull(),
    reason: text('reason').notNull(),
    dueAt: at('due_at').notNull(),
    assigneeId: ref('assignee_id')
      .notNull()
      .references(() => users.id),
    status: text('status', { enum: ['scheduled', 'done', 'cancelled'] })
      .notNull()
      .default('scheduled'),
    outcome: text('outcome'),
    createdBy: ref('created_by').references(() => users.id),
    createdAt: at('created_at').notNull().defaultNow(),
    doneAt: at('done_at'),
  },
  (t) => [index('callbacks_assignee_idx').on(t.assigneeId, t.status, t.dueAt)],
);
