/**
 * Issue 14 journey (变更管理), in zh-CN: a problem with three linked incidents (made through the
 * API); an agent creates a normal change for the problem on an asset (配置项), submits it to two
 * CAB members in 会签 mode; both approve from the Approvals page; the change is implemented
 * successfully, and the three incidents show as resolved. Shared e2e server.
 */
import { expect, type Page } from '@playwright/test';
import { adminApi, createPerson, type Person, pickOption, signIn, stickingOut, test } from './support.ts';

test.use({ locale: 'zh-CN' });
test.setTimeout(240_000);
const SHOTS = process.env.CHANGES_SHOTS;

async function shot(page: Page, name: string) {
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

/** Picks `text` in a searching multiple Select (the search answers late under load: pickOption tries again). */
async function pick(page: Page, testId: string, text: string) {
  await pickOption(page, page.getByTestId(testId), text, { search: text });
}

test('a change for a problem, approved by two CAB members (会签), implemented: the incidents are resolved', async ({
  browser,
  page,
}) => {
  const api = await adminApi();
  const agent = await createPerson(api, 'agent', '变更经理 陈静');
  const cab1 = await createPerson(api, 'lead', 'CAB 委员 王强');
  const cab2 = await createPerson(api, 'lead', 'CAB 委员 李娜');
  const requesters: Person[] = [];
  for (const name of ['财务部 张伟', '人事部 刘洋', '销售部 赵敏'])
    requesters.push(await createPerson(api, 'requester', name));

  // Three incidents of one cause, on one server, grouped in a problem (through the API).
  const asset = await api.post('/api/v1/assets', {
    data: { name: `财务数据库服务器 DB-${Date.now() % 100000}`, type: 'server', criticality: 'high' },
  });
  expect(asset.status(), await asset.text()).toBe(201);
  const assetName = ((await asset.json()) as { name: string }).name;
  const ticketIds: number[] = [];
  for (const person of requesters) {
    const context = await browser.newContext();
    const login = await context.request.post('/api/v1/auth/login', {
      data: { email: person.email, password: person.password },
    });
    expect(login.status()).toBe(200);
    const ticket = await context.request.post('/api/v1/tickets', {
      data: {
        subject: '财务系统导出报表超时',
        description: '月底导出报表一直转圈，五分钟后报超时。',
        type: 'incident',
        impact: 'medium',
        urgency: 'high',
      },
    });
    expect(ticket.status(), await ticket.text()).toBe(201);
    ticketIds.push(((await ticket.json()) as { id: number }).id);
    await context.close();
  }
  const problem = await api.post('/api/v1/problems', {
    data: { title: '财务库慢查询导致报表导出超时', description: '报表查询缺少索引', ticketIds },
  });
  expect(problem.status(), await problem.text()).toBe(201);
  const problemId = ((await problem.json()) as { id: number }).id;

  // The agent drafts a normal change for the problem on the server.
  await signIn(page, agent);
  await page.getByTestId('nav-changes').click();
  await expect(page.getByText('变更管理').first()).toBeVisible();
  await page.goto(`/agent/changes/new?problemId=${problemId}`);
  await page.getByTestId('change-title').fill('为财务库报表查询增加索引');
  await page
    .getByTestId('change-implementation-plan')
    .fill('在维护窗口内在线创建索引（CREATE INDEX CONCURRENTLY）');
  await page.getByTestId('change-rollback-plan').fill('删除新索引');
  const start = new Date(Date.now() + 3 * 86_400_000);
  const day = `${start.getFullYear()}-${String(start.getMonth() + 1).padStart(2, '0')}-${String(start.getDate()).padStart(2, '0')}`;
  await pick(page, 'change-assets', assetName);
  await page.getByTestId('change-title').click();
  const startInput = page.getByPlaceholder('开始日期');
  await startInput.click();
  await startInput.fill(`${day} 22:00`);
  await startInput.press('Enter');
  const endInput = page.getByPlaceholder('结束日期');
  await endInput.fill(`${day} 23:30`);
  await shot(page, 'change-new-1440-zh');
  // Enter in the end field commits the window and submits the form (as a person would type it).
  await endInput.press('Enter');
  await page.waitForURL(/\/agent\/changes\/\d+$/, { timeout: 10_000 }).catch(async () => {
    await page.getByTestId('change-save').click();
  });
  await expect(page).toHaveURL(/\/agent\/changes\/\d+$/);
  const changeId = Number(/changes\/(\d+)$/.exec(page.url())?.[1]);
  await expect(page.getByTestId('change-heading')).toContainText('为财务库报表查询增加索引');
  await expect(page.getByTestId('change-status').first()).toHaveText('草稿');
  await expect(page.getByTestId('change-risk-factors')).toContainText('高');

  // Submitted to two CAB members, all must approve (会签).
  await pick(page, 'change-cab-picker', cab1.email);
  await pick(page, 'change-cab-picker', cab2.email);
  await page.getByTestId('change-cab-mode').getByText('会签（全部同意）').click();
  await page.getByTestId('change-submit').click();
  await expect(page.getByTestId('change-status').first()).toHaveText('审批中');
  await expect(page.getByTestId('change-approval')).toContainText('会签');
  await shot(page, 'change-submitted-1440-zh');

  // Each CAB member approves from the Approvals page.
  for (const member of [cab1, cab2]) {
    const context = await browser.newContext({ locale: 'zh-CN' });
    const theirs = await context.newPage();
    await signIn(theirs, member);
    await theirs.goto('/approvals');
    const card = theirs
      .getByTestId('approvals-pending')
      .getByTestId('approval-card')
      .filter({ hasText: '为财务库报表查询增加索引' });
    await expect(card).toHaveCount(1);
    await card.getByTestId('decision-comment').fill('同意，注意观察主库负载');
    await card.getByTestId('approve-button').click();
    await expect(card).toHaveCount(0);
    await context.close();
  }

  // Approved; implemented successfully; the problem's three incidents are resolved.
  await page.reload();
  await expect(page.getByTestId('change-status').first()).toHaveText('已批准');
  await expect(page.getByTestId('change-tickets').getByTestId('change-ticket')).toHaveCount(3);
  await page.getByTestId('change-implement-notes').fill('索引已创建，报表导出 3 秒完成');
  await page.getByTestId('change-implement').click();
  await expect(page.getByTestId('change-status').first()).toHaveText('已实施');
  const incidents = page.getByTestId('change-tickets').getByTestId('change-ticket');
  await expect(incidents).toHaveCount(3);
  for (let i = 0; i < 3; i++) await expect(incidents.nth(i)).toContainText('已解决');
  await shot(page, 'change-implemented-1440-zh');

  // Each incident itself shows resolved to its requester's desk.
  for (const id of ticketIds) {
    const read = await api.get(`/api/v1/tickets/${id}`);
    expect(((await read.json()) as { status: string }).status).toBe('resolved');
  }
  // The change calendar lists it.
  await page.getByTestId('nav-change-calendar').click();
  await page.getByTestId('calendar-view').getByText('列表').click();
  if (start.getMonth() !== new Date().getMonth()) await page.getByLabel('下一页').click();
  await expect(page.getByTestId('calendar-list')).toContainText('为财务库报表查询增加索引');
  await shot(page, 'calendar-1440-zh');
  expect(changeId).toBeGreaterThan(0);
  if (SHOTS) {
    // The month view at desk width; the phone width (a list) in both languages; English at desk width.
    await page.getByTestId('calendar-view').getByText('月').click();
    await shot(page, 'calendar-month-1440-zh');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto('/agent/changes/calendar');
    await expect(page.getByTestId('calendar-list')).toBeVisible();
    await shot(page, 'calendar-390-zh');
    await page.goto(`/agent/changes/${changeId}`);
    await expect(page.getByTestId('change-heading')).toBeVisible();
    await shot(page, 'change-390-zh');
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.getByText('English', { exact: true }).first().click();
    await expect(page.getByTestId('change-status').first()).toHaveText('Implemented');
    await shot(page, 'change-1440-en');
    await page.goto('/agent/change-freezes');
    await expect(page.getByTestId('freezes-page')).toBeVisible();
    await shot(page, 'freezes-1440-en');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`/agent/changes/${changeId}`);
    await expect(page.getByTestId('change-heading')).toBeVisible();
    await shot(page, 'change-390-en');
    await page.goto('/agent/changes/calendar');
    await expect(page.getByTestId('calendar-list')).toBeVisible();
    await shot(page, 'calendar-390-en');
  }
  // At phone width the change fits the screen in both languages: its labels go above the values,
  // long plans and item names wrap (side by side, the English labels pushed the details 27 px past
  // a 390 px screen).
  for (const language of ['中文', 'English']) {
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(`/agent/changes/${changeId}`);
    await page.getByText(language, { exact: true }).first().click();
    await page.setViewportSize({ width: 390, height: 844 });
    await expect(page.getByTestId('change-asset')).toBeVisible();
    expect(await page.evaluate(stickingOut(390)), language).toEqual([]);
  }
  await api.dispose();
});
