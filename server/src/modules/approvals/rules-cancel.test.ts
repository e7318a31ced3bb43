import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { ApprovalDto } from '../../../../contracts/approvals.ts';
import type { CatalogItemDto } from '../../../../contracts/catalog.ts';
import type { TeamDto } from '../../../../contracts/identity.ts';
import type { RunbookDto, RunbookRunDto } from '../../../../contracts/runbooks.ts';
import type { TimelineEventDto } from '../../../../contracts/tickets.ts';
import { buildTeam, buildTicket, buildUser, type TestUser } from '../../../test/factories.ts';
import { outboxFor } from '../../../test/factories-feedback.ts';
import { json, setupTestApp } from '../../../test/harness.ts';
import { requestApproval } from './index.ts';

const ctx = await setupTestApp({ PUBLIC_URL: 'http://desk.example' });

const call = (as: TestUser, method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, payload?: object) =>
  ctx.app.inject({ method, url: `/api/v1${url}`, headers: as.headers, ...(payload ? { payload } : {}) });

const admin = await buildUser(ctx, { role: 'admin' });

async function setManager(user: TestUser, manager: TestUser | null) {
  const response = await call(admin, 'PATCH', `/users/${user.user.id}`, {
    managerId: manager?.user.id ?? null,
  });
  expect(response.statusCode, response.body).toBe(200);
  expect(json<{ managerId: number | null }>(response).managerId).toBe(manager?.user.id ?? null);
}

async function teamLedBy(lead: TestUser | null) {
  const team = await buildTeam(ctx);
  if (!lead) return team;
  const response = await call(admin, 'PATCH', `/teams/${team.id}`, { leadId: lead.user.id });
  expect(response.statusCode, response.body).toBe(200);
  expect(json<TeamDto>(response).leadId).toBe(lead.user.id);
  return team;
}

async function approvalCount(ticketId: number) {
  const rows = await ctx.database.db.execute<{ n: number }>(
    sql`select count(*)::int as n from approvals where ticket_id = ${ticketId}`,
  );
  return Number(rows.rows[0]?.n);
}

const pendingIds = async (as: TestUser) =>
  json<{ items: ApprovalDto[] }>(await call(as, 'GET', '/approvals?status=pending')).items.map((a) => a.id);

const timeline = async (as: TestUser, ticketId: number) =>
  json<{ items: TimelineEventDto[] }>(await call(as, 'GET', `/tickets/${ticketId}/timeline`)).items;

describe("identity: a person's manager and a team's lead", () => {
  it('an administrator sets them; a manager is another active person, a lead active staff', async () => {
    const person = await buildUser(ctx);
    const manager = await buildUser(ctx); // any role: a department head may have no desk role
    await setManager(person, manager);
    const self = await call(admin, 'PATCH', `/users/${person.user.id}`, { managerId: person.user.id });
    expect(self.statusCode).toBe(400);
    expect(json<{ error: { code: string; field: string } }>(self).error).toMatchObject({
      code: 'user.manager_invalid',
      field: 'managerId',
    });
    const gone = await buildUser(ctx);
    await call(admin, 'PATCH', `/users/${gone.user.id}`, { active: false });
    expect(
      (await call(admin, 'PATCH', `/users/${person.user.id}`, { managerId: gone.user.id })).statusCode,
    ).toBe(400);
    const team = await buildTeam(ctx);
    const notStaff = await call(admin, 'PATCH', `/teams/${team.id}`, { leadId: manager.user.id });
    expect(json<{ error: { code: string } }>(notStaff).error.code).toBe('team.lead_invalid');
    // A requester may not set their own manager.
    expect((await call(person, 'PATCH', `/users/${person.user.id}`, { managerId: null })).statusCode).toBe(
      403,
    );
  });
});

