import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { SearchResult } from '../../../../contracts/search.ts';
import { buildTicket, buildUser } from '../../../test/factories.ts';
import { buildArticle } from '../../../test/factories-knowledge.ts';
import { json, setupTestApp } from '../../../test/harness.ts';
import { foldFrequencies } from './documents.ts';
import { frequencies } from './search-engine.ts';

const ctx = await setupTestApp();
const api = (path: string) => `/api/v1${path}`;

async function search(headers: { authorization: string }, q: string, scope = 'articles') {
  const response = await ctx.app.inject({
    url: api(`/search?q=${encodeURIComponent(q)}&scope=${scope}`),
    headers,
  });
  expect(response.statusCode).toBe(200);
  return json<SearchResult>(response).items;
}

const lead = await buildUser(ctx, { role: 'lead' });
const requester = await buildUser(ctx);
const printer = await buildArticle(ctx, lead);
const vpn = await buildArticle(ctx, lead, {
  title: 'VPN 连接失败，错误代码 809',
  problem: '在家使用 Cisco AnyConnect 连接公司 VPN 时提示 error 809，无法访问内网系统。',
  cause: '家庭路由器阻止了 IPSec 流量。',
  solution: '改用 SSL 模式连接，或在路由器上开启 IPSec passthrough。',
  tags: ['vpn', 'anyconnect'],
  category: '网络/VPN',
});
const outlook = await buildArticle(ctx, lead, {
  title: 'Outlook cannot send email: error 0x800CCC0E',
  problem: 'Outlook shows error 0x800CCC0E when sending messages after the password was changed.',
  cause: 'The saved SMTP credentials are out of date.',
  solution: 'Open Account Settings, update the password, then restart Outlook.',
  language: 'en',
  category: 'Software/Email',
  tags: ['outlook'],
});
const secret = await buildArticle(ctx, lead, {
  title: '财务系统数据库主从切换手册',
  problem: '财务系统 FIN-DB01 主库宕机时如何切换到备库。',
  solution: '仅限二线 DBA：执行 failover 脚本 fin_failover.sh，并检查复制延迟。',
  visibility: 'internal',
  category: '软件/财务系统',
  tags: ['dba'],
});

describe('searching articles', () => {
  it('finds Chinese text by its words, segmented by jieba', async () => {
    const hits = await search(requester.headers, '打印机脱机了');
    expect(hits[0]).toMatchObject({ id: printer.id, type: 'article' });
    expect(hits[0]?.snippet).toContain('<mark>打印机</mark>');
  });

  it('finds mixed Chinese, product names and error codes', async () => {
    expect((await search(requester.headers, 'AnyConnect 报错 809'))[0]?.id).toBe(vpn.id);
    expect((await search(requester.headers, '0x800ccc0e'))[0]?.id).toBe(outlook.id);
  });

  it('stems English and tolerates a typo', async () => {
    expect((await search(requester.headers, 'sending emails fails'))[0]?.id).toBe(outlook.id);
    expect((await search(requester.headers, 'outlok credentials'))[0]?.id).toBe(outlook.id);
  });

  it('weighs the title above the body', async () => {
    const hits = await search(lead.headers, 'outlook');
    expect(hits[0]?.id).toBe(outlook.id);
  });

  it('applies administrator synonyms at query time', async () => {
    const admin = await buildUser(ctx, { role: 'admin' });
    expect((await search(requester.headers, '远程接入')).map((h) => h.id)).not.toContain(vpn.id);
    const created = await ctx.app.inject({
      method: 'POST',
      url: api('/search/synonyms'),
      headers: admin.headers,
      payload: { terms: ['打印机', 'printer'] },
    });
    expect(created.statusCode).toBe(201);
    await ctx.app.inject({
      method: 'POST',
      url: api('/search/synonyms'),
      headers: admin.headers,
      payload: { terms: ['VPN', '远程接入'] },
    });
    expect((await search(requester.headers, 'printer offline'))[0]?.id).toBe(printer.id);
    expect((await search(requester.headers, '远程接入'))[0]?.id).toBe(vpn.id);
    const forbidden = await ctx.app.inject({
      method: 'POST',
      url: api('/search/synonyms'),
      headers: lead.headers,
      payload: { terms: ['a', 'b'] },
    });
    expect(forbidden.statusCode).toBe(403);
  });

  it('never shows internal articles to requesters, but does to staff', async () => {
    expect((await search(requester.headers, '财务系统 主库 切换')).map((h) => h.id)).not.toContain(secret.id);
    expect((await search(lead.headers, '财务系统 主库 切换'))[0]?.id).toBe(secret.id);
    const direct = await ctx.app.inject({
      url: api(`/kb/articles/${secret.id}`),
      headers: requester.headers,
    });
    expect(direct.statusCode).toBe(404);
  });

  it('escapes the text of snippets', async () => {
    const article = await buildArticle(ctx, lead, {
      title: 'Browser shows <script> tags',
      problem: 'The page prints <script>alert(1)</script> literally in the browser.',
      solution: 'Clear the cache.',
      language: 'en',
    });
    const hits = await search(lead.headers, 'script tags browser');
    const hit = hits.find((h) => h.id === article.id);
    expect(hit?.snippet).not.toContain('<script>');
    expect(hit?.snippet).toContain('&lt;');
  });
});

