import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import { notificationContacts, notificationPreferences, notifications } from '../../db/schema.ts';
import type { Tx } from '../../platform/db/database.ts';
import { publish, publishMany } from '../../platform/events/events.ts';
import { isoOf } from '../../platform/http/iso-time.ts';
import { defineJob, enqueue } from '../../platform/jobs/jobs.ts';
import { deliveryChannel } from './delivery.ts';
import { eventDefaults, type NotificationChannel } from './events.ts';
import { mailSettings } from './mail-settings.ts';
import { type OutgoingMail, queueEmails } from './outbox.ts';

export interface Recipient {
  id: number;
  email: string;
  name: string;
  locale: 'zh-CN' | 'en';
}

export interface Notice {
  event: string;
  /** Short line for the bell and IM/SMS. */
  title: string;
  body: string;
  ticketId?: number;
  data?: Record<string, unknown>;
  /** The mail, when the event mails; sent only if the person keeps email on for it. */
  email?: { subject: string; text: string; html?: string; kind?: string; headers?: Record<string, string> };
}

/**
 * Tells one person about something, on every channel they keep on for the event, inside
 * the caller's transaction: the bell row and its live event, the mail, the IM mention, the SMS.
 */
export async function notify(tx: Tx, recipient: Recipient, notice: Notice): Promise<void> {
  await notifyMany(tx, [{ recipient, notice }]);
}

async function notifyByImOrSms(
  tx: Tx,
  recipient: Recipient,
  notice: Notice,
  channels: Set<NotificationChannel>,
): Promise<void> {
  if (!channels.has('im') && !channels.has('sms')) return;
  const [contact] = await tx
    .select()
    .from(notificationContacts)
    .where(eq(notificationContacts.userId, recipient.id));
  const im = deliveryChannel('im');
  if (channels.has('im') && contact?.imHandle && im) {
    await im.mention(tx, { handle: contact.imHandle, title: notice.title, text: notice.body });
  }
  if (channels.has('sms') && contact?.phone && mailSettings().smsWebhookUrl) {
    await enqueue(tx, sendSmsJob, {
      to: contact.phone,
      text: `${notice.title}\n${notice.body}`.slice(0, 500),
    });
  }
}

/**
 * `notify` for several notices (issue 18: the acknowledgements of a burst's new tickets, one
 * follow-up batch): the same rows, live events and mails as one at a time, written with a
 * statement per kind instead of several per notice, in the notices' order.
 */
