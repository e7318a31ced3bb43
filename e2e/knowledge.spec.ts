/**
 * Issue 4 journeys: a requester types a problem in the portal, sees a matching article,
 * marks it solved, and no ticket is created (the deflection is counted); an agent sees
 * similar tickets on a ticket and inserts a suggested article into the reply; possible duplicates
 * are linked and merged; the portal knowledge base takes feedback; problem candidates and the
 * triage settings open. This spec
 * starts its own server (own embedded PostgreSQL) on ports 4250-4251 and serves the built
 * web app (npm run build:web first).
 */
import { type APIRequestContext, type Browser, expect, type Page, request } from '@playwright/test';
import { createUserVia, type OwnServer, openSection, openSignedIn, startOwnServer, test } from './support.ts';

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
    // No worker: what the journey sees must not change under it (triage). The ticket
    // follow-ups (the search index among them) run in each change's transaction instead.
    env: { RUN_WORKER: 'false', TICKET_FOLLOW_UPS: 'inline' },
  });
  admin = own.admin;
});

test.afterAll(async () => {
  await own?.stop();
});

/** A requester's ticket, opened through the API. */
async function openTicket(
  api: APIRequestContext,
  subject: string,
  description: string,
): Promise<{ id: number; number: number }> {
  const response = await api.post('/api/v1/tickets', {
    data: { subject, description, type: 'incident', impact: 'low', urgency: 'medium' },
  });
  expect(response.status(), await response.text()).toBe(201);
  return (await response.json()) as { id: number; number: number };
}

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
  const earlier = await openTicket(
    requester,
    'VPN 报错 809 无法连接',
    '在家用 AnyConnect 连接 VPN 一直提示 809',
  );
  const current = await openTicket(requester, 'AnyConnect VPN 809 错误', '今天在家连接 VPN 失败，错误 809');

  const page = await signIn(browser, 'agent@kb.example');
  await page.goto(`/agent/tickets/${current.id}`);
  // Knowledge and similar tickets sit in a folded section of the side panel.
  await openSection(page, 'knowledge');
  const similar = page.getByTestId('similar-tickets');
  await expect(similar).toContainText(`#${earlier.number}`);
  await expect(similar).toContainText('VPN 报错 809 无法连接');

  const suggestions = page.getByTestId('assist-articles');
  await expect(suggestions).toContainText('VPN 连接失败，提示错误 809');
  await suggestions.getByTestId('assist-insert').first().click();
  await expect(page.getByTestId('reply-body')).toHaveValue(/改用 SSL 模式/);
  await requester.dispose();
});

test('an agent sees a possible duplicate on a ticket and links it in one click', async ({ browser }) => {
  await createUser('requester', 'dup@kb.example', '孙七');
  const requester = await apiAs('dup@kb.example');
  const first = await openTicket(requester, '共享盘 FS02 无法访问', '映射的 Z 盘提示 FS02-ERR-53');
  const again = await openTicket(requester, 'FS02 共享盘又打不开', 'Z 盘报错 FS02-ERR-53');

  const page = await signIn(browser, 'agent@kb.example');
  await page.goto(`/agent/tickets/${again.id}`);
  await openSection(page, 'related');
  const panel = page.getByTestId('possible-duplicates');
  const candidate = panel.getByTestId('possible-duplicate').filter({ hasText: `#${first.number}` });
  await expect(candidate).toContainText('同一报修人');
  await candidate.getByTestId('duplicate-link').click();
  await expect(page.getByTestId('links-panel')).toContainText(`#${first.number}`);
  const ticket = (await (await requester.get(`/api/v1/tickets/${again.id}`)).json()) as {
    links: { kind: string; ticket: { id: number } }[];
  };
  expect(ticket.links).toEqual([
    expect.objectContaining({ kind: 'duplicate_of', ticket: expect.objectContaining({ id: first.id }) }),
  ]);
  await requester.dispose();
});

test('a requester browses the knowledge base, reads an article and says it helped', async ({ browser }) => {
  const page = await signIn(browser, 'requester@kb.example');
  await page.goto('/portal/kb');
  await expect(page.getByTestId('portal-kb-article')).toContainText('VPN 连接失败，提示错误 809');
  await page.getByTestId('portal-kb-search').locator('input').fill('VPN 809');
  const result = page.getByTestId('portal-kb-result').first();
  await expect(result).toContainText('VPN 连接失败');
  await result.getByRole('link').click();
  await expect(page.getByTestId('portal-article-title')).toHaveText('VPN 连接失败，提示错误 809');
  await expect(page.getByTestId('article-body')).toContainText('改用 SSL 模式');
  await page.getByTestId('article-helpful').click();
  await expect(page.getByTestId('article-feedback')).toContainText('感谢您的反馈');
  const lead = await apiAs('lead@kb.example');
  const stats = (await (await lead.get('/api/v1/kb/stats')).json()) as { helpful: number };
  expect(stats.helpful).toBeGreaterThanOrEqual(2);
  await lead.dispose();
});

test('an agent merges a duplicate; a lead sees problem candidates; an admin sets the triage threshold', async ({
  browser,
}) => {
  const requester = await apiAs('dup@kb.example');
  const keep = await openTicket(requester, 'OA 审批页面空白 OA-BLANK-17', '打开审批页面一片空白 OA-BLANK-17');
  const dup = await openTicket(requester, 'OA 审批打不开 OA-BLANK-17', '审批页面白屏 OA-BLANK-17');

  const agent = await signIn(browser, 'agent@kb.example');
  await agent.goto(`/agent/tickets/${dup.id}`);
  await openSection(agent, 'related');
  const candidate = agent.getByTestId('possible-duplicate').filter({ hasText: `#${keep.number}` });
  // The shared error code is named, and the same-problem score shown (issue 16).
  await expect(candidate.getByTestId('shared-codes')).toContainText('oa-blank-17');
  await expect(candidate.getByTestId('duplicate-same-problem')).toBeVisible();
  await candidate.getByTestId('duplicate-merge').click();
  // The confirmation shows both tickets before anything is merged.
  await expect(agent.getByTestId('merge-from')).toContainText(`#${dup.number}`);
  await expect(agent.getByTestId('merge-into')).toContainText(`#${keep.number}`);
  await agent.getByTestId('merge-confirm').click();
  await expect(agent.getByTestId('links-panel')).toContainText(`#${keep.number}`);
  const merged = (await (await requester.get(`/api/v1/tickets/${dup.id}`)).json()) as { status: string };
  expect(merged.status).toBe('cancelled');
  await requester.dispose();

  const lead = await signIn(browser, 'lead@kb.example');
  await lead.goto('/agent/problems');
  await expect(lead.getByRole('heading', { name: '问题候选' })).toBeVisible();

  const adminPage = await openSignedIn(browser, BASE, ADMIN.email, ADMIN.password);
  await adminPage.goto('/admin/triage');
  const threshold = adminPage.getByTestId('triage-settings-form').locator('#autoApplyThreshold');
  await expect(threshold).not.toHaveValue('');
  await threshold.fill('0.85');
  await adminPage.getByTestId('triage-settings-save').click();
  await expect(adminPage.getByText('设置已保存')).toBeVisible();
  const settings = (await (await admin.get('/api/v1/triage/settings')).json()) as {
    autoApplyThreshold: number;
  };
  expect(settings.autoApplyThreshold).toBe(0.85);
});