describe('approvers by rule', () => {
  it("asks the requester's manager and a team's lead after the people named, each once, in order", async () => {
    const agent = await buildUser(ctx, { role: 'agent' });
    const first = await buildUser(ctx, { role: 'agent' });
    const lead = await buildUser(ctx, { role: 'lead' });
    const manager = await buildUser(ctx);
    const requester = await buildUser(ctx);
    await setManager(requester, manager);
    const team = await teamLedBy(lead);
    const ticket = await buildTicket(ctx, requester);
    const response = await call(agent, 'POST', `/tickets/${ticket.id}/approvals`, {
      title: 'New laptop',
      approverIds: [first.user.id],
      approverRules: [
        { type: 'requester_manager' },
        { type: 'team_lead', teamId: team.id },
        { type: 'user', userId: first.user.id }, // already named: asked once
      ],
      mode: 'sequence',
    });
    expect(response.statusCode, response.body).toBe(201);
    const approval = json<ApprovalDto>(response);
    expect(approval.approvers.map((a) => a.userId)).toEqual([first.user.id, manager.user.id, lead.user.id]);
    expect(await pendingIds(first)).toContain(approval.id);
    expect(await pendingIds(manager)).not.toContain(approval.id);
  });

  it('a rule that finds nobody is a 400 on that rule for a person asking, and writes nothing', async () => {
    const agent = await buildUser(ctx, { role: 'agent' });
    const requester = await buildUser(ctx); // no manager
    const ticket = await buildTicket(ctx, requester);
    const leaderless = await teamLedBy(null);
    const ask = (approverRules: object[]) =>
      call(agent, 'POST', `/tickets/${ticket.id}/approvals`, { title: 'VPN', approverRules, mode: 'any' });
    const cases: [object[], string, string][] = [
      [[{ type: 'requester_manager' }], 'approval.rule_no_manager', 'approverRules.0'],
      [[{ type: 'team_lead', teamId: leaderless.id }], 'approval.rule_no_lead', 'approverRules.0'],
      [[{ type: 'team_lead', teamId: 999999 }], 'approval.rule_no_team', 'approverRules.0'],
      [
        [
          { type: 'user', userId: agent.user.id },
          { type: 'user', userId: 999999 },
        ],
        'approval.bad_approvers',
        'approverRules.1',
      ],
      [[{ type: 'nobody' }], 'validation.invalid', 'approverRules.0.type'],
      [[], 'approval.bad_approvers', 'approverIds'],
    ];
    for (const [rules, code, field] of cases) {
      const response = await ask(rules);
      expect(response.statusCode, `${code} ${response.body}`).toBe(400);
      const error = json<{ error: { code: string; field: string; message: string } }>(response).error;
      expect(error.code).toBe(code);
      expect(error.field).toBe(field);
    }
    // The manager's absence is said in the reader's language, with what to do.
    const zhAgent = await buildUser(ctx, { role: 'agent', locale: 'zh-CN' });
    const zh = await call(zhAgent, 'POST', `/tickets/${ticket.id}/approvals`, {
      title: 'VPN',
      approverRules: [{ type: 'requester_manager' }],
    });
    expect(json<{ error: { message: string } }>(zh).error.message).toContain('上级主管');
    expect(await approvalCount(ticket.id)).toBe(0);
  });

  it("an automatic request falls back to the lead of the ticket's team and says so on the timeline", async () => {
    const lead = await buildUser(ctx, { role: 'lead' });
    const team = await teamLedBy(lead);
    const requester = await buildUser(ctx);
    const ticket = await buildTicket(ctx, requester);
    await ctx.database.db.execute(sql`update tickets set team_id = ${team.id} where id = ${ticket.id}`);
    const { id } = await ctx.database.db.transaction((tx) =>
      requestApproval(tx, {
        subjectType: 'ticket',
        subjectId: ticket.id,
        ticketId: ticket.id,
        title: 'Software licence',
        approverRules: [{ type: 'requester_manager' }],
        onUnresolvedRule: 'fallback',
        mode: 'any',
        requestedBy: null,
      }),
    );
    expect(await pendingIds(lead)).toContain(id);
    const agent = await buildUser(ctx, { role: 'agent' });
    const seen = (await timeline(agent, ticket.id)).find((e) => e.kind === 'approval.rule_failed');
    expect(seen?.data).toMatchObject({
      reason: 'no_manager',
      rule: { type: 'requester_manager' },
      substitute: { id: lead.user.id },
    });
    // Staff's business: the requester's timeline does not show it.
    expect((await timeline(requester, ticket.id)).some((e) => e.kind === 'approval.rule_failed')).toBe(false);
  });

  it("a catalog item asks the requester's manager; a runbook its team's lead; bad rules are refused on save", async () => {
    const manager = await buildUser(ctx);
    const requester = await buildUser(ctx);
    await setManager(requester, manager);
    const created = await call(admin, 'POST', '/catalog/items', {
      name: { 'zh-CN': '显示器', en: 'Monitor' },
      published: true,
      approval: { approverIds: [], approverRules: [{ type: 'requester_manager' }], mode: 'any' },
    });
    expect(created.statusCode, created.body).toBe(201);
    const item = json<CatalogItemDto>(created);
    expect(item.approval?.approverRules).toEqual([{ type: 'requester_manager' }]);
    const asked = await call(requester, 'POST', `/catalog/items/${item.id}/requests`, { answers: {} });
    expect(asked.statusCode, asked.body).toBe(201);
    expect((await pendingIds(manager)).length).toBeGreaterThan(0);

    const badTeam = await call(admin, 'POST', '/catalog/items', {
      name: { 'zh-CN': '坏', en: 'Bad' },
      approval: { approverIds: [], approverRules: [{ type: 'team_lead', teamId: 999999 }], mode: 'any' },
    });
    expect(json<{ error: { field: string } }>(badTeam).error.field).toBe('approval.approverRules.0');
    const none = await call(admin, 'POST', '/catalog/items', {
      name: { 'zh-CN': '空', en: 'Empty' },
      approval: { approverIds: [], approverRules: [], mode: 'any' },
    });
    expect(none.statusCode).toBe(400);

    const lead = await buildUser(ctx, { role: 'lead' });
    const team = await teamLedBy(lead);
    const runbook = await call(admin, 'POST', '/runbooks', {
      name: `Restart ${Math.random().toString(36).slice(2, 8)}`,
      url: 'http://127.0.0.1:9/hooks/restart',
      secret: 'a-secret-of-at-least-16-chars',
      requiresApproval: true,
      approverRules: [{ type: 'team_lead', teamId: team.id }],
    });
    expect(runbook.statusCode, runbook.body).toBe(201);
    expect(json<RunbookDto>(runbook).approverRules).toEqual([{ type: 'team_lead', teamId: team.id }]);
    const agent = await buildUser(ctx, { role: 'agent' });
    const ticket = await buildTicket(ctx, await buildUser(ctx));
    const run = await call(agent, 'POST', `/tickets/${ticket.id}/runbooks`, {
      runbookId: json<RunbookDto>(runbook).id,
    });
    expect(run.statusCode, run.body).toBe(201);
    const approvalId = json<RunbookRunDto>(run).approvalId;
    expect(await pendingIds(lead)).toContain(approvalId);

    // Cancelled by the agent who started it: the run is cancelled, never sent.
    const cancelled = await call(agent, 'POST', `/approvals/${approvalId}/cancel`, {
      reason: 'Fixed by hand',
    });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    const runs = json<{ items: RunbookRunDto[] }>(await call(agent, 'GET', `/tickets/${ticket.id}/runbooks`));
    expect(runs.items[0]?.status).toBe('cancelled');
  });
});

