import { sql } from 'drizzle-orm';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { ArticleDiffDto, ArticleDto, KnowledgeStats } from '../../../../contracts/knowledge.ts';
import type { SearchResult } from '../../../../contracts/search.ts';
import type { TicketDto, TimelineEventDto } from '../../../../contracts/tickets.ts';
import { buildTicket, buildUser } from '../../../test/factories.ts';
import { articleInput, buildArticle } from '../../../test/factories-knowledge.ts';
import { json, setupTestApp } from '../../../test/harness.ts';
import { captureReminderJob } from './capture.ts';
import { flagStaleJob } from './jobs.ts';

const ctx = await setupTestApp();
const api = (path: string) => `/api/v1${path}`;

describe('writing articles', () => {
  it('takes the four sections and starts a draft at version 1', async () => {
    const agent = await buildUser(ctx, { role: 'agent' });
    const response = await ctx.app.inject({
      method: 'POST',
      url: api('/kb/articles'),
      headers: agent.headers,
      payload: articleInput({ status: undefined }),
    });
    expect(response.statusCode).toBe(201);
    const article = json<ArticleDto>(response);
    expect(article).toMatchObject({ status: 'draft', version: 1, visibility: 'public', language: 'zh-CN' });
    expect(article.cause).toContain('Print Spooler');
    const read = await ctx.app.inject({ url: api(`/kb/articles/${article.id}`), headers: agent.headers });
    expect(json<ArticleDto>(read).title).toBe(article.title);
  });

  it('refuses bad input with the field, and publishing without kb.publish', async () => {
    const agent = await buildUser(ctx, { role: 'agent' });
    const bad = await ctx.app.inject({
      method: 'POST',
      url: api('/kb/articles'),
      headers: agent.headers,
      payload: { ...articleInput(), visibility: 'secret' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe('visibility');
    const publish = await ctx.app.inject({
      method: 'POST',
      url: api('/kb/articles'),
      headers: agent.headers,
      payload: articleInput({ status: 'published' }),
    });
    expect(publish.statusCode).toBe(403);
    const requester = await buildUser(ctx);
    const denied = await ctx.app.inject({
      method: 'POST',
      url: api('/kb/articles'),
      headers: requester.headers,
      payload: articleInput({ status: 'draft' }),
    });
    expect(denied.statusCode).toBe(403);
  });

  it('goes draft -> review -> published -> archived with versions and a diff', async () => {
    const agent = await buildUser(ctx, { role: 'agent' });
    const lead = await buildUser(ctx, { role: 'lead' });
    const requester = await buildUser(ctx);
    const draft = await buildArticle(ctx, agent, { status: 'draft', title: '重置域账号密码' });
    const patch = (who: typeof agent, payload: Record<string, unknown>) =>
      ctx.app.inject({
        method: 'PATCH',
        url: api(`/kb/articles/${draft.id}`),
        headers: who.headers,
        payload,
      });
    expect(
      (await ctx.app.inject({ url: api(`/kb/articles/${draft.id}`), headers: requester.headers })).statusCode,
    ).toBe(404);
    expect((await patch(agent, { solution: '打开自助密码门户，验证手机号后设置新密码。' })).statusCode).toBe(
      200,
    );
    expect((await patch(agent, { status: 'review' })).statusCode).toBe(200);
    expect((await patch(agent, { status: 'published' })).statusCode).toBe(403);
    const published = json<ArticleDto>(await patch(lead, { status: 'published' }));
    expect(published).toMatchObject({ status: 'published', version: 4 });
    expect(published.publishedAt).not.toBeNull();
    expect(
      (await ctx.app.inject({ url: api(`/kb/articles/${draft.id}`), headers: requester.headers })).statusCode,
    ).toBe(200);
    const bad = await patch(lead, { status: 'draft' });
    expect(bad.statusCode).toBe(409);
    expect(bad.json().error.code).toBe('kb.invalid_transition');
    expect(json<ArticleDto>(await patch(lead, { status: 'archived' })).status).toBe('archived');
    const versions = await ctx.app.inject({
      url: api(`/kb/articles/${draft.id}/versions`),
      headers: agent.headers,
    });
    expect(versions.json().items.map((v: { status: string }) => v.status)).toEqual([
      'draft',
      'draft',
      'review',
      'published',
      'archived',
    ]);
    const diff = json<ArticleDiffDto>(
      await ctx.app.inject({ url: api(`/kb/articles/${draft.id}/diff?from=1&to=2`), headers: agent.headers }),
    );
    const solution = diff.fields.find((f) => f.field === 'solution');
    expect(solution?.parts.some((p) => p.op === 'insert' && p.text.includes('自助密码门户'))).toBe(true);
    expect(solution?.parts.some((p) => p.op === 'delete')).toBe(true);
    expect(diff.fields.map((f) => f.field)).not.toContain('title');
  });
});

describe('feedback and learning from use', () => {
  it('keeps the wording of "this solved it" so that the next person finds the article first', async () => {
    const lead = await buildUser(ctx, { role: 'lead' });
    const requester = await buildUser(ctx);
    const article = await buildArticle(ctx, lead, {
      title: 'Outlook 日历无法共享',
      problem: '给同事共享日历时提示权限不足。',
      solution: '在 Exchange 管理中心为该邮箱开启日历发布权限。',
      tags: ['outlook'],
    });
    await buildArticle(ctx, lead, {
      title: '会议室预订系统使用说明',
      problem: '如何预订会议室，查看空闲时段。',
      solution: '登录 OA，进入会议室预订页面。',
    });
    const query = '同事看不到我的会议安排';
    const search = async () =>
      json<SearchResult>(
        await ctx.app.inject({
          url: api(`/search?scope=articles&q=${encodeURIComponent(query)}`),
          headers: requester.headers,
        }),
      ).items;
    expect((await search())[0]?.id).not.toBe(article.id);
    const feedback = await ctx.app.inject({
      method: 'POST',
      url: api(`/kb/articles/${article.id}/feedback`),
      headers: requester.headers,
      payload: { helpful: true, query },
    });
    expect(feedback.statusCode).toBe(201);
    expect(feedback.json().phrasingLearned).toBe(true);
    expect((await search())[0]?.id).toBe(article.id);
    const staffView = await ctx.app.inject({ url: api(`/kb/articles/${article.id}`), headers: lead.headers });
    expect(json<ArticleDto>(staffView).phrasings).toEqual([query]);
    const requesterView = await ctx.app.inject({
      url: api(`/kb/articles/${article.id}`),
      headers: requester.headers,
    });
    expect(json<ArticleDto>(requesterView).phrasings).toEqual([]);
  });

  it('flags a poorly rated article for review, and counts deflections', async () => {
    const lead = await buildUser(ctx, { role: 'lead' });
    const article = await buildArticle(ctx, lead, { title: 'Wi-Fi 经常断线' });
    let last: { flaggedReason: string | null } = { flaggedReason: null };
    for (let i = 0; i < 3; i++) {
      const reader = await buildUser(ctx);
      const response = await ctx.app.inject({
        method: 'POST',
        url: api(`/kb/articles/${article.id}/feedback`),
        headers: reader.headers,
        payload: { helpful: false, comment: '步骤过时了' },
      });
      last = response.json();
    }
    expect(last.flaggedReason).toBe('poor_rating');
    const reader = await buildUser(ctx);
    await ctx.app.inject({
      method: 'POST',
      url: api(`/kb/articles/${article.id}/feedback`),
      headers: reader.headers,
      payload: { helpful: true, query: 'wifi 掉线', context: 'portal_form' },
    });
    const flagged = await ctx.app.inject({ url: api('/kb/articles?flagged=true'), headers: lead.headers });
    expect(flagged.json().items.map((a: { id: number }) => a.id)).toContain(article.id);
    const stats = json<KnowledgeStats>(
      await ctx.app.inject({ url: api('/kb/stats'), headers: lead.headers }),
    );
    expect(stats.deflections).toBeGreaterThanOrEqual(1);
  });
});

describe('stale articles', () => {
  it('flags published articles nobody reviewed for half a year, and the daily check reschedules itself', async () => {
    const lead = await buildUser(ctx, { role: 'lead' });
    const article = await buildArticle(ctx, lead, { title: '旧版 VPN 客户端安装说明' });
    const later = new Date(Date.now() + 200 * 86_400_000);
    await flagStaleJob.run({}, { db: ctx.database.db, logger: pino({ level: 'silent' }), now: later });
    const read = json<ArticleDto>(
      await ctx.app.inject({ url: api(`/kb/articles/${article.id}`), headers: lead.headers }),
    );
    expect(read.flaggedReason).toBe('stale');
    const jobs = await ctx.database.db.execute<{ n: number }>(
      sql`select count(*)::int as n from graphile_worker.jobs where key = 'kb-flag-stale'`,
    );
    expect(jobs.rows[0]?.n).toBe(1);
    const republished = await ctx.app.inject({
      method: 'PATCH',
      url: api(`/kb/articles/${article.id}`),
      headers: lead.headers,
      payload: { status: 'review' },
    });
    expect(republished.statusCode).toBe(200);
    const back = await ctx.app.inject({
      method: 'PATCH',
      url: api(`/kb/articles/${article.id}`),
      headers: lead.headers,
      payload: { status: 'published' },
    });
    expect(json<ArticleDto>(back).flaggedReason).toBeNull();
  });
});

describe('capture from resolved tickets (KB-2)', () => {
  it('reminds the resolving agent when the 4 hours pass without an article', async () => {
    const requester = await buildUser(ctx);
    const agent = await buildUser(ctx, { role: 'agent', locale: 'zh-CN' });
    const ticket = await buildTicket(ctx, requester, { subject: '共享盘无法访问' });
    for (const payload of [{ assigneeId: agent.user.id, status: 'in_progress' }, { status: 'resolved' }]) {
      await ctx.app.inject({
        method: 'PATCH',
        url: api(`/tickets/${ticket.id}`),
        headers: agent.headers,
        payload,
      });
    }
    const later = new Date(Date.now() + 5 * 3_600_000);
    await captureReminderJob.run(
      { ticketId: ticket.id },
      { db: ctx.database.db, logger: pino({ level: 'silent' }), now: later },
    );
    const bell = await ctx.app.inject({ url: api('/notifications'), headers: agent.headers });
    expect(bell.body).toContain(`#${ticket.number}`);
    expect(bell.body).toContain('知识');
    // Once only: a second run finds the target already reminded.
    await captureReminderJob.run(
      { ticketId: ticket.id },
      { db: ctx.database.db, logger: pino({ level: 'silent' }), now: later },
    );
    const again = await ctx.app.inject({ url: api('/notifications'), headers: agent.headers });
    expect(again.body.split(`#${ticket.number}`).length).toBe(bell.body.split(`#${ticket.number}`).length);
  });

  it('offers a prefilled draft and tracks the 4-hour target', async () => {
    const requester = await buildUser(ctx);
    const agent = await buildUser(ctx, { role: 'agent' });
    const ticket = await buildTicket(ctx, requester, {
      subject: 'ERP 登录报错 502',
      description: '早上开始 ERP 打不开，提示 502。',
    });
    await ctx.app.inject({
      method: 'POST',
      url: api(`/tickets/${ticket.id}/messages`),
      headers: agent.headers,
      payload: { body: '已重启 ERP 网关服务，恢复正常。', internal: false },
    });
    for (const status of ['open', 'resolved'])
      await ctx.app.inject({
        method: 'PATCH',
        url: api(`/tickets/${ticket.id}`),
        headers: agent.headers,
        payload: { status },
      });
    const draft = await ctx.app.inject({
      url: api(`/kb/drafts/from-ticket/${ticket.id}`),
      headers: agent.headers,
    });
    expect(draft.statusCode).toBe(200);
    expect(draft.json()).toMatchObject({
      title: 'ERP 登录报错 502',
      language: 'zh-CN',
      sourceTicketId: ticket.id,
    });
    expect(draft.json().solution).toContain('重启 ERP 网关');
    const before = json<KnowledgeStats>(
      await ctx.app.inject({ url: api('/kb/stats'), headers: agent.headers }),
    );
    expect(before.capture.pending).toBeGreaterThanOrEqual(1);
    const created = await ctx.app.inject({
      method: 'POST',
      url: api('/kb/articles'),
      headers: agent.headers,
      payload: draft.json(),
    });
    expect(created.statusCode).toBe(201);
    const after = json<KnowledgeStats>(
      await ctx.app.inject({ url: api('/kb/stats'), headers: agent.headers }),
    );
    expect(after.capture.capturedInTime).toBe(before.capture.capturedInTime + 1);
    const timeline = await ctx.app.inject({
      url: api(`/tickets/${ticket.id}/timeline`),
      headers: agent.headers,
    });
    expect(json<{ items: TimelineEventDto[] }>(timeline).items.map((e) => e.kind)).toContain(
      'kb.article_captured',
    );
    const requesterTimeline = await ctx.app.inject({
      url: api(`/tickets/${ticket.id}/timeline`),
      headers: requester.headers,
    });
    expect(json<{ items: TimelineEventDto[] }>(requesterTimeline).items.map((e) => e.kind)).not.toContain(
      'kb.article_captured',
    );
    const open = await buildTicket(ctx, requester);
    const refused = await ctx.app.inject({
      method: 'POST',
      url: api('/kb/articles'),
      headers: agent.headers,
      payload: articleInput({ status: 'draft', sourceTicketId: (open as TicketDto).id }),
    });
    expect(refused.statusCode).toBe(409);
  });
});
