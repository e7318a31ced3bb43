import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { buildTicket, buildUser } from '../../../test/factories.ts';
import { setupTestApp } from '../../../test/harness.ts';
import { AppError } from '../../platform/http/errors.ts';
import { changeStatus, updateTicket } from '../tickets/index.ts';
import { can } from './actor.ts';
import { SYSTEM_READER, systemActor } from './system-actor.ts';

const ctx = await setupTestApp();
const db = ctx.database.db;

describe('the system actor', () => {
  it('is one account per purpose, named as the timeline shows it, with its purpose’s capabilities only', async () => {
    const automation = await db.transaction((tx) => systemActor(tx, 'automation'));
    const system = await db.transaction((tx) => systemActor(tx, 'system'));
    const again = await db.transaction((tx) => systemActor(tx, 'system'));
    expect(automation).toMatchObject({ name: 'ServiceDesk 自动化', email: 'automation@servicedesk.invalid' });
    expect(system).toMatchObject({ name: 'ServiceDesk 系统', email: 'system@servicedesk.invalid' });
    expect(again.id).toBe(system.id);
    expect(automation.id).not.toBe(system.id);
    // Their accounts are stored as admins; what they may do is their purpose's, not the role's.
    expect(can(automation, 'ticket.assign')).toBe(true);
    for (const actor of [automation, system, SYSTEM_READER]) {
      expect(can(actor, 'ticket.work')).toBe(true);
      expect(can(actor, 'user.manage')).toBe(false);
      expect(can(actor, 'settings.manage')).toBe(false);
      expect(can(actor, 'report.read')).toBe(false);
    }
    expect(can(system, 'ticket.assign')).toBe(false);
  });

  it('records what it changes under its own account', async () => {
    const requester = await buildUser(ctx);
    const ticket = await buildTicket(ctx, requester);
    const automation = await db.transaction(async (tx) => {
      const actor = await systemActor(tx, 'automation');
      await updateTicket({ tx, actor, ticketId: ticket.id, input: { status: 'in_progress' } });
      return actor;
    });
    const events = await db.execute<{ actor_id: number }>(
      sql`select actor_id from audit_events where ticket_id = ${ticket.id} and kind = 'ticket.updated'`,
    );
    expect(events.rows.map((r) => Number(r.actor_id))).toEqual([automation.id]);
  });
});

describe('changeStatus', () => {
  it('lets a requester make only a requester’s moves on their own ticket, through the status machine', async () => {
    const requester = await buildUser(ctx);
    const other = await buildUser(ctx);
    const agent = await buildUser(ctx, { role: 'agent' });
    const ticket = await buildTicket(ctx, requester);
    const code = async (run: () => Promise<unknown>) => {
      try {
        await run();
        return 'ok';
      } catch (error) {
        return error instanceof AppError ? error.code : String(error);
      }
    };
    const move = (actor: typeof requester.actor, to: 'resolved' | 'closed' | 'open' | 'pending_requester') =>
      code(() => db.transaction((tx) => changeStatus({ tx, actor, ticketId: ticket.id, to })));

    expect(await move(requester.actor, 'resolved')).toBe('auth.forbidden');
    expect(await move(other.actor, 'resolved')).toBe('ticket.not_found');
    expect(await move(agent.actor, 'closed')).toBe('ticket.invalid_transition');
    expect(await move(agent.actor, 'resolved')).toBe('ok');
    expect(await move(requester.actor, 'open')).toBe('ok');
    const row = await db.execute<{ status: string; reopen_count: number }>(
      sql`select status, reopen_count from tickets where id = ${ticket.id}`,
    );
    expect(row.rows[0]).toMatchObject({ status: 'open', reopen_count: 1 });
  });
});