describe('cancel', () => {
  it('the person who asked or an administrator cancels; the approvers are done; nobody decides after', async () => {
    const agent = await buildUser(ctx, { role: 'agent' });
    const other = await buildUser(ctx, { role: 'agent' });
    const approver = await buildUser(ctx, { role: 'lead' });
    const ticket = await buildTicket(ctx, await buildUser(ctx));
    const ask = async () =>
      json<ApprovalDto>(
        await call(agent, 'POST', `/tickets/${ticket.id}/approvals`, {
          title: 'Firewall rule',
          approverIds: [approver.user.id],
          mode: 'all',
        }),
      );
    const approval = await ask();
    expect(approval.canCancel).toBe(true);
    const unread = async () =>
      Number(
        (
          await ctx.database.db.execute<{ n: number }>(
            sql`select count(*)::int as n from notifications where user_id = ${approver.user.id}
                 and read_at is null and data->>'approvalId' = ${String(approval.id)}`,
          )
        ).rows[0]?.n,
      );
    expect(await unread()).toBe(1);
    const refused = await call(other, 'POST', `/approvals/${approval.id}/cancel`, { reason: 'mine now' });
    expect(refused.statusCode).toBe(403);
    expect(json<{ error: { code: string } }>(refused).error.code).toBe('approval.cannot_cancel');
    expect((await call(agent, 'POST', `/approvals/${approval.id}/cancel`, { reason: '  ' })).statusCode).toBe(
      400,
    );
    const done = await call(agent, 'POST', `/approvals/${approval.id}/cancel`, {
      reason: 'Not needed any more',
    });
    expect(done.statusCode, done.body).toBe(200);
    expect(json<ApprovalDto>(done)).toMatchObject({
      status: 'cancelled',
      cancelReason: 'Not needed any more',
    });
    expect(await unread()).toBe(0);
    expect(await pendingIds(approver)).not.toContain(approval.id);
    const late = await call(approver, 'POST', `/approvals/${approval.id}/decision`, { decision: 'approve' });
    expect(late.statusCode).toBe(409);
    expect(
      (await call(agent, 'POST', `/approvals/${approval.id}/cancel`, { reason: 'again' })).statusCode,
    ).toBe(409);
    const decided = await ctx.database.db.execute<{ v: number; data: { outcome: string; comment: string } }>(
      sql`select v, data from audit_events where kind = 'approval.decided' and entity_id = ${approval.id}`,
    );
    expect(decided.rows).toHaveLength(1);
    expect(decided.rows[0]).toMatchObject({
      v: 2,
      data: { outcome: 'cancelled', comment: 'Not needed any more' },
    });

    const second = await ask();
    const byAdmin = await call(admin, 'POST', `/approvals/${second.id}/cancel`, { reason: 'Duplicate' });
    expect(byAdmin.statusCode, byAdmin.body).toBe(200);
  });

  it("a catalog request's cancelled approval closes it with the reason told to the requester", async () => {
    const approver = await buildUser(ctx, { role: 'lead' });
    const requester = await buildUser(ctx);
    const item = json<CatalogItemDto>(
      await call(admin, 'POST', '/catalog/items', {
        name: { 'zh-CN': '键盘', en: 'Keyboard' },
        published: true,
        approval: { approverIds: [approver.user.id], mode: 'any' },
      }),
    );
    const asked = await call(requester, 'POST', `/catalog/items/${item.id}/requests`, { answers: {} });
    const ticketId = json<{ ticket: { id: number } }>(asked).ticket.id;
    const [approval] = json<{ items: ApprovalDto[] }>(
      await call(requester, 'GET', `/tickets/${ticketId}/approvals`),
    ).items;
    expect(approval?.canCancel).toBe(true); // the requester asked for it
    const done = await call(requester, 'POST', `/approvals/${approval?.id}/cancel`, {
      reason: 'Bought one myself',
    });
    expect(done.statusCode, done.body).toBe(200);
    const ticket = json<{ status: string }>(await call(requester, 'GET', `/tickets/${ticketId}`));
    expect(ticket.status).toBe('cancelled');
    const events = await timeline(requester, ticketId);
    const reply = events.find(
      (e) => e.kind === 'message.created' && String(e.data.body).includes('Bought one myself'),
    );
    expect(reply).toBeDefined();
    expect(events.find((e) => e.kind === 'catalog.request_rejected')?.data).toMatchObject({
      outcome: 'cancelled',
    });
  });
});

