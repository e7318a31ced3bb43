/**
 * Issue 5 journey: a requester chats from the portal, an agent answers in the chat console
 * (both live over Server-Sent Events), and the agent turns the chat into a ticket that
 * carries its transcript. This spec starts its own server (own embedded PostgreSQL) on
 * ports 4395-4396 and serves the built web app (npm run build:web first).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type APIRequestContext, type Browser, expect, type Page, request, test } from '@playwright/test';

const PORT = Number(process.env.E2E_CHANNELS_PORT ?? 4395);
const BASE = `http://127.0.0.1:${PORT}`;
const ADMIN = { email: 'admin@chat.example', password: 'admin-pass-123' };
const PASSWORD = 'chat-pass-123';

test.describe.configure({ mode: 'serial' });
test.use({ baseURL: BASE, locale: 'zh-CN' });
test.setTimeout(180_000);

let server: ChildProcess;
let dataDir: string;
let admin: APIRequestContext;

async function waitUntil<T>(
  check: () => Promise<T | undefined | null | false>,
  what: string,
  ms = 90_000,
): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value) return value;
    if (Date.now() > until) throw new Error(`never happened: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

test.beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'sd-e2e-chat-'));
  server = spawn(process.execPath, ['server/src/main.ts'], {
    cwd: path.resolve(import.meta.dirname, '..'),
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      ...process.env,
      PORT: String(PORT),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      EMBEDDED_PG_PORT: String(PORT + 1),
      ADMIN_EMAIL: ADMIN.email,
      ADMIN_PASSWORD: ADMIN.password,
      LOG_LEVEL: 'warn',
      SERVE_WEB: 'true',
      RUN_WORKER: 'true',
      DEMO_DATA: 'false',
    },
  });
  await waitUntil(async () => (await fetch(`${BASE}/readyz`)).ok, 'the server is ready', 120_000);
  admin = await request.newContext({ baseURL: BASE });
  expect((await admin.post('/api/v1/auth/login', { data: ADMIN })).ok()).toBe(true);
});

test.afterAll(async () => {
  await admin?.dispose();
  if (server?.pid && server.exitCode === null) {
    const exited = new Promise((resolve) => server.once('exit', resolve));
    server.kill('SIGTERM');
    await exited;
  }
  rmSync(dataDir, { recursive: true, force: true });
});

async function createUser(role: string, email: string, name: string) {
  const response = await admin.post('/api/v1/users', {
    data: { email, name, role, password: PASSWORD, locale: 'zh-CN' },
  });
  expect(response.status(), await response.text()).toBe(201);
  return (await response.json()) as { id: number };
}

async function signIn(browser: Browser, email: string): Promise<Page> {
  const context = await browser.newContext({ baseURL: BASE, locale: 'zh-CN' });
  const page = await context.newPage();
  await page.goto('/login');
  await page.getByTestId('login-email').fill(email);
  await page.getByTestId('login-password').fill(PASSWORD);
  await page.getByTestId('login-submit').click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  return page;
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
