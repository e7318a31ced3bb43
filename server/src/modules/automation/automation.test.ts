import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { DryRunDto, RuleDto, RuleRunDto } from '../../../../contracts/automation.ts';
import type { MessageDto, TicketDto, TimelineEventDto } from '../../../../contracts/tickets.ts';
import { buildTeam, buildTicket, buildUser } from '../../../test/factories.ts';
import { json, setupTestApp } from '../../../test/harness.ts';
import { LOOP_GUARD, setRunbookRunner, sweepScheduledRules } from './index.ts';

const ctx = await setupTestApp();
const api = (path: string) => `/api/v1${path}`;
const admin = await buildUser(ctx, { role: 'admin' });
const agent = await buildUser(ctx, { role: 'agent' });
const requester = await buildUser(ctx, { locale: 'en' });
const word = () => `W${randomBytes(3).toString('hex')}`;

afterEach(() => setRunbookRunner(null));

async function createRule(payload: Record<string, unknown>): Promise<RuleDto> {
  const response = await ctx.app.inject({
    method: 'POST',
    url: api('/automation/rules'),
    headers: admin.headers,
    payload: { name: `rule ${word()}`, ...payload },
  });
  expect(response.statusCode, response.body).toBe(201);
  return json<RuleDto>(response);
}

async function runs(query: string): Promise<RuleRunDto[]> {
  const response = await ctx.app.inject({
    method: 'GET',
    url: api(`/automation/runs?${query}`),
    headers: admin.headers,
  });
  expect(response.statusCode, response.body).toBe(200);
  return json<{ items: RuleRunDto[] }>(response).items;
}

async function readTicket(id: number): Promise<TicketDto> {
  const response = await ctx.app.inject({
    method: 'GET',
    url: api(`/tickets/${id}`),
    headers: agent.headers,
  });
  expect(response.statusCode).toBe(200);
  return json<TicketDto>(response);
}

async function patchTicket(id: number, payload: Record<string, unknown>) {
  const response = await ctx.app.inject({
    method: 'PATCH',
    url: api(`/tickets/${id}`),
    headers: agent.headers,
    payload,
  });
  expect(response.statusCode, response.body).toBe(200);
  return json<TicketDto>(response);
}

async function ruleCount(): Promise<number> {
  const response = await ctx.app.inject({
    method: 'GET',
    url: api('/automation/rules'),
    headers: admin.headers,
  });
  return json<{ items: RuleDto[] }>(response).items.length;
}

describe('ticket tags', () => {
  it('agents set tags on create and update; the queue filters by tag; requesters may not set them', async () => {
    const tag = word().toLowerCase();
    const tagged = await buildTicket(ctx, agent, {
      requesterId: requester.user.id,
      tags: [tag, ` ${tag.toUpperCase()} `, 'vip'],
    });
    expect(tagged.tags).toEqual([tag, 'vip']);
    const other = await buildTicket(ctx, agent, { requesterId: requester.user.id });
    expect(other.tags).toEqual([]);
    const forbidden = await ctx.app.inject({
      method: 'POST',
      url: api('/tickets'),
      headers: requester.headers,
      payload: {
        subject: 's',
        description: 'd',
        type: 'incident',
        impact: 'low',
        urgency: 'low',
        tags: ['x'],
      },
    });
    expect(forbidden.statusCode).toBe(403);
    expect(json<{ error: { field: string } }>(forbidden).error.field).toBe('tags');

    const updated = await patchTicket(other.id, { tags: [tag] });
    expect(updated.tags).toEqual([tag]);
    const timeline = json<{ items: TimelineEventDto[] }>(
      await ctx.app.inject({
        method: 'GET',
        url: api(`/tickets/${other.id}/timeline`),
        headers: agent.headers,
      }),
    ).items;
    expect(timeline.find((e) => e.kind === 'ticket.updated')?.data).toMatchObject({
      changes: { tags: { from: [], to: [tag] } },
    });

    const queue = await ctx.app.inject({
      method: 'GET',
      url: api(`/tickets?tag=${encodeURIComponent(tag)}`),
      headers: agent.headers,
    });
    expect(queue.statusCode).toBe(200);
    const ids = json<{ items: TicketDto[] }>(queue).items.map((t) => t.id);
    expect(ids.sort()).toEqual([tagged.id, other.id].sort());
    const both = await ctx.app.inject({
      method: 'GET',
      url: api(`/tickets?tag=${tag},vip`),
      headers: agent.headers,
    });
    expect(json<{ items: TicketDto[] }>(both).items.map((t) => t.id)).toEqual([tagged.id]);
    const bad = await ctx.app.inject({
      method: 'PATCH',
      url: api(`/tickets/${other.id}`),
      headers: agent.headers,
      payload: { tags: [''] },
    });
    expect(bad.statusCode).toBe(400);
  });
});

