import { sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db/database.ts';
import { idArray } from '../../platform/db/id-array.ts';
import { notify } from './notify.ts';

export type Words = { title: string; body: string };

/**
 * Tells desk people about something (an SLA alert, an escalation, a nudge, an overdue
 * capture) on the channels they keep on for the event (the bell, and email or IM), each in
 * their own language.
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
