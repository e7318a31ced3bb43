import { eq } from 'drizzle-orm';
import type { PreferencesDto, UpdatePreferencesInput } from '../../../../contracts/notifications.ts';
import { notificationContacts, notificationPreferences } from '../../db/schema.ts';
import type { Queryable, Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import type { Actor } from '../identity/index.ts';
import { NOTIFICATION_CHANNELS, NOTIFICATION_EVENTS, type NotificationChannel } from './events.ts';

export async function getPreferences(options: { tx: Queryable; actor: Actor }): Promise<PreferencesDto> {
  const { tx, actor } = options;
  const rows = await tx
    .select()
    .from(notificationPreferences)
    .where(eq(notificationPreferences.userId, actor.id));
  const [contact] = await tx
    .select()
    .from(notificationContacts)
    .where(eq(notificationContacts.userId, actor.id));
  const events = Object.entries(NOTIFICATION_EVENTS).map(([event, defaults]) => {
    const channels = { ...defaults };
    for (const row of rows) if (row.event === event) channels[row.channel] = row.enabled;
    return { event, channels };
  });
  return { events, contact: { phone: contact?.phone ?? null, imHandle: contact?.imHandle ?? null } };
}

/** A person's own choices: per event and channel, and where IM and SMS reach them. */
export async function updatePreferences(options: {
  tx: Tx;
  actor: Actor;
  input: UpdatePreferencesInput;
}): Promise<PreferencesDto> {
  const { tx, actor, input } = options;
  for (const [index, item] of (input.events ?? []).entries()) {
    if (!NOTIFICATION_EVENTS[item.event])
      throw new AppError('validation.invalid', {
        field: `events.${index}.event`,
        params: { detail: `unknown event ${item.event}` },
      });
    for (const channel of NOTIFICATION_CHANNELS) {
      const enabled = item.channels[channel as NotificationChannel];
      if (enabled === undefined) continue;
      await tx
        .insert(notificationPreferences)
        .values({ userId: actor.id, event: item.event, channel, enabled })
        .onConflictDoUpdate({
          target: [
            notificationPreferences.userId,
            notificationPreferences.event,
            notificationPreferences.channel,
          ],
          set: { enabled },
        });
    }
  }
  if (input.contact) {
    const values = {
      ...(input.contact.phone !== undefined ? { phone: input.contact.phone } : {}),
      ...(input.contact.imHandle !== undefined ? { imHandle: input.contact.imHandle } : {}),
    };
    await tx
      .insert(notificationContacts)
      .values({ userId: actor.id, ...values })
      .onConflictDoUpdate({ target: notificationContacts.userId, set: { ...values, updatedAt: new Date() } });
  }
  return getPreferences({ tx, actor });
}
