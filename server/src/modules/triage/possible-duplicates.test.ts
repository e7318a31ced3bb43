import { describe, expect, it } from 'vitest';
import type { PossibleDuplicate } from '../../../../contracts/triage.ts';
import { buildTicket, buildUser } from '../../../test/factories.ts';
import { setupTestApp } from '../../../test/harness.ts';
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
