import { describe, expect, it } from 'vitest';
import type { PossibleDuplicate } from '../../../../contracts/triage.ts';
import { buildTicket, buildUser } from '../../../test/factories.ts';
import { setupTestApp } from '../../../test/harness.ts';
import { DEFAULT_DUPLICATE_THRESHOLD, MIN_LINKS_FOR_CALIBRATION } from './duplicate-learning.ts';
import { DUPLICATE_SIMILARITY_THRESHOLD } from './possible-duplicates.ts';

const ctx = await setupTestApp();
const api = (path: string) => `/api/v1${path}`;

describe('GET /tickets/:id/possible-duplicates', () => {
  it('lists open tickets of the same requester or recent ones, never the ticket itself', async () => {
    const agent = await buildUser(ctx, { role: 'agent' });
    const requester = await buildUser(ctx);
    const other = await buildUser(ctx);
    const first = await buildTicket(ctx, requester, {
      subject: 'Outlook 无法同步邮箱 OLK-7781',
      description: 'Outlook 一直提示 OLK-7781 同步失败',
    });
    const byOther = await buildTicket(ctx, other, {
      subject: 'Outlook 同步失败 OLK-7781',
      description: '邮箱不同步，错误 OLK-7781',
    });
    const current = await buildTicket(ctx, requester, {
      subject: 'Outlook OLK-7781 同步错误',
      description: '收不到新邮件，OLK-7781',
    });
    const response = await ctx.app.inject({
      url: api(`/tickets/${current.id}/possible-duplicates`),
      headers: agent.headers,
    });
    expect(response.statusCode).toBe(200);
    const items = response.json().items as PossibleDuplicate[];
    const ids = items.map((i) => i.id);
    expect(ids).not.toContain(current.id);
    expect(items.find((i) => i.id === first.id)?.reason).toBe('same_requester');
    expect(items.find((i) => i.id === byOther.id)?.reason).toBe('recent');
  });

  it('leaves out what only shares the requester or a common word, and says how alike the others are', async () => {
    const agent = await buildUser(ctx, { role: 'agent' });
    const requester = await buildUser(ctx);
    const unrelated = await buildTicket(ctx, requester, {
      subject: '打印机无法打印',
      description: '三楼的打印机卡纸，无法打印合同，请帮忙处理',
    });
    const unrelatedEn = await buildTicket(ctx, requester, {
      subject: 'Cannot open the expense report',
      description: 'The finance portal shows an error when I open my expense report, please help',
    });
    const related = await buildTicket(ctx, requester, {
      subject: 'VPN 连接失败 错误 809',
      description: '在家连接公司 VPN 时提示错误 809，无法访问内网',
    });
    const current = await buildTicket(ctx, requester, {
      subject: 'VPN 无法连接，错误代码 809',
      description: '今天早上开始 VPN 连不上，报错 809，请帮忙处理',
    });
    const response = await ctx.app.inject({
      url: api(`/tickets/${current.id}/possible-duplicates`),
      headers: agent.headers,
    });
    expect(response.statusCode).toBe(200);
    const items = response.json().items as PossibleDuplicate[];
    const ids = items.map((i) => i.id);
    expect(ids).toContain(related.id);
    expect(ids).not.toContain(unrelated.id);
    expect(ids).not.toContain(unrelatedEn.id);
    const found = items.find((i) => i.id === related.id);
    expect(found?.similarity).toBeGreaterThanOrEqual(DUPLICATE_SIMILARITY_THRESHOLD);
    expect(found?.similarity).toBeLessThanOrEqual(1);
  });

  it('names the fields the tickets share and keeps the same-problem score apart from the requester', async () => {
    const agent = await buildUser(ctx, { role: 'agent' });
    const requester = await buildUser(ctx);
    const other = await buildUser(ctx);
    const byOther = await buildTicket(ctx, other, {
      subject: 'ERP 登录报错 ORA-12541',
      description: '连接 erp-db-01 时提示 ORA-12541 无监听程序，客户端 19.3.0',
    });
    const current = await buildTicket(ctx, requester, {
      subject: 'ERP 无法登录，ORA-12541',
      description: '今天登录 ERP 报 ORA-12541，服务器 erp-db-01，版本 19.3.0',
    });
    const response = await ctx.app.inject({
      url: api(`/tickets/${current.id}/possible-duplicates`),
      headers: agent.headers,
    });
    expect(response.statusCode).toBe(200);
    const body = response.json() as { items: PossibleDuplicate[]; threshold: number };
    expect(body.threshold).toBe(DEFAULT_DUPLICATE_THRESHOLD);
    const found = body.items.find((i) => i.id === byOther.id);
    expect(found?.reason).toBe('recent');
    // Neither requester belongs to an organisation: not "the same organisation".
    expect(found?.sameOrganisation).toBe(false);
    expect(found?.sharedFields).toEqual({
      codes: ['ora-12541'],
      hosts: ['erp-db-01'],
      versions: ['19.3.0'],
      refs: [],
    });
    expect(found?.sameProblem).toBeGreaterThanOrEqual(DEFAULT_DUPLICATE_THRESHOLD);
    expect(found?.sameProblem).toBeLessThanOrEqual(1);
    for (const item of body.items) expect(item.sameProblem).toBeGreaterThanOrEqual(body.threshold);
  });

  it("calibrates the threshold on the desk's own duplicate-of links", async () => {
    const agent = await buildUser(ctx, { role: 'agent' });
    const requester = await buildUser(ctx);
    const topics = ['SAP', 'OA', 'CRM', 'HR', 'WMS', 'MES', 'BI', 'PLM', 'SRM', 'EAM', 'TMS', 'QMS'];
    for (const [i, topic] of topics.slice(0, MIN_LINKS_FOR_CALIBRATION + 2).entries()) {
      const code = `ERR-${4100 + i}`;
      const first = await buildTicket(ctx, requester, {
        subject: `${topic} 系统报错 ${code}`,
        description: `打开 ${topic} 时提示 ${code}，服务器 app-srv-${i + 10}`,
      });
      const second = await buildTicket(ctx, requester, {
        subject: `${topic} 报 ${code} 无法使用`,
        description: `${topic} 一直弹出 ${code}，app-srv-${i + 10} 无响应`,
      });
      const link = await ctx.app.inject({
        method: 'POST',
        url: api(`/tickets/${second.id}/links`),
        headers: agent.headers,
        payload: { kind: 'duplicate_of', targetId: first.id },
      });
      expect(link.statusCode).toBe(201);
    }
    const last = await buildTicket(ctx, requester, {
      subject: 'SAP 报错 ERR-4100',
      description: 'SAP 提示 ERR-4100',
    });
    const response = await ctx.app.inject({
      url: api(`/tickets/${last.id}/possible-duplicates`),
      headers: agent.headers,
    });
    expect(response.statusCode).toBe(200);
    const body = response.json() as { items: PossibleDuplicate[]; threshold: number };
    // Agents linked only clear duplicates: the desk's threshold is above the default.
    expect(body.threshold).toBeGreaterThan(DEFAULT_DUPLICATE_THRESHOLD);
    for (const item of body.items) expect(item.sameProblem).toBeGreaterThanOrEqual(body.threshold);
  });

  it('is for staff only, and 404 for an unknown ticket', async () => {
    const requester = await buildUser(ctx);
    const ticket = await buildTicket(ctx, requester, { subject: 'Printer jam', description: 'HP printer' });
    const asRequester = await ctx.app.inject({
      url: api(`/tickets/${ticket.id}/possible-duplicates`),
      headers: requester.headers,
    });
    expect(asRequester.statusCode).toBe(403);
    const agent = await buildUser(ctx, { role: 'agent' });
    const missing = await ctx.app.inject({
      url: api('/tickets/99999999/possible-duplicates'),
      headers: agent.headers,
    });
    expect(missing.statusCode).toBe(404);
  });
});
