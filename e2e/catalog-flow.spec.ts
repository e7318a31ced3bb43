/**
 * Issue 13 follow-up journeys: an administrator makes a rule "pending on the requester for 3
 * business days" in the rule editor; a requester answered with a self-help guide confirms on the
 * portal that it solved the problem (the ticket closes as deflected); a catalog request awaiting
 * approval shows that it waits. Own server (own embedded PostgreSQL) on ports
 * E2E_FLOW_PORT / +1 (default 4550-4551); needs `npm run build:web` first.
 * `E2E_SHOTS=dir` also saves screenshots at 1,440 and 390 px in both languages.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { type APIRequestContext, expect as baseExpect, type Page } from '@playwright/test';
import { type OwnServer, openSignedIn, pickOption, startOwnServer, test, waitUntil } from './support.ts';

const PORT = Number(process.env.E2E_FLOW_PORT ?? 4550);
const BASE = `http://127.0.0.1:${PORT}`;
const ADMIN = { email: 'admin@flow.example', password: 'admin-pass-123' };
const PASSWORD = 'flow-pass-1234';
const SHOTS = process.env.E2E_SHOTS;
const expect = baseExpect.configure({ timeout: 20_000 });

test.describe.configure({ mode: 'serial' });
test.use({ baseURL: BASE, locale: 'zh-CN' });
test.setTimeout(180_000);

let own: OwnServer;
let admin: APIRequestContext;

test.beforeAll(async () => {
  own = await startOwnServer({ port: PORT, name: 'flow', admin: ADMIN });
  admin = own.admin;
});

test.afterAll(async () => {
  await own?.stop();
});

async function createUser(role: string, email: string, name: string): Promise<number> {
  const response = await admin.post('/api/v1/users', {
    data: { email, name, role, password: PASSWORD, locale: 'zh-CN' },
  });
  expect(response.status(), await response.text()).toBe(201);
  return ((await response.json()) as { id: number }).id;
}

/** Picks an option of an antd select by its whole visible label. */
async function choose(page: Page, select: ReturnType<Page['locator']>, label: string) {
  await pickOption(page, select, label, { exact: true });
}

/** The form item labelled `label` in the open editor. */
function formItem(page: Page, label: string) {
  return page
    .getByTestId('rule-editor')
    .locator('.ant-form-item')
    .filter({ has: page.locator('label', { hasText: new RegExp(`^${label}$`) }) });
}

/** Picks an option of the select in the form item labelled `label`. */
async function chooseIn(page: Page, label: string, option: string) {
  await pickOption(page, formItem(page, label).locator('.ant-select'), option, { exact: true });
}