describe('automation rules', () => {
  it('refuses a bad rule with the field at fault and saves nothing; only admins manage rules', async () => {
    const before = await ruleCount();
    const bad = [
      {
        trigger: { event: 'ticket.exploded' },
        conditions: { all: [] },
        actions: [{ type: 'add_tag', tag: 'x' }],
      },
      {
        trigger: { event: 'ticket.created' },
        conditions: { all: [{ field: 'status', op: 'contains', value: 'x' }] },
        actions: [{ type: 'add_tag', tag: 'x' }],
      },
      {
        trigger: { event: 'ticket.created' },
        conditions: { all: [{ field: 'priority', op: 'eq', value: 'P9' }] },
        actions: [{ type: 'add_tag', tag: 'x' }],
      },
      {
        trigger: { event: 'ticket.created' },
        conditions: { all: [] },
        actions: [{ type: 'set_priority', priority: 'P1' }],
      },
      { trigger: { event: 'ticket.created' }, conditions: { all: [] }, actions: [] },
      {
        trigger: { event: 'ticket.created' },
        conditions: { all: [] },
        actions: [{ type: 'launch_missiles' }],
      },
    ];
    for (const payload of bad) {
      const response = await ctx.app.inject({
        method: 'POST',
        url: api('/automation/rules'),
        headers: admin.headers,
        payload: { name: 'bad', ...payload },
      });
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      expect(json<{ error: { code: string; field?: string } }>(response).error.field).toBeTruthy();
    }
    const asAgent = await ctx.app.inject({
      method: 'POST',
      url: api('/automation/rules'),
      headers: agent.headers,
      payload: {
        name: 'x',
        trigger: { event: 'ticket.created' },
        conditions: { all: [] },
        actions: [{ type: 'add_tag', tag: 'x' }],
      },
    });
    expect(asAgent.statusCode).toBe(403);
    expect(await ruleCount()).toBe(before);
    const missing = await ctx.app.inject({
      method: 'PATCH',
      url: api('/automation/rules/999999'),
      headers: admin.headers,
      payload: { enabled: false },
    });
    expect(missing.statusCode).toBe(404);
  });

  it('subject contains 打印机: a new ticket gets the tag and the team, by the automation account, on its timeline', async () => {
    const team = await buildTeam(ctx);
    const marker = word();
    const rule = await createRule({
      trigger: { event: 'ticket.created' },
      conditions: { all: [{ field: 'subject', op: 'contains', value: `打印机${marker}` }] },
      actions: [
        { type: 'add_tag', tag: 'printer' },
        { type: 'assign_team', teamId: team.id },
      ],
    });
    const opened = await buildTicket(ctx, requester, { subject: `三楼打印机${marker}卡纸` });
    expect(opened.tags).toEqual([]); // the requester does not see the desk's tags
    const ticket = await readTicket(opened.id);
    expect(ticket.tags).toEqual(['printer']);
    expect(ticket.team?.id).toBe(team.id);
    const untouched = await readTicket(
      (await buildTicket(ctx, requester, { subject: `三楼电脑${marker}` })).id,
    );
    expect(untouched.tags).toEqual([]);
    expect(untouched.team).toBeNull();

    const timeline = json<{ items: TimelineEventDto[] }>(
      await ctx.app.inject({
        method: 'GET',
        url: api(`/tickets/${ticket.id}/timeline`),
        headers: agent.headers,
      }),
    ).items;
    const ran = timeline.find((e) => e.kind === 'automation.rule_ran');
    expect(ran?.actor?.name).toBe('ServiceDesk 自动化');
    expect(ran?.data).toMatchObject({
      ruleId: rule.id,
      outcome: 'applied',
      actions: [
        { type: 'add_tag', outcome: 'done' },
        { type: 'assign_team', outcome: 'done' },
      ],
    });
    const update = timeline.find((e) => e.kind === 'ticket.updated' && 'tags' in (e.data.changes as object));
    expect(update?.actor?.name).toBe('ServiceDesk 自动化');

    const log = await runs(`ticketId=${ticket.id}`);
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({
      ruleId: rule.id,
      outcome: 'applied',
      trigger: 'ticket.created',
      depth: 1,
    });
    expect(log[0]?.conditions[0]).toMatchObject({ field: 'subject', matched: true });
    expect(await runs(`ticketId=${untouched.id}`)).toHaveLength(0);
    // Staff who see the ticket read its runs; a requester does not.
    const asRequester = await ctx.app.inject({
      method: 'GET',
      url: api(`/automation/runs?ticketId=${ticket.id}`),
      headers: requester.headers,
    });
    expect(asRequester.statusCode).toBe(403);
  });

  it('dry run: which conditions matched and what would run with what values, changing nothing', async () => {
    const marker = word();
    const ticket = await buildTicket(ctx, requester, { subject: `VPN ${marker}`, urgency: 'high' });
    const rule = await createRule({
      enabled: false,
      trigger: { event: 'ticket.updated' },
      conditions: {
        any: [
          { field: 'text', op: 'contains', value: marker.toLowerCase() },
          { field: 'priority', op: 'in', value: ['P1'] },
        ],
      },
      actions: [
        { type: 'set_priority', priority: 'P1', reason: 'VIP' },
        {
          type: 'reply',
          template: {
            'zh-CN': '您好 {{requester.name}}，工单 #{{ticket.number}} 已受理。',
            en: 'Hello {{requester.name}}, ticket #{{ticket.number}} is in hand.',
          },
        },
        { type: 'run_runbook', runbookId: 7 },
      ],
    });
    const response = await ctx.app.inject({
      method: 'POST',
      url: api(`/automation/rules/${rule.id}/test`),
      headers: admin.headers,
      payload: { ticketId: ticket.id },
    });
    expect(response.statusCode, response.body).toBe(200);
    const dry = json<DryRunDto>(response);
    expect(dry.matched).toBe(true);
    expect(dry.conditions.map((c) => c.matched)).toEqual([true, false]);
    expect(dry.actions[0]).toMatchObject({
      type: 'set_priority',
      outcome: 'would_run',
      detail: { priority: 'P1', from: ticket.priority },
    });
    expect(dry.actions[1]?.detail).toMatchObject({
      locale: 'en',
      body: `Hello ${requester.user.name}, ticket #${ticket.number} is in hand.`,
    });
    expect(dry.actions[2]).toMatchObject({ outcome: 'failed', error: 'automation.runbooks_unavailable' });
    const after = await readTicket(ticket.id);
    expect(after.priority).toBe(ticket.priority);
    expect(after.updatedAt).toBe(ticket.updatedAt);
    expect(await runs(`ticketId=${ticket.id}`)).toHaveLength(0);
    const missing = await ctx.app.inject({
      method: 'POST',
      url: api(`/automation/rules/${rule.id}/test`),
      headers: admin.headers,
      payload: { ticketId: 99999999 },
    });
    expect(missing.statusCode).toBe(404);
  });

  it('replies in the requester language, notes internally, and runs a runbook through the port (or fails clearly)', async () => {
    const marker = word();
    await createRule({
      trigger: { event: 'ticket.message_added' },
      // Only the requester's messages: the rule's own note does not run it again.
      conditions: {
        all: [
          { field: 'tags', op: 'contains', value: marker },
          { field: 'changedBy', op: 'eq', value: 'requester' },
        ],
      },
      actions: [
        { type: 'internal_note', body: 'checked by rule for #{{ticket.number}}' },
        { type: 'run_runbook', runbookId: 42 },
        { type: 'reply', template: { 'zh-CN': '已收到', en: 'Received' } },
      ],
    });
    const zhRequester = await buildUser(ctx, { locale: 'zh-CN' });
    const ticket = await buildTicket(ctx, agent, { requesterId: zhRequester.user.id, tags: [marker] });
    const say = () =>
      ctx.app.inject({
        method: 'POST',
        url: api(`/tickets/${ticket.id}/messages`),
        headers: zhRequester.headers,
        payload: { body: 'any news?' },
      });
    expect((await say()).statusCode).toBe(201);
    let [run] = await runs(`ticketId=${ticket.id}`);
    expect(run).toMatchObject({ outcome: 'failed' });
    expect(run?.actions.map((a) => [a.type, a.outcome, a.error])).toEqual([
      ['internal_note', 'done', null],
      ['run_runbook', 'failed', 'automation.runbooks_unavailable'],
    ]);

    const started: { runbookId: number; ticketId: number; actor: string }[] = [];
    setRunbookRunner(async (_tx, input) => {
      started.push({ runbookId: input.runbookId, ticketId: input.ticketId, actor: input.actor.system ?? '' });
      return { id: 500 + started.length };
    });
    expect((await say()).statusCode).toBe(201);
    [run] = await runs(`ticketId=${ticket.id}`);
    expect(run).toMatchObject({ outcome: 'applied' });
    expect(started).toEqual([{ runbookId: 42, ticketId: ticket.id, actor: 'automation' }]);
    const messages = json<{ items: MessageDto[] }>(
      await ctx.app.inject({
        method: 'GET',
        url: api(`/tickets/${ticket.id}/messages`),
        headers: agent.headers,
      }),
    ).items;
    expect(messages.filter((m) => m.internal).map((m) => m.body)).toContain(
      `checked by rule for #${ticket.number}`,
    );
    expect(messages.filter((m) => !m.internal).map((m) => m.body)).toContain('已收到');
  });

  it('stops two rules that undo each other by depth, logs the stop and shows it on the rules page', async () => {
    const marker = word();
    const onTagged = (priority: string) => [
      { field: 'tags', op: 'contains', value: marker },
      { field: 'priority', op: 'eq', value: priority },
    ];
    const up = await createRule({
      trigger: { event: 'ticket.updated' },
      conditions: { all: onTagged('P3') },
      actions: [{ type: 'set_priority', priority: 'P2', reason: 'up' }],
    });
    const down = await createRule({
      trigger: { event: 'ticket.updated' },
      conditions: { all: onTagged('P2') },
      actions: [{ type: 'set_priority', priority: 'P3', reason: 'down' }],
    });
    const ticket = await buildTicket(ctx, agent, { requesterId: requester.user.id });
    expect(ticket.priority).toBe('P3');
    // The agent's change commits; the rules ping-pong until the guard stops them.
    await patchTicket(ticket.id, { tags: [marker] });
    const log = await runs(`ticketId=${ticket.id}`);
    const applied = log.filter((r) => r.outcome === 'applied');
    const stopped = log.filter((r) => r.outcome === 'loop_stopped');
    // up (1) -> down (2) -> up (3) -> down stopped (4); back at depth 3, down runs on the
    // ticket up left (3) -> up stopped (4). Then nothing matches any more.
    const name = (r: RuleRunDto) => (r.ruleId === up.id ? 'up' : 'down');
    expect(applied.map((r) => `${name(r)}@${r.depth}`).sort()).toEqual(['down@2', 'down@3', 'up@1', 'up@3']);
    expect(stopped.map((r) => [name(r), r.depth, r.stopReason]).sort()).toEqual([
      ['down', LOOP_GUARD.MAX_DEPTH + 1, 'depth'],
      ['up', LOOP_GUARD.MAX_DEPTH + 1, 'depth'],
    ]);
    const rules = json<{ items: RuleDto[] }>(
      await ctx.app.inject({ method: 'GET', url: api('/automation/rules'), headers: admin.headers }),
    ).items;
    for (const id of [up.id, down.id]) {
      const shown = rules.find((r) => r.id === id);
      expect(shown?.loopStops).toBe(1);
      expect(shown?.lastLoopStopAt).not.toBeNull();
    }
    const timeline = json<{ items: TimelineEventDto[] }>(
      await ctx.app.inject({
        method: 'GET',
        url: api(`/tickets/${ticket.id}/timeline`),
        headers: agent.headers,
      }),
    ).items;
    expect(timeline.some((e) => e.kind === 'automation.loop_stopped')).toBe(true);
  });

  it('stops a rule that runs on one ticket too often (rate), whatever the depth', async () => {
    const marker = word();
    const rule = await createRule({
      trigger: { event: 'ticket.updated' },
      conditions: { all: [{ field: 'tags', op: 'contains', value: marker }] },
      actions: [{ type: 'internal_note', body: 'seen' }],
    });
    const ticket = await buildTicket(ctx, agent, { requesterId: requester.user.id, tags: [marker] });
    const urgencies = ['high', 'low'] as const;
    for (let i = 0; i <= LOOP_GUARD.RATE_LIMIT; i++)
      await patchTicket(ticket.id, { urgency: urgencies[i % 2] });
    const log = await runs(`ruleId=${rule.id}`);
    expect(log.filter((r) => r.outcome === 'applied')).toHaveLength(LOOP_GUARD.RATE_LIMIT);
    expect(log[0]).toMatchObject({ outcome: 'loop_stopped', stopReason: 'rate', depth: 1 });
    const stops = await runs(`outcome=loop_stopped&ruleId=${rule.id}`);
    expect(stops).toHaveLength(1);
  });

  it('a rule can be disabled, edited and deleted', async () => {
    const marker = word();
    const rule = await createRule({
      trigger: { event: 'ticket.created' },
      conditions: { all: [{ field: 'subject', op: 'contains', value: marker }] },
      actions: [{ type: 'add_tag', tag: 'first' }],
    });
    const off = await ctx.app.inject({
      method: 'PATCH',
      url: api(`/automation/rules/${rule.id}`),
      headers: admin.headers,
      payload: { enabled: false },
    });
    expect(off.statusCode).toBe(200);
    expect((await readTicket((await buildTicket(ctx, requester, { subject: marker })).id)).tags).toEqual([]);
    const edited = await ctx.app.inject({
      method: 'PATCH',
      url: api(`/automation/rules/${rule.id}`),
      headers: admin.headers,
      payload: { enabled: true, actions: [{ type: 'add_tag', tag: 'second' }] },
    });
    expect(json<RuleDto>(edited).actions).toEqual([{ type: 'add_tag', tag: 'second' }]);
    expect((await readTicket((await buildTicket(ctx, requester, { subject: marker })).id)).tags).toEqual([
      'second',
    ]);
    const badEdit = await ctx.app.inject({
      method: 'PATCH',
      url: api(`/automation/rules/${rule.id}`),
      headers: admin.headers,
      payload: { conditions: { any: [] } },
    });
    expect(badEdit.statusCode).toBe(400);
    const gone = await ctx.app.inject({
      method: 'DELETE',
      url: api(`/automation/rules/${rule.id}`),
      headers: admin.headers,
    });
    expect(gone.statusCode).toBe(204);
    expect((await readTicket((await buildTicket(ctx, requester, { subject: marker })).id)).tags).toEqual([]);
  });

  it('a scheduled rule runs once on tickets that stay in a status for its hours', async () => {
    const marker = word();
    const rule = await createRule({
      trigger: { schedule: { status: 'pending_requester', forHours: 72 } },
      conditions: { all: [{ field: 'tags', op: 'contains', value: marker }] },
      actions: [
        { type: 'reply', template: { 'zh-CN': '请问问题解决了吗？', en: 'Is the problem solved?' } },
        { type: 'add_tag', tag: 'nudged' },
      ],
    });
    const waiting = await buildTicket(ctx, agent, { requesterId: requester.user.id, tags: [marker] });
    await patchTicket(waiting.id, { status: 'open' });
    await patchTicket(waiting.id, { status: 'pending_requester' });
    const sweep = (hoursLater: number) =>
      ctx.database.db.transaction((tx) =>
        sweepScheduledRules(tx, new Date(Date.now() + hoursLater * 3_600_000)),
      );
    await sweep(71);
    expect(await runs(`ruleId=${rule.id}`)).toHaveLength(0);
    await sweep(73);
    const [run] = await runs(`ruleId=${rule.id}`);
    expect(run).toMatchObject({ ticketId: waiting.id, trigger: 'schedule', outcome: 'applied' });
    expect((await readTicket(waiting.id)).tags).toContain('nudged');
    const messages = json<{ items: MessageDto[] }>(
      await ctx.app.inject({
        method: 'GET',
        url: api(`/tickets/${waiting.id}/messages`),
        headers: agent.headers,
      }),
    ).items;
    expect(messages.map((m) => m.body)).toContain('Is the problem solved?');
    // Once per stay in the status: the next sweeps leave it alone.
    await sweep(80);
    expect(await runs(`ruleId=${rule.id}`)).toHaveLength(1);
    const bad = await ctx.app.inject({
      method: 'POST',
      url: api('/automation/rules'),
      headers: admin.headers,
      payload: {
        name: 'x',
        trigger: { schedule: { status: 'pending_requester', forHours: 0 } },
        conditions: { all: [] },
        actions: [{ type: 'add_tag', tag: 'x' }],
      },
    });
    expect(bad.statusCode).toBe(400);
    expect(json<{ error: { field: string } }>(bad).error.field).toContain('trigger');
  });
});
