import { describe, expect, it } from 'vitest';
import type {
  MessageDto,
  TicketDto,
  TicketSummaryDto,
  TimelineEventDto,
} from '../../../../contracts/tickets.ts';
import { buildUser } from '../../../test/factories.ts';
import { json, setupTestApp } from '../../../test/harness.ts';

const ctx = await setupTestApp();
const api = (path: string) => `/api/v1${path}`;

const history = [
  {
    externalId: 'OLD-1',
    subject: 'Outlook 无法同步邮件',
    description: 'Outlook 提示 0x800CCC0E，无法收取邮件。',
    type: 'incident',
    category: '软件/邮件',
    impact: 'low',
    urgency: 'medium',
    channel: 'email',
    requesterEmail: 'chen.jing@corp.example',
    requesterName: '陈静',
    createdAt: '2025-03-07T09:15:00+08:00',
    events: [
      {
        at: '2025-03-07T09:20:00+08:00',
        kind: 'assign',
        team: '一线服务台',
        assigneeEmail: 'liu.agent@corp.example',
      },
      {
        at: '2025-03-07T09:30:00+08:00',
        kind: 'message',
        body: '请问是否修改过密码？',
        authorEmail: 'liu.agent@corp.example',
      },
      {
        at: '2025-03-07T09:31:00+08:00',
        kind: 'message',
        body: 'vendor ticket 123',
        internal: true,
        authorEmail: 'liu.agent@corp.example',
      },
      { at: '2025-03-07T09:32:00+08:00', kind: 'status', status: 'pending_requester' },
      { at: '2025-03-07T10:05:00+08:00', kind: 'message', body: '是的，昨天改过。' },
      { at: '2025-03-07T11:00:00+08:00', kind: 'status', status: 'resolved' },
      { at: '2025-03-10T09:00:00+08:00', kind: 'status', status: 'closed' },
    ],
  },
  {
    externalId: 'OLD-2',
    subject: 'Laptop battery swollen',
    description: 'The battery of my ThinkPad is swollen.',
    type: 'incident',
    impact: 'low',
    urgency: 'high',
    requesterEmail: 'chen.jing@corp.example',
    createdAt: '2025-03-08T14:00:00Z',
  },
];

describe('historical import', () => {
  it('imports tickets with their original times, people, team and messages, and is idempotent', async () => {
    const admin = await buildUser(ctx, { role: 'admin' });
    const body = [
      JSON.stringify(history[0]),
      '{not json',
      JSON.stringify({ ...history[1], impact: 'enormous' }),
      JSON.stringify(history[1]),
      '',
    ].join('\n');
    const first = await ctx.app.inject({
      method: 'POST',
      url: api('/import/tickets'),
      headers: { ...admin.headers, 'content-type': 'application/x-ndjson' },
      payload: body,
    });
    expect(first.statusCode).toBe(200);
    expect(json(first)).toEqual({
      created: 2,
      skipped: 0,
      errors: [
        { line: 2, code: 'import.invalid_json', message: 'not valid JSON' },
        {
          line: 3,
          code: 'import.invalid_field',
          field: 'impact',
          message: expect.stringContaining('impact'),
        },
      ],
    });
    const again = await ctx.app.inject({
      method: 'POST',
      url: api('/import/tickets'),
      headers: { ...admin.headers, 'content-type': 'application/x-ndjson' },
      payload: body,
    });
    expect(json(again)).toMatchObject({ created: 0, skipped: 2 });

    const list = json<{ items: TicketSummaryDto[] }>(
      await ctx.app.inject({ url: api('/tickets?sort=created_asc'), headers: admin.headers }),
    );
    expect(list.items).toHaveLength(2);
    const imported = list.items[0];
    expect(imported).toMatchObject({
      externalId: 'OLD-1',
      status: 'closed',
      channel: 'email',
      category: '软件/邮件',
      createdAt: '2025-03-07T01:15:00.000Z',
      resolvedAt: '2025-03-07T03:00:00.000Z',
      closedAt: '2025-03-10T01:00:00.000Z',
      requester: { name: '陈静', email: 'chen.jing@corp.example' },
      team: { name: '一线服务台', tier: 'L1' },
      assignee: { email: 'liu.agent@corp.example' },
    });
    const id = imported?.id ?? 0;
    const timeline = json<{ items: TimelineEventDto[] }>(
      await ctx.app.inject({ url: api(`/tickets/${id}/timeline`), headers: admin.headers }),
    ).items;
    expect(timeline[0]).toMatchObject({ kind: 'ticket.created', at: '2025-03-07T01:15:00.000Z' });
    expect(timeline.at(-1)).toMatchObject({ kind: 'ticket.updated', at: '2025-03-10T01:00:00.000Z' });
    const messages = json<{ items: MessageDto[] }>(
      await ctx.app.inject({ url: api(`/tickets/${id}/messages`), headers: admin.headers }),
    ).items;
    expect(messages.map((m) => [m.body, m.internal, m.createdAt])).toEqual([
      ['请问是否修改过密码？', false, '2025-03-07T01:30:00.000Z'],
      ['vendor ticket 123', true, '2025-03-07T01:31:00.000Z'],
      ['是的，昨天改过。', false, '2025-03-07T02:05:00.000Z'],
    ]);
  });

  it('is for administrators only and changes nothing otherwise', async () => {
    const agent = await buildUser(ctx, { role: 'agent' });
    const response = await ctx.app.inject({
      method: 'POST',
      url: api('/import/tickets'),
      headers: { ...agent.headers, 'content-type': 'application/x-ndjson' },
      payload: JSON.stringify({ ...history[1], externalId: 'OLD-9' }),
    });
    expect(response.statusCode).toBe(403);
    const list = json<{ items: TicketDto[] }>(
      await ctx.app.inject({ url: api('/tickets?q=battery'), headers: agent.headers }),
    );
    expect(list.items.map((t) => t.externalId)).not.toContain('OLD-9');
  });

  it('keeps external ids unique in the database, and tickets without one never conflict', async () => {
    const admin = await buildUser(ctx, { role: 'admin' });
    const insert = (externalId: string | null) =>
      ctx.database.pool.query(
        `insert into tickets (type, subject, description, channel, impact, urgency, priority, requester_id, external_id)
         values ('incident', 'x', 'y', 'portal', 'low', 'low', 'P4', $1, $2)`,
        [admin.user.id, externalId],
      );
    await insert('UNIQ-1');
    await expect(insert('UNIQ-1')).rejects.toMatchObject({ code: '23505' });
    await insert(null);
    await insert(null);
    const { rows } = await ctx.database.pool.query(
      `select count(*)::int as n from tickets where external_id = 'UNIQ-1'`,
    );
    expect(rows[0].n).toBe(1);
  });
});
