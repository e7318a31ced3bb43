/**
 * Issue 15 item 10, in Chinese and in English: while a requester types, help articles appear
 * beside the form (below it on a phone) without moving the field being typed in, and their
 * excerpts keep the text as written (full-width punctuation stays full-width).
 */
import path from 'node:path';
import { expect } from '@playwright/test';
import { adminApi, createPerson, type Person, signIn, test } from './support.ts';

let requester: Person;

test.beforeAll(async () => {
  const admin = await adminApi();
  requester = await createPerson(admin, 'requester', 'Lin Hua');
  const article = await admin.post('/api/v1/kb/articles', {
    data: {
      title: '蓝牙键盘 K380 无法配对',
      problem: '蓝牙键盘 K380 按住配对键后，电脑搜索不到：指示灯一直闪烁！',
      solution: '关闭键盘电源（开关拨到 OFF），等待 5 秒后打开；然后长按 F1（约 3 秒）重新配对。',
      language: 'zh-CN',
      visibility: 'public',
      status: 'published',
      category: '硬件/键盘',
    },
  });
  expect(article.status(), await article.text()).toBe(201);
  await admin.dispose();
});

for (const [label, viewport] of [
  ['1440', { width: 1440, height: 900 }],
  ['390', { width: 390, height: 844 }],
] as const) {
  for (const locale of ['zh-CN', 'en'] as const) {
    test(`suggestions appear without moving the form, text as written (${label} px, ${locale})`, async ({
      browser,
    }) => {
      const context = await browser.newContext({ locale, viewport });
      await context.addInitScript((value) => localStorage.setItem('servicedesk.locale', value), locale);
      const page = await context.newPage();
      await signIn(page, requester);
      await page.goto('/portal/new');
      const description = page.getByTestId('tf-description');
      await page.getByTestId('tf-subject').fill('K380 蓝牙键盘');
      const before = await description.boundingBox();
      await description.pressSequentially('配对不上，指示灯一直闪烁', { delay: 20 });
      const suggestion = page.getByTestId('deflection-article').first();
      await expect(suggestion).toContainText('蓝牙键盘 K380 无法配对');
      const after = await description.boundingBox();
      expect(after?.y).toBe(before?.y);
      // The excerpt keeps the article's full-width punctuation.
      await expect(suggestion).toContainText(/[：！（）]/);
      await expect(suggestion).not.toContainText(/[:!()]/);
      await page.screenshot({
        path: path.resolve(import.meta.dirname, `../.tmp/screens/intake-${label}-${locale}.png`),
      });
      await context.close();
    });
  }
}
