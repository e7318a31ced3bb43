/**
 * Issue 15: the requester's journey on a phone (390x844), as people reach the desk from WeCom,
 * DingTalk or Feishu: a new ticket with a photo, a nudge (and a second one refused with a time in
 * their zone), the fix confirmed after the agent resolves it, the satisfaction survey; every portal
 * place reachable from the bottom tab bar, sign-out on screen, no page wider than the phone, and
 * a ticket link opened signed out lands on the ticket after signing in.
 *
 * With SCREENSHOTS=docs the pictures go to docs/images/ (the README shows them); otherwise to
 * test-results/, so an ordinary run changes no tracked file.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Browser, expect, type Page, request } from '@playwright/test';
import { adminApi, BASE_URL, createPerson, type Person, test } from './support.ts';

const PHONE = { width: 390, height: 844 };
const SHOTS = path.resolve(
  import.meta.dirname,
  process.env.SCREENSHOTS === 'docs' ? '../docs/images' : '../test-results/phone',
);
// A real 2x2 PNG: the photo of the broken printer, as a phone's camera roll would give it.
const PHOTO = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP8z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==',
  'base64',
);

test.setTimeout(180_000);

async function phoneSignedIn(
  browser: Browser,
  person: Person,
  locale: 'zh-CN' | 'en',
  next = '/',
  pick?: 'English' | '中文',
): Promise<Page> {
  const context = await browser.newContext({
    baseURL: BASE_URL,
    viewport: PHONE,
    isMobile: true,
    hasTouch: true,
    locale,
    timezoneId: 'Asia/Shanghai',
  });
  const page = await context.newPage();
  await page.goto(next);
  await expect(page).toHaveURL(/\/login/);
  if (pick) await page.getByTestId('lang-switch').getByText(pick).click();
  await page.getByTestId('login-email').fill(person.email);
  await page.getByTestId('login-password').fill(person.password);
  await page.getByTestId('login-submit').click();
  await expect(page).not.toHaveURL(/\/login/);
  return page;
}

/** Nothing wider than the phone: no sideways scrolling on any page. */
async function expectFitsThePhone(page: Page): Promise<void> {
  const width = Number(await page.evaluate('document.documentElement.scrollWidth'));
  expect(width).toBeLessThanOrEqual(PHONE.width);
}

async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
}

