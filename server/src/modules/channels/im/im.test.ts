import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import { eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { buildTicket, buildUser } from '../../../../test/factories.ts';
import { eventually, pickPort, startTestWorker } from '../../../../test/factories-channels.ts';
import { json, setupTestApp } from '../../../../test/harness.ts';
import { tickets } from '../../../db/schema.ts';
import { signInbound } from './im-inbound.ts';
import { buildImRequest, dingtalkSign, feishuSign } from './platforms.ts';

interface Hit {
  path: string;
  query: URLSearchParams;
  body: Record<string, unknown>;
}

/** Stands for the platforms' webhook endpoints (outside the product): records what it is sent. */
const hits: Hit[] = [];
const mockPort = await pickPort(4370);
const mock = createServer((request: IncomingMessage, response) => {
  let data = '';
  request.on('data', (chunk) => {
    data += chunk;
  });
  request.on('end', () => {
    const url = new URL(request.url ?? '/', 'http://x');
    hits.push({
      path: url.pathname,
      query: url.searchParams,
      body: JSON.parse(data) as Record<string, unknown>,
    });
    if (url.pathname === '/slack' || url.pathname === '/mentions') return response.end('ok');
    if (url.pathname === '/feishu') return response.end(JSON.stringify({ code: 0, msg: 'success' }));
    if (url.pathname === '/broken')
      return response.end(JSON.stringify({ errcode: 310000, errmsg: 'sign not match' }));
    response.end(JSON.stringify({ errcode: 0, errmsg: 'ok' }));
  });
});
await new Promise<void>((resolve) => mock.listen(mockPort, '127.0.0.1', resolve));
afterAll(() => new Promise<void>((resolve) => mock.close(() => resolve())));
const base = `http://127.0.0.1:${mockPort}`;

const ctx = await setupTestApp({ SMS_WEBHOOK_URL: `${base}/sms` });
await startTestWorker(ctx);
const admin = await buildUser(ctx, { role: 'admin' });

async function createBot(payload: Record<string, unknown>) {
  const response = await ctx.app.inject({
    method: 'POST',
    url: '/api/v1/channels/im-bots',
    headers: admin.headers,
    payload,
  });
  expect(response.statusCode, response.body).toBe(201);
  return json<{ id: number; hasSignSecret: boolean }>(response);
}

describe('IM platform formats and signing (pure)', () => {
  const now = new Date('2026-11-22T08:00:00Z');
  it('signs DingTalk requests with HMAC-SHA256 over timestamp and secret', () => {
    const { url, body } = buildImRequest(
      'dingtalk',
      'https://oapi.dingtalk.com/robot/send?access_token=t',
      'SECxyz',
      { title: 'T', text: 'x' },
      now,
    );
    const expected = createHmac('sha256', 'SECxyz').update(`${now.getTime()}\nSECxyz`).digest('base64');
    expect(dingtalkSign('SECxyz', now.getTime())).toBe(expected);
    expect(url).toBe(
      `https://oapi.dingtalk.com/robot/send?access_token=t&timestamp=${now.getTime()}&sign=${encodeURIComponent(expected)}`,
    );
    expect(body).toMatchObject({ msgtype: 'markdown', markdown: { title: 'T' } });
  });
  it('signs Feishu requests with the timestamp in seconds in the body', () => {
    const { body } = buildImRequest(
      'feishu',
      'https://open.feishu.cn/x',
      'fsecret',
      { title: 'T', text: 'x' },
      now,
    );
    const seconds = now.getTime() / 1000;
    expect(body).toMatchObject({ timestamp: String(seconds), msg_type: 'text' });
    expect(body.sign).toBe(createHmac('sha256', `${seconds}\nfsecret`).update('').digest('base64'));
    expect(feishuSign('fsecret', seconds)).toBe(body.sign);
  });
  it('mentions people in each platform’s own way', () => {
    const message = { title: 'T', text: 'x', mentions: ['u1'] };
    expect(buildImRequest('wecom', 'u', null, message, now).body).toMatchObject({
      msgtype: 'text',
      text: { mentioned_list: ['u1'] },
    });
    expect(buildImRequest('dingtalk', 'u', null, message, now).body).toMatchObject({
      at: { atUserIds: ['u1'] },
    });
    expect(JSON.stringify(buildImRequest('feishu', 'u', null, message, now).body)).toContain(
      '<at user_id=\\"u1\\"></at>',
    );
    expect(buildImRequest('slack', 'u', null, message, now).body.text).toContain('<@u1>');
  });
});

describe('IM bots', () => {
  it('posts new tickets to every subscribed bot in its platform’s format', async () => {
    await createBot({
      name: 'WeCom L1',
      platform: 'wecom',
      webhookUrl: `${base}/wecom`,
      events: ['ticket.created'],
    });
    await createBot({
      name: 'DingTalk',
      platform: 'dingtalk',
      webhookUrl: `${base}/dingtalk?access_token=t`,
      signSecret: 'SECding',
      events: ['ticket.created'],
    });
    await createBot({
      name: 'Feishu',
      platform: 'feishu',
      webhookUrl: `${base}/feishu`,
      signSecret: 'fsecret',
      events: ['ticket.created'],
    });
    await createBot({
      name: 'Slack',
      platform: 'slack',
      webhookUrl: `${base}/slack`,
      events: ['ticket.created'],
    });
    await createBot({ name: 'Quiet', platform: 'slack', webhookUrl: `${base}/quiet`, events: [] });
    const requester = await buildUser(ctx, { role: 'requester' });
    const ticket = await buildTicket(ctx, requester, { subject: '网络中断' });
    await eventually(() => hits.length >= 4, 'four bot posts');
    const byPath = Object.fromEntries(hits.map((h) => [h.path, h]));
    expect(Object.keys(byPath).sort()).toEqual(['/dingtalk', '/feishu', '/slack', '/wecom']);
    expect(byPath['/wecom']?.body).toMatchObject({ msgtype: 'markdown' });
    expect(JSON.stringify(byPath['/wecom']?.body)).toContain(`#${ticket.number}`);
    const ding = byPath['/dingtalk'];
    const timestamp = Number(ding?.query.get('timestamp'));
    expect(ding?.query.get('sign')).toBe(dingtalkSign('SECding', timestamp));
    const feishu = byPath['/feishu']?.body;
    expect(feishu?.sign).toBe(feishuSign('fsecret', Number(feishu?.timestamp)));
    expect(byPath['/slack']?.body.text).toContain('网络中断');
  });

  it('hides secrets and reports a refusing platform to the administrator', async () => {
    const bot = await createBot({
      name: 'Broken',
      platform: 'dingtalk',
      webhookUrl: `${base}/broken`,
      signSecret: 'S',
    });
    expect(bot.hasSignSecret).toBe(true);
    const list = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/channels/im-bots',
      headers: admin.headers,
    });
    expect(list.body).not.toContain('"S"');
    const test = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/channels/im-bots/${bot.id}/test`,
      headers: admin.headers,
    });
    expect(test.statusCode).toBe(502);
    expect(json<{ error: { code: string } }>(test).error.code).toBe('channels.im_delivery_failed');
  });
});

describe('incoming IM webhook', () => {
  const secret = 'a-shared-secret-of-enough-length';
  it('opens a ticket (channel im) from a signed request, once per external id', async () => {
    const bot = await createBot({
      name: 'Inbound',
      platform: 'feishu',
      webhookUrl: `${base}/feishu`,
      inboundSecret: secret,
    });
    const body = JSON.stringify({
      externalId: 'om_123',
      subject: '飞书报修：会议室投影仪不亮',
      description: '3楼会议室投影仪无信号',
      requester: { email: 'im.user@client.example', name: '赵六' },
    });
    const send = (payload: string, signature?: string, timestamp = String(Date.now())) =>
      ctx.app.inject({
        method: 'POST',
        url: `/api/v1/channels/im-bots/${bot.id}/inbound`,
        headers: {
          'content-type': 'application/json',
          'x-signature-timestamp': timestamp,
          'x-signature': signature ?? signInbound(secret, timestamp, payload),
        },
        payload,
      });
    const first = await send(body);
    expect(first.statusCode, first.body).toBe(201);
    const created = json<{ ticketId: number; number: number; duplicate: boolean }>(first);
    const [ticket] = await ctx.database.db.select().from(tickets).where(eq(tickets.id, created.ticketId));
    expect(ticket).toMatchObject({ channel: 'im', subject: '飞书报修：会议室投影仪不亮' });
    const again = await send(body);
    expect(again.statusCode).toBe(200);
    expect(json(again)).toMatchObject({ ticketId: created.ticketId, duplicate: true });

    expect((await send(body, 'sha256=deadbeef')).statusCode).toBe(401);
    const old = String(Date.now() - 3_600_000);
    expect((await send(body, signInbound(secret, old, body), old)).statusCode).toBe(401);
    const tampered = body.replace('投影仪', '打印机');
    expect((await send(tampered, signInbound(secret, String(Date.now()), body))).statusCode).toBe(401);
    const invalid = JSON.stringify({ externalId: 'x' });
    const bad = await send(invalid);
    expect(bad.statusCode).toBe(400);
    expect(json<{ error: { code: string } }>(bad).error.code).toBe('validation.invalid');
  });
});

describe('personal notifications by IM and SMS', () => {
  it('mentions the person through bots that take mentions, and texts them through the SMS hook', async () => {
    await createBot({
      name: 'Mentions',
      platform: 'slack',
      webhookUrl: `${base}/mentions`,
      events: ['mentions'],
    });
    const requester = await buildUser(ctx, { role: 'requester' });
    const saved = await ctx.app.inject({
      method: 'PUT',
      url: '/api/v1/notifications/preferences',
      headers: requester.headers,
      payload: {
        events: [{ event: 'ticket.created', channels: { im: true, sms: true } }],
        contact: { imHandle: 'U024BE7LH', phone: '+8613800000000' },
      },
    });
    expect(saved.statusCode).toBe(200);
    const ticket = await buildTicket(ctx, requester, { subject: 'Mention me' });
    const mention = await eventually(() => hits.find((h) => h.path === '/mentions'), 'the IM mention');
    expect(mention.body.text).toContain('<@U024BE7LH>');
    expect(mention.body.text).toContain(`#${ticket.number}`);
    const sms = await eventually(() => hits.find((h) => h.path === '/sms'), 'the SMS');
    expect(sms.body).toMatchObject({ to: '+8613800000000' });
    expect(String(sms.body.text)).toContain(`#${ticket.number}`);
  });
});
