import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AttachmentDto, TicketSummaryDto } from '../../../../contracts/tickets.ts';
import { buildTeam, buildTicket, buildUser } from '../../../test/factories.ts';
import { json, setupTestApp } from '../../../test/harness.ts';

const ctx = await setupTestApp({ ATTACHMENT_MAX_BYTES: '1024' });
const api = (path: string) => `/api/v1${path}`;

function multipart(filename: string, content: string | Buffer, type = 'text/plain') {
  const head = `--B\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`;
  return {
    headers: { 'content-type': 'multipart/form-data; boundary=B' },
    payload: Buffer.concat([Buffer.from(head), Buffer.from(content), Buffer.from('\r\n--B--\r\n')]),
  };
}

describe('the queue', () => {
  it('filters, sorts and pages with a cursor without repeating or losing rows', async () => {
    const agent = await buildUser(ctx, { role: 'agent' });
    const requester = await buildUser(ctx);
    const team = await buildTeam(ctx);
    const made = [];
    for (let i = 0; i < 7; i++) {
      made.push(
        await buildTicket(ctx, requester, {
          subject: i % 2 ? `打印机故障 ${i}` : `VPN issue ${i}`,
          category: i % 2 ? '硬件/打印机' : '网络/VPN',
          impact: i < 2 ? 'high' : 'low',
          urgency: 'high',
        }),
      );
    }
    for (const ticket of made.slice(0, 3)) {
      await ctx.app.inject({
        method: 'PATCH',
        url: api(`/tickets/${ticket.id}`),
        headers: agent.headers,
        payload: { teamId: team.id, assigneeId: agent.user.id, status: 'in_progress' },
      });
    }
    const page = async (query: string) =>
      json<{ items: TicketSummaryDto[]; nextCursor: string | null }>(
        await ctx.app.inject({ url: api(`/tickets?${query}`), headers: agent.headers }),
      );

    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const result: { items: TicketSummaryDto[]; nextCursor: string | null } = await page(
        `limit=3&requesterId=${requester.user.id}${cursor ? `&cursor=${cursor}` : ''}`,
      );
      seen.push(...result.items.map((t) => t.id));
      cursor = result.nextCursor;
    } while (cursor);
    expect(seen).toEqual(made.map((t) => t.id).reverse());

    expect((await page(`teamId=${team.id}&status=in_progress`)).items).toHaveLength(3);
    expect((await page(`assigneeId=me&requesterId=${requester.user.id}`)).items).toHaveLength(3);
    expect((await page(`assigneeId=none&requesterId=${requester.user.id}`)).items).toHaveLength(4);
    expect(
      (await page(`category=硬件&requesterId=${requester.user.id}`)).items.map((t) => t.category),
    ).toEqual(['硬件/打印机', '硬件/打印机', '硬件/打印机']);
    expect((await page(`q=打印机&requesterId=${requester.user.id}`)).items).toHaveLength(3);
    expect((await page(`q=%23${made[4]?.number}`)).items.map((t) => t.id)).toEqual([made[4]?.id]);
    const byPriority = await page(`sort=priority&requesterId=${requester.user.id}`);
    expect(byPriority.items.map((t) => t.priority)).toEqual(['P1', 'P1', 'P3', 'P3', 'P3', 'P3', 'P3']);

    const bad = await ctx.app.inject({ url: api('/tickets?cursor=garbage'), headers: agent.headers });
    expect(bad.statusCode).toBe(400);
    const badStatus = await ctx.app.inject({ url: api('/tickets?status=done'), headers: agent.headers });
    expect(json<{ error: { field: string } }>(badStatus).error.field).toMatch(/^querystring\.status/);
  });

  it('finds Chinese text by words, not only by substrings, and only among visible tickets', async () => {
    const requester = await buildUser(ctx);
    const other = await buildUser(ctx);
    const agent = await buildUser(ctx, { role: 'agent' });
    const mine = await buildTicket(ctx, requester, { subject: '三楼打印机卡纸，无法打印' });
    const theirs = await buildTicket(ctx, other, { subject: '二楼打印机又卡纸了' });
    await buildTicket(ctx, requester, { subject: 'VPN 连接超时' });
    const search = async (as: { headers: { authorization: string } }, q: string) =>
      json<{ items: TicketSummaryDto[] }>(
        await ctx.app.inject({ url: api(`/tickets?q=${encodeURIComponent(q)}`), headers: as.headers }),
      ).items.map((t) => t.id);
    // "打印机 卡纸" is no substring of either subject; segmented into words it matches both.
    expect(await search(requester, '打印机 卡纸')).toEqual([mine.id]);
    expect((await search(agent, '卡纸')).sort()).toEqual([mine.id, theirs.id].sort());
  });

  it('keeps saved views per agent', async () => {
    const agent = await buildUser(ctx, { role: 'agent' });
    const other = await buildUser(ctx, { role: 'agent' });
    const created = await ctx.app.inject({
      method: 'POST',
      url: api('/views'),
      headers: agent.headers,
      payload: { name: '我的 P1', filters: { priority: 'P1', assigneeId: 'me' } },
    });
    expect(created.statusCode).toBe(201);
    const mine = json<{ items: { name: string }[] }>(
      await ctx.app.inject({ url: api('/views'), headers: agent.headers }),
    );
    expect(mine.items.map((v) => v.name)).toEqual(['我的 P1']);
    const theirs = json<{ items: unknown[] }>(
      await ctx.app.inject({ url: api('/views'), headers: other.headers }),
    );
    expect(theirs.items).toEqual([]);
    const id = json<{ id: number }>(created).id;
    expect(
      (await ctx.app.inject({ method: 'DELETE', url: api(`/views/${id}`), headers: other.headers }))
        .statusCode,
    ).toBe(404);
    expect(
      (await ctx.app.inject({ method: 'DELETE', url: api(`/views/${id}`), headers: agent.headers }))
        .statusCode,
    ).toBe(204);
  });
});