describe("privacy: what the requester reads of an approver's comment", () => {
  async function decided(decision: 'approve' | 'reject', commentPublic: boolean) {
    const agent = await buildUser(ctx, { role: 'agent' });
    const approver = await buildUser(ctx, { role: 'lead' });
    const requester = await buildUser(ctx);
    const ticket = await buildTicket(ctx, requester);
    const approval = json<ApprovalDto>(
      await call(agent, 'POST', `/tickets/${ticket.id}/approvals`, {
        title: 'Admin rights',
        approverIds: [approver.user.id],
      }),
    );
    const comment = `Budget code 7781 ${decision}`;
    const response = await call(approver, 'POST', `/approvals/${approval.id}/decision`, {
      decision,
      comment,
      commentPublic,
    });
    expect(response.statusCode, response.body).toBe(200);
    const read = async (as: TestUser) => ({
      event: (await timeline(as, ticket.id)).find((e) => e.kind === 'approval.decided'),
      raw: JSON.stringify(await timeline(as, ticket.id)),
      card: json<{ items: ApprovalDto[] }>(await call(as, 'GET', `/tickets/${ticket.id}/approvals`)).items[0],
    });
    return { comment, agent: await read(agent), requester: await read(requester) };
  }

  it('an approval: the outcome yes, the comment no (for staff: yes)', async () => {
    const { comment, agent, requester } = await decided('approve', false);
    expect(requester.event?.data).toMatchObject({ outcome: 'approved', publicComment: null });
    expect(requester.raw).not.toContain(comment);
    expect(requester.card?.approvers[0]?.comment).toBeNull();
    expect(agent.event?.data.comment).toBe(comment);
    expect(agent.card?.approvers[0]?.comment).toBe(comment);
  });

  it('an approval whose approver made the comment public, and a rejection (its reason): shown', async () => {
    const open = await decided('approve', true);
    expect(open.requester.event?.data.publicComment).toBe(open.comment);
    expect(open.requester.event?.data.comment).toBeUndefined();
    expect(open.requester.card?.approvers[0]).toMatchObject({ comment: open.comment, commentPublic: true });
    const rejected = await decided('reject', false);
    expect(rejected.requester.event?.data).toMatchObject({
      outcome: 'rejected',
      publicComment: rejected.comment,
    });
    expect(rejected.requester.card?.approvers[0]?.comment).toBe(rejected.comment);
  });
});

