import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ImBotDto, ImContactDto } from '../../../../../contracts/channels.ts';
import { buildTicket, buildUser } from '../../../../test/factories.ts';
import { eventually, startTestWorker } from '../../../../test/factories-channels.ts';
import { json, setupTestApp } from '../../../../test/harness.ts';
import { imContacts, imInbound, ticketMessages, tickets } from '../../../db/schema.ts';
import {
  dingtalkCallbackSign,
  feishuEncrypt,
  feishuSignature,
  slackSignature,
  wecomDecrypt,
  wecomEncrypt,
  wecomSignature,
} from './callback-crypto.ts';
import { xmlField } from './callback-protocols.ts';
import { dingtalkSessionReply, setImApiBases } from './im-api.ts';

interface Hit {
  path: string;
  headers: IncomingMessage['headers'];
  body: Record<string, unknown>;
}

/** Stands for the platforms' open APIs and group robots (outside the product): records what it is sent. */
const hits: Hit[] = [];
const fake = createServer((request, response) => {
  let data = '';
  request.on('data', (chunk) => {
    data += chunk;
  });
  request.on('end', () => {
    const path = new URL(request.url ?? '/', 'http://x').pathname;
    hits.push({ path, headers: request.headers, body: JSON.parse(data || '{}') as Record<string, unknown> });
    response.setHeader('content-type', 'application/json');
    if (path === '/open-apis/auth/v3/tenant_access_token/internal')
      return response.end(JSON.stringify({ code: 0, msg: 'ok', tenant_access_token: 't-123', expire: 7200 }));
    if (path.startsWith('/open-apis/im/v1/messages/'))
      return response.end(JSON.stringify({ code: 0, msg: 'success', data: {} }));
    if (path === '/api/chat.postMessage') return response.end(JSON.stringify({ ok: true, ts: '1.2' }));
    if (path === '/slack-hook') return response.end('ok');
    response.end(JSON.stringify({ errcode: 0, errmsg: 'ok' }));
  });
});
await new Promise<void>((resolve) => fake.listen(0, '127.0.0.1', resolve));
afterAll(() => new Promise<void>((resolve) => fake.close(() => resolve())));
const base = `http://127.0.0.1:${(fake.address() as AddressInfo).port}`;
setImApiBases({ dingtalk: base, feishu: base, slack: base });
afterAll(() => setImApiBases(null));

const PUBLIC_URL = 'https://desk.example.com';
const ctx = await setupTestApp({ PUBLIC_URL });
await startTestWorker(ctx);
const admin = await buildUser(ctx, { role: 'admin' });
const agent = await buildUser(ctx, { role: 'agent' });
const db = ctx.database.db;

async function createBot(payload: Record<string, unknown>): Promise<ImBotDto> {
  const response = await ctx.app.inject({
    method: 'POST',
    url: '/api/v1/channels/im-bots',
    headers: admin.headers,
    payload,
  });
  expect(response.statusCode, response.body).toBe(201);
  return json<ImBotDto>(response);
}

async function counts() {
  const [t] = await db.select({ n: count() }).from(tickets);
  const [m] = await db.select({ n: count() }).from(ticketMessages);
  const [i] = await db.select({ n: count() }).from(imInbound);
  return { tickets: t?.n ?? 0, messages: m?.n ?? 0, inbound: i?.n ?? 0 };
}

async function ticketOfDelivery(externalId: string) {
  const [row] = await db.select().from(imInbound).where(eq(imInbound.externalId, externalId));
  expect(row?.ticketId).toBeTruthy();
  const [ticket] = await db
    .select()
    .from(tickets)
    .where(eq(tickets.id, row?.ticketId ?? 0));
  return { inbound: row, ticket };
}

const nowSeconds = () => String(Math.floor(Date.now() / 1000));

beforeEach(() => {
  hits.length = 0;
});

