/**
 * Every staff page fits a 390 px phone screen, in both languages: nothing runs past the screen's
 * right edge unless it sits in something that scrolls sideways on its own (a wide table scrolls
 * inside its card). English labels are longer than Chinese ones, so both are walked.
 */
import { expect } from '@playwright/test';
import { STAFF_PAGES } from './pages.ts';
import { ADMIN, BASE_URL, stickingOut, test } from './support.ts';

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