export async function notifyMany(
  tx: Tx,
  notices: readonly { recipient: Recipient; notice: Notice }[],
): Promise<void> {
  if (notices.length === 0) return;
  const users = [...new Set(notices.map((n) => n.recipient.id))];
  const events = [...new Set(notices.map((n) => n.notice.event))];
  const choices = await tx
    .select({
      userId: notificationPreferences.userId,
      event: notificationPreferences.event,
      channel: notificationPreferences.channel,
      enabled: notificationPreferences.enabled,
    })
    .from(notificationPreferences)
    .where(
      and(inArray(notificationPreferences.userId, users), inArray(notificationPreferences.event, events)),
    );
  // Which channels each person wants for the event: their own choice, else the event's default.
  const channelsOf = ({ recipient, notice }: { recipient: Recipient; notice: Notice }) => {
    const choice = { ...eventDefaults(notice.event) };
    for (const row of choices)
      if (row.userId === recipient.id && row.event === notice.event) choice[row.channel] = row.enabled;
    return new Set((Object.keys(choice) as NotificationChannel[]).filter((c) => choice[c]));
  };
  const bell: { recipient: Recipient; notice: Notice }[] = [];
  const mails: OutgoingMail[] = [];
  const elsewhere: { recipient: Recipient; notice: Notice }[] = [];
  for (const item of notices) {
    const channels = channelsOf(item);
    const { recipient, notice } = item;
    if (channels.has('in_app')) bell.push(item);
    if (channels.has('email') && notice.email && !recipient.email.toLowerCase().endsWith('.invalid')) {
      mails.push({
        to: recipient.email,
        subject: notice.email.subject,
        text: notice.email.text,
        ...(notice.email.html ? { html: notice.email.html } : {}),
        ...(notice.ticketId ? { ticketId: notice.ticketId } : {}),
        kind: notice.email.kind ?? notice.event,
        locale: recipient.locale,
        ...(notice.email.headers ? { headers: notice.email.headers } : {}),
      });
    }
    if (channels.has('im') || channels.has('sms')) elsewhere.push(item);
  }
  if (bell.length) {
    // One array a column, not a VALUES list of 6 parameters a row: drizzle's builder took
    // about 3 ms for a follow-up batch's 200 acknowledgements, and each row count was another
    // statement for PostgreSQL to parse and plan (issue 18). Rows come back in array order.
    const column = <T>(pick: (item: (typeof bell)[number]) => T) => sql.param(bell.map(pick));
    const { rows } = await tx.execute<{ id: number; created_at: Date | string }>(sql`
      insert into notifications (user_id, event, title, body, ticket_id, data)
      select * from unnest(${column((b) => b.recipient.id)}::bigint[], ${column((b) => b.notice.event)}::text[],
                           ${column((b) => b.notice.title.slice(0, 300))}::text[],
                           ${column((b) => b.notice.body.slice(0, 2000))}::text[],
                           ${column((b) => b.notice.ticketId ?? null)}::bigint[],
                           ${column((b) => b.notice.data ?? {})}::jsonb[])
      returning id, created_at`);
    await publishMany(
      tx,
      rows.flatMap((row, i) => {
        const item = bell[i];
        if (!item) return [];
        return [
          {
            type: 'notification' as const,
            userIds: [item.recipient.id],
            ...(item.notice.ticketId ? { ticketId: item.notice.ticketId } : {}),
            data: {
              id: row.id,
              event: item.notice.event,
              title: item.notice.title,
              createdAt: isoOf(row.created_at),
            },
          },
        ];
      }),
    );
  }
  await queueEmails(tx, mails);
  for (const { recipient, notice } of elsewhere)
    await notifyByImOrSms(tx, recipient, notice, channelsOf({ recipient, notice }));
}

/**
 * Marks read the unread bell notices of these events whose data holds `match` (e.g. every
 * "please decide" notice of an approval that ended): nothing is left to do about them.
 */
export async function settleNotices(
  tx: Tx,
  events: readonly string[],
  match: Record<string, string | number>,
): Promise<number> {
  if (events.length === 0) return 0;
  const settled = await tx
    .update(notifications)
    .set({ readAt: new Date() })
    .where(
      and(
        inArray(notifications.event, [...events]),
        isNull(notifications.readAt),
        sql`${notifications.data} @> ${JSON.stringify(match)}::jsonb`,
      ),
    )
    .returning({ id: notifications.id, userId: notifications.userId });
  const userIds = [...new Set(settled.map((row) => row.userId))];
  if (userIds.length > 0)
    await publish(tx, { type: 'notification.read', userIds, data: { ids: settled.map((row) => row.id) } });
  return settled.length;
}

/** The generic SMS provider hook: a JSON POST { to, text } to SMS_WEBHOOK_URL, retried on failure. */
export const sendSmsJob = defineJob<{ to: string; text: string }>({
  id: 'notifications.send_sms',
  version: 1,
  payload: z.object({ to: z.string().min(3).max(40), text: z.string().max(1000) }),
  async run(payload, context) {
    const url = mailSettings().smsWebhookUrl;
    if (!url) return;
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(payload),
      signal: AbortSignal.timeout(10_000),
    });
    if (!response.ok) throw new Error(`SMS provider answered ${response.status}`);
    context.logger.info({ category: 'notifications.sms' }, 'sms handed to provider');
  },
});
