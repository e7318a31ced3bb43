import { sql } from 'drizzle-orm';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { ApprovalDto, ApprovalMode } from '../../../../contracts/approvals.ts';
import { buildTicket, buildUser, type TestUser } from '../../../test/factories.ts';
import { outboxFor, waitingJob } from '../../../test/factories-feedback.ts';
import { json, setupTestApp } from '../../../test/harness.ts';
import { onEvent, type RecordedEvent } from '../audit/index.ts';
import { outcomeOf } from './domain.ts';
import { requestApproval } from './index.ts';
import { approvalExpiryJob, approvalReminderJob } from './timers.ts';

const ctx = await setupTestApp({ PUBLIC_URL: 'http://desk.example' });

const call = (as: TestUser | null, method: 'GET' | 'POST', url: string, payload?: object) =>
  ctx.app.inject({
    method,
    url: `/api/v1${url}`,
    ...(as ? { headers: as.headers } : {}),
    ...(payload ? { payload } : {}),
  });

// What the subject's module hears: the engine's `approval.decided` in the deciding transaction.
const decided: RecordedEvent<'approval.decided'>[] = [];
onEvent('approval.decided', async (_tx, event) => {
  decided.push(event);
});
const decidedFor = (approvalId: number) => decided.filter((e) => e.data.approvalId === approvalId);

async function people(count: number) {
  return Promise.all(Array.from({ length: count }, () => buildUser(ctx, { role: 'agent' })));
}

/** An agent asks for approval on a ticket through the API. */
async function asked(mode: ApprovalMode, approvers: TestUser[], extra: object = {}) {
  const agent = await buildUser(ctx, { role: 'agent' });
  const requester = await buildUser(ctx);
  const ticket = await buildTicket(ctx, requester);
  const response = await call(agent, 'POST', `/tickets/${ticket.id}/approvals`, {
    title: 'Grant VPN access to the finance share',
    approverIds: approvers.map((a) => a.user.id),
    mode,
    ...extra,
  });
  expect(response.statusCode, response.body).toBe(201);
  return { agent, requester, ticket, approval: json<ApprovalDto>(response) };
}

const decide = (as: TestUser, id: number, decision: 'approve' | 'reject', comment?: string) =>
  call(as, 'POST', `/approvals/${id}/decision`, { decision, ...(comment ? { comment } : {}) });

async function pendingOf(as: TestUser) {
  const response = await call(as, 'GET', '/approvals?status=pending');
  expect(response.statusCode, response.body).toBe(200);
  return json<{ items: ApprovalDto[] }>(response).items;
}

async function auditKinds(approvalId: number) {
  const rows = await ctx.database.db.execute<{ kind: string; actor_id: number | null }>(
    sql`select kind, actor_id from audit_events where entity_type = 'approval' and entity_id = ${approvalId} order by id`,
  );
  return rows.rows.map((r) => r.kind);
}

describe('the pure rules', () => {
  const v = (...d: ('approve' | 'reject' | null)[]) =>
    d.map((decision, position) => ({ userId: position + 1, position, decision }));
  it('all: every approve approves, one reject rejects', () => {
    expect(outcomeOf('all', v('approve', null))).toBeNull();
    expect(outcomeOf('all', v('approve', 'approve'))).toBe('approved');
    expect(outcomeOf('all', v('approve', 'reject'))).toBe('rejected');
  });
  it('any: the first approve approves, all rejects reject', () => {
    expect(outcomeOf('any', v('reject', null))).toBeNull();
    expect(outcomeOf('any', v('reject', 'approve'))).toBe('approved');
    expect(outcomeOf('any', v('reject', 'reject'))).toBe('rejected');
  });
  it('sequence: a reject rejects, the last approve approves', () => {
    expect(outcomeOf('sequence', v('approve', null, null))).toBeNull();
    expect(outcomeOf('sequence', v('approve', 'reject', null))).toBe('rejected');
    expect(outcomeOf('sequence', v('approve', 'approve', 'approve'))).toBe('approved');
  });
});