async function shot(page: Page, name: string) {
  if (!SHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  for (const [width, height] of [
    [1440, 900],
    [390, 844],
  ] as const) {
    await page.setViewportSize({ width, height });
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(SHOTS, `${name}-${width}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1440, height: 900 });
}

test('an admin makes a rule that waits 3 business days on the desk calendar', async ({ browser }) => {
  const page = await openSignedIn(browser, BASE, ADMIN.email, ADMIN.password);
  await page.goto('/admin/automation');
  await page.getByTestId('rule-new').click();
  await page.getByTestId('rule-name').fill('等待请求人 3 个工作日');
  await choose(page, page.getByTestId('rule-trigger'), '工单停留在某状态（每 15 分钟检查）');
  await chooseIn(page, '处于状态', '等待请求人');
  await formItem(page, '持续至少').locator('input').fill('3');
  await chooseIn(page, '计时方式', '个工作日');
  await expect(formItem(page, '工作日历')).toContainText('标准工作日历');
  await page.getByTestId('action-tag').fill('waited');
  await shot(page, 'rule-business-days-zh');
  await page.getByTestId('rule-save').click();
  await expect(page.getByText('规则已保存')).toBeVisible();
  await expect(page.getByTestId('automation-rules')).toContainText('处于“等待请求人”满 3 个工作日');
  const rules = (await (await admin.get('/api/v1/automation/rules')).json()) as {
    items: { trigger: { schedule?: Record<string, unknown> } }[];
  };
  expect(rules.items[0]?.trigger.schedule).toMatchObject({
    status: 'pending_requester',
    forBusinessDays: 3,
    calendarId: expect.any(Number),
  });
  if (SHOTS) {
    await page.evaluate(() => localStorage.setItem('servicedesk.locale', 'en'));
    await page.goto('/admin/automation');
    await expect(page.getByTestId('automation-rules')).toContainText('for 3 business days');
    await shot(page, 'rules-page-en');
  }
  await page.context().close();
});

test('a requester confirms the self-help guide solved it; a request awaiting approval says so', async ({
  browser,
}) => {
  const approverId = await createUser('lead', 'lead@flow.example', '王审批');
  await createUser('requester', 'requester@flow.example', '张三');
  const guide = await admin.post('/api/v1/catalog/items', {
    data: {
      name: { 'zh-CN': '重置邮箱密码', en: 'Reset email password' },
      published: true,
      guide: '打开 https://id.example.com，选择“忘记密码”，按短信验证码操作。',
    },
  });
  expect(guide.status(), await guide.text()).toBe(201);
  const vpn = await admin.post('/api/v1/catalog/items', {
    data: {
      name: { 'zh-CN': '开通 VPN', en: 'VPN access' },
      published: true,
      approval: { approverIds: [approverId], mode: 'any' },
    },
  });
  expect(vpn.status(), await vpn.text()).toBe(201);
  const vpnId = ((await vpn.json()) as { id: number }).id;

  const portal = await openSignedIn(browser, BASE, 'requester@flow.example', PASSWORD);
  const created = await portal.request.post('/api/v1/tickets', {
    data: {
      subject: '请帮我重置邮箱密码',
      description: '忘记了邮箱密码，无法登录。',
      type: 'service_request',
      impact: 'low',
      urgency: 'medium',
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  const ticketId = ((await created.json()) as { id: number }).id;
  // Triage (a follow-up of the worker) answers it with the catalog's guide.
  await waitUntil(
    async () =>
      (
        (await (await portal.request.get(`/api/v1/tickets/${ticketId}/self-help`)).json()) as {
          offered: boolean;
        }
      ).offered,
    'the guide was sent',
  );
  await portal.goto(`/portal/tickets/${ticketId}`);
  await expect(portal.getByTestId('self-help-card')).toContainText('自助指南解决了您的问题吗？');
  await shot(portal, 'self-help-zh');
  await portal.getByTestId('self-help-confirm').click();
  await expect(portal.getByTestId('self-help-confirmed')).toBeVisible();
  await expect(portal.getByTestId('status-tag').first()).toHaveText('已关闭');
  await shot(portal, 'self-help-confirmed-zh');

  const requested = await portal.request.post(`/api/v1/catalog/items/${vpnId}/requests`, {
    data: { answers: {} },
  });
  expect(requested.status(), await requested.text()).toBe(201);
  const vpnTicket = ((await requested.json()) as { ticket: { id: number } }).ticket.id;
  await portal.goto(`/portal/tickets/${vpnTicket}`);
  await expect(portal.getByTestId('status-tag').first()).toHaveText('等待审批');
  // Its resolution clock stands still while it waits, and the requester is told why.
  await expect(portal.getByText('工单“等待审批”期间暂停计时')).toBeVisible();
  await shot(portal, 'pending-approval-zh');
  if (SHOTS) {
    await portal.evaluate(() => localStorage.setItem('servicedesk.locale', 'en'));
    await portal.reload();
    await expect(portal.getByTestId('status-tag').first()).toHaveText('Pending approval');
    await shot(portal, 'pending-approval-en');
    await portal.goto(`/portal/tickets/${ticketId}`);
    await expect(portal.getByTestId('self-help-confirmed')).toContainText('You confirmed');
    await shot(portal, 'self-help-confirmed-en');
  }
  await portal.context().close();
});
