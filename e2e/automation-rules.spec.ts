/**
 * Issue 13 journey: an administrator makes the rule "subject contains 打印机 -> add tag printer,
 * assign team 桌面支持组" in the rule editor; a requester opens a printer ticket; the agent's
 * ticket page shows the tag and the team, and the timeline says the automation account did it;
 * the rules page's run log shows the run and the dry run explains the rule on that ticket.
 * Own server (own embedded PostgreSQL) on ports 4440-4441; needs `npm run build:web` first.
 * `E2E_SHOTS=dir` also saves screenshots at 1,440 and 390 px in both languages.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { type APIRequestContext, expect as baseExpect, type Page } from '@playwright/test';
import { type OwnServer, openSignedIn, pickOption, startOwnServer, test } from './support.ts';

const PORT = Number(process.env.E2E_RULES_PORT ?? 4440);
const BASE = `http://127.0.0.1:${PORT}`;
const ADMIN = { email: 'admin@rules.example', password: 'admin-pass-123' };
const PASSWORD = 'rules-pass-1234';
const SHOTS = process.env.E2E_SHOTS;
const expect = baseExpect.configure({ timeout: 20_000 });

test.describe.configure({ mode: 'serial' });
test.use({ baseURL: BASE, locale: 'zh-CN' });
test.setTimeout(300_000);

let own: OwnServer;
let admin: APIRequestContext;

test.beforeAll(async () => {
  own = await startOwnServer({ port: PORT, name: 'rules', admin: ADMIN, env: { RUN_WORKER: 'false' } });
  admin = own.admin;
});

test.afterAll(async () => {
  await own?.stop();
});

async function createUser(role: string, email: string, name: string, locale = 'zh-CN') {
  const response = await admin.post('/api/v1/users', {
    data: { email, name, role, password: PASSWORD, locale },
  });
  expect(response.status(), await response.text()).toBe(201);
}

/** Picks an option of an antd select by its whole visible label. */
async function choose(page: Page, select: ReturnType<Page['locator']>, label: string) {
  await pickOption(page, select, label, { exact: true });
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

test('an admin makes a printer rule; a new printer ticket gets the tag and the team by automation', async ({
  browser,
}) => {
  const team = await admin.post('/api/v1/teams', { data: { name: '桌面支持组', tier: 'L1' } });
  expect(team.status(), await team.text()).toBe(201);
  await createUser('agent', 'agent@rules.example', '李工');
  await createUser('requester', 'requester@rules.example', '张三');

  // The rule, made in the editor: when a ticket is created, if its subject contains 打印机.
  const adminPage = await openSignedIn(browser, BASE, ADMIN.email, ADMIN.password);
  await adminPage.goto('/admin/automation');
  await adminPage.getByTestId('rule-new').click();
  await adminPage.getByTestId('rule-name').fill('打印机工单');
  await adminPage.getByTestId('rule-add-condition').click();
  await adminPage.getByTestId('condition-value').fill('打印机');
  await adminPage.getByTestId('action-tag').fill('printer');
  await adminPage.getByTestId('rule-add-action').click();
  await choose(adminPage, adminPage.getByTestId('action-type').nth(1), '分派团队');
  await choose(adminPage, adminPage.getByTestId('action-teamId'), '桌面支持组');
  await shot(adminPage, 'rules-editor-zh');
  await adminPage.getByTestId('rule-save').click();
  await expect(adminPage.getByText('规则已保存')).toBeVisible();
  await expect(adminPage.getByTestId('automation-rules')).toContainText('打印机工单');
  const rules = (await (await admin.get('/api/v1/automation/rules')).json()) as {
    items: { id: number; conditions: unknown; actions: unknown[] }[];
  };
  expect(rules.items[0]).toMatchObject({
    conditions: { all: [{ field: 'subject', op: 'contains', value: '打印机' }] },
    actions: [{ type: 'add_tag', tag: 'printer' }, { type: 'assign_team' }],
  });

  // A requester opens a printer ticket, and another ticket the rule leaves alone.
  const requester = await openSignedIn(browser, BASE, 'requester@rules.example', PASSWORD);
  const opened = await requester.request.post('/api/v1/tickets', {
    data: {
      subject: '三楼打印机卡纸',
      description: '三楼东侧的打印机一直卡纸。',
      type: 'incident',
      impact: 'low',
      urgency: 'medium',
    },
  });
  expect(opened.status(), await opened.text()).toBe(201);
  const ticket = (await opened.json()) as { id: number; number: number };
  const other = await requester.request.post('/api/v1/tickets', {
    data: {
      subject: '邮箱无法登录',
      description: '提示密码错误。',
      type: 'incident',
      impact: 'low',
      urgency: 'low',
    },
  });
  expect(other.status()).toBe(201);

  // The agent's ticket page: the tag, the team, and the automation on the timeline.
  const agent = await openSignedIn(browser, BASE, 'agent@rules.example', PASSWORD);
  await agent.goto(`/agent/tickets/${ticket.id}`);
  await expect(agent.getByTestId('ticket-tags')).toContainText('printer');
  await expect(agent.getByTestId('ticket-facts')).toContainText('桌面支持组');
  await agent.getByRole('tab', { name: '处理记录' }).click();
  await expect(agent.getByText('执行了自动化规则“打印机工单”')).toBeVisible();
  await expect(agent.getByText('添加标签：已完成')).toBeVisible();
  await expect(agent.getByText('ServiceDesk 自动化').first()).toBeVisible();
  await shot(agent, 'ticket-timeline-zh');

  // The queue filters by the tag: the printer ticket only.
  await agent.goto('/agent?tag=printer');
  await expect(agent.getByTestId('ticket-row-subject')).toHaveText(['三楼打印机卡纸']);
  await expect(agent.getByTestId('ticket-row-tags')).toContainText('printer');

  // The rules page: the run in the log, and the dry run on the ticket.
  await adminPage.reload();
  await expect(adminPage.getByTestId('automation-runs')).toContainText('打印机工单');
  await expect(adminPage.getByTestId('automation-runs')).toContainText('已执行');
  await adminPage.getByTestId('rule-test').click();
  await adminPage.getByTestId('dry-run-ticket').fill(String(ticket.id));
  await adminPage.getByTestId('dry-run-go').click();
  await expect(adminPage.getByTestId('dry-run-result')).toContainText('条件满足');
  await expect(adminPage.getByTestId('dry-run-result')).toContainText('无需更改');
  await shot(adminPage, 'rules-dry-run-zh');
  await adminPage.keyboard.press('Escape');
  await shot(adminPage, 'rules-page-zh');

  if (SHOTS) {
    // The same pages in English.
    for (const page of [adminPage, agent]) {
      await page.evaluate(() => localStorage.setItem('servicedesk.locale', 'en'));
    }
    await adminPage.goto('/admin/automation');
    await adminPage.getByTestId('rule-new').click();
    await adminPage.getByTestId('rule-add-condition').click();
    await shot(adminPage, 'rules-editor-en');
    await adminPage.keyboard.press('Escape');
    await shot(adminPage, 'rules-page-en');
    await agent.goto(`/agent/tickets/${ticket.id}`);
    await agent.getByRole('tab', { name: 'Timeline' }).click();
    await shot(agent, 'ticket-timeline-en');
  }
});
