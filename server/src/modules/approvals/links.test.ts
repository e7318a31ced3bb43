import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { ApprovalDto, ApprovalLinkView } from '../../../../contracts/approvals.ts';
import { buildTicket, buildUser, type TestUser } from '../../../test/factories.ts';
import { outboxFor } from '../../../test/factories-feedback.ts';
import { json, setupTestApp } from '../../../test/harness.ts';
import { secretOf, signLink, verifyLink } from './link-tokens.ts';

const ctx = await setupTestApp({ PUBLIC_URL: 'http://desk.example' });
const admin = await buildUser(ctx, { role: 'admin' });

const call = (as: TestUser | null, method: 'GET' | 'POST', url: string, payload?: object) =>
  ctx.app.inject({
    method,
    url: `/api/v1${url}`,
    ...(as ? { headers: as.headers } : {}),
    ...(payload ? { payload } : {}),
  });

async function asked(mode: 'all' | 'any' | 'sequence', approvers: TestUser[]) {
  const agent = await buildUser(ctx, { role: 'agent' });
  const ticket = await buildTicket(ctx, await buildUser(ctx));
  const response = await call(agent, 'POST', `/tickets/${ticket.id}/approvals`, {
    title: '为财务共享盘开通 VPN 权限',
    approverIds: approvers.map((a) => a.user.id),
    mode,
  });
  expect(response.statusCode, response.body).toBe(201);
  return { agent, ticket, approval: json<ApprovalDto>(response) };
}

/** The approve and reject links of the last mail that asked this person. */
async function mailedLinks(who: TestUser) {
  const mails = await outboxFor(ctx, 'approval.requested', who.user.email);
  const text = mails.at(-1)?.text_body ?? '';
  const found = [...text.matchAll(/http:\/\/desk\.example\/approval-link\/(\S+)/g)].map((m) => m[1] ?? '');
  expect(found, text).toHaveLength(2);
  const [approve = '', reject = ''] = found;
  expect(text).toContain(`Approve: http://desk.example/approval-link/${approve}`);
  expect(text).toContain(`Reject: http://desk.example/approval-link/${reject}`);
  return { approve, reject, text };
}

