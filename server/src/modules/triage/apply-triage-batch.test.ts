import { sql } from 'drizzle-orm';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { TicketDto } from '../../../../contracts/tickets.ts';
import type { ProblemCandidateDto } from '../../../../contracts/triage.ts';
import { buildTicket, buildUser } from '../../../test/factories.ts';
import { buildArticle } from '../../../test/factories-knowledge.ts';
import { json, setupTestApp } from '../../../test/harness.ts';
import type { Tx } from '../../platform/db/database.ts';
import type { TicketChange } from '../tickets/index.ts';
import {
  applyTriageBatchJob,
  TRIAGE_BATCH,
  triageInSavepoints,
  triageOnTicketChanges,
} from './apply-triage.ts';

const ctx = await setupTestApp();
const api = (path: string) => `/api/v1${path}`;
const admin = await buildUser(ctx, { role: 'admin' });
const logger = pino({ level: 'silent' });

/** The triage jobs waiting for these tickets: one entry per job, with the tickets it triages. */
async function triageJobsFor(ticketIds: readonly number[]) {
  const result = await ctx.database.db.execute<{
    task: string;
    payload: { ticketId?: number; ticketIds?: number[] };
  }>(sql`
    select t.identifier as task, j.payload
      from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id
     where t.identifier in ('triage.apply', 'triage.apply_batch')`);
  const wanted = new Set(ticketIds);
  return result.rows
    .map((row) => ({ task: row.task, tickets: row.payload.ticketIds ?? [row.payload.ticketId ?? 0] }))
    .filter((job) => job.tickets.some((id) => wanted.has(id)));
}