describe('IM bot credentials and edits', () => {
  it('shows the callback URL and which credentials are set, never their values', async () => {
    const bot = await createBot({
      name: '企业微信 IT',
      platform: 'wecom',
      inbound: {
        token: 'tok-secret',
        encodingAesKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C',
        corpId: 'ww1',
      },
    });
    expect(bot.inboundUrl).toBe(`${PUBLIC_URL}/api/v1/channels/im-bots/${bot.id}/callback`);
    expect(bot.inbound).toEqual({ set: ['token', 'encodingAesKey', 'corpId'], corpId: 'ww1', ready: true });
    expect(bot.webhookUrl).toBeNull();
    const list = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/channels/im-bots',
      headers: admin.headers,
    });
    expect(list.body).not.toContain('tok-secret');
    expect(list.body).not.toContain('jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C');
  });

  it('documents the callback and contact routes in the OpenAPI document', async () => {
    const response = await ctx.app.inject({ method: 'GET', url: '/api/docs/json' });
    expect(response.statusCode).toBe(200);
    const paths = Object.keys(json<{ paths: Record<string, unknown> }>(response).paths);
    expect(paths).toEqual(
      expect.arrayContaining(['/api/v1/channels/im-bots/{id}/callback', '/api/v1/channels/im-contacts']),
    );
  });

  it('refuses a credential the platform does not take', async () => {
    const response = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/channels/im-bots',
      headers: admin.headers,
      payload: { name: 'x', platform: 'slack', inbound: { token: 'a' } },
    });
    expect(response.statusCode).toBe(400);
    expect(json<{ error: { code: string; field: string } }>(response).error).toMatchObject({
      code: 'channels.im_inbound_field',
      field: 'inbound.token',
    });
  });

  it('keeps the events, the state and the credentials of a renamed bot', async () => {
    const bot = await createBot({
      name: 'Before',
      platform: 'slack',
      webhookUrl: `${base}/slack-hook`,
      events: ['ticket.created', 'ticket.p1'],
      active: false,
      inbound: { signingSecret: 'sig' },
    });
    const renamed = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/v1/channels/im-bots/${bot.id}`,
      headers: admin.headers,
      payload: { name: 'After' },
    });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(json<ImBotDto>(renamed)).toMatchObject({
      name: 'After',
      events: ['ticket.created', 'ticket.p1'],
      active: false,
      inbound: { set: ['signingSecret'], ready: true },
    });
    const token = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/v1/channels/im-bots/${bot.id}`,
      headers: admin.headers,
      payload: { inbound: { botToken: 'xoxb-1' } },
    });
    expect(json<ImBotDto>(token).inbound.set.sort()).toEqual(['botToken', 'signingSecret']);
  });

  it('renames an organisation without changing whether it shares tickets', async () => {
    const created = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/organizations',
      headers: admin.headers,
      payload: { name: 'Shared Org', shareTickets: true },
    });
    expect(created.statusCode, created.body).toBe(201);
    const org = json<{ id: number }>(created);
    const renamed = await ctx.app.inject({
      method: 'PATCH',
      url: `/api/v1/organizations/${org.id}`,
      headers: admin.headers,
      payload: { name: 'Renamed Org' },
    });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(json(renamed)).toMatchObject({ name: 'Renamed Org', shareTickets: true });
  });
});