describe('notices from templates the administrator edits', () => {
  it('the default words are as before; an edited template is used; the one who asked hears the end', async () => {
    const agent = await buildUser(ctx, { role: 'agent' });
    const approver = await buildUser(ctx, { role: 'lead' });
    const ticket = await buildTicket(ctx, await buildUser(ctx));
    const ask = (title: string, extra: object = {}) =>
      call(agent, 'POST', `/tickets/${ticket.id}/approvals`, {
        title,
        approverIds: [approver.user.id],
        ...extra,
      });
    const mails = async () => outboxFor(ctx, 'approval.requested', approver.user.email);
    expect((await ask('Open port 443')).statusCode).toBe(201);
    const plain = (await mails()).at(-1);
    expect(plain?.subject).toBe(`[Ticket #${ticket.number}] Your approval is needed: Open port 443`);
    expect(plain?.text_body).toContain(
      `Dear ${approver.user.name},\n\n${agent.user.name} asks for your approval of "Open port 443" (all must approve).`,
    );
    expect(plain?.text_body).toMatch(/\n\nApprove: http:\/\/desk\.example\/approval-link\/\S+\n\nReject: /);
    expect(plain?.text_body).not.toContain('Deadline');
    const deadline = new Date(Date.now() + 86_400_000).toISOString();
    expect((await ask('Open port 8443', { deadline })).statusCode).toBe(201);
    expect((await mails()).at(-1)?.text_body).toContain('Deadline: ');

    const saved = await call(admin, 'PUT', '/channels/templates/approval.requested/en', {
      subject: 'Please decide: {{approval.title}}',
      body: 'Hi {{approver.name}}, yes: {{approval.approveUrl}} no: {{approval.rejectUrl}}',
    });
    expect(saved.statusCode, saved.body).toBeLessThan(300);
    const edited = json<ApprovalDto>(await ask('Open port 22'));
    const mail = (await mails()).at(-1);
    expect(mail?.subject).toBe('Please decide: Open port 22');
    expect(mail?.text_body).toMatch(/^Hi .+, yes: http:\/\/desk\.example\/approval-link\/\S+ no: /);
    const bell = await call(approver, 'GET', '/notifications');
    expect(bell.body).toContain('Please decide: Open port 22');

    await call(approver, 'POST', `/approvals/${edited.id}/decision`, {
      decision: 'reject',
      comment: 'Use the VPN',
    });
    const told = (await outboxFor(ctx, 'approval.decided', agent.user.email)).at(-1);
    expect(told?.subject).toBe(`[Ticket #${ticket.number}] Approval rejected: Open port 22`);
    expect(told?.text_body).toContain('Comment: Use the VPN');
  });
});
