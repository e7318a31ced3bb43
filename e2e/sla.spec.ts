/**
 * Issue 3 journey: an administrator builds a business calendar (two windows a day, a holiday,
 * a make-up workday) and an SLA policy on it in the admin pages; a requester opens a ticket
 * the policy governs; an agent sees its clock counting down in the queue and on the ticket,
 * and opens the explanation of how the deadline was computed. This spec starts its own
 * server (own embedded PostgreSQL) on ports 4150-4151 and serves the built web app
 * (npm run build:web first).
 */
import { type APIRequestContext, type Browser, expect as baseExpect, type Page } from '@playwright/test';
import { type OwnServer, pickOption, startOwnServer, test } from './support.ts';

const PORT = Number(process.env.E2E_SLA_PORT ?? 4150);
const BASE = `http://127.0.0.1:${PORT}`;
const ADMIN = { email: 'admin@sla.example', password: 'admin-pass-123' };
const PASSWORD = 'sla-pass-1234';
const CATEGORY = '网络/VPN';
// The machine these run on is shared and often busy: give the UI time to answer.
const expect = baseExpect.configure({ timeout: 20_000 });

test.describe.configure({ mode: 'serial' });
test.use({ baseURL: BASE, locale: 'zh-CN' });
test.setTimeout(300_000);

let own: OwnServer;
let admin: APIRequestContext;

test.beforeAll(async () => {
  own = await startOwnServer({
    port: PORT,
    name: 'sla',
    admin: ADMIN,
    env: { RUN_WORKER: 'false' },
  });
  admin = own.admin;
});

test.afterAll(async () => {
  await own?.stop();
});

async function createUser(role: string, email: string, name: string) {
  const response = await admin.post('/api/v1/users', {
    data: { email, name, role, password: PASSWORD, locale: 'zh-CN' },
  });
  expect(response.status(), await response.text()).toBe(201);
}

async function signIn(browser: Browser, email: string, password = PASSWORD): Promise<Page> {
  const context = await browser.newContext({ baseURL: BASE, locale: 'zh-CN' });
  const page = await context.newPage();
  await page.goto('/login');
  await page.getByTestId('login-email').fill(email);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  return page;
}

/** Types values into an antd tags select, one Enter each. */
async function typeTags(page: Page, testId: string, values: string[]) {
  const input = page.getByTestId(testId).locator('input');
  for (const value of values) {
    await input.fill(value);
    await input.press('Enter');
  }
}

