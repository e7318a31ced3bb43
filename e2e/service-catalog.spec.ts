/**
 * Issue 13 journey (service catalog): an administrator builds a catalog item with a conditional
 * field, an approval and a fulfilment task in the editor; a requester finds it in the portal's
 * catalog, sees the conditional field appear, and requests it; the approver approves from the
 * notification (the bell's notice opens the approval); the team's agent finishes the task on the
 * ticket page; the request resolves.
 */
import { randomBytes } from 'node:crypto';
import { type Browser, expect, type Page } from '@playwright/test';
import { ADMIN, adminApi, createPerson, type Person, pickOption, signIn, test } from './support.ts';

test.setTimeout(180_000);

async function pageAs(
  browser: Browser,
  person: Person | typeof ADMIN,
  viewport?: { width: number; height: number },
): Promise<Page> {
  const context = await browser.newContext({ locale: 'zh-CN', ...(viewport ? { viewport } : {}) });
  const page = await context.newPage();
  await signIn(page, { id: 0, name: '', ...person });
  return page;
}

/** Picks an option of the antd Select with this test id. */
async function choose(page: Page, testId: string, option: string): Promise<void> {
  await pickOption(page, page.getByTestId(testId), option);
}

test('a catalog item with a conditional field goes from the editor to a fulfilled request', async ({
  browser,
}) => {
  const api = await adminApi();
  const tag = randomBytes(3).toString('hex');
  const teamResponse = await api.post('/api/v1/teams', { data: { name: `桌面支持 ${tag}`, tier: 'L1' } });
  expect(teamResponse.status(), await teamResponse.text()).toBe(201);
  const team = (await teamResponse.json()) as { id: number; name: string };
  const approver = await createPerson(api, 'lead', `审批人 ${tag}`);
  const agent = await createPerson(api, 'agent', `坐席 ${tag}`, { teamIds: [team.id] });
  const requester = await createPerson(api, 'requester', `申请人 ${tag}`);
  const itemName = `笔记本电脑 ${tag}`;

  // The administrator builds the item in the editor.
  const admin = await pageAs(browser, ADMIN);
  await admin.goto('/admin/catalog');
  await admin.getByTestId('catalog-new').click();
  await admin.getByTestId('catalog-name-zh').fill(itemName);
  await admin.getByTestId('catalog-name-en').fill(`Laptop ${tag}`);
  await admin.getByTestId('catalog-add-field').click();
  await admin.getByTestId('field-key-0').fill('kind');
  await admin.getByTestId('field-label-zh-0').fill('类型');
  await admin.getByTestId('field-label-en-0').fill('Kind');
  await choose(admin, 'field-type-0', '单选');
  await admin.getByTestId('field-required-0').check();
  await admin
    .getByTestId('field-options-0')
    .fill('new | 新员工 | New staff\nreplace | 更换旧电脑 | Replacement');
  await admin.getByTestId('catalog-add-field').click();
  await admin.getByTestId('field-key-1').fill('old_asset');
  await admin.getByTestId('field-label-zh-1').fill('旧资产编号');
  await admin.getByTestId('field-label-en-1').fill('Old asset tag');
  await admin.getByTestId('field-required-1').check();
  await choose(admin, 'field-showif-1', 'kind');
  await admin.getByTestId('field-showif-equals-1').fill('replace');
  await admin.getByTestId('catalog-approval-on').click();
  // Approvers are found on the server as one types (a desk has more people than one page).
  await admin.getByTestId('catalog-approvers').click();
  await admin.keyboard.type(approver.name);
  await admin
    .locator('.ant-select-dropdown:visible')
    .getByTitle(approver.name, { exact: false })
    .first()
    .click();
  await admin.keyboard.press('Escape');
  await admin.getByTestId('catalog-add-task').click();
  await admin.getByTestId('task-title-0').fill('准备并交付电脑');
  await choose(admin, 'task-team-0', team.name);
  await admin.getByTestId('catalog-save').click();
  await expect(admin.getByTestId('catalog-items')).toContainText(itemName);

  // The requester finds it in the portal; the asset field appears only for a replacement.
  const portal = await pageAs(browser, requester);
  await portal.goto('/portal/catalog');
  await portal.getByTestId('catalog-search').locator('input').fill(tag);
  await portal.getByTestId('catalog-tree').getByText(itemName).click();
  await expect(portal.getByTestId('catalog-field-old_asset')).toHaveCount(0);
  await choose(portal, 'catalog-field-kind', '更换旧电脑');
  await expect(portal.getByTestId('catalog-field-old_asset')).toBeVisible();
  await portal.getByTestId('catalog-field-old_asset').fill('NB-0042');
  await portal.getByTestId('catalog-submit').click();
  await expect(portal.getByTestId('catalog-request-sent')).toBeVisible();
  await portal.getByTestId('catalog-request-sent').getByRole('link').click();
  await expect(portal.getByTestId('catalog-request-status')).toHaveText('待审批');
  await expect(portal.getByTestId('service-request-card')).toContainText('NB-0042');
  const ticketId = Number(portal.url().split('/').pop());

  // The approver approves from the notification: the bell's notice of the request opens the
  // approval, where they approve (no API call, no ticket page: an approver may not see it).
  const approverPage = await pageAs(browser, approver);
  await approverPage.goto('/approvals');
  await approverPage.getByTestId('notification-bell').click();
  await approverPage.getByTestId('notification-item').filter({ hasText: itemName }).first().click();
  await expect(approverPage).toHaveURL(/\/approvals\/\d+$/);
  const card = approverPage.getByTestId('approval-card').filter({ hasText: itemName });
  await card.getByTestId('approve-button').click();
  await expect(card.getByTestId('approval-status')).toHaveText('已通过');
  const approvalId = Number(approverPage.url().split('/').pop());
  const approval = (await (await api.get(`/api/v1/approvals/${approvalId}`)).json()) as {
    ticketId: number | null;
    status: string;
  };
  expect(approval).toMatchObject({ ticketId, status: 'approved' });

  // The team's agent finishes the task on the ticket page; the request resolves.
  const desk = await pageAs(browser, agent);
  await desk.goto(`/agent/tickets/${ticketId}`);
  await expect(desk.getByTestId('service-request-card')).toContainText('更换旧电脑');
  await desk.getByTestId('catalog-task-done-0').click();
  await expect(desk.getByTestId('catalog-request-status')).toHaveText('已交付');
  await portal.reload();
  await expect(portal.getByTestId('catalog-request-status')).toHaveText('已交付');
  const ticket = (await (await api.get(`/api/v1/tickets/${ticketId}`)).json()) as { status: string };
  expect(ticket.status).toBe('resolved');

  // The portal's catalog at phone width, in English too.
  const phone = await pageAs(browser, requester, { width: 390, height: 844 });
  await phone.goto('/portal/catalog');
  await phone.getByTestId('catalog-tree').getByText(itemName).click();
  await expect(phone.getByTestId('catalog-request-form')).toBeVisible();
  const width = Number(await phone.evaluate('document.documentElement.scrollWidth'));
  expect(width).toBeLessThanOrEqual(392);
  await phone.screenshot({ path: 'test-results/catalog-portal-390-zh.png', fullPage: true });
  await admin.screenshot({ path: 'test-results/catalog-admin-1440-zh.png', fullPage: true });
  await desk.screenshot({ path: 'test-results/catalog-ticket-agent-zh.png', fullPage: true });

  // In English: the ticket's request card for the requester at 1,440 px, the editor at 1,440 and 390 px.
  await portal.setViewportSize({ width: 1440, height: 900 });
  await portal.getByTestId('lang-switch').getByText('English').click();
  await portal.goto(`/portal/tickets/${ticketId}`);
  await expect(portal.getByTestId('catalog-request-status')).toHaveText('Fulfilled');
  await expect(portal.getByTestId('service-request-card')).toContainText('Replacement');
  await portal.screenshot({ path: 'test-results/catalog-ticket-portal-1440-en.png', fullPage: true });
  await admin.setViewportSize({ width: 1440, height: 900 });
  await admin.getByTestId('lang-switch').getByText('English').click();
  await admin.goto('/admin/catalog');
  await admin.getByTestId('catalog-items').getByText(`Laptop ${tag}`).click();
  await expect(admin.getByTestId('catalog-editor')).toBeVisible();
  await admin.screenshot({ path: 'test-results/catalog-editor-1440-en.png' });
  await admin.setViewportSize({ width: 390, height: 844 });
  await expect(admin.getByTestId('field-key-1')).toHaveValue('old_asset');
  await admin.screenshot({ path: 'test-results/catalog-editor-390-en.png' });
  await api.dispose();
});
