import { sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db/database.ts';
import { recordEvent } from '../audit/index.ts';
import { type Actor, assertCan } from '../identity/index.ts';
import { addMessage, assertTicketAction, assertTicketVisible } from '../tickets/index.ts';
import { formatInZone, isValidTimeZone } from './domain/zone.ts';

export interface ProgressUpdate {
  impact: string;
  workaround?: string | undefined;
  expectedAt: string;
  note?: string | undefined;
}

/** The plain-language progress update (CM-2) in the requester's language and time zone. */
export function renderProgressUpdate(
  update: ProgressUpdate,
  locale: 'zh-CN' | 'en',
  timezone: string,
): string {
  const zone = isValidTimeZone(timezone) ? timezone : 'Asia/Shanghai';
  const expected = `${formatInZone(zone, Date.parse(update.expectedAt))} (${zone})`;
  const lines =
    locale === 'zh-CN'
      ? [
          '【进展更新】',
          `影响范围：${update.impact}`,
          `临时解决方案：${update.workaround || '暂无，我们正在处理'}`,
          `预计时间：${expected}`,
        ]
      : [
          'Progress update',
          `Impact: ${update.impact}`,
          `Workaround: ${update.workaround || 'none yet; we are working on it'}`,
          `Expected time: ${expected}`,
        ];
  if (update.note) lines.push('', update.note);
  return lines.join('\n');
}

/**
 * Posts a progress update from the template as a public reply (CM-1): the requester reads it
 * like any reply, and, being a public reply by the desk, it restarts the next-update clock.
 */
export async function postProgressUpdate(options: {
  tx: Tx;
  actor: Actor;
  ticketId: number;
  input: ProgressUpdate;
  now?: Date;
}): Promise<{ messageId: number; body: string }> {
  const { tx, actor, ticketId, input } = options;
  assertCan(actor, 'ticket.work');
  const ticket = await assertTicketVisible(tx, actor, ticketId);
  assertTicketAction(ticket.status, 'progress_update');
  const requester = await tx.execute<{ locale: 'zh-CN' | 'en'; timezone: string }>(sql`
    select u.locale, u.timezone from tickets t join users u on u.id = t.requester_id where t.id = ${ticketId}`);
  const person = requester.rows[0] ?? { locale: 'zh-CN' as const, timezone: 'Asia/Shanghai' };
  const body = renderProgressUpdate(input, person.locale, person.timezone);
  const message = await addMessage({
    tx,
    actor,
    ticketId,
    input: { body, internal: false },
    ...(options.now ? { now: options.now } : {}),
  });
  await recordEvent(tx, {
    kind: 'sla.progress_update',
    entityType: 'ticket',
    entityId: ticketId,
    ticketId,
    actorId: actor.id,
    ...(options.now ? { at: options.now } : {}),
    data: {
      messageId: message.id,
      impact: input.impact,
      workaround: input.workaround ?? null,
      expectedAt: input.expectedAt,
    },
  });
  return { messageId: message.id, body };
}
