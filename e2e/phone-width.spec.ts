/**
 * Every staff page fits a 390 px phone screen, in both languages: nothing runs past the screen's
 * right edge unless it sits in something that scrolls sideways on its own (a wide table scrolls
 * inside its card). English labels are longer than Chinese ones, so both are walked.
 */
import { expect } from '@playwright/test';
import { ADMIN, BASE_URL, stickingOut, test } from './support.ts';

const PAGES = [
  '/agent',
  '/agent/phone',
  '/agent/chats',
  '/agent/callbacks',
  '/agent/major-incidents',
  '/agent/assets',
  '/agent/duty-roster',
  '/agent/canned',
  '/agent/kb',
  '/agent/kb/new',
  '/agent/changes',
  '/agent/changes/calendar',
  '/agent/changes/new',
  '/agent/change-freezes',
  '/agent/problems',
  '/agent/problem-management',
  '/approvals',
  '/admin/users',
  '/admin/teams',
  '/admin/organizations',
  '/admin/categories',
  '/admin/priority-matrix',
  '/admin/import',
  '/admin/tokens',
  '/admin/sla-calendars',
  '/admin/sla-policies',
  '/admin/routing',
  '/admin/automation',
  '/admin/vendors',
  '/admin/mailboxes',
  '/admin/templates',
  '/admin/im-bots',
  '/admin/alert-sources',
  '/admin/runbooks',
  '/admin/synonyms',
  '/admin/triage',
  '/admin/catalog',
  '/admin/asset-types',
  '/dashboards',
  '/dashboards/weekly',
  '/dashboards/escalations',
  '/quality/followups',
  '/quality/nps',
];

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
    for (const path of PAGES) {
      await page.goto(path);
      await expect(page.getByTestId('user-menu')).toBeVisible();
      await expect(page.locator('.ant-spin-spinning')).toHaveCount(0);
      const sticking = (await page.evaluate(stickingOut(390))) as string[];
      if (sticking.length > 0) tooWide.push(`${path}: ${sticking.join(', ')}`);
    }
    expect(tooWide).toEqual([]);
  });
}
