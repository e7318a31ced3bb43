/**
 * Issue 6 journey: a requester rejects a fix and the ticket reopens; after the next
 * resolution they confirm it and rate it through the link emailed to them; the dashboard
 * shows the rating. This spec starts its own server (own embedded PostgreSQL, worker on)
 * and a real SMTP server on loopback that catches the mail, on ports 4450-4462.
 */
import { type APIRequestContext, type Browser, expect, type Page } from '@playwright/test';
import {
  type CaughtMail,
  createUserVia,
  type OwnServer,
  openSignedIn,
  pickOption,
  startMailCatcher,
  startOwnServer,
  test,
  waitUntil,
} from './support.ts';

const PORT = Number(process.env.E2E_FEEDBACK_PORT ?? 4460);
const BASE = `http://127.0.0.1:${PORT}`;
const SMTP_PORT = PORT - 10;
const ADMIN = { email: 'admin@loop.example', password: 'admin-pass-123' };
const PASSWORD = 'loop-pass-123';

test.describe.configure({ mode: 'serial' });
test.use({ baseURL: BASE, locale: 'zh-CN' });
test.setTimeout(180_000);

let mails: CaughtMail[] = [];
let catcher: Awaited<ReturnType<typeof startMailCatcher>> | undefined;
let own: OwnServer;
let admin: APIRequestContext;

test.beforeAll(async () => {
  catcher = await startMailCatcher(SMTP_PORT);
  mails = catcher.mails;
  own = await startOwnServer({
    port: PORT,
    name: 'loop',
    admin: ADMIN,
    env: { SMTP_URL: `smtp://127.0.0.1:${SMTP_PORT}`, PUBLIC_URL: BASE, RUN_WORKER: 'true' },
  });
  admin = own.admin;
});

test.afterAll(async () => {
  await catcher?.close();
  await own?.stop();
});

function createUser(role: string, email: string, name: string): Promise<{ id: number }> {
  return createUserVia(admin, { role, email, name, password: PASSWORD });
}

function signIn(browser: Browser, email: string): Promise<Page> {
  return openSignedIn(browser, BASE, email, PASSWORD);
}

async function resolveInUi(page: Page, ticketId: number, rootCause: string) {
  await page.goto(`/agent/tickets/${ticketId}`);
  await page.getByTestId('resolve-button').click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  await pickOption(page, dialog.getByRole('combobox'), '配置调整', {
    chosen: () => expect(dialog.locator('.ant-select').first()).toContainText('配置调整', { timeout: 2_000 }),
  });
  await page.getByTestId('resolve-root-cause').fill(rootCause);
  await page.getByTestId('resolve-actions').fill('重新配置了 VPN 客户端的证书。');
  await page.getByTestId('resolve-prevention').fill('证书到期前 30 天自动提醒。');
  await page.getByTestId('resolve-submit').click();
  await expect(page.getByText('已解决，解决报告已发送给请求人。')).toBeVisible();
}

async function ticketState(id: number) {
  return (await (await admin.get(`/api/v1/tickets/${id}`)).json()) as { status: string; reopenCount: number };
}

test('reject, reopen, resolve again, confirm, rate by the emailed link, see it on the dashboard', async ({
  browser,
}) => {
  const agent = await createUser('agent', 'agent@loop.example', '李工');
  await createUser('requester', 'requester@loop.example', '张三');
  await createUser('lead', 'lead@loop.example', '王经理');

  const requester = await signIn(browser, 'requester@loop.example');
  const created = await requester.request.post('/api/v1/tickets', {
    data: {
      subject: 'VPN 无法连接',
      description: '从今天早上开始 VPN 连接超时。',
      type: 'incident',
      impact: 'medium',
      urgency: 'high',
    },
  });
  const ticket = (await created.json()) as { id: number; number: number };
  await admin.patch(`/api/v1/tickets/${ticket.id}`, {
    data: { assigneeId: agent.id, status: 'in_progress' },
  });

  // The agent resolves with the report's three parts.
  const agentPage = await signIn(browser, 'agent@loop.example');
  await resolveInUi(agentPage, ticket.id, 'VPN 客户端证书过期。');
  await waitUntil(
    async () => mails.find((m) => m.to.includes('requester@loop.example') && m.subject.includes('解决报告')),
    'the resolution report is mailed',
  );

  // The requester says it is not fixed: the ticket reopens and its reopen count rises.
  await requester.goto(`/portal/tickets/${ticket.id}`);
  await expect(requester.getByTestId('resolution-report')).toContainText('VPN 客户端证书过期。');
  await requester.getByTestId('confirm-not-fixed').click();
  await requester.getByTestId('confirm-comment').fill('还是连不上，报错 809。');
  await requester.getByTestId('confirm-not-fixed').click();
  await expect(requester.getByText('工单已重新打开，并已通知处理人。')).toBeVisible();
  expect(await ticketState(ticket.id)).toMatchObject({ status: 'open', reopenCount: 1 });

  // Resolved again; this time the requester confirms, and the ticket closes.
  await resolveInUi(agentPage, ticket.id, '防火墙拦截了 L2TP 端口。');
  await requester.goto(`/portal/tickets/${ticket.id}`);
  await expect(requester.getByTestId('resolution-report')).toContainText('防火墙拦截了 L2TP 端口。');
  await requester.getByTestId('confirm-fixed').click();
  await expect(requester.getByText('感谢确认！工单已关闭。')).toBeVisible();
  expect(await ticketState(ticket.id)).toMatchObject({ status: 'closed', reopenCount: 1 });

  // The survey link arrives by email and works without signing in.
  const surveyMail = await waitUntil(
    async () => mails.find((m) => m.to.includes('requester@loop.example') && m.text.includes('/survey/')),
    'the satisfaction survey is mailed',
  );
  const link = /(http:\/\/127\.0\.0\.1:\d+\/survey\/[A-Za-z0-9_.-]+)/.exec(surveyMail.text)?.[1];
  expect(link).toBeTruthy();
  const anonymous = await (await browser.newContext({ locale: 'zh-CN' })).newPage();
  await anonymous.goto(link ?? '');
  await expect(anonymous.getByText(`工单 #${ticket.number}：VPN 无法连接`)).toBeVisible();
  for (const label of ['总体评分', '响应速度', '服务态度', '解决效果']) {
    await anonymous.locator('.ant-form-item', { hasText: label }).locator('.ant-rate-star').nth(4).click();
  }
  await anonymous.getByTestId('csat-comment').fill('第二次处理得很快，谢谢！');
  await anonymous.getByTestId('csat-submit').click();
  await expect(anonymous.getByTestId('survey-thanks')).toBeVisible();
  // A second use of the link is refused.
  await anonymous.reload();
  await expect(anonymous.getByTestId('survey-answered')).toBeVisible();

  // The lead's dashboard shows the rating.
  const lead = await signIn(browser, 'lead@loop.example');
  await lead.goto('/dashboards');
  await expect(lead.getByTestId('kpi-csat')).toContainText('5.00');
  await expect(lead.getByTestId('kpi-reopened')).toContainText('100.0%');
  await expect(lead.getByTestId('chart-csat').locator('canvas')).toBeVisible();
});