test('an admin builds a calendar and a policy; an agent sees the countdown and its explanation', async ({
  browser,
}) => {
  await createUser('agent', 'agent@sla.example', '李工');
  await createUser('requester', 'requester@sla.example', '张三');

  // The calendar: Shanghai office hours (two windows a day), National Day, a make-up Sunday.
  const adminPage = await signIn(browser, ADMIN.email, ADMIN.password);
  await adminPage.goto('/admin/sla-calendars');
  await adminPage.getByTestId('calendar-new').click();
  await adminPage.getByTestId('calendar-name').fill('上海办公室');
  await adminPage.getByTestId('calendar-office-hours').click();
  await expect(adminPage.getByTestId('calendar-window')).toHaveCount(10);
  await typeTags(adminPage, 'calendar-holidays', ['2030-10-01', '2030-10-02']);
  await typeTags(adminPage, 'calendar-extra-workdays', ['2030-09-29']);
  await adminPage.getByTestId('calendar-save').click();
  await expect(adminPage.getByText('工作日历已保存')).toBeVisible();
  await expect(adminPage.getByTestId('calendar-list')).toContainText('上海办公室');
  const calendars = (await (await admin.get('/api/v1/calendars')).json()) as {
    items: { name: string; holidays: string[]; extraWorkdays: string[]; hours: unknown[] }[];
  };
  expect(calendars.items.find((c) => c.name === '上海办公室')).toMatchObject({
    holidays: ['2030-10-01', '2030-10-02'],
    extraWorkdays: ['2030-09-29'],
  });

  // The policy: VPN tickets, on that calendar, tried first.
  await adminPage.goto('/admin/sla-policies');
  await adminPage.getByTestId('policy-new').click();
  await adminPage.getByTestId('policy-name').fill('VPN 故障');
  await adminPage.getByTestId('policy-order').fill('1');
  await typeTags(adminPage, 'policy-category', [CATEGORY]);
  await pickOption(adminPage, adminPage.getByTestId('policy-calendar'), '上海办公室');
  await adminPage.getByTestId('target-P3-firstResponseMinutes').fill('240');
  await adminPage.getByTestId('target-P3-updateMinutes').fill('480');
  await adminPage.getByTestId('target-P3-resolutionMinutes').fill('960');
  await adminPage.getByTestId('policy-save').click();
  await expect(adminPage.getByText('SLA 策略已保存')).toBeVisible();
  await expect(adminPage.getByTestId('policy-list')).toContainText('VPN 故障');

  // A requester opens a VPN ticket (medium impact and urgency: P3).
  const requester = await signIn(browser, 'requester@sla.example');
  const created = await requester.request.post('/api/v1/tickets', {
    data: {
      subject: 'VPN 连接超时',
      description: '从今天早上开始 VPN 一直连接超时。',
      type: 'incident',
      category: CATEGORY,
      impact: 'medium',
      urgency: 'medium',
    },
  });
  expect(created.status()).toBe(201);
  const ticket = (await created.json()) as { id: number; sla: { policyName: string } };
  expect(ticket.sla.policyName).toBe('VPN 故障');

  // The agent sees the countdown in the queue ...
  const agent = await signIn(browser, 'agent@sla.example');
  await agent.goto('/agent');
  const row = agent.locator(`[data-testid="ticket-row"][data-ticket-id="${ticket.id}"]`);
  await expect(row.getByTestId('queue-sla')).toContainText(/响应 剩余 \d/);
  // ... and on the ticket, with all three clocks, then the explanation.
  await agent.goto(`/agent/tickets/${ticket.id}`);
  const card = agent.getByTestId('ticket-sla');
  await expect(card).toContainText('VPN 故障');
  await expect(card.getByTestId('sla-clock-firstResponse')).toContainText(/剩余 \d/);
  await expect(card.getByTestId('sla-clock-resolution')).toContainText(/剩余 \d/);
  await agent.getByTestId('sla-explain').click();
  const drawer = agent.getByTestId('sla-explain-drawer');
  await expect(drawer.getByTestId('sla-explain-firstResponse')).toContainText('开始计时，适用策略“VPN 故障”');
  await expect(drawer.getByTestId('sla-explain-firstResponse')).toContainText('上海办公室');
  await expect(drawer.getByTestId('sla-explain-resolution')).toContainText('目标 16小时 工作时间');
});

test("a customer's own service level: a policy for one organisation, named in the list, kept on a second save", async ({
  browser,
}) => {
  const organization = await admin.post('/api/v1/organizations', { data: { name: '华东客户部' } });
  expect(organization.status(), await organization.text()).toBe(201);
  const organizationId = ((await organization.json()) as { id: number }).id;

  const adminPage = await signIn(browser, ADMIN.email, ADMIN.password);
  await adminPage.goto('/admin/sla-policies');
  await adminPage.getByTestId('policy-new').click();
  await adminPage.getByTestId('policy-name').fill('华东客户 金牌');
  await pickOption(adminPage, adminPage.getByTestId('policy-organization'), '华东客户部', { search: '华东' });
  await adminPage.getByTestId('target-P2-resolutionMinutes').fill('240');
  await adminPage.getByTestId('policy-save').click();
  await expect(adminPage.getByText('SLA 策略已保存')).toBeVisible();
  const row = adminPage.getByTestId('policy-list').locator('tr', { hasText: '华东客户 金牌' });
  await expect(row).toContainText('华东客户部');
  await expect(row).not.toContainText(`#${organizationId}`);

  // Opened again and saved with another change: the organisation stays part of the match.
  await row.getByRole('button', { name: '华东客户 金牌' }).click();
  await expect(adminPage.getByTestId('policy-organization')).toContainText('华东客户部');
  await adminPage.getByTestId('target-P2-resolutionMinutes').fill('300');
  await adminPage.getByTestId('policy-save').click();
  await expect(adminPage.getByText('SLA 策略已保存').last()).toBeVisible();
  await expect(async () => {
    const policies = (await (await admin.get('/api/v1/sla-policies')).json()) as {
      items: {
        name: string;
        match: { organizationId?: number[] };
        targets: { P2?: { resolutionMinutes?: number } };
      }[];
    };
    const saved = policies.items.find((p) => p.name === '华东客户 金牌');
    expect(saved?.match.organizationId).toEqual([organizationId]);
    expect(saved?.targets.P2?.resolutionMinutes).toBe(300);
  }).toPass({ timeout: 10_000 });
});
