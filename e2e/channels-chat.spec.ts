/**
 * Issue 5 journey: a requester chats from the portal, an agent answers in the chat console
 * (both live over Server-Sent Events), and the agent turns the chat into a ticket that
 * carries its transcript. This spec starts its own server (own embedded PostgreSQL) on
 * ports 4395-4396 and serves the built web app (npm run build:web first).
 */
import { type APIRequestContext, type Browser, expect, type Page } from '@playwright/test';
import { createUserVia, type OwnServer, openSignedIn, startOwnServer, test } from './support.ts';

const PORT = Number(process.env.E2E_CHANNELS_PORT ?? 4395);
const BASE = `http://127.0.0.1:${PORT}`;
const ADMIN = { email: 'admin@chat.example', password: 'admin-pass-123' };
const PASSWORD = 'chat-pass-123';

test.describe.configure({ mode: 'serial' });
test.use({ baseURL: BASE, locale: 'zh-CN' });
test.setTimeout(180_000);

let own: OwnServer;
let admin: APIRequestContext;

test.beforeAll(async () => {
  own = await startOwnServer({
    port: PORT,
    name: 'chat',
    admin: ADMIN,
    env: { RUN_WORKER: 'true' },
  });
  admin = own.admin;
});

test.afterAll(async () => {
  await own?.stop();
});

function createUser(role: string, email: string, name: string): Promise<{ id: number }> {
  return createUserVia(admin, { role, email, name, password: PASSWORD });
}

function signIn(browser: Browser, email: string): Promise<Page> {
  return openSignedIn(browser, BASE, email, PASSWORD);
}

test('a portal chat is answered in the console and becomes a ticket with its transcript', async ({
  browser,
}) => {
  await createUser('requester', 'requester@chat.example', '张三');
  await createUser('agent', 'agent@chat.example', '李工');

  const requester = await signIn(browser, 'requester@chat.example');
  await requester.goto('/portal/chat');
  await requester.getByTestId('chat-subject').fill('VPN 连不上');
  await requester.getByTestId('chat-first-message').fill('您好，VPN 一直提示连接超时。');
  await requester.getByTestId('chat-start').click();
  await expect(requester.getByTestId('chat-status')).toHaveText('等待接入');

  const agent = await signIn(browser, 'agent@chat.example');
  await agent.goto('/agent/chats');
  await agent.getByTestId('chat-list-item').filter({ hasText: 'VPN 连不上' }).click();
  await expect(agent.getByTestId('chat-transcript')).toContainText('VPN 一直提示连接超时');
  await agent.getByTestId('chat-input').fill('请问您用的是哪个 VPN 客户端？');
  await agent.getByTestId('chat-send').click();

  // The requester hears the agent live, and answers.
  await expect(requester.getByTestId('chat-transcript')).toContainText('请问您用的是哪个 VPN 客户端？');
  await expect(requester.getByTestId('chat-status')).toHaveText('进行中');
  await requester.getByTestId('chat-input').fill('FortiClient 7.2');
  await requester.getByTestId('chat-send').click();
  await expect(agent.getByTestId('chat-transcript')).toContainText('FortiClient 7.2');

  // The agent turns the chat into a ticket.
  await agent.getByTestId('chat-convert').click();
  await agent
    .locator('.ant-popconfirm')
    .getByRole('button', { name: /确\s*定|OK/ })
    .click();
  await expect(agent.getByTestId('chat-ticket-link')).toBeVisible();
  await expect(requester.getByTestId('chat-ended')).toContainText('已记录为工单 #');

  const tickets = await admin.get('/api/v1/tickets', { params: { channel: 'chat' } });
  const list = (await tickets.json()) as { items: { id: number; subject: string; channel: string }[] };
  const ticket = list.items.find((t) => t.subject === 'VPN 连不上');
  expect(ticket?.channel).toBe('chat');
  const detail = (await (await admin.get(`/api/v1/tickets/${ticket?.id}`)).json()) as { description: string };
  for (const line of ['VPN 一直提示连接超时', '请问您用的是哪个 VPN 客户端？', 'FortiClient 7.2']) {
    expect(detail.description).toContain(line);
  }
  // The requester finds it among their tickets.
  await requester.getByRole('link', { name: '查看工单' }).click();
  await expect(requester).toHaveURL(new RegExp(`/portal/tickets/${ticket?.id}$`));
});

test('a widget visitor who types an existing email stays unverified until they enter the mailed code', async ({
  browser,
}) => {
  // 张三 (requester@chat.example) exists from the journey above.
  const visitor = await browser.newPage();
  await visitor.goto('/widget');
  await visitor.getByTestId('widget-name').fill('张三');
  await visitor.getByTestId('widget-email').fill('requester@chat.example');
  await visitor.getByTestId('widget-subject').fill('邮箱满了');
  await visitor.getByTestId('widget-message').fill('邮箱提示空间已满');
  await visitor.getByTestId('widget-start').click();
  await expect(visitor.getByTestId('widget-verification')).toContainText('requester@chat.example');

  const agent = await signIn(browser, 'agent@chat.example');
  await agent.goto('/agent/chats');
  const item = agent.getByTestId('chat-list-item').filter({ hasText: '邮箱满了' });
  await expect(item.getByTestId('chat-unverified')).toHaveText('未验证');
  await item.click();
  // Turning it into a ticket does not give it to 张三's account on its own.
  await agent.getByTestId('chat-convert').click();
  const dialog = agent.locator('.ant-modal');
  await expect(dialog).toContainText('访客尚未验证邮箱 requester@chat.example');
  await dialog.getByRole('button', { name: '转为工单' }).click();
  await expect(dialog).toContainText('该邮箱属于已有账号');
  await dialog.getByRole('button', { name: /取\s*消/ }).click();

  await visitor.getByTestId('widget-code-input').fill('000000');
  await visitor.getByTestId('widget-code-submit').click();
  await expect(visitor.getByTestId('widget-verification')).toContainText('验证码不正确');
  const outbox = await admin.get('/api/v1/channels/outbox', { params: { limit: 20 } });
  const mails = (await outbox.json()) as { items: { kind: string; to: string; subject: string }[] };
  const mail = mails.items.find((m) => m.kind === 'chat.verification' && m.to === 'requester@chat.example');
  const code = /(\d{6})/.exec(mail?.subject ?? '')?.[1] ?? '';
  expect(code).toMatch(/^\d{6}$/);
  await visitor.getByTestId('widget-code-input').fill(code);
  await visitor.getByTestId('widget-code-submit').click();
  await expect(visitor.getByTestId('widget-verified')).toContainText('已验证');

  // Verified: the agent sees the person, and the ticket is theirs.
  await expect(agent.getByTestId('chat-unverified')).toHaveCount(0);
  await agent.getByTestId('chat-convert').click();
  await agent
    .locator('.ant-popconfirm')
    .getByRole('button', { name: /确\s*定|OK/ })
    .click();
  await expect(agent.getByTestId('chat-ticket-link')).toBeVisible();
  const tickets = await admin.get('/api/v1/tickets', { params: { channel: 'chat' } });
  const list = (await tickets.json()) as { items: { subject: string; requester: { email: string } }[] };
  expect(list.items.find((t) => t.subject === '邮箱满了')?.requester.email).toBe('requester@chat.example');
});
