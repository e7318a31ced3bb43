import { sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db/database.ts';
import { idArray } from '../../platform/db/id-array.ts';
import { notify } from '../notifications/index.ts';

export type Words = { title: string; body: string };

/**
 * Tells desk people about an SLA alert, an escalation or a nudge through the notifications
 * module (the bell, and email or IM where they keep those on for the event), each in their
 * own language.
 */
export async function tellStaff(
  tx: Tx,
  options: {
    userIds: readonly number[];
    event: string;
    ticketId: number;
    words: (locale: 'zh-CN' | 'en') => Words;
    data?: Record<string, unknown>;
  },
): Promise<void> {
  const ids = [...new Set(options.userIds)];
  if (ids.length === 0) return;
  const people = await tx.execute<{ id: number; email: string; name: string; locale: 'zh-CN' | 'en' }>(sql`
    select id, email, name, locale from identity_users_v
     where id = any(${idArray(ids)}) and active and role <> 'requester'`);
  for (const person of people.rows) {
    const words = options.words(person.locale);
    await notify(tx, person, {
      event: options.event,
      title: words.title,
      body: words.body,
      ticketId: options.ticketId,
      ...(options.data ? { data: options.data } : {}),
      email: { subject: words.title, text: words.body },
    });
  }
}

/** The events this module tells people about, with their default channels. */
export const STAFF_EVENTS: Record<string, { email: boolean }> = {
  'sla.warning': { email: false },
  'sla.breached': { email: true },
  'ticket.escalated': { email: true },
  'ticket.nudged': { email: false },
};
