import { sql } from 'drizzle-orm';
import pg from 'pg';
import { describe, expect, it, type MockInstance, vi } from 'vitest';
import type { CreateTicketInput, TicketDto } from '../../../../contracts/tickets.ts';
import { buildUser, ticketInput } from '../../../test/factories.ts';
import { setupTestApp } from '../../../test/harness.ts';
import type { LiveEvent } from '../../platform/events/events.ts';
import '../registry.ts';
import { loadConfig } from '../../config.ts';
import { idArray } from '../../platform/db/id-array.ts';
import { TicketIntake } from './intake.ts';

const ctx = await setupTestApp();

/**
 * The statements of the connection that inserted a ticket, alone (other connections' background
 * statements can arrive in between), and where its transaction's BEGIN, insert and COMMIT are.
 */
function intakeTransaction(sent: MockInstance<typeof pg.Client.prototype.query>) {
  const all = sent.mock.calls.map(([config], i) => ({
    text: typeof config === 'string' ? config : (config as unknown as { text: string }).text,
    client: sent.mock.contexts[i],
  }));
  const isInsert = (text: string) => text.trimStart().startsWith('insert into tickets');
  const inserting = all.find((c) => isInsert(c.text))?.client;
  const texts = all.filter((c) => c.client === inserting).map((c) => c.text);
  const insert = texts.findIndex(isInsert);
  const begin = texts.findLastIndex((t, i) => i < insert && t.startsWith('begin'));
  const commit = texts.findIndex((t, i) => i > insert && /\bcommit$/.test(t));
  return { texts, begin, insert, commit };
}

