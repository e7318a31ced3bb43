/**
 * Every staff page fits a 390 px phone screen, in both languages: nothing runs past the screen's
 * right edge unless it sits in something that scrolls sideways on its own (a wide table scrolls
 * inside its card). English labels are longer than Chinese ones, so both are walked.
 */
import { expect } from '@playwright/test';
import { STAFF_PAGES } from './pages.ts';
import { ADMIN, BASE_URL, pickOption, stickingOut, test } from './support.ts';

for (const locale of ['zh-CN', 'en'] as const) {
  test(`every staff page fits a 390 px screen (${locale})`, async ({ browser }) => {
    test.setTimeout(180_000);
    const context = await browser.newContext({
      baseURL: BASE_URL,
      viewport: { width: 390, height: 844 },
      locale,
      timezoneId: 'Asia/Shanghai',
    });
    const page = await context.newPage();
    expect((await page.request.post('/api/v1/auth/login', { data: ADMIN })).status()).toBe(200);
    const tooWide: string[] = [];
    for (const path of STAFF_PAGES) {
      await page.goto(path);
      await expect(page.getByTestId('user-menu')).toBeVisible();
      await expect(page.locator('.ant-spin-spinning')).toHaveCount(0);
      const sticking = (await page.evaluate(stickingOut(390))) as string[];
      if (sticking.length > 0) tooWide.push(`${path}: ${sticking.join(', ')}`);
    }
    expect(tooWide).toEqual([]);
  });
}

test('on a phone the settings sections are one searchable picker above the page', async ({ browser }) => {
  const context = await browser.newContext({
    baseURL: BASE_URL,
    viewport: { width: 390, height: 844 },
    locale: 'en',
  });
  const page = await context.newPage();
  expect((await page.request.post('/api/v1/auth/login', { data: ADMIN })).status()).toBe(200);
  await page.goto('/admin/users');
  const picker = page.getByTestId('admin-menu-select');
  await expect(picker).toContainText('Users');
  await expect(page.getByTestId('admin-menu')).toHaveCount(0);
  await pickOption(page, picker, 'IM bots', {
    search: 'bot',
    chosen: () => expect(page).toHaveURL(/\/admin\/im-bots$/),
  });
  await expect(picker).toContainText('IM bots');
  // On a wide screen the sections stay a menu beside the page.
  await page.setViewportSize({ width: 1440, height: 900 });
  await expect(page.getByTestId('admin-menu')).toBeVisible();
  await expect(picker).toHaveCount(0);
});