describe('WeCom self-built app callback', () => {
  const creds = {
    token: 'QDG6eK',
    encodingAesKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C',
    corpId: 'ww5823bf96d3',
  };
  let url = '';
  beforeAll(async () => {
    const bot = await createBot({ name: 'WeCom', platform: 'wecom', inbound: creds });
    url = `/api/v1/channels/im-bots/${bot.id}/callback`;
  });

  function signedQuery(encrypted: string, timestamp = nowSeconds(), nonce = '1372623149') {
    const signature = wecomSignature(creds.token, timestamp, nonce, encrypted);
    return new URLSearchParams({ msg_signature: signature, timestamp, nonce });
  }
  function post(
    inner: string,
    options: { timestamp?: string; badSignature?: boolean; contentType?: string | null } = {},
  ) {
    const encrypted = wecomEncrypt(creds.encodingAesKey, inner, creds.corpId);
    const query = signedQuery(encrypted, options.timestamp);
    if (options.badSignature) query.set('msg_signature', '0'.repeat(40));
    const contentType = options.contentType === undefined ? 'text/xml' : options.contentType;
    return ctx.app.inject({
      method: 'POST',
      url: `${url}?${query}`,
      headers: contentType ? { 'content-type': contentType } : {},
      payload: `<xml><ToUserName><![CDATA[${creds.corpId}]]></ToUserName><Encrypt><![CDATA[${encrypted}]]></Encrypt><AgentID><![CDATA[1000002]]></AgentID></xml>`,
    });
  }
  const message = (from: string, content: string, msgId: string) =>
    `<xml><ToUserName><![CDATA[${creds.corpId}]]></ToUserName><FromUserName><![CDATA[${from}]]></FromUserName><CreateTime>${nowSeconds()}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[${content}]]></Content><MsgId>${msgId}</MsgId><AgentID>1000002</AgentID></xml>`;

  it('answers the URL check with the decrypted echostr', async () => {
    const echostr = wecomEncrypt(creds.encodingAesKey, '8327419563418', creds.corpId);
    const query = signedQuery(echostr);
    query.set('echostr', echostr);
    const response = await ctx.app.inject({ method: 'GET', url: `${url}?${query}` });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.body).toBe('8327419563418');
    query.set('msg_signature', 'f'.repeat(40));
    expect((await ctx.app.inject({ method: 'GET', url: `${url}?${query}` })).statusCode).toBe(401);
  });

  it('opens a ticket, answers with its number in an encrypted passive reply, and adds the next message to it', async () => {
    const before = await counts();
    const first = await post(message('zhangsan', '三楼打印机卡纸了', '7001'));
    expect(first.statusCode, first.body).toBe(200);
    const { inbound, ticket } = await ticketOfDelivery('7001');
    expect(ticket).toMatchObject({ channel: 'im', subject: '三楼打印机卡纸了' });
    expect(inbound?.platform).toBe('wecom');
    // The passive reply is signed and encrypted for WeCom, and names the ticket.
    const encrypted = xmlField(first.body, 'Encrypt') ?? '';
    const timestamp = xmlField(first.body, 'TimeStamp') ?? '';
    const nonce = xmlField(first.body, 'Nonce') ?? '';
    expect(xmlField(first.body, 'MsgSignature')).toBe(
      wecomSignature(creds.token, timestamp, nonce, encrypted),
    );
    const reply = wecomDecrypt(creds.encodingAesKey, encrypted, creds.corpId);
    expect(xmlField(reply, 'ToUserName')).toBe('zhangsan');
    expect(xmlField(reply, 'Content')).toContain(`#${ticket?.number}`);
    expect(xmlField(reply, 'Content')).toContain(`${PUBLIC_URL}/tickets/${ticket?.id}`);

    // WeCom retries the same MsgId when it did not hear us: nothing changes.
    const afterFirst = await counts();
    expect(afterFirst.tickets).toBe(before.tickets + 1);
    expect((await post(message('zhangsan', '三楼打印机卡纸了', '7001'))).statusCode).toBe(200);
    expect(await counts()).toEqual(afterFirst);

    const second = await post(message('zhangsan', '换了纸盒也不行', '7002'), { contentType: null });
    expect(second.statusCode).toBe(200);
    const again = await ticketOfDelivery('7002');
    expect(again.ticket?.id).toBe(ticket?.id);
    const after = await counts();
    expect(after.tickets).toBe(afterFirst.tickets);
    expect(after.messages).toBe(afterFirst.messages + 1);
  });

  it('refuses a bad signature and a stale timestamp, storing nothing', async () => {
    const before = await counts();
    const bad = await post(message('zhangsan', 'x', '7100'), { badSignature: true });
    expect(bad.statusCode).toBe(401);
    expect(json<{ error: { code: string } }>(bad).error.code).toBe('channels.im_signature_invalid');
    const stale = String(Math.floor(Date.now() / 1000) - 2 * 3600);
    expect((await post(message('zhangsan', 'x', '7101'), { timestamp: stale })).statusCode).toBe(401);
    expect(await counts()).toEqual(before);
  });

  it('files a linked platform user under the person, and lets an agent relink a contact', async () => {
    const person = await buildUser(ctx, { role: 'requester', name: '李四' });
    const linked = await ctx.app.inject({
      method: 'PUT',
      url: '/api/v1/channels/im-contacts',
      headers: agent.headers,
      payload: { platform: 'wecom', externalUserId: 'lisi', userId: person.user.id },
    });
    expect(linked.statusCode, linked.body).toBe(200);
    expect(json<ImContactDto>(linked)).toMatchObject({ linked: true, user: { id: person.user.id } });
    expect((await post(message('lisi', 'VPN 连不上', '7201'))).statusCode).toBe(200);
    expect((await ticketOfDelivery('7201')).ticket?.requesterId).toBe(person.user.id);

    // An unknown sender becomes an IM contact (a requester the desk made) that an agent links;
    // nothing is mailed to its made-up address.
    expect((await post(message('wangwu', '邮箱满了', '7202'))).statusCode).toBe(200);
    const mailed = await ctx.database.pool.query(
      "select count(*)::int as n from outbox_emails where to_address like '%@im-contacts.invalid'",
    );
    expect(mailed.rows[0]?.n).toBe(0);
    const contacts = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/channels/im-contacts?linked=false',
      headers: agent.headers,
    });
    const made = json<{ items: ImContactDto[] }>(contacts).items.find((c) => c.externalUserId === 'wangwu');
    expect(made).toMatchObject({ platform: 'wecom', linked: false });
    const requester = await buildUser(ctx, { role: 'requester' });
    await ctx.app.inject({
      method: 'PUT',
      url: '/api/v1/channels/im-contacts',
      headers: agent.headers,
      payload: { platform: 'wecom', externalUserId: 'wangwu', userId: requester.user.id },
    });
    const [row] = await db.select().from(imContacts).where(eq(imContacts.externalUserId, 'wangwu'));
    expect(row).toMatchObject({ userId: requester.user.id, linked: true });
    // The next message is the linked person's: a ticket of theirs, not the contact's old one.
    expect((await post(message('wangwu', '邮箱还是满的', '7203'))).statusCode).toBe(200);
    const relinked = await ticketOfDelivery('7203');
    expect(relinked.ticket?.requesterId).toBe(requester.user.id);
    expect(relinked.ticket?.id).not.toBe((await ticketOfDelivery('7202')).ticket?.id);
    const forbidden = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/channels/im-contacts',
      headers: requester.headers,
    });
    expect(forbidden.statusCode).toBe(403);
  });
});

