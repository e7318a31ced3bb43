import { sql } from 'drizzle-orm';
import type { ProgressUpdateInput, ProgressUpdateKind } from '../../../../contracts/sla.ts';
import type { Tx } from '../../platform/db/database.ts';
import { recordEvent } from '../audit/index.ts';
import { type Actor, assertCan } from '../identity/index.ts';
import { addMessage, assertTicketAction, assertTicketVisible } from '../tickets/index.ts';
import { formatInZone, isValidTimeZone } from './domain/zone.ts';

export type ProgressUpdate = ProgressUpdateInput;

/** The kind an update is, when the caller did not say (the first version sent only outage notices). */
export function updateKind(update: ProgressUpdate): ProgressUpdateKind {
  return update.kind ?? (update.impact === undefined && update.text !== undefined ? 'plain' : 'outage');
}

const WORDS = {
  'zh-CN': {
    plainTitle: '【进展更新】',
    expectedNext: '预计下一步：',
    outageTitle: '【故障通告】',
    impact: '影响范围：',
    workaround: '临时解决方案：',
    noWorkaround: '暂无，我们正在处理',
    recovery: '预计恢复时间：',
  },
  en: {
    plainTitle: 'Progress update',
    expectedNext: 'Expected next step: ',
    outageTitle: 'Service disruption notice',
    impact: 'Impact: ',
    workaround: 'Workaround: ',
    noWorkaround: 'none yet; we are working on it',
    recovery: 'Expected recovery: ',
  },
} as const;

/**
 * The update as the requester reads it: in their language and time zone, with only the
 * labels of its kind (an ordinary ticket's update has no "impact" or "recovery").
 */
export function renderProgressUpdate(
  update: ProgressUpdate,
  locale: 'zh-CN' | 'en',
  timezone: string,
): string {
  const zone = isValidTimeZone(timezone) ? timezone : 'Asia/Shanghai';
  const words = WORDS[locale];
  const expected = update.expectedAt
    ? `${formatInZone(zone, Date.parse(update.expectedAt))} (${zone})`
    : null;
  const lines: string[] =
    updateKind(update) === 'plain'
      ? [words.plainTitle, update.text ?? '', ...(expected ? ['', `${words.expectedNext}${expected}`] : [])]
      : [
          words.outageTitle,
          `${words.impact}${update.impact ?? ''}`,
          `${words.workaround}${update.workaround || words.noWorkaround}`,
          `${words.recovery}${expected ?? ''}`,
        ];
  if (update.note) lines.push('', update.note);
  return lines.join('\n');
}

/**
 * Posts a progress update as a public reply (CM-1): the requester reads it
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
    select u.locale, u.timezone from tickets_v t join identity_users_v u on u.id = t.requester_id where t.id = ${ticketId}`);
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
      kind: updateKind(input),
      impact: input.impact ?? null,
      workaround: input.workaround ?? null,
      expectedAt: input.expectedAt ?? null,
    },
  });
  return { messageId: message.id, body };
}