describe('searching tickets', () => {
  it('lets a requester find only their own tickets, and never internal notes', async () => {
    const mine = await buildUser(ctx);
    const other = await buildUser(ctx);
    const agent = await buildUser(ctx, { role: 'agent' });
    const own = await buildTicket(ctx, mine, {
      subject: '企业微信 登录 失败',
      description: '扫码后提示 WX-5001',
    });
    const theirs = await buildTicket(ctx, other, {
      subject: '企业微信 登录 失败 again',
      description: '扫码后提示 WX-5001',
    });
    const note = await ctx.app.inject({
      method: 'POST',
      url: api(`/tickets/${own.id}/messages`),
      headers: agent.headers,
      payload: { body: '内部备注：怀疑是 zebrafirmware 问题', internal: true },
    });
    expect(note.statusCode).toBe(201);
    const found = await search(mine.headers, 'WX-5001 企业微信', 'tickets');
    expect(found.map((h) => h.id)).toEqual([own.id]);
    const staff = await search(agent.headers, 'WX-5001 企业微信', 'tickets');
    expect(staff.map((h) => h.id).sort()).toEqual([own.id, theirs.id].sort());
    expect(await search(agent.headers, 'zebrafirmware', 'tickets')).toEqual([]);
    expect(await search(mine.headers, 'zebrafirmware', 'tickets')).toEqual([]);
  });
});

describe('keeping the index', () => {
  it('counts document frequencies exactly through appended changes, before and after folding', async () => {
    const lead2 = await buildUser(ctx, { role: 'lead' });
    const before = (await frequencies(ctx.database.db, 'article', ['qx9000'])).get('qx9000') ?? 0;
    const article = await buildArticle(ctx, lead2, { title: 'qx9000 驱动安装', tags: [] });
    await buildArticle(ctx, lead2, { title: 'qx9000 卡纸', tags: [] });
    expect((await frequencies(ctx.database.db, 'article', ['qx9000'])).get('qx9000')).toBe(before + 2);
    await ctx.app.inject({
      method: 'PATCH',
      url: api(`/kb/articles/${article.id}`),
      headers: lead2.headers,
      payload: { title: '驱动安装' },
    });
    await ctx.database.db.transaction((tx) => foldFrequencies(tx));
    expect((await frequencies(ctx.database.db, 'article', ['qx9000'])).get('qx9000')).toBe(before + 1);
    const pending = await ctx.database.db.execute<{ n: number }>(
      sql`select count(*)::int as n from search_term_deltas`,
    );
    expect(pending.rows[0]?.n).toBe(0);
  });

  it('rebuilds the index of tickets written without the hooks (a bulk load)', async () => {
    const admin = await buildUser(ctx, { role: 'admin' });
    const requester = await buildUser(ctx);
    await ctx.database.db.execute(sql`
      insert into tickets (type, subject, description, channel, impact, urgency, priority, status, requester_id)
      values ('incident', '蓝牙键盘 zorbleboard 无法配对', 'bulk loaded', 'api', 'low', 'low', 'P4', 'new', ${requester.user.id})`);
    expect(await search(admin.headers, 'zorbleboard', 'tickets')).toEqual([]);
    const reindex = await ctx.app.inject({
      method: 'POST',
      url: api('/search/reindex'),
      headers: admin.headers,
    });
    expect(reindex.statusCode).toBe(200);
    expect(reindex.json().tickets).toBeGreaterThanOrEqual(1);
    expect((await search(admin.headers, 'zorbleboard', 'tickets'))[0]?.title).toContain('zorbleboard');
    expect(await search(admin.headers, '打印机脱机了')).not.toEqual([]);
    const forbidden = await ctx.app.inject({
      method: 'POST',
      url: api('/search/reindex'),
      headers: lead.headers,
    });
    expect(forbidden.statusCode).toBe(403);
  });
});