describe('mode all (会签)', () => {
  it('asks every approver at once; approved only when all approve; the event goes out once', async () => {
    const [a, b] = await people(2);
    if (!a || !b) throw new Error('no people');
    const { approval, ticket, agent } = await asked('all', [a, b]);
    expect(approval).toMatchObject({
      subjectType: 'ticket',
      subjectId: ticket.id,
      ticketId: ticket.id,
      ticketNumber: ticket.number,
      mode: 'all',
      status: 'pending',
      requestedBy: { id: agent.user.id },
    });
    expect((await pendingOf(a)).map((x) => x.id)).toContain(approval.id);
    expect((await pendingOf(b)).map((x) => x.id)).toContain(approval.id);
    const first = await decide(a, approval.id, 'approve', 'OK from security');
    expect(first.statusCode, first.body).toBe(200);
    expect(json<ApprovalDto>(first).status).toBe('pending');
    expect(decidedFor(approval.id)).toHaveLength(0);
    expect((await pendingOf(a)).map((x) => x.id)).not.toContain(approval.id);
    const second = await decide(b, approval.id, 'approve');
    expect(json<ApprovalDto>(second)).toMatchObject({ status: 'approved', canDecide: false });
    expect(json<ApprovalDto>(second).approvers.map((p) => [p.userId, p.decision, p.comment])).toEqual([
      [a.user.id, 'approve', 'OK from security'],
      [b.user.id, 'approve', null],
    ]);
    expect(decidedFor(approval.id).map((e) => e.data)).toEqual([
      expect.objectContaining({
        approvalId: approval.id,
        subjectType: 'ticket',
        subjectId: ticket.id,
        ticketId: ticket.id,
        outcome: 'approved',
      }),
    ]);
    expect(await auditKinds(approval.id)).toEqual([
      'approval.requested',
      'approval.voted',
      'approval.voted',
      'approval.decided',
    ]);
  });

  it('one reject rejects at once; the others can no longer decide (409)', async () => {
    const [a, b, c] = await people(3);
    if (!a || !b || !c) throw new Error('no people');
    const { approval } = await asked('all', [a, b, c]);
    await decide(a, approval.id, 'approve');
    const no = await decide(b, approval.id, 'reject', 'Not without a manager');
    expect(json<ApprovalDto>(no).status).toBe('rejected');
    expect(decidedFor(approval.id).map((e) => [e.data.outcome, e.data.comment])).toEqual([
      ['rejected', 'Not without a manager'],
    ]);
    const late = await decide(c, approval.id, 'approve');
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('approval.ended');
    expect((await pendingOf(c)).map((x) => x.id)).not.toContain(approval.id);
  });
});

describe('mode any (或签)', () => {
  it('the first approve approves, even after a reject', async () => {
    const [a, b, c] = await people(3);
    if (!a || !b || !c) throw new Error('no people');
    const { approval } = await asked('any', [a, b, c]);
    expect(json<ApprovalDto>(await decide(a, approval.id, 'reject')).status).toBe('pending');
    expect(json<ApprovalDto>(await decide(b, approval.id, 'approve')).status).toBe('approved');
    expect(decidedFor(approval.id).map((e) => e.data.outcome)).toEqual(['approved']);
    expect((await decide(c, approval.id, 'approve')).statusCode).toBe(409);
  });

  it('rejected only when everyone rejected', async () => {
    const [a, b] = await people(2);
    if (!a || !b) throw new Error('no people');
    const { approval } = await asked('any', [a, b]);
    expect(json<ApprovalDto>(await decide(a, approval.id, 'reject')).status).toBe('pending');
    expect(json<ApprovalDto>(await decide(b, approval.id, 'reject')).status).toBe('rejected');
    expect(decidedFor(approval.id).map((e) => e.data.outcome)).toEqual(['rejected']);
  });
});

describe('mode sequence (依次)', () => {
  it('one at a time in order: the next is asked (and told) only after the one before approved', async () => {
    const [a, b, c] = await people(3);
    if (!a || !b || !c) throw new Error('no people');
    const { approval } = await asked('sequence', [a, b, c]);
    expect((await pendingOf(a)).map((x) => x.id)).toContain(approval.id);
    expect((await pendingOf(b)).map((x) => x.id)).not.toContain(approval.id);
    const early = await decide(b, approval.id, 'approve');
    expect(early.statusCode).toBe(409);
    expect(early.json().error.code).toBe('approval.not_your_turn');
    const bell = async (who: TestUser) =>
      (
        await ctx.database.db.execute<{ n: number }>(
          sql`select count(*)::int as n from notifications where user_id = ${who.user.id} and event = 'approval.requested'`,
        )
      ).rows[0]?.n;
    expect(await bell(a)).toBe(1);
    expect(await bell(b)).toBe(0);
    expect(json<ApprovalDto>(await decide(a, approval.id, 'approve')).status).toBe('pending');
    expect(await bell(b)).toBe(1);
    expect((await pendingOf(b)).map((x) => x.id)).toContain(approval.id);
    expect(json<ApprovalDto>(await decide(b, approval.id, 'approve')).status).toBe('pending');
    expect(json<ApprovalDto>(await decide(c, approval.id, 'approve')).status).toBe('approved');
    expect(decidedFor(approval.id).map((e) => e.data.outcome)).toEqual(['approved']);
  });

  it('a reject in the middle rejects; the rest are never asked', async () => {
    const [a, b, c] = await people(3);
    if (!a || !b || !c) throw new Error('no people');
    const { approval } = await asked('sequence', [a, b, c]);
    await decide(a, approval.id, 'approve');
    expect(json<ApprovalDto>(await decide(b, approval.id, 'reject', '预算不足')).status).toBe('rejected');
    expect(decidedFor(approval.id).map((e) => [e.data.outcome, e.data.comment])).toEqual([
      ['rejected', '预算不足'],
    ]);
    expect((await pendingOf(c)).map((x) => x.id)).not.toContain(approval.id);
    const history = async (who: TestUser) =>
      json<{ items: ApprovalDto[] }>(await call(who, 'GET', '/approvals?status=decided')).items.map(
        (x) => x.id,
      );
    expect(await history(b)).toContain(approval.id);
    expect(await history(c)).not.toContain(approval.id);
  });
});

