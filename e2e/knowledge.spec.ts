/**
 * Issue 4 journeys: a requester types a problem in the portal, sees a matching article,
 * marks it solved, and no ticket is created (the deflection is counted); an agent sees
 * similar tickets on a ticket and inserts a suggested article into the reply. This spec
 * starts its own server (own embedded PostgreSQL) on ports 4250-4251 and serves the built
 * web app (npm run build:web first).
 */
import { type APIRequestContext, type Browser, expect, type Page, request, test } from '@playwright/test';
import { createUserVia, type OwnServer, openSignedIn, startOwnServer } from './support.ts';

const PORT = Number(process.env.E2E_KNOWLEDGE_PORT ?? 4250);
const BASE = `http://127.0.0.1:${PORT}`;
const ADMIN = { email: 'admin@kb.example', password: 'admin-pass-123' };
const PASSWORD = 'kb-pass-1234';

test.describe.configure({ mode: 'serial' });
test.use({ baseURL: BASE, locale: 'zh-CN' });
test.setTimeout(180_000);

let own: OwnServer;
let admin: APIRequestContext;

test.beforeAll(async () => {
  own = await startOwnServer({
    port: PORT,
    name: 'kb',
    admin: ADMIN,
    env: { RUN_WORKER: 'false' },
  });
  admin = own.admin;
});

test.afterAll(async () => {
  await own?.stop();
});

function createUser(role: string, email: string, name: string): Promise<{ id: number }> {
  return createUserVia(admin, { role, email, name, password: PASSWORD });
}

async function apiAs(email: string): Promise<APIRequestContext> {
  const context = await request.newContext({ baseURL: BASE });
  expect((await context.post('/api/v1/auth/login', { data: { email, password: PASSWORD } })).ok()).toBe(true);
  return context;
}

function signIn(browser: Browser, email: string): Promise<Page> {
  return openSignedIn(browser, BASE, email, PASSWORD);
}

test('a requester finds the answer while typing, marks it solved, and no ticket is created', async ({
  browser,
}) => {
  await createUser('lead', 'lead@kb.example', '王组长');
  const requester = await createUser('requester', 'requester@kb.example', '张三');
  const lead = await apiAs('lead@kb.example');
  const article = await lead.post('/api/v1/kb/articles', {
    data: {
      title: 'VPN 连接失败，提示错误 809',
      problem: '在家使用 AnyConnect 连接公司 VPN 时提示 error 809。',
      cause: '家庭路由器拦截了 IPSec 流量。',
      solution: '在 AnyConnect 中改用 SSL 模式重新连接。',
      language: 'zh-CN',
      visibility: 'public',
      status: 'published',
    },
  });
  expect(article.status(), await article.text()).toBe(201);

  const page = await signIn(browser, 'requester@kb.example');
  await page.goto('/portal/new');
  await page.getByTestId('tf-subject').fill('VPN 连不上，报错 809');
  const panel = page.getByTestId('deflection-panel');
  await expect(panel).toContainText('VPN 连接失败，提示错误 809');
  await panel.getByTestId('deflection-solved').first().click();
  await expect(page.getByTestId('deflection-done')).toBeVisible();

  const tickets = await admin.get('/api/v1/tickets', { params: { requesterId: requester.id } });
  expect(((await tickets.json()) as { items: unknown[] }).items).toEqual([]);
  const stats = (await (await lead.get('/api/v1/kb/stats')).json()) as { deflections: number };
  expect(stats.deflections).toBe(1);
  await lead.dispose();
});

test('an agent sees similar tickets on a ticket and inserts a suggested article into the reply', async ({
  browser,
}) => {
  await createUser('agent', 'agent@kb.example', '李工');
  await createUser('requester', 'other@kb.example', '赵六');
  const requester = await apiAs('other@kb.example');
  const open = async (subject: string, description: string) => {
    const response = await requester.post('/api/v1/tickets', {
      data: { subject, description, type: 'incident', impact: 'low', urgency: 'medium' },
    });
    expect(response.status(), await response.text()).toBe(201);
    return (await response.json()) as { id: number; number: number };
  };
  const earlier = await open('VPN 报错 809 无法连接', '在家用 AnyConnect 连接 VPN 一直提示 809');
  const current = await open('AnyConnect VPN 809 错误', '今天在家连接 VPN 失败，错误 809');

  const page = await signIn(browser, 'agent@kb.example');
  await page.goto(`/agent/tickets/${current.id}`);
  const similar = page.getByTestId('similar-tickets');
  await expect(similar).toContainText(`#${earlier.number}`);
  await expect(similar).toContainText('VPN 报错 809 无法连接');

  const suggestions = page.getByTestId('assist-articles');
  await expect(suggestions).toContainText('VPN 连接失败，提示错误 809');
  await suggestions.getByTestId('assist-insert').first().click();
  await expect(page.getByTestId('reply-body')).toHaveValue(/改用 SSL 模式/);
  await requester.dispose();
});
