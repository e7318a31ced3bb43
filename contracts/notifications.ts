import { z } from 'zod';
import { Locale } from './common.ts';

export const NotificationChannel = z.enum(['in_app', 'email', 'im', 'sms']);
export type NotificationChannel = z.infer<typeof NotificationChannel>;

export const NotificationDto = z.object({
  id: z.number(),
  event: z.string(),
  title: z.string(),
  body: z.string(),
  ticketId: z.number().nullable(),
  data: z.record(z.string(), z.unknown()),
  readAt: z.string().nullable(),
  createdAt: z.string(),
});
export type NotificationDto = z.infer<typeof NotificationDto>;

export const ListNotificationsQuery = z.object({
  unread: z.enum(['true', 'false']).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

export const NotificationPage = z.object({
  items: z.array(NotificationDto),
  nextCursor: z.string().nullable(),
  unreadCount: z.number(),
});
export type NotificationPage = z.infer<typeof NotificationPage>;

export const UnreadCount = z.object({ unreadCount: z.number() });

export const PreferenceDto = z.object({
  event: z.string(),
  channels: z.record(NotificationChannel, z.boolean()),
});
export type PreferenceDto = z.infer<typeof PreferenceDto>;

export const PreferencesDto = z.object({
  events: z.array(PreferenceDto),
  contact: z.object({ phone: z.string().nullable(), imHandle: z.string().nullable() }),
});
export type PreferencesDto = z.infer<typeof PreferencesDto>;

export const UpdatePreferencesInput = z.object({
  events: z
    .array(
      z.object({
        event: z.string().min(1).max(60),
        channels: z.partialRecord(NotificationChannel, z.boolean()),
      }),
    )
    .max(50)
    .optional(),
  contact: z
    .object({
      phone: z
        .string()
        .trim()
        .regex(/^\+?[0-9 -]{5,20}$/)
        .nullable()
        .optional(),
      imHandle: z.string().trim().min(1).max(100).nullable().optional(),
    })
    .optional(),
});
export type UpdatePreferencesInput = z.infer<typeof UpdatePreferencesInput>;

/** A message template per event and language, as the administrator edits it. */
export const MessageTemplateDto = z.object({
  event: z.string(),
  locale: Locale,
  description: z.string(),
  subject: z.string(),
  body: z.string(),
  custom: z.boolean(),
  defaultSubject: z.string(),
  defaultBody: z.string(),
  variables: z.array(z.string()),
  /** What a variable holds, where the module that sends the mail documents it. */
  variableDescriptions: z.record(z.string(), z.string()),
});
export type MessageTemplateDto = z.infer<typeof MessageTemplateDto>;

export const SaveMessageTemplateInput = z.object({
  subject: z.string().trim().min(1).max(300),
  body: z.string().trim().min(1).max(20000),
});
export type SaveMessageTemplateInput = z.infer<typeof SaveMessageTemplateInput>;

export const TemplateParams = z.object({ event: z.string().min(1).max(60), locale: Locale });

export const OutboxEmailDto = z.object({
  id: z.number(),
  kind: z.string(),
  to: z.string(),
  subject: z.string(),
  ticketId: z.number().nullable(),
  messageId: z.string(),
  status: z.enum(['pending', 'sending', 'sent', 'failed', 'held']),
  attempts: z.number(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
});
export type OutboxEmailDto = z.infer<typeof OutboxEmailDto>;
