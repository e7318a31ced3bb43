/**
 * Issue 13 journey (approvals): an agent asks two leads, one after the other (依次), to approve
 * something on a real ticket from the ticket page; the first approves on the Approvals page
 * (the menu shows the count); the second decides through the signed link of the mail, without
 * signing in; the link then refuses a second use; the ticket shows who decided what. Own server
 * (worker on, mails caught by an SMTP server on loopback), ports 4410-4412.
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

const PORT = Number(process.env.E2E_APPROVALS_PORT ?? 4410);
const BASE = `http://127.0.0.1:${PORT}`;
const SMTP_PORT = PORT + 2;
const ADMIN = { email: 'admin@approvals.example', password: 'admin-pass-123' };
const PASSWORD = 'approve-pass-123';
const SHOTS = process.env.APPROVALS_SHOTS;

test.describe.configure({ mode: 'serial' });
test.use({ baseURL: BASE, locale: 'zh-CN' });
test.setTimeout(240_000);

let mails: CaughtMail[] = [];
let catcher: Awaited<ReturnType<typeof startMailCatcher>> | undefined;
let own: OwnServer;
let admin: APIRequestContext;

test.beforeAll(async () => {
  catcher = await startMailCatcher(SMTP_PORT);
  mails = catcher.mails;
  own = await startOwnServer({
    port: PORT,
    name: 'approvals',
    admin: ADMIN,
    env: { SMTP_URL: `smtp://127.0.0.1:${SMTP_PORT}`, PUBLIC_URL: BASE, RUN_WORKER: 'true' },
  });
  admin = own.admin;
});

test.afterAll(async () => {
  await catcher?.close();
  await own?.stop();
});

const signIn = (browser: Browser, email: string): Promise<Page> =>
  openSignedIn(browser, BASE, email, PASSWORD);

async function shot(page: Page, name: string) {
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

async function pickApprover(page: Page, name: string) {
  await pickOption(page, page.getByTestId('approver-picker'), name, { search: name });
}

test('an approval asked on a ticket is decided on the Approvals page and through the mailed link', async ({
  browser,
}) => {
  const agent = { email: 'agent@approvals.example', name: '值班工程师 李雷' };
  const first = { email: 'lead1@approvals.example', name: '安全主管 王芳' };
  const second = { email: 'lead2@approvals.example', name: '财务主管 赵强' };
  const requester = { email: 'user@approvals.example', name: '财务部 韩梅梅' };
  await createUserVia(admin, { role: 'agent', password: PASSWORD, ...agent });
  await createUserVia(admin, { role: 'lead', password: PASSWORD, ...first });
  await createUserVia(admin, { role: 'lead', password: PASSWORD, ...second });
  await createUserVia(admin, { role: 'requester', password: PASSWORD, ...requester });

  const requesterPage = await signIn(browser, requester.email);
  const created = await requesterPage.request.post('/api/v1/tickets', {
    data: {
      subject: '申请开通财务共享盘 VPN 访问',
      description: '因月底结账需要在家访问财务共享盘，请开通 VPN 权限。',
      type: 'service_request',
      impact: 'low',
      urgency: 'medium',
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  const ticket = (await created.json()) as { id: number; number: number };

  // The agent asks for approval from the ticket page: two leads, in order.
  const agentPage = await signIn(browser, agent.email);
  await agentPage.goto(`/agent/tickets/${ticket.id}`);
  const card = agentPage.getByTestId('ticket-approvals');
  await expect(card).toContainText('此工单暂无审批');
  await card.getByTestId('request-approval').click();
  const dialog = agentPage.getByRole('dialog');
  await dialog.getByTestId('approval-title').fill('为韩梅梅开通财务共享盘 VPN 权限');
  await pickApprover(agentPage, first.name);
  await pickApprover(agentPage, second.name);
  await dialog.getByText('依次', { exact: true }).click();
  await agentPage.getByTestId('request-approval-submit').click();
  await expect(dialog).toBeHidden();
  await expect(card.getByTestId('approval-status')).toHaveText('审批中');
  await expect(card.getByTestId('approver')).toHaveCount(2);
  await shot(agentPage, 'ticket-1440-zh');

  // The first lead sees the count in the menu and approves on the Approvals page.
  const firstPage = await signIn(browser, first.email);
  await expect(firstPage.getByTestId('nav-approvals-count')).toContainText('1');
  await firstPage.getByTestId('nav-approvals').click();
  const pending = firstPage.getByTestId('approvals-pending').getByTestId('approval-card');
  await expect(pending).toHaveCount(1);
  await expect(pending).toContainText('为韩梅梅开通财务共享盘 VPN 权限');
  await expect(pending).toContainText('依次审批');
  await shot(firstPage, 'approvals-1440-zh');
  await pending.getByTestId('decision-comment').fill('同意，限期至月底');
  await pending.getByTestId('approve-button').click();
  await expect(firstPage.getByText('暂无待您审批的事项。')).toBeVisible();
  await expect(firstPage.getByTestId('nav-approvals-count')).toHaveCount(0);
  await firstPage.getByRole('tab', { name: '审批历史' }).click();
  await expect(firstPage.getByTestId('approvals-decided').getByTestId('approval-card')).toContainText(
    '同意，限期至月底',
  );

  // The second lead is asked only now; the mail carries the signed links.
  const mail = await waitUntil(
    async () => mails.find((m) => m.to.includes(second.email) && m.text.includes('/approval-link/')),
    'the approval mail to the second lead',
  );
  expect(mails.some((m) => m.to.includes(second.email) && mails.indexOf(m) < mails.indexOf(mail))).toBe(
    false,
  );
  expect(mail.subject).toContain(`工单 #${ticket.number}`);
  const approveLink = /同意：(\S+)/.exec(mail.text)?.[1] ?? '';
  expect(approveLink).toContain(`${BASE}/approval-link/`);

  // Opened in a browser that is not signed in: it shows what it will do, the button decides.
  const anonymous = await browser.newContext({ baseURL: BASE, locale: 'zh-CN' });
  const linkPage = await anonymous.newPage();
  await linkPage.goto(approveLink);
  await expect(linkPage.getByTestId('approval-link-question')).toContainText(
    `${second.name}，确认同意此审批？`,
  );
  await shot(linkPage, 'link-1440-zh');
  await linkPage.getByTestId('approval-link-comment').fill('预算已确认');
  await linkPage.getByTestId('approval-link-confirm').click();
  await expect(linkPage.getByTestId('approval-link-done')).toContainText('您已同意');
  // A second use of the link is refused in words.
  await linkPage.goto(approveLink);
  await expect(linkPage.getByTestId('approval-link-problem')).toContainText('此链接已被使用');
  await shot(linkPage, 'link-used-1440-zh');
  await anonymous.close();

  // The ticket shows the approval granted and who decided.
  await agentPage.reload();
  await expect(card.getByTestId('approval-status')).toHaveText('已通过');
  await expect(card).toContainText('同意，限期至月底');
  await expect(card).toContainText('预算已确认');
  await agentPage.getByRole('tab', { name: '处理记录' }).click();
  await expect(agentPage.getByText('审批「为韩梅梅开通财务共享盘 VPN 权限」已通过')).toBeVisible();

  // The requester sees the outcome on their ticket (not the approvers' comments).
  await requesterPage.goto(`/portal/tickets/${ticket.id}`);
  const theirs = requesterPage.getByTestId('ticket-approvals');
  await expect(theirs.getByTestId('approval-status')).toHaveText('已通过');
  await expect(theirs).not.toContainText('预算已确认');

  if (SHOTS) {
    // Phone width, both languages: the pages people use to decide.
    for (const [locale, suffix] of [
      ['zh-CN', 'zh'],
      ['en', 'en'],
    ] as const) {
      const phone = await browser.newContext({
        baseURL: BASE,
        locale,
        viewport: { width: 390, height: 844 },
      });
      const page = await phone.newPage();
      await page.goto('/login');
      await page.getByTestId('login-email').fill(first.email);
      await page.getByTestId('login-password').fill(PASSWORD);
      await page.getByTestId('login-submit').click();
      await page.waitForURL((url) => !url.pathname.startsWith('/login'));
      expect((await page.request.patch('/api/v1/me', { data: { locale } })).ok()).toBe(true);
      await page.evaluate(`localStorage.setItem('servicedesk.locale', '${locale}')`);
      await page.goto('/approvals?tab=decided');
      await expect(page.getByTestId('approval-card').first()).toBeVisible();
      await shot(page, `approvals-390-${suffix}`);
      await page.goto(`/agent/tickets/${ticket.id}`);
      await expect(page.getByTestId('ticket-approvals')).toBeVisible();
      await page.getByTestId('ticket-approvals').scrollIntoViewIfNeeded();
      await shot(page, `ticket-390-${suffix}`);
      await page.goto(approveLink);
      await expect(page.getByTestId('approval-link-problem')).toBeVisible();
      await shot(page, `link-390-${suffix}`);
      await phone.close();
    }
  }
});

test("the requester's manager is asked by rule; the agent who asked withdraws it with a reason", async ({
  browser,
}) => {
  const agent = { email: 'agent2@approvals.example', name: '桌面工程师 陈晨' };
  const manager = { email: 'boss@approvals.example', name: '行政部经理 孙丽' };
  const requester = { email: 'user2@approvals.example', name: '行政部 周洁' };
  await createUserVia(admin, { role: 'agent', password: PASSWORD, ...agent });
  const boss = await createUserVia(admin, { role: 'requester', password: PASSWORD, ...manager });
  const user = await createUserVia(admin, { role: 'requester', password: PASSWORD, ...requester });

  // The administrator sets the requester's manager in the user editor.
  const adminPage = await openSignedIn(browser, BASE, ADMIN.email, ADMIN.password);
  await adminPage.goto('/admin/users');
  await adminPage
    .getByTestId('users-table')
    .getByRole('row')
    .filter({ hasText: requester.email })
    .getByTestId('user-edit')
    .click();
  const userForm = adminPage.getByTestId('user-form');
  await pickOption(adminPage, userForm.getByTestId('user-manager'), manager.name, { search: '孙丽' });
  await shot(adminPage, 'user-manager-1440-zh');
  await adminPage
    .getByRole('dialog')
    .getByRole('button', { name: /保\s*存/ })
    .click();
  await expect(userForm).toBeHidden();
  const saved = (await (
    await admin.get(`/api/v1/users?q=${encodeURIComponent(requester.email)}`)
  ).json()) as {
    items: { id: number; managerId: number | null }[];
  };
  expect(saved.items.find((u) => u.id === user.id)?.managerId).toBe(boss.id);

  const requesterPage = await signIn(browser, requester.email);
  const created = await requesterPage.request.post('/api/v1/tickets', {
    data: {
      subject: '申请购买投影仪',
      description: '会议室投影仪损坏，申请购买一台新的。',
      type: 'service_request',
      impact: 'low',
      urgency: 'medium',
    },
  });
  const ticket = (await created.json()) as { id: number };

  // The agent asks "the requester's manager" by rule.
  const agentPage = await signIn(browser, agent.email);
  await agentPage.goto(`/agent/tickets/${ticket.id}`);
  const card = agentPage.getByTestId('ticket-approvals');
  await card.getByTestId('request-approval').click();
  const dialog = agentPage.getByRole('dialog');
  await dialog.getByTestId('approval-title').fill('购买会议室投影仪');
  await pickOption(agentPage, dialog.getByTestId('approver-rules'), '请求人的上级主管');
  await shot(agentPage, 'request-by-rule-1440-zh');
  await agentPage.getByTestId('request-approval-submit').click();
  await expect(dialog).toBeHidden();
  await expect(card.getByTestId('approver')).toContainText(manager.name);

  // The agent withdraws it; the manager's page no longer asks them.
  await card.getByTestId('cancel-approval').click();
  await agentPage.getByTestId('cancel-approval-reason').fill('请求人已借到投影仪，不再需要');
  await agentPage.getByTestId('cancel-approval-submit').click();
  await expect(card.getByTestId('approval-status')).toHaveText('已撤销');
  await expect(card).toContainText('已撤销：请求人已借到投影仪，不再需要');
  await shot(agentPage, 'withdrawn-1440-zh');
  await agentPage.setViewportSize({ width: 390, height: 844 });
  await expect(card.getByTestId('approval-status')).toBeVisible();
  await shot(agentPage, 'withdrawn-390-zh');
  const managerPage = await signIn(browser, manager.email);
  const pending = (await (await managerPage.request.get('/api/v1/approvals?status=pending')).json()) as {
    items: unknown[];
  };
  expect(pending.items).toHaveLength(0);
});
