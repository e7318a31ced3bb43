import { expect } from '@playwright/test';
import { adminApi, BASE_URL, createPerson, openSignedIn, pickOption, signIn, test } from './support.ts';

/**
 * Problem management (issue 14, in English): three similar incidents become one problem (made
 * from the first incident's page, the other two linked on the problem's page); the root cause
 * and the workaround are set and the workaround shows on an incident's timeline; the known
 * error is published and the requester finds it with the portal's knowledge search.
 */
test.use({ locale: 'en-US' });

const WORKAROUND =
  'Open the shared calendar in Outlook on the web (mail.example.com) until the add-in is fixed.';

test('three similar incidents -> a problem with a workaround pushed -> a known error found in the portal', async ({
  page,
  browser,
}) => {
  const api = await adminApi();
  const lead = await createPerson(api, 'lead', 'Dana Lead', { locale: 'en' });
  const requester = await createPerson(api, 'requester', 'Robin Sales', { locale: 'en' });
  const subjects = [
    'Outlook crashes when opening the shared calendar',
    'Outlook closes itself on the team calendar',
    'Shared calendar makes Outlook crash',
  ];
  const tickets: { id: number; number: number; subject: string }[] = [];
  for (const subject of subjects) {
    const created = await api.post('/api/v1/tickets', {
      data: {
        subject,
        description: 'Outlook stops responding and closes as soon as the shared calendar is opened.',
        type: 'incident',
        impact: 'medium',
        urgency: 'medium',
        requesterId: requester.id,
      },
    });
    expect(created.status(), await created.text()).toBe(201);
    tickets.push({ ...((await created.json()) as { id: number; number: number }), subject });
  }
  const [first, second, third] = tickets as [(typeof tickets)[0], (typeof tickets)[0], (typeof tickets)[0]];

  // 1. From the first incident's page: "Create problem", its subject proposed as the title.
  await signIn(page, lead);
  await page.goto(`/agent/tickets/${first.id}`);
  await page.getByTestId('ticket-create-problem').click();
  await expect(page.getByTestId('problem-title-input')).toHaveValue(first.subject);
  await page.getByTestId('problem-title-input').fill('Outlook crashes on shared calendars (calendar add-in)');
  await page.getByTestId('problem-create-ok').click();
  await expect(page).toHaveURL(/\/agent\/problem-management\/\d+$/);
  const problemId = Number(page.url().split('/').pop());
  await expect(page.getByTestId('problem-heading')).toContainText('Outlook crashes on shared calendars');
  await expect(page.getByTestId('problem-incident')).toHaveCount(1);

  // 2. The two other incidents, found by number, are linked on the problem's page.
  for (const ticket of [second, third]) {
    await pickOption(page, page.getByTestId('problem-incident-pick'), ticket.subject, {
      search: `#${ticket.number}`,
    });
  }
  await page.getByTestId('problem-incident-link').click();
  await expect(page.getByTestId('problem-incident')).toHaveCount(3);

  // 3. Investigating; root cause and workaround, sent to the requesters too.
  await page.getByTestId('problem-move-investigating').click();
  await expect(page.getByTestId('problem-status').first()).toHaveText('Investigating');
  await page
    .getByTestId('problem-root-cause')
    .fill('The calendar add-in 3.2 crashes on recurring events with attachments.');
  await page.getByTestId('problem-workaround').fill(WORKAROUND);
  await page.getByTestId('problem-notify').click();
  await page.getByTestId('problem-save').click();
  await expect(page.getByText('Saved')).toBeVisible();

  // 4. The workaround is on an incident's timeline (internal note and reply), and the ticket shows its problem.
  await page.goto(`/agent/tickets/${third.id}`);
  await expect(page.getByTestId('ticket-problem')).toContainText('Outlook crashes on shared calendars');
  await page.getByRole('tab', { name: 'Timeline' }).click();
  const timeline = page.getByTestId('ticket-timeline');
  await expect(timeline.locator('[data-testid="timeline-item"][data-kind="internal"]')).toContainText(
    'mail.example.com',
  );
  await expect(timeline.locator('[data-testid="timeline-item"][data-kind="message"]')).toContainText(
    'A workaround is available for your issue',
  );
  await expect(timeline).toContainText('linked this incident to problem');

  // 5. The known error is published as a knowledge article.
  await page.getByTestId('ticket-problem').click();
  await expect(page).toHaveURL(new RegExp(`/agent/problem-management/${problemId}$`));
  await page.getByTestId('problem-known-error').click();
  await expect(page.getByTestId('problem-article-link')).toBeVisible();
  await expect(page.getByTestId('problem-status').first()).toHaveText('Known error');

  // 6. The requester finds it with the portal's knowledge search.
  const portal = await openSignedIn(browser, BASE_URL, requester.email, requester.password);
  await portal.goto('/portal/kb');
  await portal.getByTestId('portal-kb-search').locator('input').fill('Outlook shared calendar crash');
  const result = portal.getByTestId('portal-kb-result').first();
  await expect(result).toContainText('Known error: Outlook crashes on shared calendars');
  await result.getByRole('link').click();
  await expect(portal.getByTestId('article-body')).toContainText('mail.example.com');
  await portal.context().close();
  await api.dispose();
});
