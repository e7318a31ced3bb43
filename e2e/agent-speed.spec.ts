/**
 * Issue 15 item 11, in Chinese and in English: bulk actions in the queue with an undo, the
 * global search box (Ctrl+K) finding a ticket by its number, and the ticket page's keys
 * (r reply, n note, j/k next/previous in the queue's order, ? help).
 */
import { type APIRequestContext, expect, request } from '@playwright/test';
import { adminApi, BASE_URL, createPerson, type Person, pickOption, signIn, test } from './support.ts';

async function apiAs(person: Person): Promise<APIRequestContext> {
  const api = await request.newContext({ baseURL: BASE_URL });
  expect((await api.post('/api/v1/auth/login', { data: person })).status()).toBe(200);
  return api;
}

for (const locale of ['zh-CN', 'en'] as const) {
  test(`an agent works the queue with bulk actions, search and keys (${locale})`, async ({ browser }) => {
    const admin = await adminApi();
    const requester = await createPerson(admin, 'requester', 'Gao Yuan', { locale });
    const agent = await createPerson(admin, 'agent', 'He Ping', { locale });
    await admin.dispose();
    const asRequester = await apiAs(requester);
    const tag = `${locale}-${Date.now()}`;
    const ids: { id: number; number: number }[] = [];
    for (const n of [1, 2, 3]) {
      const response = await asRequester.post('/api/v1/tickets', {
        data: {
          subject: `Bulk ${tag} ${n}`,
          description: 'x',
          type: 'incident',
          impact: 'low',
          urgency: 'low',
        },
      });
      ids.push((await response.json()) as { id: number; number: number });
    }
    await asRequester.dispose();

    const context = await browser.newContext({ locale, viewport: { width: 1440, height: 900 } });
    await context.addInitScript((value) => localStorage.setItem('servicedesk.locale', value), locale);
    const page = await context.newPage();
    await signIn(page, agent);
    await page.goto(`/agent?q=${encodeURIComponent(`Bulk ${tag}`)}&sort=created_asc`);
    const rows = page.getByTestId('ticket-row');
    await expect(rows).toHaveCount(3);

    // Two tickets ticked, assigned to me at once; then undone.
    for (const ticket of ids.slice(0, 2)) {
      await page.locator(`[data-ticket-id="${ticket.id}"] .ant-checkbox-input`).check();
    }
    await expect(page.getByTestId('bulk-bar')).toBeVisible();
    await pickOption(page, page.getByTestId('bulk-assign'), /./, {
      chosen: () => expect(page.getByTestId('bulk-undo')).toBeVisible({ timeout: 2_000 }),
    });
    const asAgent = await apiAs(agent);
    const assignee = async (id: number) =>
      ((await (await asAgent.get(`/api/v1/tickets/${id}`)).json()) as { assignee: { id: number } | null })
        .assignee;
    await expect.poll(() => assignee(ids[0]?.id ?? 0)).toMatchObject({ id: agent.id });
    await expect.poll(() => assignee(ids[1]?.id ?? 0)).toMatchObject({ id: agent.id });
    await page.getByTestId('bulk-undo').click();
    await expect.poll(() => assignee(ids[0]?.id ?? 0)).toBeNull();
    await expect.poll(() => assignee(ids[1]?.id ?? 0)).toBeNull();

    // Ctrl+K and a ticket number open the ticket.
    await page.keyboard.press('Control+k');
    await expect(page.getByTestId('global-search-input')).toBeFocused();
    await page.keyboard.type(`#${ids[1]?.number}`);
    await page.getByTestId('search-ticket').first().click();
    await expect(page).toHaveURL(new RegExp(`/agent/tickets/${ids[1]?.id}$`));

    // The ticket page's keys.
    const ready = async (ticket: { number: number } | undefined) => {
      await expect(page.getByText(`#${ticket?.number}`).first()).toBeVisible();
      await expect(page.getByTestId('reply-body')).toBeVisible();
    };
    await ready(ids[1]);
    await page.keyboard.press('n');
    await expect(page.getByTestId('reply-body')).toBeFocused();
    await expect(page.getByTestId('reply-internal-toggle')).toHaveAttribute('data-internal', 'true');
    await page.getByTestId('reply-body').blur();
    await page.keyboard.press('r');
    await expect(page.getByTestId('reply-internal-toggle')).toHaveAttribute('data-internal', 'false');
    await page.getByTestId('reply-body').blur();
    await page.keyboard.press('j');
    await expect(page).toHaveURL(new RegExp(`/agent/tickets/${ids[2]?.id}$`));
    await ready(ids[2]);
    await page.keyboard.press('k');
    await expect(page).toHaveURL(new RegExp(`/agent/tickets/${ids[1]?.id}$`));
    await ready(ids[1]);
    await page.keyboard.press('k');
    await expect(page).toHaveURL(new RegExp(`/agent/tickets/${ids[0]?.id}$`));
    await ready(ids[0]);
    await page.keyboard.press('?');
    await expect(page.getByTestId('shortcuts-help')).toContainText(
      locale === 'en' ? 'Next ticket' : '下一个工单',
    );
    await asAgent.dispose();
    await context.close();
  });
}
