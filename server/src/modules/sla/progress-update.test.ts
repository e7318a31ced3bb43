import { describe, expect, it } from 'vitest';
import { buildTicket, buildUser } from '../../../test/factories.ts';
import { json, setupTestApp } from '../../../test/harness.ts';
import { renderProgressUpdate } from './post-progress-update.ts';

const ctx = await setupTestApp();
const api = (path: string) => `/api/v1${path}`;

describe('progress updates', () => {
  it('sends an ordinary ticket a plain update in the requester’s language, with no outage labels', async () => {
    const agent = await buildUser(ctx, { role: 'agent', locale: 'zh-CN' });
    const requester = await buildUser(ctx, { locale: 'en' });
    const ticket = await buildTicket(ctx, requester, {
      subject: 'Laptop is slow',
      description: 'Since Monday',
    });
    const response = await ctx.app.inject({
      method: 'POST',
      url: api(`/tickets/${ticket.id}/progress-updates`),
      headers: agent.headers,
      payload: { kind: 'plain', text: 'The new memory module arrives tomorrow.' },
    });
    expect(response.statusCode, response.body).toBe(201);
    const body = json<{ body: string }>(response).body;
    expect(body).toBe('Progress update\nThe new memory module arrives tomorrow.');
    expect(body).not.toMatch(/[\u4e00-\u9fff]/);
    expect(body).not.toContain('Impact');

    // The requester reads it in the conversation, as the desk's reply.
    const messages = await ctx.app.inject({
      url: api(`/tickets/${ticket.id}/messages`),
      headers: requester.headers,
    });
    expect(JSON.stringify(messages.json())).toContain('The new memory module arrives tomorrow.');
  });

  it('adds the expected time in the reader’s zone when the agent gives one', () => {
    const update = { kind: 'plain' as const, text: '备件明天到货。', expectedAt: '2030-01-02T02:00:00Z' };
    expect(renderProgressUpdate(update, 'zh-CN', 'Asia/Shanghai')).toBe(
      '【进展更新】\n备件明天到货。\n\n预计下一步：2030-01-02 10:00 (Asia/Shanghai)',
    );
    expect(renderProgressUpdate(update, 'en', 'Europe/London')).toContain(
      'Expected next step: 2030-01-02 02:00 (Europe/London)',
    );
  });

  it('renders the outage notice with its labels in the reader’s language', () => {
    const notice = { kind: 'outage' as const, impact: 'Mail', expectedAt: '2030-01-02T02:00:00Z' };
    const en = renderProgressUpdate(notice, 'en', 'Asia/Shanghai');
    expect(en).toBe(
      'Service disruption notice\nImpact: Mail\nWorkaround: none yet; we are working on it\nExpected recovery: 2030-01-02 10:00 (Asia/Shanghai)',
    );
    expect(renderProgressUpdate(notice, 'zh-CN', 'Asia/Shanghai')).toContain(
      '预计恢复时间：2030-01-02 10:00',
    );
  });

  it('asks for what each kind needs, and changes nothing when it is missing', async () => {
    const agent = await buildUser(ctx, { role: 'agent' });
    const requester = await buildUser(ctx);
    const ticket = await buildTicket(ctx, requester, { subject: 'VPN', description: 'Down' });
    const cases = [
      { payload: { kind: 'plain' }, field: 'text' },
      { payload: { kind: 'plain', text: '   ' }, field: 'text' },
      { payload: { kind: 'outage', impact: 'Mail' }, field: 'expectedAt' },
      { payload: { impact: 'Mail' }, field: 'expectedAt' },
      { payload: { kind: 'outage', expectedAt: '2030-01-02T02:00:00Z' }, field: 'impact' },
      { payload: { kind: 'announcement', text: 'x' }, field: 'kind' },
    ];
    for (const { payload, field } of cases) {
      const response = await ctx.app.inject({
        method: 'POST',
        url: api(`/tickets/${ticket.id}/progress-updates`),
        headers: agent.headers,
        payload,
      });
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      expect(json<{ error: { field: string } }>(response).error.field).toBe(field);
    }
    const messages = await ctx.app.inject({
      url: api(`/tickets/${ticket.id}/messages`),
      headers: agent.headers,
    });
    expect(json<{ items: unknown[] }>(messages).items).toEqual([]);
  });
});