describe('DingTalk outgoing robot', () => {
  const appSecret = 'dingtalk-app-secret-0123456789';
  let url = '';
  beforeAll(async () => {
    const bot = await createBot({ name: '钉钉', platform: 'dingtalk', inbound: { appSecret } });
    url = `/api/v1/channels/im-bots/${bot.id}/callback`;
  });
  const body = (msgId: string, content: string) =>
    JSON.stringify({
      conversationId: 'cidp4eQf3tRSm4u2bnkJ2Q==',
      atUsers: [{ dingtalkId: '$:LWCP_v1:$abc' }],
      chatbotCorpId: 'dingxxx',
      chatbotUserId: '$:LWCP_v1:$bot',
      msgId,
      senderNick: '赵六',
      isAdmin: false,
      senderStaffId: 'manager4321',
      sessionWebhookExpiredTime: Date.now() + 3_600_000,
      createAt: Date.now(),
      senderCorpId: 'dingxxx',
      conversationType: '2',
      senderId: '$:LWCP_v1:$sender',
      conversationTitle: 'IT 服务群',
      isInAtList: true,
      sessionWebhook: `${base}/robot/sendBySession?session=${msgId}`,
      text: { content: ` ${content}` },
      robotCode: 'dingrobot',
      msgtype: 'text',
    });
  const send = (payload: string, timestamp = String(Date.now()), sign?: string) =>
    ctx.app.inject({
      method: 'POST',
      url,
      headers: {
        'content-type': 'application/json; charset=utf-8',
        timestamp,
        sign: sign ?? dingtalkCallbackSign(appSecret, timestamp),
      },
      payload,
    });

  it('opens a ticket and replies through the sessionWebhook; a redelivery changes nothing', async () => {
    const first = await send(body('msgA1', '会议室投影仪不亮 @all'));
    expect(first.statusCode, first.body).toBe(200);
    const { inbound, ticket } = await ticketOfDelivery('msgA1');
    expect(inbound?.platform).toBe('dingtalk');
    expect(ticket?.channel).toBe('im');
    expect(ticket?.requesterId).toBeTruthy();
    const reply = await eventually(
      () => hits.find((h) => h.path === '/robot/sendBySession'),
      'the DingTalk reply',
    );
    expect(reply.body.msgtype).toBe('text');
    expect(String((reply.body.text as { content: string }).content)).toContain(`#${ticket?.number}`);
    const before = await counts();
    expect((await send(body('msgA1', '会议室投影仪不亮 @all'))).statusCode).toBe(200);
    expect(await counts()).toEqual(before);
  });

  it('calls no sessionWebhook outside DingTalk’s API host', async () => {
    await expect(
      dingtalkSessionReply({ sessionWebhook: 'http://169.254.169.254/latest/meta-data', text: 'x' }),
    ).rejects.toThrow(/not on/);
  });

  it('refuses a bad sign and a timestamp older than an hour', async () => {
    const before = await counts();
    expect((await send(body('msgA2', 'x'), String(Date.now()), 'bm90IGEgc2lnbg==')).statusCode).toBe(401);
    const old = String(Date.now() - 2 * 3_600_000);
    expect((await send(body('msgA3', 'x'), old)).statusCode).toBe(401);
    expect(await counts()).toEqual(before);
  });
});