describe('who may decide and see', () => {
  it('a stranger gets 404, an approver who decided gets 409, a requester of the ticket cannot ask', async () => {
    const [a, b] = await people(2);
    if (!a || !b) throw new Error('no people');
    const { approval, requester, ticket } = await asked('all', [a, b]);
    const stranger = await buildUser(ctx);
    expect((await call(stranger, 'GET', `/approvals/${approval.id}`)).statusCode).toBe(404);
    const strangerDecides = await decide(stranger, approval.id, 'approve');
    expect(strangerDecides.statusCode).toBe(404);
    // Staff who see the ticket see the approval but cannot decide it.
    const colleague = await buildUser(ctx, { role: 'agent' });
    const seen = await call(colleague, 'GET', `/approvals/${approval.id}`);
    expect(seen.statusCode).toBe(200);
    expect(json<ApprovalDto>(seen).canDecide).toBe(false);
    const notMine = await decide(colleague, approval.id, 'approve');
    expect(notMine.statusCode).toBe(403);
    expect(notMine.json().error.code).toBe('approval.not_approver');
    await decide(a, approval.id, 'approve');
    const again = await decide(a, approval.id, 'reject');
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('approval.already_decided');
    const byRequester = await call(requester, 'POST', `/tickets/${ticket.id}/approvals`, {
      title: 'x',
      approverIds: [a.user.id],
      mode: 'all',
    });
    expect(byRequester.statusCode).toBe(403);
    const list = await call(colleague, 'GET', `/tickets/${ticket.id}/approvals`);
    expect(json<{ items: ApprovalDto[] }>(list).items.map((x) => x.id)).toEqual([approval.id]);
    // The ticket's requester sees the approval and who decided, not the approvers' comments.
    await decide(b, approval.id, 'approve', 'internal: budget line 4711');
    const theirs = json<{ items: ApprovalDto[] }>(
      await call(requester, 'GET', `/tickets/${ticket.id}/approvals`),
    );
    expect(theirs.items[0]?.approvers.map((p) => [p.decision, p.comment])).toEqual([
      ['approve', null],
      ['approve', null],
    ]);
    const timeline = async (who: TestUser) =>
      json<{ items: { kind: string }[] }>(await call(who, 'GET', `/tickets/${ticket.id}/timeline`))
        .items.map((e) => e.kind)
        .filter((k) => k.startsWith('approval.'));
    expect(await timeline(colleague)).toEqual([
      'approval.requested',
      'approval.voted',
      'approval.voted',
      'approval.decided',
    ]);
    expect(await timeline(requester)).toEqual(['approval.requested', 'approval.decided']);
    const staffView = json<{ items: ApprovalDto[] }>(list).items[0];
    expect(staffView?.status).toBe('pending');
    expect((await call(requester, 'GET', `/tickets/${ticket.id + 1000000}/approvals`)).statusCode).toBe(404);
  });

  it('bad input is a 400 that names the field and writes nothing', async () => {
    const [a] = await people(1);
    if (!a) throw new Error('no people');
    const agent = await buildUser(ctx, { role: 'agent' });
    const ticket = await buildTicket(ctx, await buildUser(ctx));
    const before = await ctx.database.db.execute<{ n: number }>(
      sql`select count(*)::int as n from approvals`,
    );
    for (const [body, field] of [
      [{ title: 'x', approverIds: [a.user.id, a.user.id], mode: 'all' }, 'approverIds'],
      [{ title: 'x', approverIds: [987654321], mode: 'all' }, 'approverIds'],
      [{ title: 'x', approverIds: [], mode: 'all' }, 'approverIds'],
      [{ title: 'x', approverIds: [a.user.id], mode: 'most' }, 'mode'],
      [{ title: '', approverIds: [a.user.id], mode: 'all' }, 'title'],
      [{ title: 'x', approverIds: [a.user.id], mode: 'all', deadline: '2001-01-01T00:00:00Z' }, 'deadline'],
    ] as const) {
      const response = await call(agent, 'POST', `/tickets/${ticket.id}/approvals`, body);
      expect(response.statusCode, response.body).toBe(400);
      expect(response.json().error.field).toBe(field);
    }
    const bad = await call(a, 'POST', '/approvals/1/decision', { decision: 'maybe' });
    expect(bad.statusCode).toBe(400);
    const after = await ctx.database.db.execute<{ n: number }>(sql`select count(*)::int as n from approvals`);
    expect(after.rows[0]?.n).toBe(before.rows[0]?.n);
  });

  it('requestApproval from another module: a runbook run with no ticket, by the system', async () => {
    const [a] = await people(1);
    if (!a) throw new Error('no people');
    const { id } = await ctx.database.db.transaction((tx) =>
      requestApproval(tx, {
        subjectType: 'runbook_run',
        subjectId: 4242,
        title: 'Restart the mail relay',
        approverIds: [a.user.id],
        mode: 'any',
        requestedBy: null,
      }),
    );
    const [mine] = (await pendingOf(a)).filter((x) => x.id === id);
    expect(mine).toMatchObject({
      subjectType: 'runbook_run',
      subjectId: 4242,
      ticketId: null,
      requestedBy: null,
    });
    await decide(a, id, 'approve');
    expect(
      decidedFor(id).map((e) => [e.data.subjectType, e.data.subjectId, e.data.ticketId, e.data.outcome]),
    ).toEqual([['runbook_run', 4242, null, 'approved']]);
    const history = json<{ items: ApprovalDto[] }>(await call(a, 'GET', '/approvals?status=decided')).items;
    expect(history.map((x) => x.id)).toContain(id);
  });
});