describe('the ticket intake', () => {
  it('opens tickets that arrive together in fewer transactions, each as if alone', async () => {
    const requester = await buildUser(ctx);
    const agent = await buildUser(ctx, { role: 'agent' });
    const count = 24;
    const responses = await Promise.all(
      Array.from({ length: count }, (_, i) =>
        ctx.app.inject({
          method: 'POST',
          url: '/api/v1/tickets',
          // Every third is an agent's phone ticket for the requester.
          headers: i % 3 === 0 ? agent.headers : requester.headers,
          payload: ticketInput({
            subject: `Burst ${i}`,
            impact: i % 2 ? 'high' : 'low',
            urgency: 'high',
            category: i % 4 ? '硬件/打印机' : '软件/财务系统',
            ...(i % 3 === 0 ? { requesterId: requester.user.id } : {}),
          }),
        }),
      ),
    );
    expect(responses.map((r) => r.statusCode)).toEqual(Array(count).fill(201));
    const tickets = responses.map((r) => r.json() as TicketDto);
    // Each answer is its own ticket, with what was asked for.
    tickets.forEach((ticket, i) => {
      expect(ticket.subject).toBe(`Burst ${i}`);
      expect(ticket.priority).toBe(i % 2 ? 'P1' : 'P3');
      expect(ticket.category).toBe(i % 4 ? '硬件/打印机' : '软件/财务系统');
      expect(ticket.requester.id).toBe(requester.user.id);
      expect(ticket.channel).toBe(i % 3 === 0 ? 'phone' : 'portal');
      expect(ticket.sla).not.toBeNull();
    });
    expect(new Set(tickets.map((t) => t.number)).size).toBe(count);
    const ids = `{${tickets.map((t) => t.id).join(',')}}`;
    // One transaction opens a batch: its tickets share the transaction's start time.
    const transactions = await ctx.database.db.execute<{ n: number }>(
      sql`select count(distinct created_at)::int as n from tickets where id = any(${ids}::bigint[])`,
    );
    expect(transactions.rows[0]?.n).toBeLessThan(count);
    // Every ticket has its audit event and its clocks, as a ticket opened alone does.
    const audit = await ctx.database.db.execute<{ n: number }>(
      sql`select count(*)::int as n from audit_events where kind = 'ticket.created' and ticket_id = any(${ids}::bigint[])`,
    );
    expect(audit.rows[0]?.n).toBe(count);
    const clocks = await ctx.database.db.execute<{ n: number }>(
      sql`select count(*)::int as n from ticket_sla where ticket_id = any(${ids}::bigint[])`,
    );
    expect(clocks.rows[0]?.n).toBe(count);
  });

  it('takes the tickets that arrive while its BEGIN is sent; those after wait for the next transaction (stop 41)', async () => {
    const requester = await buildUser(ctx);
    expect(loadConfig({}).INTAKE_TRANSACTIONS).toBe(1);
    /** The tickets of each transaction (they share its start time), in the order of their ids. */
    const sizes = async (opened: readonly TicketDto[]) => {
      const ids = opened.map((ticket) => ticket.id);
      expect(new Set(ids).size).toBe(ids.length);
      const { rows } = await ctx.database.db.execute<{ size: number }>(
        sql`select count(*)::int as size from tickets where id = any(${idArray(ids)}) group by created_at order by min(id)`,
      );
      return rows.map((row) => row.size);
    };
    // Twelve asked for in the same moment: the first begins a transaction, the others arrive
    // while its BEGIN is on its way, and it takes them all.
    const intake = new TicketIntake(ctx.database.db, { transactions: 1 });
    const together = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        intake.open(requester.actor, ticketInput({ subject: `Together ${i}` })),
      ),
    );
    expect(await sizes(together)).toEqual([12]);

    // Eleven asked for once the first's transaction has taken its tickets (its insert on its
    // way): they wait for the next transaction, which with INTAKE_TRANSACTIONS=2 begins at once.
    const later = async (transactions: number) => {
      const intake = new TicketIntake(ctx.database.db, { transactions });
      const query = pg.Client.prototype.query;
      const texts: string[] = [];
      let rest: Promise<TicketDto>[] = [];
      const sent = vi.spyOn(pg.Client.prototype, 'query').mockImplementation(function (
        this: pg.Client,
        ...args: Parameters<typeof query>
      ) {
        const [config] = args;
        const text = typeof config === 'string' ? config : ((config as { text?: string })?.text ?? '');
        texts.push(text);
        if (text.trimStart().startsWith('insert into tickets') && rest.length === 0) {
          rest = Array.from({ length: 11 }, (_, i) =>
            intake.open(requester.actor, ticketInput({ subject: `Later ${transactions}-${i}` })),
          );
        }
        // pg's overloaded query(), forwarded unchanged.
        return Reflect.apply(query, this, args);
      } as typeof query);
      try {
        const first = await intake.open(requester.actor, ticketInput({ subject: `First ${transactions}` }));
        const opened = [first, ...(await Promise.all(rest))];
        const begins = texts.flatMap((t, i) => (t.startsWith('begin') ? [i] : []));
        const commit = texts.findIndex((t) => /\bcommit$/.test(t));
        return { sizes: await sizes(opened), overlapped: (begins[1] ?? Infinity) < commit };
      } finally {
        sent.mockRestore();
      }
    };
    expect(await later(1)).toEqual({ sizes: [1, 11], overlapped: false });
    expect(await later(2)).toEqual({ sizes: [1, 11], overlapped: true });
  });

  it('runs its transactions by generic plans, the rules read with the BEGIN, the events sent with the COMMIT (issue 18)', async () => {
    const requester = await buildUser(ctx);
    const sent = vi.spyOn(pg.Client.prototype, 'query');
    try {
      const response = await ctx.app.inject({
        method: 'POST',
        url: '/api/v1/tickets',
        headers: requester.headers,
        payload: ticketInput({ subject: 'Generic plans' }),
      });
      expect(response.statusCode).toBe(201);
      const { texts, begin, insert, commit } = intakeTransaction(sent);
      // The setting travels in the transaction's BEGIN: one round trip, not two (stop 32); so do
      // the reads of the rules that routing and automation apply to new tickets (stop 40).
      expect(insert).toBeGreaterThan(0);
      expect(begin).toBeGreaterThanOrEqual(0);
      expect(texts[begin]).toMatch(/^begin; set local plan_cache_mode = force_generic_plan;/);
      expect(texts[begin]).toContain('from "routing_rules" where "active"');
      expect(texts[begin]).toContain(`from "automation_rules" where "event" = 'ticket.created'`);
      expect(texts.slice(begin + 1, insert).filter((t) => /^(begin|set )/.test(t))).toEqual([]);
      // Its statements: none of the rules read again; the SLA clocks' upsert, its changes recorded
      // for the follow-ups and its live events go with the COMMIT, in that order (stops 40, 41).
      const inside = texts.slice(begin + 1, commit);
      expect(
        inside.filter((t) => /routing_rules|automation_rules|pg_notify|ticket_follow_ups|ticket_sla/.test(t)),
      ).toEqual([]);
      expect(texts[commit]).toMatch(
        /^\s*(insert into ticket_sla|execute s\d+\().*;\nwith alongside as \(insert into ticket_follow_ups .*;\nselect pg_notify\('servicedesk_events', payload\).*;\ncommit$/s,
      );
    } finally {
      sent.mockRestore();
    }
  });

  it('reads its answers with its COMMIT by the statement its connection prepared, the same answers (stop 40)', async () => {
    const requester = await buildUser(ctx);
    const sent = vi.spyOn(pg.Client.prototype, 'query');
    let carried: { commit: string; texts: string[]; ticket: TicketDto } | undefined;
    try {
      // The first intake transaction on a connection reads its answers itself (and prepares the
      // read); a later one on the same connection sends them with its COMMIT.
      for (let i = 0; i < 6 && !carried; i++) {
        sent.mockClear();
        const response = await ctx.app.inject({
          method: 'POST',
          url: '/api/v1/tickets',
          headers: requester.headers,
          payload: ticketInput({ subject: `Answered with the commit ${i}` }),
        });
        expect(response.statusCode).toBe(201);
        const { texts, begin, commit } = intakeTransaction(sent);
        if (/^execute s\d+\(/m.test(texts[commit] ?? '')) {
          carried = {
            commit: texts[commit] ?? '',
            // The connection's kept plans made anew are not the transaction's.
            texts: texts.slice(begin, commit + 1).filter((t) => t !== 'discard plans'),
            ticket: response.json(),
          };
        }
      }
    } finally {
      sent.mockRestore();
    }
    expect(carried).toBeDefined();
    // Four round trips (stop 41): the BEGIN with the rules' reads, the tickets' insert, their
    // audit events with the SLA clocks' read of them (by its prepared statement), and the COMMIT
    // with the clocks' upsert, the follow-ups' record, the live events and the answers' read.
    const [begin, insert, events, commit, ...more] = carried?.texts ?? [];
    expect(more).toEqual([]);
    expect(begin).toMatch(/^begin; set local plan_cache_mode = force_generic_plan;/);
    expect(insert?.trimStart()).toMatch(/^insert into tickets /);
    expect(events).toMatch(
      /^insert into audit_events .*"kind":"ticket\.created".*;\nexecute s\d+\('\{\d+\}'\)$/s,
    );
    expect(commit).toBe(carried?.commit);
    expect(commit).toMatch(
      /^\s*(insert into ticket_sla|execute s\d+\().*;\nwith alongside as .*;\nselect pg_notify\(.*;\nexecute s\d+\('\{\d+\}'\);\ncommit$/s,
    );
    // The same answer as a read of the ticket afterwards
    const read = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/tickets/${carried?.ticket.id}`,
      headers: requester.headers,
    });
    // (but for when its SLA clocks were computed).
    const computedAtAside = (t: TicketDto | undefined) => ({ ...t, sla: { ...t?.sla, computedAt: null } });
    expect(computedAtAside(carried?.ticket)).toEqual(computedAtAside(read.json()));
  });

  it('gives a bad ticket in a burst its own error and opens the others', async () => {
    const requester = await buildUser(ctx);
    const agent = await buildUser(ctx, { role: 'agent' });
    const responses = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        ctx.app.inject({
          method: 'POST',
          url: '/api/v1/tickets',
          headers: i === 5 ? agent.headers : requester.headers,
          payload: ticketInput({ subject: `Mixed ${i}`, ...(i === 5 ? { requesterId: 999_999 } : {}) }),
        }),
      ),
    );
    expect(responses[5]?.statusCode).toBe(400);
    expect(responses[5]?.json()).toMatchObject({
      error: { code: 'ticket.requester_invalid', field: 'requesterId' },
    });
    const others = responses.filter((_, i) => i !== 5);
    expect(others.map((r) => r.statusCode)).toEqual(Array(11).fill(201));
    const subjects = await ctx.database.db.execute<{ subject: string }>(
      sql`select subject from tickets where subject like 'Mixed %' order by subject`,
    );
    expect(subjects.rows.map((r) => r.subject)).not.toContain('Mixed 5');
    expect(subjects.rows).toHaveLength(11);
  });

  it('stores every field of a ticket opened together with others as of one opened alone', async () => {
    const requester = await buildUser(ctx);
    const agent = await buildUser(ctx, { role: 'agent' });
    const full = (subject: string): CreateTicketInput =>
      ticketInput({
        subject,
        description: '导出报表时报错 "FIN-4012" \\ with a backslash, a quote \' and\nnew lines',
        errorCode: 'FIN-4012',
        environment: 'Windows 11, 财务系统 8.2',
        stepsTried: '重启；清缓存',
        businessImpact: '月底结账受阻',
        occurredAt: '2026-12-01T08:30:15.123Z',
        impact: 'high',
        urgency: 'low',
        tags: ['月结', 'vpn'],
        requesterId: requester.user.id,
      });
    const columns = sql`type, category_id, description, error_code, environment, steps_tried, business_impact,
      occurred_at, channel, impact, urgency, priority, priority_overridden, status, requester_id, organization_id,
      team_id, assignee_id, reopen_count, external_id, tags, resolved_at, closed_at`;
    const alone = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/tickets',
      headers: agent.headers,
      payload: full('Alone'),
    });
    expect(alone.statusCode).toBe(201);
    const seen: LiveEvent[] = [];
    const listen = (event: LiveEvent) => seen.push(event);
    ctx.events.on('event', listen);
    const together = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        ctx.app.inject({
          method: 'POST',
          url: '/api/v1/tickets',
          headers: i % 2 ? agent.headers : requester.headers,
          payload:
            i % 2 ? full(`Together ${i}`) : ticketInput({ subject: `Together ${i}`, category: undefined }),
        }),
      ),
    );
    expect(together.map((r) => r.statusCode)).toEqual(Array(8).fill(201));
    const row = async (id: number) =>
      (await ctx.database.db.execute(sql`select ${columns} from tickets where id = ${id}`)).rows[0];
    const aloneRow = await row((alone.json() as TicketDto).id);
    expect(aloneRow).toMatchObject({ tags: ['月结', 'vpn'], channel: 'phone', priority: 'P3' });
    for (const [i, response] of together.entries()) {
      const ticket = response.json() as TicketDto;
      expect(ticket.subject).toBe(`Together ${i}`);
      if (i % 2) expect(await row(ticket.id)).toEqual(aloneRow);
      else
        expect(await row(ticket.id)).toMatchObject({
          category_id: null,
          tags: [],
          error_code: null,
          occurred_at: null,
        });
    }
    // Each ticket's audit event as a ticket opened alone has it.
    const ids = together.map((r) => (r.json() as TicketDto).id);
    const audit = await ctx.database.db.execute<{
      ticket_id: number;
      data: Record<string, unknown>;
      at: Date;
      v: number;
    }>(
      sql`select e.ticket_id, e.data, e.at, e.v from audit_events e
           where e.kind = 'ticket.created' and e.ticket_id = any(${idArray(ids)}) order by e.ticket_id`,
    );
    expect(audit.rows.map((r) => r.ticket_id)).toEqual([...ids].sort((a, b) => a - b));
    for (const event of audit.rows) {
      const ticket = together.map((r) => r.json() as TicketDto).find((t) => t.id === event.ticket_id);
      expect(event.data).toEqual({
        number: ticket?.number,
        channel: ticket?.channel,
        priority: ticket?.priority,
        requesterId: requester.user.id,
      });
      expect(event.v).toBe(1);
    }
    // The live events of every ticket arrive (delivered on commit), each once.
    await expect
      .poll(() => ids.filter((id) => seen.some((e) => e.type === 'sla.changed' && e.ticketId === id)).length)
      .toBe(ids.length);
    ctx.events.off('event', listen);
    for (const id of ids) {
      const changed = seen.filter((e) => e.type === 'ticket.changed' && e.ticketId === id);
      expect(changed).toEqual([
        { type: 'ticket.changed', ticketId: id, data: { kind: 'created' } },
        { type: 'ticket.changed', ticketId: id, userIds: [requester.user.id], data: { kind: 'created' } },
      ]);
      expect(seen.filter((e) => e.type === 'sla.changed' && e.ticketId === id)).toHaveLength(1);
    }
  });

  it('creates a new category once for the tickets of a burst that name it, and finds one that exists', async () => {
    const requester = await buildUser(ctx);
    const paths = ['网络/无线 AP', ' 网络 / 无线 ap ', '硬件/打印机', '网络/无线 AP'];
    const responses = await Promise.all(
      paths.map((category, i) =>
        ctx.app.inject({
          method: 'POST',
          url: '/api/v1/tickets',
          headers: requester.headers,
          payload: ticketInput({ subject: `Category ${i}`, category }),
        }),
      ),
    );
    expect(responses.map((r) => r.statusCode)).toEqual([201, 201, 201, 201]);
    const tickets = responses.map((r) => r.json() as TicketDto);
    // Written as the first ticket to be opened named it (requests arriving together have no order).
    const wireless = tickets[0]?.category;
    expect(wireless?.toLowerCase()).toBe('网络/无线 ap');
    expect(tickets.map((t) => t.category)).toEqual([wireless, wireless, '硬件/打印机', wireless]);
    const created = await ctx.database.db.execute<{ path: string }>(
      sql`select data->>'path' as path from audit_events where kind = 'category.created' and data->>'path' like '网络%' order by id`,
    );
    expect(created.rows.map((r) => r.path)).toEqual(['网络', wireless]);
    const stored = await ctx.database.db.execute<{ n: number }>(
      sql`select count(distinct category_id)::int as n from tickets where id = any(${idArray(tickets.map((t) => t.id))})`,
    );
    expect(stored.rows[0]?.n).toBe(2);
  });
});