describe('Feishu event subscription 2.0', () => {
  const creds = {
    verificationToken: 'v-token-123',
    encryptKey: 'enc-key-456',
    appId: 'cli_a1',
    appSecret: 's3',
  };
  let url = '';
  beforeAll(async () => {
    const bot = await createBot({ name: '飞书', platform: 'feishu', inbound: creds });
    url = `/api/v1/channels/im-bots/${bot.id}/callback`;
  });
  const event = (eventId: string, messageId: string, text: string) =>
    JSON.stringify({
      schema: '2.0',
      header: {
        event_id: eventId,
        token: creds.verificationToken,
        create_time: String(Date.now()),
        event_type: 'im.message.receive_v1',
        tenant_key: 'tenant',
        app_id: creds.appId,
      },
      event: {
        sender: {
          sender_id: {
            union_id: 'on_1',
            user_id: 'e3a1b2',
            open_id: 'ou_7d8a6e6df7621556ce0d21922b676706ccs',
          },
          sender_type: 'user',
          tenant_key: 'tenant',
        },
        message: {
          message_id: messageId,
          create_time: String(Date.now()),
          chat_id: 'oc_5ad11d72b830411d72b836c20',
          chat_type: 'p2p',
          message_type: 'text',
          content: JSON.stringify({ text }),
        },
      },
    });
  const send = (plain: string, options: { timestamp?: string; signature?: string } = {}) => {
    const raw = JSON.stringify({ encrypt: feishuEncrypt(creds.encryptKey, plain) });
    const timestamp = options.timestamp ?? nowSeconds();
    const nonce = 'a1b2c3';
    return ctx.app.inject({
      method: 'POST',
      url,
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'x-lark-request-timestamp': timestamp,
        'x-lark-request-nonce': nonce,
        'x-lark-signature': options.signature ?? feishuSignature(timestamp, nonce, creds.encryptKey, raw),
      },
      payload: raw,
    });
  };

  it('answers the URL check, plain or encrypted, only with the right token', async () => {
    const challenge = {
      challenge: 'ajls384kdjx98XX',
      token: creds.verificationToken,
      type: 'url_verification',
    };
    const plain = await ctx.app.inject({ method: 'POST', url, payload: challenge });
    expect(plain.statusCode, plain.body).toBe(200);
    expect(json(plain)).toEqual({ challenge: 'ajls384kdjx98XX' });
    const encrypted = await ctx.app.inject({
      method: 'POST',
      url,
      payload: { encrypt: feishuEncrypt(creds.encryptKey, JSON.stringify(challenge)) },
    });
    expect(json(encrypted)).toEqual({ challenge: 'ajls384kdjx98XX' });
    const wrong = await ctx.app.inject({ method: 'POST', url, payload: { ...challenge, token: 'nope' } });
    expect(wrong.statusCode).toBe(401);
  });

  it('opens a ticket from im.message.receive_v1 and replies with the reply-message API', async () => {
    const response = await send(event('ev_1', 'om_dc13264520392913993dd051dba21dcf', '@_user_1 电脑蓝屏了'));
    expect(response.statusCode, response.body).toBe(200);
    const { inbound, ticket } = await ticketOfDelivery('ev_1');
    expect(inbound?.platform).toBe('feishu');
    expect(ticket?.subject).toBe('电脑蓝屏了');
    const reply = await eventually(
      () =>
        hits.find((h) => h.path === '/open-apis/im/v1/messages/om_dc13264520392913993dd051dba21dcf/reply'),
      'the Feishu reply',
    );
    expect(reply.headers.authorization).toBe('Bearer t-123');
    expect(reply.body.msg_type).toBe('text');
    expect(JSON.parse(String(reply.body.content)).text).toContain(`#${ticket?.number}`);
    expect(hits.find((h) => h.path.includes('tenant_access_token'))?.body).toEqual({
      app_id: 'cli_a1',
      app_secret: 's3',
    });
    const before = await counts();
    expect(
      (await send(event('ev_1', 'om_dc13264520392913993dd051dba21dcf', '@_user_1 电脑蓝屏了'))).statusCode,
    ).toBe(200);
    expect(await counts()).toEqual(before);
  });

  it('refuses a bad signature and a stale timestamp, storing nothing', async () => {
    const before = await counts();
    expect((await send(event('ev_2', 'om_2', 'x'), { signature: 'ab'.repeat(32) })).statusCode).toBe(401);
    const stale = String(Math.floor(Date.now() / 1000) - 7200);
    expect((await send(event('ev_3', 'om_3', 'x'), { timestamp: stale })).statusCode).toBe(401);
    expect(await counts()).toEqual(before);
  });
});

