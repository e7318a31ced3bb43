import { sql } from 'drizzle-orm';
import type { Locale } from '../../../../contracts/common.ts';
import type { Tx } from '../../platform/db/database.ts';
import { recordEvent } from '../audit/index.ts';
import type { Actor } from '../identity/index.ts';
import { addMessage } from '../tickets/index.ts';

/** The words around a pushed workaround, in the reader's language. */
const WORDS: Record<Locale, { note: (title: string) => string; reply: (title: string) => string }> = {
  en: {
    note: (title) => `Workaround from problem "${title}":`,
    reply: (title) =>
      `A workaround is available for your issue (known problem "${title}"). Until it is fixed for good, please try:`,
  },
  'zh-CN': {
    note: (title) => `来自问题“${title}”的临时解决方案：`,
    reply: (title) => `您反映的问题（已知问题“${title}”）已有临时解决方案。在彻底修复之前，请先尝试：`,
  },
};

/**
 * Pushes a new or changed workaround to every linked incident (PC-1): an internal note on each
 * incident's timeline (in the acting agent's language) and, when asked, a public reply to each
 * requester in the requester's language. Closed or cancelled incidents are left alone.
 */
export async function pushWorkaround(options: {
  tx: Tx;
  actor: Actor;
  problem: { id: number; title: string };
  workaround: string;
  notifyRequesters: boolean;
  now: Date;
}): Promise<number[]> {
  const { tx, actor, problem, workaround, notifyRequesters, now } = options;
  const rows = await tx.execute<{ id: number; locale: string | null }>(sql`
    select t.id, u.locale from problem_tickets pt
      join tickets_v t on t.id = pt.ticket_id
      left join identity_users_v u on u.id = t.requester_id
     where pt.problem_id = ${problem.id} and t.status not in ('closed', 'cancelled')
     order by pt.linked_at, t.id`);
  const noteWords = WORDS[actor.locale === 'en' ? 'en' : 'zh-CN'];
  const ticketIds: number[] = [];
  for (const row of rows.rows) {
    const ticketId = Number(row.id);
    ticketIds.push(ticketId);
    await addMessage({
      tx,
      actor,
      ticketId,
      input: { body: `${noteWords.note(problem.title)}\n\n${workaround}`, internal: true },
      now,
    });
    if (notifyRequesters) {
      const words = WORDS[row.locale === 'en' ? 'en' : 'zh-CN'];
      await addMessage({
        tx,
        actor,
        ticketId,
        input: { body: `${words.reply(problem.title)}\n\n${workaround}`, internal: false },
        now,
      });
    }
  }
  await recordEvent(tx, {
    kind: 'problem.workaround_pushed',
    entityType: 'problem',
    entityId: problem.id,
    actorId: actor.id,
    at: now,
    data: { ticketIds, notifyRequesters },
  });
  return ticketIds;
}
