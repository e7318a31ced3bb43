import { z } from 'zod';
import { Id, Locale, updateSchema } from './common.ts';
import { Level, TicketType } from './tickets.ts';

const text = (max: number) => z.string().trim().max(max);

// --- mailboxes ---
export const MailboxDto = z.object({
  id: z.number(),
  name: z.string(),
  kind: z.enum(['imap', 'smtp']),
  address: z.string(),
  imapHost: z.string().nullable(),
  imapPort: z.number().nullable(),
  imapTls: z.boolean(),
  imapUser: z.string().nullable(),
  /** Never the password itself: only whether one is stored. */
  hasPassword: z.boolean(),
  imapFolder: z.string(),
  createRequesters: z.boolean(),
  active: z.boolean(),
  lastPolledAt: z.string().nullable(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
});
export type MailboxDto = z.infer<typeof MailboxDto>;

export const CreateMailboxInput = z.object({
  name: text(100).min(1),
  address: z.email().max(254),
  imapHost: text(253).min(1),
  imapPort: z.number().int().min(1).max(65535).default(993),
  imapTls: z.boolean().default(true),
  imapUser: text(254).min(1),
  imapPassword: z.string().min(1).max(500),
  imapFolder: text(200).min(1).default('INBOX'),
  createRequesters: z.boolean().default(true),
  active: z.boolean().default(true),
});
export type CreateMailboxInput = z.infer<typeof CreateMailboxInput>;

export const UpdateMailboxInput = z
  .object({
    name: text(100).min(1),
    imapHost: text(253).min(1),
    imapPort: z.number().int().min(1).max(65535),
    imapTls: z.boolean(),
    imapUser: text(254).min(1),
    imapPassword: z.string().min(1).max(500),
    imapFolder: text(200).min(1),
    createRequesters: z.boolean(),
    active: z.boolean(),
  })
  .partial();
export type UpdateMailboxInput = z.infer<typeof UpdateMailboxInput>;

export const PollResult = z.object({ fetched: z.number(), ingested: z.number(), duplicates: z.number() });

// --- inbound mail (kept raw for administrators) ---
export const InboundEmailStatus = z.enum(['received', 'processed', 'ignored', 'rejected', 'failed']);
export const InboundEmailDto = z.object({
  id: z.number(),
  mailboxId: z.number(),
  messageId: z.string(),
  fromAddress: z.string().nullable(),
  subject: z.string().nullable(),
  size: z.number(),
  status: InboundEmailStatus,
  reason: z.string().nullable(),
  ticketId: z.number().nullable(),
  receivedAt: z.string(),
  processedAt: z.string().nullable(),
});
export type InboundEmailDto = z.infer<typeof InboundEmailDto>;

export const ListInboundEmailsQuery = z.object({
  status: InboundEmailStatus.optional(),
  ticketId: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const InboundEmailDetailDto = InboundEmailDto.extend({
  htmlSanitized: z.string().nullable(),
  quotedText: z.string().nullable(),
});

/** The mail a ticket message came from, for the agent's "original message" view. */
export const OriginalMailDto = z.object({
  inboundId: z.number(),
  messageId: z.string(),
  from: z.string().nullable(),
  to: z.string().nullable(),
  cc: z.string().nullable(),
  date: z.string().nullable(),
  subject: z.string().nullable(),
  receivedAt: z.string(),
  /** Sanitised HTML (no scripts, styles, handlers, forms; cid: images point at the ticket's attachments). */
  html: z.string().nullable(),
  /** The whole text, quoted history included (made from the HTML when the mail had no text part). */
  text: z.string(),
  attachments: z.array(z.object({ filename: z.string(), contentType: z.string(), size: z.number() })),
});
export type OriginalMailDto = z.infer<typeof OriginalMailDto>;
export const OriginalMailParams = z.object({ id: Id, messageId: Id });

// --- IM bots ---
export const ImPlatform = z.enum(['wecom', 'dingtalk', 'feishu', 'slack']);
export type ImPlatform = z.infer<typeof ImPlatform>;

const credential = (max = 500) => z.string().trim().min(1).max(max);
/**
 * The credentials with which a platform calls the bot's callback URL (its own protocol), and
 * with which the desk answers there. Which fields a platform takes: `IM_INBOUND_FIELDS`.
 * Secrets are write-only; `null` clears them all.
 */
export const ImInboundCredentials = z
  .object({
    /** DingTalk: the robot's AppSecret (signs `timestamp` + "\n" + secret). Feishu: the app secret (replies). */
    appSecret: credential(),
    /** WeCom: the callback Token, EncodingAESKey (43 characters) and the CorpID (receiveid). */
    token: credential(100),
    encodingAesKey: z.string().regex(/^[A-Za-z0-9+/]{43}$/, 'EncodingAESKey is 43 base64 characters'),
    corpId: credential(100),
    /** Feishu/Lark: the event subscription's Verification Token and Encrypt Key, and the app (for replies). */
    verificationToken: credential(),
    encryptKey: credential(),
    appId: credential(100),
    /** Slack: the app's Signing Secret, and its bot token (xoxb-, for replies in thread). */
    signingSecret: credential(),
    botToken: credential(),
  })
  .partial()
  .strict();
export type ImInboundCredentials = z.infer<typeof ImInboundCredentials>;
export const IM_INBOUND_FIELDS = {
  dingtalk: { required: ['appSecret'], optional: [] },
  wecom: { required: ['token', 'encodingAesKey', 'corpId'], optional: [] },
  feishu: { required: ['verificationToken', 'encryptKey'], optional: ['appId', 'appSecret'] },
  slack: { required: ['signingSecret'], optional: ['botToken'] },
} as const satisfies Record<ImPlatform, { required: string[]; optional: string[] }>;
/** Fields shown back in clear: identifiers, not secrets. */
export const IM_INBOUND_PUBLIC_FIELDS = ['corpId', 'appId'] as const;

export const ImBotDto = z.object({
  id: z.number(),
  name: z.string(),
  platform: ImPlatform,
  webhookUrl: z.string().nullable(),
  hasSignSecret: z.boolean(),
  hasInboundSecret: z.boolean(),
  /** The platform credentials set (names), and the identifiers among them in clear. */
  inbound: z.object({
    set: z.array(z.string()),
    corpId: z.string().optional(),
    appId: z.string().optional(),
    /** Whether every credential the platform's callback needs is set. */
    ready: z.boolean(),
  }),
  /** The URL to paste into the platform's console: it calls here in its own format. */
  inboundUrl: z.string(),
  events: z.array(z.string()),
  active: z.boolean(),
  createdAt: z.string(),
});
export type ImBotDto = z.infer<typeof ImBotDto>;

/** Events a bot can post: ticket.created, ticket.p1, and mentions (personal notifications). */
export const ImBotEvent = z.enum(['ticket.created', 'ticket.p1', 'mentions']);

export const CreateImBotInput = z.object({
  name: text(100).min(1),
  platform: ImPlatform,
  /** The group robot's webhook for posting; null for a bot that only takes messages in. */
  webhookUrl: z.url().max(1000).nullable().default(null),
  signSecret: z.string().min(1).max(500).nullable().optional(),
  inboundSecret: z.string().min(16).max(500).nullable().optional(),
  inbound: ImInboundCredentials.nullable().optional(),
  events: z.array(ImBotEvent).max(10).default([]),
  active: z.boolean().default(true),
});
export type CreateImBotInput = z.infer<typeof CreateImBotInput>;
export const UpdateImBotInput = updateSchema(CreateImBotInput);
export type UpdateImBotInput = z.infer<typeof UpdateImBotInput>;

/** A person's account on an IM platform: linked to a person, or a contact the desk made. */
export const ImContactDto = z.object({
  id: z.number(),
  platform: ImPlatform,
  externalUserId: z.string(),
  name: z.string(),
  /** The person the contact's messages are filed under. */
  user: z.object({ id: z.number(), name: z.string(), email: z.string() }),
  /** True once an administrator or agent linked it to a person (false: made by the desk). */
  linked: z.boolean(),
  createdAt: z.string(),
});
export type ImContactDto = z.infer<typeof ImContactDto>;
export const ListImContactsQuery = z.object({
  userId: z.coerce.number().int().positive().optional(),
  linked: z.enum(['true', 'false']).optional(),
});
/** Links a platform user id to a person (made or moved). */
export const LinkImContactInput = z.object({
  platform: ImPlatform,
  externalUserId: credential(200),
  userId: z.number().int().positive(),
});
export type LinkImContactInput = z.infer<typeof LinkImContactInput>;

/** The body of the signed incoming webhook that opens a ticket from IM or another system. */
export const ImInboundInput = z.object({
  externalId: text(200).min(1),
  subject: text(200).min(1),
  description: text(20000).min(1),
  requester: z.object({ email: z.email().max(254), name: text(120).min(1).optional() }),
  type: TicketType.default('incident'),
  impact: Level.default('medium'),
  urgency: Level.default('medium'),
});
export type ImInboundInput = z.infer<typeof ImInboundInput>;
export const ImInboundResult = z.object({ ticketId: z.number(), number: z.number(), duplicate: z.boolean() });

// --- live chat ---
export const ChatStatus = z.enum(['waiting', 'active', 'converted', 'resolved', 'abandoned']);
export const ChatMessageDto = z.object({
  id: z.number(),
  chatId: z.number(),
  authorName: z.string(),
  fromStaff: z.boolean(),
  body: z.string(),
  createdAt: z.string(),
});
export type ChatMessageDto = z.infer<typeof ChatMessageDto>;
export const ChatDto = z.object({
  id: z.number(),
  subject: z.string(),
  status: ChatStatus,
  source: z.enum(['portal', 'widget']),
  /** The account (id) once proved; an unverified widget visitor is only what they typed (id null). */
  requester: z.object({ id: z.number().nullable(), name: z.string(), email: z.string() }),
  /** Signed in, or the visitor confirmed the emailed code. Agents show "unverified" otherwise. */
  verified: z.boolean(),
  agent: z.object({ id: z.number(), name: z.string() }).nullable(),
  ticketId: z.number().nullable(),
  ticketNumber: z.number().nullable(),
  resolvedAtFirstContact: z.boolean(),
  createdAt: z.string(),
  acceptedAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  messages: z.array(ChatMessageDto),
});
export type ChatDto = z.infer<typeof ChatDto>;
export const StartChatInput = z.object({ subject: text(200).min(1), message: text(4000).min(1) });
export const StartWidgetChatInput = StartChatInput.extend({
  name: text(120).min(1),
  email: z.email().max(254),
  locale: Locale.optional(),
});
export const WidgetChatStarted = z.object({ chat: ChatDto, token: z.string() });
/** The six-digit code mailed to a widget visitor, which proves the email address is theirs. */
export const VerifyChatInput = z.object({ code: z.string().regex(/^\d{6}$/) });
export const ChatCodeSent = z.object({ sentTo: z.string(), expiresAt: z.string() });
export const ChatMessageInput = z.object({ body: text(4000).min(1) });
/**
 * `requesterId`: who the ticket is for, chosen by the agent. Needed for an unverified visitor
 * whose email belongs to an existing account (see docs/channels.md); otherwise the chat's own.
 */
const ChatRequesterChoice = z.number().int().positive().optional();
export const ConvertChatInput = z.object({
  type: TicketType.default('incident'),
  impact: Level.default('low'),
  urgency: Level.default('medium'),
  subject: text(200).min(1).optional(),
  requesterId: ChatRequesterChoice,
});
export const ResolveChatInput = z.object({
  summary: text(2000).optional(),
  requesterId: ChatRequesterChoice,
});
export const ListChatsQuery = z.object({ status: ChatStatus.optional() });
export const ChatStats = z.object({
  resolvedAtFirstContact: z.number(),
  converted: z.number(),
  total: z.number(),
});

// --- phone ---
export const CallOutcome = z.enum([
  'ticket_created',
  'resolved_on_call',
  'added_to_ticket',
  'callback_scheduled',
  'no_answer',
]);
export const PhoneCallDto = z.object({
  id: z.number(),
  ticketId: z.number().nullable(),
  callerId: z.number().nullable(),
  callerName: z.string(),
  callerNumber: z.string().nullable(),
  direction: z.enum(['inbound', 'outbound']),
  durationSeconds: z.number(),
  outcome: CallOutcome,
  notes: z.string(),
  agentId: z.number(),
  loggedAt: z.string(),
});
export type PhoneCallDto = z.infer<typeof PhoneCallDto>;
export const LogCallInput = z.object({
  callerId: z.number().int().positive().optional(),
  callerName: text(120).min(1),
  callerNumber: text(40).optional(),
  direction: z.enum(['inbound', 'outbound']).default('inbound'),
  durationSeconds: z
    .number()
    .int()
    .min(0)
    .max(24 * 3600),
  outcome: CallOutcome,
  notes: text(5000).default(''),
  /** For added_to_ticket / resolved_on_call on an existing ticket. */
  ticketId: z.number().int().positive().optional(),
  /** For ticket_created and resolved_on_call without a ticket: the ticket to open (channel phone). */
  ticket: z
    .object({
      subject: text(200).min(1),
      description: text(20000).min(1),
      type: TicketType,
      impact: Level,
      urgency: Level,
      category: z.string().max(300).optional(),
    })
    .optional(),
  /** For callback_scheduled. */
  callback: z.object({ dueAt: z.iso.datetime({ offset: true }), reason: text(1000).min(1) }).optional(),
});
export type LogCallInput = z.infer<typeof LogCallInput>;
export const CallbackDto = z.object({
  id: z.number(),
  ticketId: z.number().nullable(),
  contactName: z.string(),
  phone: z.string(),
  reason: z.string(),
  dueAt: z.string(),
  assigneeId: z.number(),
  status: z.enum(['scheduled', 'done', 'cancelled']),
  outcome: z.string().nullable(),
  createdAt: z.string(),
  doneAt: z.string().nullable(),
});
export type CallbackDto = z.infer<typeof CallbackDto>;
export const CreateCallbackInput = z.object({
  ticketId: z.number().int().positive().optional(),
  contactName: text(120).min(1),
  phone: text(40).min(3),
  reason: text(1000).min(1),
  dueAt: z.iso.datetime({ offset: true }),
  assigneeId: z.number().int().positive().optional(),
});
export const UpdateCallbackInput = z.object({
  status: z.enum(['scheduled', 'done', 'cancelled']).optional(),
  outcome: text(2000).optional(),
  dueAt: z.iso.datetime({ offset: true }).optional(),
});
export const ListCallbacksQuery = z.object({
  status: z.enum(['scheduled', 'done', 'cancelled']).optional(),
  assignee: z.enum(['me', 'all']).default('me'),
});

// --- canned responses and notice templates ---
export const CannedResponseDto = z.object({
  id: z.number(),
  title: z.string(),
  body: z.string(),
  /** The language it is written in; null: any. */
  locale: Locale.nullable(),
  teamId: z.number().nullable(),
  ownerId: z.number(),
  variables: z.array(z.string()),
  updatedAt: z.string(),
});
export type CannedResponseDto = z.infer<typeof CannedResponseDto>;
export const CreateCannedResponseInput = z.object({
  title: text(120).min(1),
  body: text(10000).min(1),
  locale: Locale.nullable().optional(),
  teamId: z.number().int().positive().nullable().optional(),
});
/** GET /channels/canned-responses?ticketId=: the ones in the ticket's requester's language first. */
export const ListCannedQuery = z.object({ ticketId: z.coerce.number().int().positive().optional() });
export const UpdateCannedResponseInput = updateSchema(CreateCannedResponseInput);
export const RenderCannedInput = z.object({ ticketId: z.number().int().positive() });
export const RenderedText = z.object({ subject: z.string().optional(), body: z.string() });

export const NoticeKind = z.enum(['outage', 'maintenance', 'upgrade']);
export const NoticeTemplateDto = z.object({
  id: z.number(),
  kind: NoticeKind,
  name: z.string(),
  locale: Locale,
  subject: z.string(),
  body: z.string(),
  variables: z.array(z.string()),
  updatedAt: z.string(),
});
export type NoticeTemplateDto = z.infer<typeof NoticeTemplateDto>;
export const CreateNoticeTemplateInput = z.object({
  kind: NoticeKind,
  name: text(120).min(1),
  locale: Locale,
  subject: text(300).min(1),
  body: text(10000).min(1),
});
export const UpdateNoticeTemplateInput = updateSchema(CreateNoticeTemplateInput);
/** A notice always states the impact and the expected recovery time (CM-2). */
export const RenderNoticeInput = z.object({
  impact: text(1000).min(1),
  expectedRecovery: text(200).min(1),
  service: text(200).optional(),
  extra: z.record(z.string(), z.string().max(1000)).optional(),
});