describe('triage of tickets opened together', () => {
  it('asks for one job per batch of new tickets, each ticket in exactly one, and a lone ticket its own', async () => {
    const requester = await buildUser(ctx);
    const tickets: TicketDto[] = [];
    for (let i = 0; i < TRIAGE_BATCH * 2 + 3; i++)
      tickets.push(
        await buildTicket(ctx, requester, { subject: `批量分诊 ${i}`, description: 'batch triage' }),
      );
    const ids = tickets.map((t) => t.id);
    // What buildTicket's own follow-ups asked for is cleared: this test follows them up itself.
    await ctx.database.db.execute(sql`delete from graphile_worker._private_jobs j using graphile_worker._private_tasks t
      where t.id = j.task_id and t.identifier in ('triage.apply', 'triage.apply_batch')`);
    const at = new Date();
    const created: TicketChange[] = ids.map((ticketId) => ({
      kind: 'created',
      ticketId,
      actorId: requester.user.id,
      at,
    }));
    const imported: TicketChange = {
      kind: 'created',
      ticketId: ids[0] ?? 0,
      actorId: null,
      at,
      imported: true,
    };
    await ctx.database.db.transaction((tx) => triageOnTicketChanges(tx, [...created.slice(1), imported]));
    const jobs = await triageJobsFor(ids);
    expect(jobs.map((j) => j.task)).toEqual([
      'triage.apply_batch',
      'triage.apply_batch',
      'triage.apply_batch',
    ]);
    expect(jobs.every((j) => j.tickets.length <= TRIAGE_BATCH)).toBe(true);
    expect(jobs.flatMap((j) => j.tickets).sort((a, b) => a - b)).toEqual(ids.slice(1));

    const lone = created[0] as TicketChange;
    await ctx.database.db.transaction((tx) => triageOnTicketChanges(tx, [lone]));
    expect(await triageJobsFor([lone.ticketId])).toEqual([
      { task: 'triage.apply', tickets: [lone.ticketId] },
    ]);
  });

  it('triages a batch in one go, proposes its recurring incidents, and retries a failing ticket on its own', async () => {
    await ctx.app.inject({
      method: 'PATCH',
      url: api('/triage/settings'),
      headers: admin.headers,
      payload: { recurringCount: 3, recurringDays: 7 },
    });
    const lead = await buildUser(ctx, { role: 'lead' });
    await buildArticle(ctx, lead, {
      title: '重置邮箱密码',
      problem: '忘记邮箱密码。',
      solution: '访问 https://mailpw.example.com 重置。',
      tags: ['self-service'],
      category: '账号/密码',
    });
    const requester = await buildUser(ctx);
    const incidents: TicketDto[] = [];
    for (let i = 0; i < 3; i++) {
      incidents.push(
        await buildTicket(ctx, requester, {
          subject: `门禁系统 gate07 刷卡无反应 ${i}`,
          description: '一楼门禁 GATE07-E12 刷卡没有反应，无法进入办公区',
        }),
      );
    }
    const ok = await buildTicket(ctx, requester, {
      subject: '忘记邮箱密码，需要重置邮箱密码',
      description: '今天早上邮箱登录不了',
      type: 'service_request',
    });
    const failing = await buildTicket(ctx, requester, {
      subject: '重置邮箱密码，忘记邮箱密码了',
      description: '邮箱密码想不起来',
      type: 'service_request',
    });
    // The self-help reply to `failing` fails (a database error inside its triage).
    await ctx.database.db.execute(
      sql.raw(`
      create function refuse_test_reply() returns trigger language plpgsql as $$
      begin
        if new.ticket_id = ${failing.id} then raise exception 'refused for the test'; end if;
        return new;
      end $$;
      create trigger refuse_test_reply before insert on ticket_messages
        for each row execute function refuse_test_reply();`),
    );
    const ids = [...incidents.map((t) => t.id), failing.id, ok.id];
    try {
      await applyTriageBatchJob.run({ ticketIds: ids }, { db: ctx.database.db, logger, now: new Date() });
    } finally {
      await ctx.database.db.execute(
        sql.raw(`drop trigger refuse_test_reply on ticket_messages;
        drop function refuse_test_reply();`),
      );
    }
    const messagesOf = async (ticketId: number) =>
      (await ctx.app.inject({ url: api(`/tickets/${ticketId}/messages`), headers: requester.headers })).json()
        .items as { body: string }[];
    expect((await messagesOf(ok.id)).some((m) => m.body.includes('mailpw.example.com'))).toBe(true);
    // The failing ticket's triage left nothing behind, and it is tried again in a job of its own.
    expect(await messagesOf(failing.id)).toEqual([]);
    expect(await triageJobsFor([failing.id])).toContainEqual({ task: 'triage.apply', tickets: [failing.id] });
    // The recurring incidents became one proposal.
    const list = await ctx.app.inject({ url: api('/triage/problem-candidates'), headers: lead.headers });
    const candidate = json<{ items: ProblemCandidateDto[] }>(list).items.find((c) =>
      c.tickets.some((t) => t.id === incidents[0]?.id),
    );
    expect(candidate?.tickets.map((t) => t.id).sort()).toEqual(incidents.map((t) => t.id).sort());
  });

  it('runs a batch in one savepoint, and splits it so that only failing tickets are rolled back, each ticket once', async () => {
    await ctx.database.db.execute(
      sql`create table if not exists triage_savepoint_test (ticket_id int not null)`,
    );
    /** One run over ids 1..n where the tickets in `failing` throw after writing their row. */
    const runWith = async (n: number, failing: ReadonlySet<number>) => {
      const ids = Array.from({ length: n }, (_, i) => i + 1);
      let savepoints = 0;
      const attempts = new Map<number, number>();
      const failed: number[] = [];
      const triaged: number[] = [];
      await ctx.database.db.transaction(async (tx) => {
        await tx.execute(sql`truncate triage_savepoint_test`);
        // The caller's transaction, counting the savepoints asked of it (its own and the splits').
        const counted = {
          transaction: (work: (savepoint: Tx) => Promise<void>) => {
            savepoints++;
            return tx.transaction(work);
          },
        } as unknown as Tx;
        await triageInSavepoints(counted, ids, {
          apply: async (savepoint, ticketId, recurring) => {
            attempts.set(ticketId, (attempts.get(ticketId) ?? 0) + 1);
            await savepoint.execute(sql`insert into triage_savepoint_test values (${ticketId})`);
            if (failing.has(ticketId)) throw new Error(`ticket ${ticketId} fails`);
            recurring.push(ticketId);
          },
          triaged,
          failed: async (ticketId) => {
            failed.push(ticketId);
          },
        });
      });
      const rows = await ctx.database.db.execute<{ ticket_id: number }>(
        sql`select ticket_id from triage_savepoint_test order by ticket_id`,
      );
      return {
        ids,
        savepoints,
        attempts,
        failed,
        triaged,
        written: rows.rows.map((r) => Number(r.ticket_id)),
      };
    };

    const clean = await runWith(TRIAGE_BATCH, new Set());
    expect(clean.savepoints).toBe(1);
    expect(clean.written).toEqual(clean.ids);
    expect(clean.triaged).toEqual(clean.ids);
    expect(clean.failed).toEqual([]);

    // Two neighbours, one in the middle and the last one fail.
    const failing = new Set([7, 8, 20, TRIAGE_BATCH]);
    const split = await runWith(TRIAGE_BATCH, failing);
    const passing = split.ids.filter((id) => !failing.has(id));
    expect(split.failed).toEqual([...failing]);
    // What committed: each passing ticket's row exactly once, nothing of a failing ticket.
    expect(split.written).toEqual(passing);
    expect(split.triaged).toEqual(passing);
    // A failing ticket is tried once in the batch (then on its own, in its job).
    for (const id of failing) expect(split.attempts.get(id)).toBe(1);
    // A few savepoints, not one per ticket.
    expect(split.savepoints).toBeLessThan(12);
    await ctx.database.db.execute(sql`drop table triage_savepoint_test`);
  });
});