describe('attachments', () => {
  it('stores an upload under a generated name and serves it with safe headers', async () => {
    const requester = await buildUser(ctx);
    const ticket = await buildTicket(ctx, requester);
    const body = multipart('../../etc/passwd\u0000<script>.html', '<script>alert(1)</script>', 'text/html');
    const upload = await ctx.app.inject({
      method: 'POST',
      url: api(`/tickets/${ticket.id}/attachments`),
      headers: { ...requester.headers, ...body.headers },
      payload: body.payload,
    });
    expect(upload.statusCode).toBe(201);
    const attachment = json<AttachmentDto>(upload);
    expect(attachment.filename).not.toContain('/');
    expect(attachment.filename).not.toContain('..');
    expect(attachment.filename).not.toContain('<');
    const files = await readdir(path.join(ctx.dataDir, 'attachments'), { recursive: true });
    expect(files.some((f) => f.includes('passwd'))).toBe(false);

    const download = await ctx.app.inject({
      url: api(`/tickets/${ticket.id}/attachments/${attachment.id}`),
      headers: requester.headers,
    });
    expect(download.statusCode).toBe(200);
    expect(download.body).toBe('<script>alert(1)</script>');
    expect(download.headers['content-type']).toBe('application/octet-stream');
    expect(download.headers['content-disposition']).toMatch(/^attachment; filename="/);
    expect(download.headers['x-content-type-options']).toBe('nosniff');
    expect(download.headers['content-security-policy']).toContain('sandbox');
  });

  it('keeps Chinese file names and refuses files over the size limit, leaving nothing behind', async () => {
    const requester = await buildUser(ctx);
    const ticket = await buildTicket(ctx, requester);
    const ok = multipart('报错截图.png', Buffer.alloc(100, 1), 'image/png');
    const stored = await ctx.app.inject({
      method: 'POST',
      url: api(`/tickets/${ticket.id}/attachments`),
      headers: { ...requester.headers, ...ok.headers },
      payload: ok.payload,
    });
    expect(json<AttachmentDto>(stored)).toMatchObject({
      filename: '报错截图.png',
      size: 100,
      contentType: 'image/png',
    });
    const download = await ctx.app.inject({
      url: api(`/tickets/${ticket.id}/attachments/${json<AttachmentDto>(stored).id}`),
      headers: requester.headers,
    });
    expect(download.headers['content-disposition']).toContain(
      `filename*=UTF-8''${encodeURIComponent('报错截图.png')}`,
    );

    const before = await readdir(path.join(ctx.dataDir, 'attachments'), { recursive: true });
    const big = multipart('big.log', Buffer.alloc(5000, 1));
    const refused = await ctx.app.inject({
      method: 'POST',
      url: api(`/tickets/${ticket.id}/attachments`),
      headers: { ...requester.headers, ...big.headers },
      payload: big.payload,
    });
    expect(refused.statusCode).toBe(413);
    expect(json<{ error: { code: string } }>(refused).error.code).toBe('attachment.too_large');
    const after = await readdir(path.join(ctx.dataDir, 'attachments'), { recursive: true });
    expect(after.length).toBe(before.length);
    const list = json<{ items: unknown[] }>(
      await ctx.app.inject({ url: api(`/tickets/${ticket.id}/attachments`), headers: requester.headers }),
    );
    expect(list.items).toHaveLength(1);
  });
});
