/**
 * Issue 10 journey: an administrator sets a new password for an agent in the user form and
 * keeps the agent's API tokens; the agent's open browser session ends at once (the open page
 * goes to the sign-in page by itself), the token still works.
 */
import { expect, request } from '@playwright/test';
import { ADMIN, adminApi, BASE_URL, createPerson, signIn, test } from './support.ts';

test('a new password set by the administrator signs the person out everywhere, tokens by choice', async ({
  browser,
}) => {
  const api = await adminApi();
  const agent = await createPerson(api, 'agent', '周工');
  await api.dispose();

  // The agent is signed in in a browser and has an API token for a script.
  const agentPage = await (await browser.newContext()).newPage();
  await signIn(agentPage, agent);
  await expect(agentPage).toHaveURL(/\/agent/);
  const script = await request.newContext({ baseURL: BASE_URL });
  expect((await script.post('/api/v1/auth/login', { data: agent })).status()).toBe(200);
  const created = await script.post('/api/v1/tokens', { data: { name: 'backup script' } });
  const { token } = (await created.json()) as { token: string };
  const bearer = { Authorization: `Bearer ${token}` };

  const adminPage = await (await browser.newContext()).newPage();
  await signIn(adminPage, { id: 0, name: 'admin', ...ADMIN });
  await adminPage.goto('/admin/users');
  await adminPage.getByPlaceholder(/搜索|Search/).fill(agent.email);
  await adminPage.getByPlaceholder(/搜索|Search/).press('Enter');
  const row = adminPage.getByTestId('users-table').locator('tr').filter({ hasText: agent.email });
  await row.getByTestId('user-edit').click();
  await adminPage.getByTestId('user-password').fill('a-new-password-123');
  const revoke = adminPage.getByTestId('user-revoke-tokens');
  await expect(revoke).toBeChecked();
  await expect(adminPage.getByTestId('user-form')).toContainText('所有设备上的登录会立即失效');
  await revoke.uncheck();
  await adminPage
    .locator('.ant-modal')
    .getByRole('button', { name: /保\s*存/ })
    .click();
  await expect(adminPage.locator('.ant-modal')).toBeHidden();

  // The agent's sessions are gone at once; the token the administrator chose to keep works.
  expect((await script.get('/api/v1/me')).status()).toBe(401);
  expect((await script.get('/api/v1/me', { headers: bearer })).status()).toBe(200);
  // The agent's open page hears it (live events) and goes to the sign-in page by itself.
  await expect(agentPage).toHaveURL(/\/login/);
  await script.dispose();
});
