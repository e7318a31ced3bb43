import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type {
  KnownErrorResult,
  ProblemDetailDto,
  ProblemDto,
  ProblemPage,
} from '../../../../contracts/problems.ts';
import type { TicketDto, TimelineEventDto } from '../../../../contracts/tickets.ts';
import { buildTicket, buildUser, type TestUser } from '../../../test/factories.ts';
import { outboxFor } from '../../../test/factories-feedback.ts';
import { followUpsDone, json, setupTestApp } from '../../../test/harness.ts';
import { assertProblemId, resolveProblemByChange } from './index.ts';

const ctx = await setupTestApp();
const db = ctx.database.db;

const call = (as: TestUser, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
  ctx.app.inject({ method, url: `/api/v1${url}`, headers: as.headers, ...(payload ? { payload } : {}) });

async function problemRows(): Promise<number> {
  const r = await db.execute<{ n: number }>(sql`select count(*)::int as n from problems`);
  return Number(r.rows[0]?.n);
}

async function timeline(as: TestUser, ticketId: number): Promise<TimelineEventDto[]> {
  return json<{ items: TimelineEventDto[] }>(await call(as, 'GET', `/tickets/${ticketId}/timeline`)).items;
}

async function messages(ticketId: number): Promise<{ body: string; internal: boolean; author_id: number }[]> {
  const r = await db.execute<{ body: string; internal: boolean; author_id: number }>(
    sql`select body, internal, author_id from ticket_messages where ticket_id = ${ticketId} order by id`,
  );
  return r.rows.map((m) => ({ ...m, author_id: Number(m.author_id) }));
}

async function setup() {
  const agent = await buildUser(ctx, { role: 'agent' });
  const lead = await buildUser(ctx, { role: 'lead', locale: 'en' });
  const zhRequester = await buildUser(ctx, { locale: 'zh-CN' });
  const enRequester = await buildUser(ctx, { locale: 'en' });
  const a = await buildTicket(ctx, zhRequester, { subject: 'VPN 每小时断线一次' });
  const b = await buildTicket(ctx, enRequester, { subject: 'VPN drops every hour' });
  const c = await buildTicket(ctx, enRequester, { subject: 'VPN disconnects again' });
  return { agent, lead, zhRequester, enRequester, tickets: [a, b, c] as [TicketDto, TicketDto, TicketDto] };
}

describe('problems: create, read, list', () => {
  it('an agent opens a problem with incidents; the detail lists them with their status', async () => {
    const { agent, tickets } = await setup();
    const created = await call(agent, 'POST', '/problems', {
      title: 'VPN concentrator drops sessions',
      description: 'Every hour the VPN drops.',
      ticketIds: tickets.map((t) => t.id),
      priority: 'P2',
    });
    expect(created.statusCode).toBe(201);
    const problem = json<ProblemDto>(created);
    expect(problem).toMatchObject({
      status: 'new',
      priority: 'P2',
      ticketCount: 3,
      allowedTransitions: ['investigating'],
    });
    const detail = json<ProblemDetailDto>(await call(agent, 'GET', `/problems/${problem.id}`));
    expect(detail.incidents.map((i) => i.id)).toEqual(tickets.map((t) => t.id));
    expect(detail.incidents[0]?.status).toBe('new');
    expect(detail.fixes).toEqual([]);
    // The link is on each incident's timeline.
    const events = await timeline(agent, tickets[0].id);
    expect(events.some((e) => e.kind === 'problem.ticket_linked')).toBe(true);
    // The ticket page finds its problem.
    const byTicket = json<ProblemPage>(await call(agent, 'GET', `/problems?ticketId=${tickets[1].id}`));
    expect(byTicket.items.map((p) => p.id)).toEqual([problem.id]);
  });

  it('lists by status and text, in pages', async () => {
    const { agent } = await setup();
    const tag = `Zq${Date.now()}`;
    const ids: number[] = [];
    for (let i = 0; i < 3; i++)
      ids.push(json<ProblemDto>(await call(agent, 'POST', '/problems', { title: `${tag} printer ${i}` })).id);
    await call(agent, 'PATCH', `/problems/${ids[0]}`, { status: 'investigating' });
    const page1 = json<ProblemPage>(await call(agent, 'GET', `/problems?q=${tag}&limit=2`));
    expect(page1.items.map((p) => p.id)).toEqual([ids[2], ids[1]]);
    expect(page1.nextCursor).not.toBeNull();
    const page2 = json<ProblemPage>(
      await call(agent, 'GET', `/problems?q=${tag}&limit=2&cursor=${page1.nextCursor}`),
    );
    expect(page2.items.map((p) => p.id)).toEqual([ids[0]]);
    expect(page2.nextCursor).toBeNull();
    const investigating = json<ProblemPage>(
      await call(agent, 'GET', `/problems?q=${tag}&status=investigating`),
    );
    expect(investigating.items.map((p) => p.id)).toEqual([ids[0]]);
    expect((await call(agent, 'GET', '/problems?cursor=nonsense')).statusCode).toBe(400);
    expect((await call(agent, 'GET', '/problems?status=open')).statusCode).toBe(400);
  });

  it('refuses bad input with 4xx and writes nothing', async () => {
    const { agent, zhRequester, tickets } = await setup();
    const before = await problemRows();
    const request = await buildTicket(ctx, zhRequester, { type: 'service_request', subject: 'New laptop' });
    const cases: [object, number, string][] = [
      [{}, 400, 'title'],
      [{ title: '' }, 400, 'title'],
      [{ title: 'x', ticketIds: [tickets[0].id, 99_999_999] }, 400, 'problem.ticket_not_found'],
      [{ title: 'x', ticketIds: [request.id] }, 400, 'problem.ticket_not_incident'],
      [{ title: 'x', ownerId: zhRequester.user.id }, 400, 'problem.owner_invalid'],
      [{ title: 'x', priority: 'P9' }, 400, 'priority'],
      [{ title: 'x', candidateId: 99_999_999 }, 403, 'auth.forbidden'],
    ];
    for (const [payload, status, what] of cases) {
      const response = await call(agent, 'POST', '/problems', payload);
      expect(response.statusCode, JSON.stringify(payload)).toBe(status);
      const error = response.json().error;
      expect([error.code, error.field]).toContain(what);
    }
    expect((await call(zhRequester, 'POST', '/problems', { title: 'x' })).statusCode).toBe(403);
    expect((await call(zhRequester, 'GET', '/problems')).statusCode).toBe(403);
    expect(await problemRows()).toBe(before);
    expect((await call(agent, 'GET', '/problems/99999999')).statusCode).toBe(404);
  });
});

describe('problems: status flow', () => {
  it('moves only along allowed transitions (409 otherwise, nothing changed)', async () => {
    const { agent } = await setup();
    const problem = json<ProblemDto>(await call(agent, 'POST', '/problems', { title: 'Mail queue stuck' }));
    const refused = await call(agent, 'PATCH', `/problems/${problem.id}`, {
      status: 'resolved',
      title: 'changed',
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('problem.invalid_transition');
    expect(json<ProblemDetailDto>(await call(agent, 'GET', `/problems/${problem.id}`)).title).toBe(
      'Mail queue stuck',
    );
    for (const status of ['investigating', 'known_error', 'resolved', 'closed'] as const) {
      const moved = await call(agent, 'PATCH', `/problems/${problem.id}`, { status });
      expect(moved.statusCode, status).toBe(200);
      expect(json<ProblemDto>(moved).status).toBe(status);
    }
    const closed = json<ProblemDetailDto>(await call(agent, 'GET', `/problems/${problem.id}`));
    expect(closed.resolvedAt).not.toBeNull();
    expect(closed.closedAt).not.toBeNull();
    expect(closed.allowedTransitions).toEqual([]);
    const afterClose = await call(agent, 'PATCH', `/problems/${problem.id}`, { title: 'again' });
    expect(afterClose.statusCode).toBe(409);
    expect(afterClose.json().error.code).toBe('problem.closed');
  });
});

describe('problems: linked incidents', () => {
  it('links and unlinks incidents; a ticket belongs to one problem', async () => {
    const { agent, tickets } = await setup();
    const one = json<ProblemDto>(
      await call(agent, 'POST', '/problems', { title: 'One', ticketIds: [tickets[0].id] }),
    );
    const two = json<ProblemDto>(await call(agent, 'POST', '/problems', { title: 'Two' }));
    const taken = await call(agent, 'POST', `/problems/${two.id}/tickets`, {
      ticketIds: [tickets[1].id, tickets[0].id],
    });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error.code).toBe('problem.ticket_linked_elsewhere');
    expect(json<ProblemDetailDto>(await call(agent, 'GET', `/problems/${two.id}`)).incidents).toEqual([]);
    const linked = await call(agent, 'POST', `/problems/${one.id}/tickets`, {
      ticketIds: [tickets[1].id, tickets[0].id],
    });
    expect(linked.statusCode).toBe(200);
    expect(json<ProblemDetailDto>(linked).incidents.map((i) => i.id)).toEqual([tickets[0].id, tickets[1].id]);
    expect((await call(agent, 'POST', `/problems/${one.id}/tickets`, { ticketIds: [] })).statusCode).toBe(
      400,
    );
    const unlinked = await call(agent, 'DELETE', `/problems/${one.id}/tickets/${tickets[0].id}`);
    expect(json<ProblemDetailDto>(unlinked).incidents.map((i) => i.id)).toEqual([tickets[1].id]);
    expect((await call(agent, 'DELETE', `/problems/${one.id}/tickets/${tickets[0].id}`)).statusCode).toBe(
      404,
    );
    expect((await timeline(agent, tickets[0].id)).map((e) => e.kind)).toContain('problem.ticket_unlinked');
    // Now free, it can join the other problem.
    expect(
      (await call(agent, 'POST', `/problems/${two.id}/tickets`, { ticketIds: [tickets[0].id] })).statusCode,
    ).toBe(200);
  });
});

describe('problems: workaround push', () => {
  it('posts a new workaround once to each incident (internal note), and public replies in the requester language when asked', async () => {
    const { agent, zhRequester, enRequester, tickets } = await setup();
    const problem = json<ProblemDto>(
      await call(agent, 'POST', '/problems', { title: 'VPN drops', ticketIds: tickets.map((t) => t.id) }),
    );
    const set = await call(agent, 'PATCH', `/problems/${problem.id}`, {
      rootCause: 'Idle timeout of 60 minutes on the concentrator',
      workaround: 'Reconnect with the "Keep alive" option on.',
      notifyRequesters: true,
    });
    expect(set.statusCode).toBe(200);
    expect(json<ProblemDto>(set).workaroundUpdatedAt).not.toBeNull();
    for (const ticket of tickets) {
      const list = await messages(ticket.id);
      expect(list.filter((m) => m.internal && m.body.includes('Keep alive'))).toHaveLength(1);
      expect(list.filter((m) => !m.internal && m.body.includes('Keep alive'))).toHaveLength(1);
      expect(list.every((m) => m.author_id === agent.user.id)).toBe(true);
    }
    const zhReply = (await messages(tickets[0].id)).find((m) => !m.internal);
    expect(zhReply?.body).toContain('临时解决方案');
    const enReply = (await messages(tickets[1].id)).find((m) => !m.internal);
    expect(enReply?.body).toContain('A workaround is available');
    expect(zhRequester.user.locale).toBe('zh-CN');
    expect(enRequester.user.locale).toBe('en');
    // An unrelated PATCH, and the same workaround again, push nothing.
    await call(agent, 'PATCH', `/problems/${problem.id}`, {
      status: 'investigating',
      notifyRequesters: true,
    });
    await call(agent, 'PATCH', `/problems/${problem.id}`, {
      workaround: 'Reconnect with the "Keep alive" option on.',
      notifyRequesters: true,
    });
    expect((await messages(tickets[2].id)).length).toBe(2);
    // A changed workaround without notifyRequesters: one more internal note only.
    await call(agent, 'PATCH', `/problems/${problem.id}`, { workaround: 'Use the backup gateway vpn2.' });
    const after = await messages(tickets[2].id);
    expect(after).toHaveLength(3);
    expect(after[2]).toMatchObject({ internal: true });
    expect(after[2]?.body).toContain('vpn2');
    // The requester sees the public reply, not the note.
    const requesterTimeline = await timeline(enRequester, tickets[1].id);
    expect(requesterTimeline.filter((e) => e.kind === 'message.created')).toHaveLength(1);
  });
});

describe('problems: known error', () => {
  it('publishes a public article that portal search finds; a second call updates the same article', async () => {
    const { agent, lead, enRequester, tickets } = await setup();
    const problem = json<ProblemDto>(
      await call(agent, 'POST', '/problems', {
        title: 'Plotter Xerograph-77 jams',
        ticketIds: [tickets[0].id],
      }),
    );
    const early = await call(lead, 'POST', `/problems/${problem.id}/known-error`);
    expect(early.statusCode).toBe(409);
    expect(early.json().error.code).toBe('problem.known_error_incomplete');
    await call(agent, 'PATCH', `/problems/${problem.id}`, {
      status: 'investigating',
      rootCause: 'Firmware 2.1 feeds two sheets at once',
      workaround: 'Load at most 50 sheets in tray 2 of the Xerograph-77.',
    });
    expect((await call(agent, 'POST', `/problems/${problem.id}/known-error`)).statusCode).toBe(403);
    const first = await call(lead, 'POST', `/problems/${problem.id}/known-error`);
    expect(first.statusCode).toBe(200);
    const { articleId, created } = json<KnownErrorResult>(first);
    expect(created).toBe(true);
    const detail = json<ProblemDetailDto>(await call(agent, 'GET', `/problems/${problem.id}`));
    expect(detail).toMatchObject({ status: 'known_error', knownErrorArticleId: articleId });
    const search = json<{ items: { id: number }[] }>(
      await call(enRequester, 'GET', `/search?scope=articles&q=${encodeURIComponent('Xerograph-77 jams')}`),
    );
    expect(search.items.map((i) => i.id)).toContain(articleId);
    await call(agent, 'PATCH', `/problems/${problem.id}`, {
      workaround: 'Update the Xerograph-77 firmware to 2.2.',
    });
    const second = json<KnownErrorResult>(await call(lead, 'POST', `/problems/${problem.id}/known-error`));
    expect(second).toEqual({ articleId, created: false });
    const article = json<{ solution: string; status: string; visibility: string }>(
      await call(enRequester, 'GET', `/kb/articles/${articleId}`),
    );
    expect(article).toMatchObject({ status: 'published', visibility: 'public' });
    expect(article.solution).toContain('2.2');
  });
});

describe('problems: from a problem candidate (MX-3)', () => {
  it('makes a problem from a candidate in one call; the candidate is accepted and its incidents linked', async () => {
    const { lead, agent, tickets } = await setup();
    const [candidate] = (
      await db.execute<{ id: number }>(sql`
        insert into problem_candidates (title, ticket_ids) values ('VPN drops', ${sql.param(tickets.map((t) => t.id))}::bigint[])
        returning id`)
    ).rows;
    const candidateId = Number(candidate?.id);
    expect((await call(agent, 'POST', '/problems', { candidateId })).statusCode).toBe(403);
    const created = await call(lead, 'POST', '/problems', { candidateId });
    expect(created.statusCode).toBe(201);
    const problem = json<ProblemDto>(created);
    expect(problem).toMatchObject({ title: 'VPN drops', ticketCount: 3, candidateId });
    const status = await db.execute<{ status: string }>(
      sql`select status from problem_candidates where id = ${candidateId}`,
    );
    expect(status.rows[0]?.status).toBe('accepted');
    const again = await call(lead, 'POST', '/problems', { candidateId });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('problem.candidate_taken');
    expect((await call(lead, 'POST', '/problems', { candidateId: 99_999_999 })).statusCode).toBe(404);
  });
});

describe('problems: resolved by a change', () => {
  it('resolves the problem and each open incident; each requester gets the resolution report', async () => {
    const { agent, zhRequester, enRequester, tickets } = await setup();
    const problem = json<ProblemDto>(
      await call(agent, 'POST', '/problems', {
        title: 'VPN drops',
        ticketIds: tickets.map((t) => t.id),
      }),
    );
    await call(agent, 'PATCH', `/problems/${problem.id}`, { rootCause: 'Idle timeout' });
    await db.transaction(async (tx) => {
      await assertProblemId(tx, problem.id);
      await expect(assertProblemId(tx, 99_999_999, 'problemId')).rejects.toMatchObject({
        code: 'problem.not_found',
        status: 400,
        field: 'problemId',
      });
      await resolveProblemByChange(tx, {
        problemId: problem.id,
        changeId: 42,
        summary: 'Raised the idle timeout',
      });
    });
    await followUpsDone(ctx);
    const detail = json<ProblemDetailDto>(await call(agent, 'GET', `/problems/${problem.id}`));
    expect(detail.status).toBe('resolved');
    expect(detail.incidents.map((i) => i.status)).toEqual(['resolved', 'resolved', 'resolved']);
    expect(await outboxFor(ctx, 'resolution.report', zhRequester.user.email)).toHaveLength(1);
    expect(await outboxFor(ctx, 'resolution.report', enRequester.user.email)).toHaveLength(2);
  });
});

describe('problems: affected assets', () => {
  it('sets affected assets (checked by the assets module) and shows them on the problem', async () => {
    const { agent } = await setup();
    const admin = await buildUser(ctx, { role: 'admin' });
    const asset = await call(admin, 'POST', '/assets', {
      name: 'vpn-gw-1',
      type: 'server',
      criticality: 'high',
    });
    expect(asset.statusCode).toBe(201);
    const assetId = Number(asset.json().id);
    const problem = json<ProblemDto>(
      await call(agent, 'POST', '/problems', { title: 'VPN gateway', assetIds: [assetId] }),
    );
    expect(problem.assetIds).toEqual([assetId]);
    const detail = json<ProblemDetailDto>(await call(agent, 'GET', `/problems/${problem.id}`));
    expect(detail.assets).toEqual([
      { id: assetId, name: 'vpn-gw-1', type: 'server', status: 'in_use', criticality: 'high' },
    ]);
    const bad = await call(agent, 'PATCH', `/problems/${problem.id}`, {
      assetIds: [assetId, 99_999_999],
      title: 'nope',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ code: 'asset.not_found', field: 'assetIds' });
    expect(json<ProblemDetailDto>(await call(agent, 'GET', `/problems/${problem.id}`)).title).toBe(
      'VPN gateway',
    );
    const before = await problemRows();
    expect((await call(agent, 'POST', '/problems', { title: 'x', assetIds: [99_999_999] })).statusCode).toBe(
      400,
    );
    expect(await problemRows()).toBe(before);
    const cleared = await call(agent, 'PATCH', `/problems/${problem.id}`, { assetIds: [] });
    expect(json<ProblemDto>(cleared).assetIds).toEqual([]);
  });
});