describe('deciding from the mail (signed single-use link, no sign-in)', () => {
  it('opening shows what it will do and changes nothing; the POST decides as the approver, once', async () => {
    const [a, b] = [await buildUser(ctx, { role: 'agent' }), await buildUser(ctx, { role: 'agent' })];
    const { approval } = await asked('all', [a, b]);
    const { approve, reject } = await mailedLinks(a);
    const view = await call(null, 'GET', `/approval-links/${approve}`);
    expect(view.statusCode, view.body).toBe(200);
    expect(view.headers['cache-control']).toBe('no-store');
    expect(json<ApprovalLinkView>(view)).toMatchObject({
      decision: 'approve',
      approver: { id: a.user.id, name: a.user.name },
      approval: { id: approval.id, status: 'pending', canDecide: true },
    });
    expect(
      json<ApprovalDto>(await call(a, 'GET', `/approvals/${approval.id}`)).approvers[0]?.decision,
    ).toBeNull();

    const done = await call(null, 'POST', `/approval-links/${approve}`, { comment: '同意' });
    expect(done.statusCode, done.body).toBe(200);
    expect(json<ApprovalLinkView>(done).approval.approvers[0]).toMatchObject({
      userId: a.user.id,
      decision: 'approve',
      comment: '同意',
    });
    const audit = await ctx.database.db.execute<{ actor_id: number; data: { via: string } }>(
      sql`select actor_id, data from audit_events where kind = 'approval.voted' and entity_id = ${approval.id}`,
    );
    expect(audit.rows.map((r) => [Number(r.actor_id), r.data.via])).toEqual([[a.user.id, 'link']]);

    const again = await call(null, 'POST', `/approval-links/${approve}`, {});
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('approval.link_used');
    // The reject link of the same message shares the nonce: used too.
    const other = await call(null, 'POST', `/approval-links/${reject}`, {});
    expect(other.statusCode).toBe(409);
    expect(other.json().error.code).toBe('approval.link_used');
    expect((await call(null, 'GET', `/approval-links/${approve}`)).statusCode).toBe(409);

    // b rejects from the mail: the approval ends rejected.
    const bLinks = await mailedLinks(b);
    const rejected = await call(null, 'POST', `/approval-links/${bLinks.reject}`, {});
    expect(json<ApprovalLinkView>(rejected).approval.status).toBe('rejected');
  });

  it('a forged, altered or malformed link is a 400; an expired one a 410; none decides', async () => {
    const a = await buildUser(ctx, { role: 'agent' });
    const { approval } = await asked('any', [a]);
    const { approve } = await mailedLinks(a);
    const parts = approve.split('.');
    const signature = parts.at(-1) ?? '';
    const tampered = [
      // someone else's approval id, with the signature kept
      [String(approval.id + 1), ...parts.slice(1)].join('.'),
      // the reject decision with the approve link's signature
      [parts[0], parts[1], 'r', ...parts.slice(3)].join('.'),
      // another signature
      [...parts.slice(0, -1), `${signature[0] === 'A' ? 'B' : 'A'}${signature.slice(1)}`].join('.'),
      'not-a-token',
      `${approve}x`,
    ];
    for (const token of tampered) {
      const response = await call(null, 'POST', `/approval-links/${encodeURIComponent(token)}`, {});
      expect(response.statusCode, token).toBe(400);
      expect(response.json().error.code).toBe('approval.link_invalid');
    }
    const secret = await ctx.database.db.transaction((tx) => secretOf(tx));
    const expired = signLink(secret, {
      approvalId: approval.id,
      userId: a.user.id,
      decision: 'approve',
      nonce: 'abcdefghijklmnopqrstuvwx',
      expiresAt: new Date(Date.now() - 1000),
    });
    const late = await call(null, 'POST', `/approval-links/${expired}`, {});
    expect(late.statusCode).toBe(410);
    expect(late.json().error.code).toBe('approval.link_expired');
    // In Chinese for a Chinese reader.
    const zh = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/approval-links/${expired}`,
      headers: { 'accept-language': 'zh-CN' },
    });
    expect(zh.json().error.message).toContain('过期');
    expect(json<ApprovalDto>(await call(a, 'GET', `/approvals/${approval.id}`)).status).toBe('pending');
    // A link signed with another secret is refused by the pure check too.
    expect(() => verifyLink(Buffer.alloc(32, 1), approve, new Date())).toThrowError(/not valid/);
  });

  it('a link of an approval that already ended, or of a person who is not (yet) to decide, is a 409', async () => {
    const [a, b] = [await buildUser(ctx, { role: 'agent' }), await buildUser(ctx, { role: 'agent' })];
    const { approval } = await asked('any', [a, b]);
    const aLinks = await mailedLinks(a);
    const bLinks = await mailedLinks(b);
    await call(null, 'POST', `/approval-links/${aLinks.approve}`, {});
    const ended = await call(null, 'POST', `/approval-links/${bLinks.approve}`, {});
    expect(ended.statusCode).toBe(409);
    expect(ended.json().error.code).toBe('approval.ended');
    // Not used up by the refusal: still refused for the same reason, not as "used".
    expect((await call(null, 'POST', `/approval-links/${bLinks.approve}`, {})).json().error.code).toBe(
      'approval.ended',
    );
    expect(json<ApprovalDto>(await call(a, 'GET', `/approvals/${approval.id}`)).status).toBe('approved');
  });

  it('two clicks at once decide once: one 200, one 409 link_used', async () => {
    const a = await buildUser(ctx, { role: 'agent' });
    const { approval } = await asked('all', [a, await buildUser(ctx, { role: 'agent' })]);
    const { approve } = await mailedLinks(a);
    const answers = await Promise.all([
      call(null, 'POST', `/approval-links/${approve}`, {}),
      call(null, 'POST', `/approval-links/${approve}`, {}),
    ]);
    expect(answers.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    const votes = await ctx.database.db.execute(
      sql`select 1 from audit_events where kind = 'approval.voted' and entity_id = ${approval.id}`,
    );
    expect(votes.rows).toHaveLength(1);
  });

  it('the IM message carries the links too, when the person has an IM contact', async () => {
    const bot = await call(admin, 'POST', '/channels/im-bots', {
      name: 'Mentions',
      platform: 'wecom',
      webhookUrl: 'http://127.0.0.1:9/never',
      events: ['mentions'],
    });
    expect(bot.statusCode, bot.body).toBe(201);
    const a = await buildUser(ctx, { role: 'agent', locale: 'zh-CN' });
    const contact = await ctx.app.inject({
      method: 'PUT',
      url: '/api/v1/notifications/preferences',
      headers: a.headers,
      payload: { events: [], contact: { imHandle: 'wangfang' } },
    });
    expect(contact.statusCode, contact.body).toBe(200);
    const { approval } = await asked('all', [a]);
    const jobs = await ctx.database.db.execute<{
      payload: { text: string; mentions: string[]; title: string };
    }>(sql`
      select j.payload from graphile_worker._private_jobs j
        join graphile_worker._private_tasks t on t.id = j.task_id
       where t.identifier = 'channels.im_send' and j.payload::text like '%wangfang%'`);
    const message = jobs.rows.at(-1)?.payload;
    expect(message?.mentions).toEqual(['wangfang']);
    expect(message?.title).toContain('待您审批');
    expect(message?.text).toMatch(/同意：http:\/\/desk\.example\/approval-link\/\S+/);
    expect(message?.text).toMatch(/拒绝：http:\/\/desk\.example\/approval-link\/\S+/);
    const token = /同意：http:\/\/desk\.example\/approval-link\/(\S+)/.exec(message?.text ?? '')?.[1] ?? '';
    const decided = await call(null, 'POST', `/approval-links/${token}`, {});
    expect(json<ApprovalLinkView>(decided).approval).toMatchObject({ id: approval.id, status: 'approved' });
  });
});
