/**
 * Issue 2 journey: a requester submits a ticket with an attachment; an agent finds it in the
 * queue, adds an internal note and a public reply; the requester sees the reply and not the
 * note; the language switch changes the page.
 */
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from '@playwright/test';
import { adminApi, createPerson, type Person, signIn, test } from './support.ts';

let requester: Person;
let agent: Person;

test.beforeAll(async () => {
  const api = await adminApi();
  requester = await createPerson(api, 'requester', '陈静');
  agent = await createPerson(api, 'agent', '李工');
  await api.dispose();
});

test('a ticket goes from the portal to the agent and back, internal notes stay internal', async ({
  browser,
}) => {
  const screenshot = path.join(tmpdir(), `servicedesk-e2e-${Date.now()}.png`);
  writeFileSync(screenshot, Buffer.from('89504e470d0a1a0a', 'hex'));
  const subject = `财务系统无法导出报表 ${Date.now()}`;

  // The requester submits a ticket with the structured fields and a screenshot.
  const requesterPage = await (await browser.newContext()).newPage();
  await signIn(requesterPage, requester);
  await expect(requesterPage).toHaveURL(/\/portal/);
  await requesterPage.getByTestId('new-ticket-button').click();
  await requesterPage.getByTestId('tf-subject').fill(subject);
  await requesterPage
    .getByTestId('tf-description')
    .fill('自从插件更新后，导出月度报表时报错，无法生成 Excel。');
  await requesterPage.getByTestId('tf-error-code').fill('FIN-4012');
  await requesterPage.getByTestId('tf-environment').fill('Windows 11, 财务系统 v5.2');
  await requesterPage.getByTestId('tf-steps-tried').fill('重启电脑，清除缓存');
  await requesterPage.getByTestId('tf-business-impact').fill('月末结账受阻');
  await requesterPage.getByTestId('tf-impact').getByText('部门或局部系统').click();
  await requesterPage.getByTestId('tf-urgency').getByText('高').click();
  await requesterPage.getByTestId('tf-attachments').locator('input[type=file]').setInputFiles(screenshot);
  await requesterPage.getByTestId('tf-submit').click();
  const numberText = (await requesterPage.getByTestId('ticket-number-result').textContent()) ?? '';
  const number = /#(\d+)/.exec(numberText)?.[1];
  expect(number, numberText).toBeTruthy();

  // The agent finds it in the queue by its number and opens it.
  const agentPage = await (await browser.newContext()).newPage();
  await signIn(agentPage, agent);
  await expect(agentPage).toHaveURL(/\/agent/);
  await agentPage.getByTestId('queue-search').fill(`#${number}`);
  const row = agentPage.getByTestId('ticket-row').filter({ hasText: subject });
  await expect(row).toHaveCount(1);
  await row.getByTestId('ticket-row-subject').click();
  await expect(agentPage.getByText('FIN-4012').first()).toBeVisible();
  await expect(agentPage.getByTestId('attachment-list')).toContainText('.png');

  // An internal note, then a public reply.
  await agentPage.getByTestId('reply-internal-toggle').getByText('内部备注').click();
  await agentPage.getByTestId('reply-body').fill('内部：已联系供应商，案例号 V-7731');
  await agentPage.getByTestId('reply-submit').click();
  await expect(agentPage.locator('[data-testid=message-item][data-internal=true]')).toContainText('V-7731');
  await agentPage.getByTestId('reply-internal-toggle').getByText('回复', { exact: true }).click();
  await agentPage.getByTestId('reply-body').fill('您好，请将导出插件回退到 2.0 版本后重试。');
  await agentPage.getByTestId('reply-submit').click();
  await expect(agentPage.locator('[data-testid=message-item][data-internal=false]')).toContainText(
    '回退到 2.0',
  );

  // The requester sees the public reply, never the note.
  await requesterPage.getByTestId('ticket-created-link').click();
  const conversation = requesterPage.getByTestId('message-list');
  await expect(conversation).toContainText('回退到 2.0');
  await expect(requesterPage.locator('body')).not.toContainText('V-7731');
  await expect(requesterPage.locator('[data-testid=message-item][data-internal=true]')).toHaveCount(0);

  // The language switch changes the page, and the choice is remembered.
  await expect(
    requesterPage.getByTestId('new-ticket-button').or(requesterPage.locator('header')),
  ).toContainText(/工单|服务台/);
  await requesterPage.getByTestId('lang-switch').getByText('English').click();
  await expect(requesterPage.locator('header')).toContainText(/Service Desk|My tickets/);
  await requesterPage.reload();
  await expect(requesterPage.locator('header')).toContainText(/Service Desk|My tickets/);
  const me = await requesterPage.request.get('/api/v1/me');
  expect(((await me.json()) as { locale: string }).locale).toBe('en');
});
