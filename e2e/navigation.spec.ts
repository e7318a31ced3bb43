/**
 * Issue 15, navigation: staff find every page they may use in a grouped side menu (a drawer on
 * a narrow screen); what a role may not open is not listed and answers 403 when typed in; an
 * action a role may not take is not offered (an agent is not offered 发布 on an article).
 */
import { expect, type Page } from '@playwright/test';
import { adminApi, BASE_URL, createPerson, type Person, test } from './support.ts';

async function signInAt(
  browser: import('@playwright/test').Browser,
  person: Person,
  viewport: { width: number; height: number },
): Promise<Page> {
  const context = await browser.newContext({ baseURL: BASE_URL, viewport, locale: 'zh-CN' });
  const page = await context.newPage();
  await page.goto('/login');
  await page.getByTestId('login-email').fill(person.email);
  await page.getByTestId('login-password').fill(person.password);
  await page.getByTestId('login-submit').click();
  await expect(page).toHaveURL(/\/agent$/);
  return page;
}

test('an agent and a lead each see the menu of their role, at 1440 px and on a narrow screen', async ({
  browser,
}) => {
  const admin = await adminApi();
  const agent = await createPerson(admin, 'agent', '李工');
  const lead = await createPerson(admin, 'lead', '王组长');
  const article = await admin.post('/api/v1/kb/articles', {
    data: {
      title: '打印机卡纸的处理办法',
      problem: '打印机提示卡纸。',
      cause: '搓纸轮老化。',
      solution: '打开前盖取出纸张，清理纸道。',
      language: 'zh-CN',
      visibility: 'public',
      status: 'review',
    },
  });
  expect(article.status(), await article.text()).toBe(201);
  const articleId = ((await article.json()) as { id: number }).id;

  // The agent: every entry of their work visible at once, the two phone entries named apart.
  const agentPage = await signInAt(browser, agent, { width: 1440, height: 900 });
  const menu = agentPage.getByTestId('main-nav');
  for (const entry of [
    'nav-queue',
    'nav-phone',
    'nav-mine',
    'nav-chats',
    'nav-calls',
    'nav-kb',
    'nav-major-incidents',
  ]) {
    await expect(menu.getByTestId(entry)).toBeVisible();
  }
  await expect(menu.getByTestId('nav-phone')).toHaveText('电话提单');
  await expect(menu.getByTestId('nav-calls')).toHaveText('通话记录与回访');
  for (const hidden of ['nav-dashboards', 'nav-escalations', 'nav-followups', 'nav-problems', 'nav-admin']) {
    await expect(menu.getByTestId(hidden)).toHaveCount(0);
  }
  await expect(menu.locator('.ant-menu-overflow-item-rest')).toHaveCount(0);

  // A page the agent may not open says so (403), instead of sending them elsewhere.
  await agentPage.goto('/dashboards');
  await expect(agentPage.getByTestId('forbidden')).toBeVisible();
  await expect(agentPage).toHaveURL(/\/dashboards$/);
  await agentPage.goto('/admin/users');
  await expect(agentPage.getByTestId('forbidden')).toBeVisible();

  // An agent writes articles but does not publish them: 发布 is not offered.
  await agentPage.goto(`/agent/kb/${articleId}`);
  await expect(agentPage.getByTestId('kb-move-draft')).toBeVisible();
  await expect(agentPage.getByTestId('kb-move-published')).toHaveCount(0);

  // "Assigned to me" is the queue filtered to the agent.
  await agentPage.getByTestId('nav-mine').click();
  await expect(agentPage).toHaveURL(/\/agent\?assigneeId=me$/);

  // The lead: reports and quality too, and 发布 on the same article.
  const leadPage = await signInAt(browser, lead, { width: 1440, height: 900 });
  const leadMenu = leadPage.getByTestId('main-nav');
  for (const entry of ['nav-dashboards', 'nav-weekly', 'nav-escalations', 'nav-followups', 'nav-problems']) {
    await expect(leadMenu.getByTestId(entry)).toBeAttached();
  }
  await expect(leadMenu.getByTestId('nav-admin')).toHaveCount(0);
  await leadMenu.getByTestId('nav-escalations').click();
  await expect(leadPage).toHaveURL(/\/dashboards\/escalations$/);
  await leadPage.goto(`/agent/kb/${articleId}`);
  await expect(leadPage.getByTestId('kb-move-published')).toBeVisible();

  // On a narrow screen the menu is a drawer.
  const narrow = await signInAt(browser, agent, { width: 800, height: 1000 });
  await expect(narrow.getByTestId('main-nav')).toHaveCount(0);
  await narrow.getByTestId('nav-drawer-open').click();
  await narrow.getByTestId('main-nav').getByTestId('nav-kb').click();
  await expect(narrow).toHaveURL(/\/agent\/kb$/);
  await expect(narrow.getByTestId('main-nav')).toBeHidden();
  await admin.dispose();
});
