import { describe, expect, it } from 'vitest';
import type { CreateArticleInput } from '../../../../contracts/knowledge.ts';
import { buildTicket, buildUser } from '../../../test/factories.ts';
import { json, setupTestApp } from '../../../test/harness.ts';

const ctx = await setupTestApp();
const api = (path: string) => `/api/v1${path}`;

describe('GET /kb/drafts/from-ticket/:id', () => {
  it('takes the four sections from the resolution record, the ticket’s category, and no personal data', async () => {
    const requester = await buildUser(ctx, { name: '王小明', email: 'xiaoming.wang@corp.example' });
    const agent = await buildUser(ctx, { role: 'agent', name: '李建国' });
    const resolver = await buildUser(ctx, { role: 'agent', name: '赵铁柱' });
    const ticket = await buildTicket(ctx, requester, {
      subject: '三楼打印机无法打印',
      description: '王小明：打印合同时提示 0x0000011b，电话 13812345678。',
      category: '硬件/网络打印机',
    });
    await ctx.app.inject({
      method: 'POST',
      url: api(`/tickets/${ticket.id}/messages`),
      headers: agent.headers,
      payload: {
        body: `王小明，您好：\n工单 #${ticket.number} 已处理，请重试。\n谢谢！\n--\n李建国 | IT 服务台`,
        internal: false,
      },
    });
    const resolved = await ctx.app.inject({
      method: 'POST',
      url: api(`/tickets/${ticket.id}/resolve`),
      // Resolved by someone who wrote nothing on the ticket: their name is still left out.
      headers: resolver.headers,
      payload: {
        resolutionCode: 'configuration',
        rootCause: 'Windows 更新 KB5005565 修改了打印后台程序的 RPC 设置。',
        actions:
          '李建国远程修改注册表 RpcAuthnLevelPrivacyEnabled=0，重启 Spooler 服务；如有问题联系 010-88886666。',
        prevention: '更新先在一台电脑上测试，再推送到全楼。',
      },
    });
    expect(resolved.statusCode, resolved.body).toBe(200);

    const response = await ctx.app.inject({
      url: api(`/kb/drafts/from-ticket/${ticket.id}`),
      headers: agent.headers,
    });
    expect(response.statusCode).toBe(200);
    const draft = json<CreateArticleInput>(response);
    expect(draft).toMatchObject({
      title: '三楼打印机无法打印',
      category: '硬件/网络打印机',
      status: 'draft',
      language: 'zh-CN',
      cause: 'Windows 更新 KB5005565 修改了打印后台程序的 RPC 设置。',
      prevention: '更新先在一台电脑上测试，再推送到全楼。',
    });
    expect(draft.solution).toContain('修改注册表 RpcAuthnLevelPrivacyEnabled=0，重启 Spooler 服务');
    expect(draft.problem).toContain('打印合同时提示 0x0000011b');
    const all = JSON.stringify(draft);
    for (const personal of [
      '王小明',
      '李建国',
      '13812345678',
      '88886666',
      'corp.example',
      `#${ticket.number}`,
      '您好',
    ]) {
      expect(all).not.toContain(personal);
    }

    // The agent edits it and it is saved as a draft: nobody outside the desk reads it yet.
    const created = await ctx.app.inject({
      method: 'POST',
      url: api('/kb/articles'),
      headers: agent.headers,
      payload: { ...draft, title: '打印时提示 0x0000011b' },
    });
    expect(created.statusCode, created.body).toBe(201);
    const article = json<{ id: number; status: string }>(created);
    expect(article.status).toBe('draft');
    const asRequester = await ctx.app.inject({
      url: api(`/kb/articles/${article.id}`),
      headers: requester.headers,
    });
    expect(asRequester.statusCode).toBe(404);
  });
});
