/**
 * Issue 11 journey: an administrator sets up a Slack bot's platform callback on the bot page
 * (credentials write-only, the callback URL to copy); Slack calls it in its own signed format
 * and the message opens a ticket; the unknown sender appears as an IM contact that the
 * administrator links to the person it is.
 */
import { expect, request } from '@playwright/test';
import { slackSignature } from '../server/src/modules/channels/im/callback-crypto.ts';
import { ADMIN, adminApi, BASE_URL, createPerson, type Person, signIn, test } from './support.ts';

let person: Person;
let agent: Person;

test.beforeAll(async () => {
  const api = await adminApi();
  person = await createPerson(api, 'requester', `周敏 ${Date.now()}`);
  agent = await createPerson(api, 'agent', '王工');
  await api.dispose();
});

/** Posts a message event to a Slack bot's callback, signed as Slack signs it. */
async function slackMessage(path: string, signingSecret: string, user: string, text: string) {
  const body = JSON.stringify({
    type: 'event_callback',
    event_id: `Ev${Date.now()}${user}`,
    event: { type: 'message', user, text, channel: 'C0E2E', ts: '1700000000.000100' },
  });
  const timestamp = String(Math.floor(Date.now() / 1000));
  const slack = await request.newContext({ baseURL: BASE_URL });
  const answer = await slack.post(path, {
    headers: {
      'content-type': 'application/json',
      'x-slack-request-timestamp': timestamp,
      'x-slack-signature': slackSignature(signingSecret, timestamp, body),
    },
    data: body,
  });
  expect(answer.status(), await answer.text()).toBe(200);
  await slack.dispose();
}

test('a Slack bot is set up on the bot page, takes a signed message and its sender is linked', async ({
  page,
}) => {
  const name = `Slack IT ${Date.now()}`;
  const signingSecret = `e2e-signing-secret-${Date.now()}`;
  const member = `U${Date.now()}`;
  await signIn(page, { id: 0, name: 'admin', ...ADMIN });
  await page.goto('/admin/im-bots');

  await page.getByRole('button', { name: '添加机器人' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('名称').fill(name);
  // The platform list opens with an animation; a click that lands while it moves can be lost
  // (seen once in CI), so choose until the Slack fields show.
  const slack = page.locator(
    '.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option',
    {
      hasText: 'Slack',
    },
  );
  await dialog.getByLabel('平台').click();
  await expect(async () => {
    if (!(await slack.isVisible())) await dialog.getByLabel('平台').click();
    await slack.click({ timeout: 3_000 });
    await expect(dialog.getByLabel('Signing Secret')).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  // A list opened again by a retry above would cover the Save button (seen in CI under load):
  // close it by clicking the dialog's title until no list is open.
  const openList = page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)');
  await expect(async () => {
    if (await openList.isVisible()) await dialog.locator('.ant-modal-title').click();
    await expect(openList).toBeHidden({ timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  await dialog.getByLabel('Signing Secret').fill(signingSecret);
  await dialog.getByRole('button', { name: /保\s*存/ }).click();
  await expect(dialog).toBeHidden();

  const row = page.getByRole('row', { name: new RegExp(name) });
  await expect(row.getByText('已就绪')).toBeVisible();
  const url = (await row.locator('code').first().textContent()) ?? '';
  expect(url).toMatch(/\/api\/v1\/channels\/im-bots\/\d+\/callback$/);
  await expect(page.getByText(signingSecret)).toHaveCount(0);

  // The secret stays write-only when the bot is edited.
  await row.getByRole('button', { name: /编\s*辑/ }).click();
  await expect(dialog.getByText('已设置，留空则保持不变。')).toBeVisible();
  await dialog.getByRole('button', { name: /取\s*消/ }).click();

  // Slack calls the URL: a signed event_callback with a message opens a ticket.
  const path = new URL(url).pathname;
  await slackMessage(path, signingSecret, member, '会议室电视投屏失败');

  // The unknown sender is an IM contact; the administrator links it to the person it is.
  await page.reload();
  const contact = page.getByRole('row', { name: new RegExp(member) });
  await expect(contact.getByText('自动创建')).toBeVisible();
  await contact.getByRole('button', { name: '关联到人员' }).click();
  const link = page.getByRole('dialog');
  await link.getByLabel('人员').fill(person.name.slice(0, 2));
  // The list is redrawn as search results arrive: a click during a redraw is lost (seen in CI
  // under load), so choose and save until the dialog closes, as the ticket's link below does.
  const option = page.locator(
    '.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option',
    {
      hasText: person.email,
    },
  );
  await expect(async () => {
    if (!(await option.isVisible())) await link.getByLabel('人员').fill(person.name.slice(0, 2));
    await option.click({ timeout: 3_000 });
    await link.getByRole('button', { name: /保\s*存/ }).click();
    await expect(link).toBeHidden({ timeout: 3_000 });
  }).toPass({ timeout: 30_000 });
  await expect(contact.getByText('已关联')).toBeVisible();
  await expect(contact.getByText(person.name)).toBeVisible();
});

test('an agent links an IM contact to a person from the ticket', async ({ browser }) => {
  const api = await adminApi();
  const signingSecret = `e2e-signing-${Date.now()}`;
  const created = await api.post('/api/v1/channels/im-bots', {
    data: { name: `Slack agent ${Date.now()}`, platform: 'slack', inbound: { signingSecret } },
  });
  expect(created.status()).toBe(201);
  const bot = (await created.json()) as { inboundUrl: string };
  const member = `W${Date.now()}`;
  await slackMessage(new URL(bot.inboundUrl).pathname, signingSecret, member, '打印机脱机');
  const contacts = (await (await api.get('/api/v1/channels/im-contacts?linked=false')).json()) as {
    items: { externalUserId: string; user: { id: number } }[];
  };
  const contact = contacts.items.find((c) => c.externalUserId === member);
  expect(contact).toBeTruthy();
  const list = (await (await api.get(`/api/v1/tickets?requesterId=${contact?.user.id}`)).json()) as {
    items: { id: number; channel: string }[];
  };
  const ticket = list.items[0];
  expect(ticket?.channel).toBe('im');
  await api.dispose();

  const page = await (await browser.newContext()).newPage();
  await signIn(page, agent);
  await page.goto(`/agent/tickets/${ticket?.id}`);
  await expect(page.getByText(member)).toBeVisible();
  await page.getByTestId('im-contact-link').click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('人员').fill(person.name.slice(0, 2));
  // The list is redrawn as search results arrive: a click during a redraw is lost, so choose
  // and save until the dialog closes.
  const option = page.locator(
    '.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option',
    {
      hasText: person.email,
    },
  );
  await expect(async () => {
    if (!(await option.isVisible())) await dialog.getByLabel('人员').fill(person.name.slice(0, 2));
    await option.click({ timeout: 3_000 });
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await expect(dialog).toBeHidden({ timeout: 3_000 });
  }).toPass({ timeout: 30_000 });
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('im-contact-link')).toHaveCount(0);
});