describe('deadline and reminder', () => {
  const logger = pino({ level: 'silent' });

  it('schedules both timers; the reminder tells only those who have not decided, once', async () => {
    const [a, b] = await people(2);
    if (!a || !b) throw new Error('no people');
    const deadline = new Date(Date.now() + 48 * 3_600_000);
    const { approval } = await asked('all', [a, b], {
      deadline: deadline.toISOString(),
      remindAfterMinutes: 60,
    });
    expect((await waitingJob(ctx, `approval.remind:${approval.id}`))?.task_identifier).toBe(
      'approvals.remind',
    );
    const expiry = await waitingJob(ctx, `approval.expire:${approval.id}`);
    expect(new Date(expiry?.run_at ?? 0).getTime()).toBe(deadline.getTime());
    await decide(a, approval.id, 'approve');
    const mailsBefore = (await outboxFor(ctx, 'approval.reminder', b.user.email)).length;
    const later = new Date(Date.now() + 61 * 60_000);
    await approvalReminderJob.run({ approvalId: approval.id }, { db: ctx.database.db, logger, now: later });
    await approvalReminderJob.run({ approvalId: approval.id }, { db: ctx.database.db, logger, now: later });
    expect(await outboxFor(ctx, 'approval.reminder', a.user.email)).toHaveLength(0);
    expect(await outboxFor(ctx, 'approval.reminder', b.user.email)).toHaveLength(mailsBefore + 1);
    expect(await auditKinds(approval.id)).toContain('approval.reminded');
  });

  it('at the deadline a pending approval ends expired (not before); decisions then get 409; timers go when it ends', async () => {
    const [a, b] = await people(2);
    if (!a || !b) throw new Error('no people');
    const deadline = new Date(Date.now() + 3_600_000);
    const { approval } = await asked('all', [a, b], { deadline: deadline.toISOString() });
    await approvalExpiryJob.run(
      { approvalId: approval.id },
      { db: ctx.database.db, logger, now: new Date() },
    );
    expect(json<ApprovalDto>(await call(a, 'GET', `/approvals/${approval.id}`)).status).toBe('pending');
    await approvalExpiryJob.run(
      { approvalId: approval.id },
      { db: ctx.database.db, logger, now: new Date(deadline.getTime() + 1000) },
    );
    expect(json<ApprovalDto>(await call(a, 'GET', `/approvals/${approval.id}`)).status).toBe('expired');
    expect(decidedFor(approval.id).map((e) => [e.data.outcome, e.actorId])).toEqual([['expired', null]]);
    const late = await decide(a, approval.id, 'approve');
    expect(late.statusCode).toBe(409);

    const other = await asked('all', [a], { deadline: deadline.toISOString(), remindAfterMinutes: 30 });
    await decide(a, other.approval.id, 'approve');
    expect(await waitingJob(ctx, `approval.expire:${other.approval.id}`)).toBeNull();
    expect(await waitingJob(ctx, `approval.remind:${other.approval.id}`)).toBeNull();
  });
});
