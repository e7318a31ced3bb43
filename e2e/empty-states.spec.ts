/**
 * Issue 15 item 9, in Chinese and in English: every empty state says what to do and offers
 * the action. Runs on the shared server before anyone has set up vendors or canned responses.
 */
import { expect, type Page } from '@playwright/test';
import { adminApi, createPerson, type Person, signIn, test } from './support.ts';

const WORDS = {
  'zh-CN': {
    askAdmin: '请联系管理员添加',
    noCanned: '还没有快捷回复',
    submit: '提交报修',
    noMajor: '目前没有重大事件',
  },
  en: {
    askAdmin: 'Ask them to add this one',
    noCanned: 'No canned responses yet',
    submit: 'Submit a request',
    noMajor: 'No major incident so far',
  },
} as const;

async function open(
  browser: import('@playwright/test').Browser,
  person: Person,
  locale: 'zh-CN' | 'en',
): Promise<Page> {
  const context = await browser.newContext({ locale, viewport: { width: 1440, height: 900 } });
  await context.addInitScript((value) => localStorage.setItem('servicedesk.locale', value), locale);
  const page = await context.newPage();
  await signIn(page, person);
  return page;
}

for (const locale of ['zh-CN', 'en'] as const) {
  test(`empty states say what to do and offer it (${locale})`, async ({ browser }) => {
    const w = WORDS[locale];
    const admin = await adminApi();
    const vendors = (await (await admin.get('/api/v1/vendors')).json()) as { items: unknown[] };
    // The vendor hand-off's empty state needs a desk without vendors: fail, never skip, if a spec
    // that runs earlier on the shared server adds one.
    expect(vendors.items, 'the shared server already has vendors').toEqual([]);
    const requester = await createPerson(admin, 'requester', 'Wu Jiu', { locale });
    const lead = await createPerson(admin, 'lead', 'Feng Lead', { locale });
    const created = await admin.post('/api/v1/tickets', {
      data: {
        subject: 'Switch in room 301 is down',
        description: 'No network',
        type: 'incident',
        impact: 'low',
        urgency: 'low',
        requesterId: requester.id,
      },
    });
    expect(created.status(), await created.text()).toBe(201);
    const ticket = (await created.json()) as { id: number };
    await admin.dispose();

    // A lead hands a ticket to a vendor before any exists: told who can add one, not a dead end.
    const desk = await open(browser, lead, locale);
    await desk.goto(`/agent/tickets/${ticket.id}`);
    await desk.getByTestId('vendor-handoff').click();
    await expect(desk.getByTestId('vendor-empty')).toContainText(w.askAdmin);
    await desk.keyboard.press('Escape');
    // No canned responses: the disabled button says why and where to write one.
    await desk.getByTestId('canned-picker').hover();
    await expect(desk.getByTestId('canned-empty-hint')).toContainText(w.noCanned);
    // The major-incident page offers to declare one.
    await desk.goto('/agent/major-incidents');
    await expect(desk.getByTestId('major-incident-empty')).toContainText(w.noMajor);
    await expect(desk.getByTestId('declare-major-incident')).toBeVisible();

    // A requester's search that finds nothing offers to submit a request.
    const portal = await open(browser, requester, locale);
    await portal.goto('/portal/kb?q=zzqqxx');
    await expect(portal.getByTestId('kb-no-results-new-ticket')).toHaveText(w.submit);
    await portal.getByTestId('kb-no-results-new-ticket').click();
    await expect(portal).toHaveURL(/\/portal\/new/);
  });
}