test('a requester reports, nudges, confirms and rates on a phone', async ({ browser }) => {
  const admin = await adminApi();
  const requester = await createPerson(admin, 'requester', '周晓雯');
  const agent = await createPerson(admin, 'agent', '陈工');
  // Each run has its own requester, so the subject needs no number to be found in their list.
  const subject = '三楼打印机卡纸，无法打印';

  const page = await phoneSignedIn(browser, requester, 'zh-CN');
  await expect(page).toHaveURL(/\/portal$/);
  const tabs = page.getByTestId('portal-tabs');
  await expect(tabs).toBeVisible();
  await expectFitsThePhone(page);

  // Sign-out is on the screen, in the account menu.
  await page.getByTestId('user-menu').click();
  const signOut = page.getByRole('menuitem', { name: '退出登录' });
  await expect(signOut).toBeInViewport();
  await page.keyboard.press('Escape');

  // Knowledge and chat are one tap away.
  await tabs.getByTestId('tab-kb').click();
  await expect(page).toHaveURL(/\/portal\/kb$/);
  await expectFitsThePhone(page);
  await tabs.getByTestId('tab-chat').click();
  await expect(page).toHaveURL(/\/portal\/chat$/);
  await expect(page.getByTestId('chat-start')).toBeVisible();
  await expectFitsThePhone(page);

  // A new ticket with a photo, the form in one column.
  await tabs.getByTestId('tab-new').click();
  await page.getByTestId('tf-subject').fill(subject);
  await page.getByTestId('tf-description').fill('打印机显示“卡纸”，已打开前盖检查，仍无法打印。');
  const photo = path.join(mkdtempSync(path.join(tmpdir(), 'sd-phone-')), 'printer.png');
  writeFileSync(photo, PHOTO);
  await page.getByTestId('tf-attachments').locator('input[type=file]').setInputFiles(photo);
  await expectFitsThePhone(page);
  await page.getByTestId('tf-attachments').scrollIntoViewIfNeeded();
  await shot(page, 'phone-new-ticket');
  await page.getByTestId('tf-submit').click();
  await page.getByTestId('ticket-created-link').click();
  await expect(page).toHaveURL(/\/portal\/tickets\/\d+$/);
  const ticketId = Number(/tickets\/(\d+)/.exec(page.url())?.[1]);
  await expect(page.getByTestId('attachment-item')).toHaveCount(1);
  await expect(page.getByTestId('attachment-item')).toContainText('.png');

  // A nudge; a second one within the hour is refused with a time the requester can read.
  await page.getByTestId('nudge-button').click();
  await expect(page.getByText('已催办')).toBeVisible();
  await page.getByTestId('nudge-button').click();
  const refusal = page.locator('.ant-message').getByText('每小时只能催办一次');
  await expect(refusal).toBeVisible();
  const refusalText = (await refusal.textContent()) ?? '';
  expect(refusalText).toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
  expect(refusalText).not.toMatch(/T\d{2}:\d{2}|Z\b/);
  await expectFitsThePhone(page);

  // The agent resolves it (through the API, as the agent).
  const agentApi = await request.newContext({ baseURL: BASE_URL });
  expect(
    (
      await agentApi.post('/api/v1/auth/login', { data: { email: agent.email, password: agent.password } })
    ).ok(),
  ).toBe(true);
  expect((await admin.patch(`/api/v1/tickets/${ticketId}`, { data: { assigneeId: agent.id } })).ok()).toBe(
    true,
  );
  const resolved = await agentApi.post(`/api/v1/tickets/${ticketId}/resolve`, {
    data: {
      resolutionCode: 'hardware_replaced',
      rootCause: '搓纸轮老化，进纸时打滑。',
      actions: '更换搓纸轮并清理纸道。',
      prevention: '每季度巡检打印机耗材。',
      firstContact: false,
    },
  });
  expect(resolved.status(), await resolved.text()).toBe(200);

  // The ticket link from the IM message, opened signed out: sign in, and land on the ticket.
  const fromIm = await phoneSignedIn(browser, requester, 'zh-CN', `/portal/tickets/${ticketId}`);
  await expect(fromIm).toHaveURL(new RegExp(`/portal/tickets/${ticketId}$`));
  await expect(fromIm.getByTestId('resolution-report')).toContainText('搓纸轮老化');
  await expectFitsThePhone(fromIm);
  await shot(fromIm, 'phone-ticket-resolved');
  await fromIm.getByTestId('confirm-fixed').click();
  await expect(fromIm.getByText('感谢确认！工单已关闭。')).toBeVisible();

  // The survey, on the same page: one overall rating and three dimensions.
  const survey = fromIm.getByTestId('portal-csat');
  await expect(survey).toBeVisible();
  await expect(survey.getByText('总体评价')).toHaveCount(0);
  for (const label of ['总体评分', '响应速度', '服务态度', '解决效果']) {
    await survey.locator('.ant-form-item', { hasText: label }).locator('.ant-rate-star').nth(4).click();
  }
  await survey.getByTestId('csat-comment').fill('很快就修好了，谢谢！');
  await expectFitsThePhone(fromIm);
  await shot(fromIm, 'phone-survey');
  await survey.getByTestId('csat-submit').click();
  await expect(fromIm.getByTestId('csat-result')).toBeVisible();

  // My tickets as cards, the closed one among the open ones.
  for (const other of ['申请开通 VPN 账号', '会议室投影仪无信号']) {
    const more = await admin.post('/api/v1/tickets', {
      data: {
        subject: other,
        description: other,
        type: 'service_request',
        impact: 'low',
        urgency: 'medium',
        requesterId: requester.id,
      },
    });
    expect(more.status(), await more.text()).toBe(201);
  }
  await fromIm.getByTestId('portal-tabs').getByTestId('tab-tickets').click();
  await fromIm.getByTestId('portal-scope').getByText('全部').click();
  await expect(fromIm.getByTestId('ticket-row').filter({ hasText: subject })).toBeVisible();
  await expectFitsThePhone(fromIm);
  await shot(fromIm, 'phone-my-tickets');
  await agentApi.dispose();
  await admin.dispose();
});

test('the portal on a phone in English, picked on the sign-in page', async ({ browser }) => {
  const admin = await adminApi();
  // The profile says Chinese; the person picks English on the sign-in page: the latest choice wins, and is saved.
  const requester = await createPerson(admin, 'requester', 'Alex Morgan', { locale: 'zh-CN' });
  const created = await admin.post('/api/v1/tickets', {
    data: {
      subject: 'Laptop will not join the office Wi-Fi',
      description: 'Since this morning the laptop says it cannot connect to “Office-5G”.',
      type: 'incident',
      impact: 'low',
      urgency: 'medium',
      requesterId: requester.id,
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  const page = await phoneSignedIn(browser, requester, 'zh-CN', '/', 'English');
  await expect(page.getByTestId('portal-tabs')).toContainText('My tickets');
  const profile = await page.request.get('/api/v1/me');
  expect(((await profile.json()) as { locale: string }).locale).toBe('en');
  await expect(page.getByTestId('ticket-row').first()).toContainText('Laptop will not join');
  await expectFitsThePhone(page);
  await shot(page, 'phone-my-tickets-en');
  await page.getByTestId('ticket-row-subject').first().click();
  await expect(page.getByTestId('requester-sla')).toBeVisible();
  // Targets read as durations, not raw minutes.
  await expect(page.getByTestId('requester-sla')).not.toContainText(/\d{3,} min/);
  await expectFitsThePhone(page);
  await shot(page, 'phone-ticket-en');
  await admin.dispose();
});
