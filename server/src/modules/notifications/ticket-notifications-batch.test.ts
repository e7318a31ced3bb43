import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { buildTicket, buildUser } from '../../../test/factories.ts';
import { setupTestApp } from '../../../test/harness.ts';
import type { Tx } from '../../platform/db/database.ts';
import '../registry.ts';
import { type TicketChange, workOffFollowUps } from '../tickets/index.ts';
import { notifyOnTicketChange } from './ticket-notifications.ts';

// Follow-ups after commit, as the worker runs them: a batch of changes at a time.
const ctx = await setupTestApp({ TICKET_FOLLOW_UPS: 'deferred' });
const db = ctx.database.db;

/** What the requesters were told about these tickets: bell rows and mails, in the order written. */
async function told(q: Tx | typeof db, ticketIds: readonly number[]) {
  const ids = sql.param([...ticketIds]);
  const bell = await q.execute<Record<string, unknown>>(sql`
    select user_id, event, title, body, ticket_id, data from notifications
     where ticket_id = any(${ids}::bigint[]) order by id`);
  const mails = await q.execute<Record<string, unknown>>(sql`
    select o.kind, o.to_address, o.subject, o.text_body, o.html_body, o.ticket_id, o.locale, o.headers, o.status,
           (select count(*) from mail_thread_refs r where r.message_id = o.message_id and r.direction = 'out')::int as refs
      from outbox_emails o where o.ticket_id = any(${ids}::bigint[]) order by o.id`);
  return { bell: bell.rows, mails: mails.rows };
}

describe('acknowledging a batch of new tickets (issue 18)', () => {
  it('tells each requester what telling them one change at a time tells, in the order of the changes', async () => {
    const zh = await buildUser(ctx, { locale: 'zh-CN' });
    const en = await buildUser(ctx, { locale: 'en' });
    const agent = await buildUser(ctx, { role: 'agent' });
    const a = await buildTicket(ctx, zh, { subject: '打印机卡纸 batch-a' });
    const b = await buildTicket(ctx, en, { subject: 'VPN drops batch-b' });
    // A reply to the first ticket between the new tickets: it is told after the first
    // acknowledgement, as before.
    const reply = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/tickets/${a.id}/messages`,
      headers: agent.headers,
      payload: { body: 'Please open the tray and take the paper out.' },
    });
    expect(reply.statusCode).toBe(201);
    const c = await buildTicket(ctx, zh, { subject: '显示器闪烁 batch-c' });
    const d = await buildTicket(ctx, en, { subject: 'Outlook not syncing batch-d' });
    const ids = [a.id, b.id, c.id, d.id];
    const changes = (
      await db.execute<{ change: TicketChange }>(sql`select change from ticket_follow_ups order by id`)
    ).rows.map((r) => ({ ...r.change, at: new Date(r.change.at) }));
    expect(changes.map((ch) => ch.kind)).toEqual(['created', 'created', 'message', 'created', 'created']);

    await workOffFollowUps(db, { now: new Date() });
    const batch = await told(db, ids);
    expect(batch.mails.map((m) => [m.ticket_id, m.kind])).toEqual([
      [a.id, 'ticket.created'],
      [b.id, 'ticket.created'],
      [a.id, 'ticket.reply'],
      [c.id, 'ticket.created'],
      [d.id, 'ticket.created'],
    ]);
    expect(batch.mails.every((m) => m.refs === 1)).toBe(true);
    expect(batch.bell.map((n) => [n.ticket_id, n.user_id])).toEqual([
      [a.id, zh.user.id],
      [b.id, en.user.id],
      [a.id, zh.user.id],
      [c.id, zh.user.id],
      [d.id, en.user.id],
    ]);

    // The same changes told one at a time leave the same rows.
    const aloneRows = await db.transaction(async (tx) => {
      await tx.execute(sql`delete from notifications where ticket_id = any(${sql.param(ids)}::bigint[])`);
      await tx.execute(sql`delete from outbox_emails where ticket_id = any(${sql.param(ids)}::bigint[])`);
      for (const change of changes) await notifyOnTicketChange(tx, change);
      return told(tx, ids);
    });
    expect(batch).toEqual(aloneRows);
  });
});