describe('Slack Events API', () => {
  const creds = { signingSecret: '8f742231b10e8888abcd99yyyzzz85a5', botToken: 'xoxb-test-token' };
  let url = '';
  beforeAll(async () => {
    const bot = await createBot({ name: 'Slack', platform: 'slack', inbound: creds });
    url = `/api/v1/channels/im-bots/${bot.id}/callback`;
  });
  const send = (
    payload: Record<string, unknown>,
    options: { timestamp?: string; signature?: string; retry?: string } = {},
  ) => {
    const raw = JSON.stringify(payload);
    const timestamp = options.timestamp ?? nowSeconds();
    return ctx.app.inject({
      method: 'POST',
      url,
      headers: {
        'content-type': 'application/json',
        'x-slack-request-timestamp': timestamp,
        'x-slack-signature': options.signature ?? slackSignature(creds.signingSecret, timestamp, raw),
        ...(options.retry
          ? { 'x-slack-retry-num': options.retry, 'x-slack-retry-reason': 'http_timeout' }
          : {}),
      },
      payload: raw,
    });
  };
  const message = (eventId: string, event: Record<string, unknown>) => ({
    token: 'XXYYZZ',
    team_id: 'T123ABC456',
    api_app_id: 'A123ABC456',
    event: {
      type: 'message',
      channel: 'C123ABC456',
      channel_type: 'channel',
      ts: '1355517523.000005',
      ...event,
    },
    type: 'event_callback',
    event_id: eventId,
    event_time: 1355517523,
  });

  it('answers url_verification with the challenge', async () => {
    const response = await send({
      token: 'Jhj5dZrVaK7ZwHHjRyZWjbDl',
      challenge: '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P',
      type: 'url_verification',
    });
    expect(response.statusCode).toBe(200);
    expect(response.body).toBe('3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P');
  });

  it('opens a ticket, answers in thread with chat.postMessage, and takes a retry as the same event', async () => {
    const event = message('Ev0PV52K21', { user: 'U061F7AUR', text: 'Printer on 3F is jammed <!channel>' });
    const first = await send(event);
    expect(first.statusCode, first.body).toBe(200);
    const { inbound, ticket } = await ticketOfDelivery('Ev0PV52K21');
    expect(inbound?.platform).toBe('slack');
    const post = await eventually(
      () => hits.find((h) => h.path === '/api/chat.postMessage'),
      'chat.postMessage',
    );
    expect(post.headers.authorization).toBe('Bearer xoxb-test-token');
    expect(post.body).toMatchObject({ channel: 'C123ABC456', thread_ts: '1355517523.000005' });
    expect(String(post.body.text)).toContain(`#${ticket?.number}`);
    const before = await counts();
    expect((await send(event, { retry: '1' })).statusCode).toBe(200);
    expect(await counts()).toEqual(before);
  });

  it('takes a mention of the bot in a channel, without the mention', async () => {
    const event = message('Ev_mention', {
      type: 'app_mention',
      user: 'U0MENTION',
      text: '<@U0BOT> VPN &amp; Wi-Fi down',
    });
    expect((await send(event)).statusCode).toBe(200);
    const { ticket } = await ticketOfDelivery('Ev_mention');
    expect(ticket?.subject).toBe('VPN & Wi-Fi down');
  });

  it('ignores bots’ own messages and message subtypes (no loop)', async () => {
    const before = await counts();
    await send(message('Ev_bot', { bot_id: 'B1', text: 'Ticket #1 opened' }));
    await send(message('Ev_edit', { subtype: 'message_changed', user: 'U1', text: 'x' }));
    expect(await counts()).toEqual(before);
  });

  it('refuses a bad signature and a request older than five minutes', async () => {
    const before = await counts();
    const event = message('Ev_bad', { user: 'U1', text: 'x' });
    expect((await send(event, { signature: `v0=${'0'.repeat(64)}` })).statusCode).toBe(401);
    expect((await send(event, { timestamp: String(Math.floor(Date.now() / 1000) - 301) })).statusCode).toBe(
      401,
    );
    expect(await counts()).toEqual(before);
  });
});

describe('group robots hear of P1s and cannot be made to mention everyone', () => {
  it('posts ticket.p1 for a ticket opened at P1, with the requester’s text escaped', async () => {
    await createBot({
      name: 'P1',
      platform: 'slack',
      webhookUrl: `${base}/slack-hook`,
      events: ['ticket.p1'],
    });
    const requester = await buildUser(ctx, { role: 'requester' });
    const ticket = await buildTicket(ctx, requester, {
      subject: '<!channel> 核心交换机宕机',
      impact: 'high',
      urgency: 'high',
    });
    expect(ticket.priority).toBe('P1');
    const hit = await eventually(() => hits.find((h) => h.path === '/slack-hook'), 'the P1 post');
    expect(String(hit.body.text)).toContain(`#${ticket.number}`);
    expect(String(hit.body.text)).toContain('&lt;!channel&gt;');
    expect(String(hit.body.text)).not.toContain('<!channel>');
  });
});
