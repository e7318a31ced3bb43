/**
 * Issue 3 journey (major incidents, vendor hand-off, duty roster): an agent declares a major
 * incident from a requester's ticket (it becomes P1), links a second requester's ticket, posts
 * an update that reaches both requesters, and resolves the incident, which resolves both
 * tickets. An administrator adds a vendor; the agent hands a ticket to it and sees the vendor
 * clock. A lead puts the agent on the duty roster. This spec starts its own server (own
 * embedded PostgreSQL) on ports 4170-4171 and serves the built web app (npm run build:web first).
 */
import { type APIRequestContext, expect as baseExpect } from '@playwright/test';
import { type OwnServer, openSignedIn, pickOption, startOwnServer, test } from './support.ts';

const PORT = Number(process.env.E2E_MAJOR_PORT ?? 4170);
const BASE = `http://127.0.0.1:${PORT}`;
const ADMIN = { email: 'admin@mi.example', password: 'admin-pass-123' };
const PASSWORD = 'mi-pass-1234';
// The machine these run on is shared and often busy: give the UI time to answer.
const expect = baseExpect.configure({ timeout: 20_000 });

test.describe.configure({ mode: 'serial' });
test.use({ baseURL: BASE, locale: 'zh-CN' });
test.setTimeout(300_000);

let own: OwnServer;
let admin: APIRequestContext;

test.beforeAll(async () => {
  own = await startOwnServer({ port: PORT, name: 'major', admin: ADMIN, env: { RUN_WORKER: 'false' } });
  admin = own.admin;
});

test.afterAll(async () => {
  await own?.stop();
});

async function createUser(role: string, email: string, name: string): Promise<number> {
  const response = await admin.post('/api/v1/users', {
    data: { email, name, role, password: PASSWORD, locale: 'zh-CN' },
  });
  expect(response.status(), await response.text()).toBe(201);
  return ((await response.json()) as { id: number }).id;
}

type Ticket = { id: number; number: number; status: string; priority: string | null };

async function openTicket(api: APIRequestContext, subject: string): Promise<Ticket> {
  const response = await api.post('/api/v1/tickets', {
    data: {
      subject,
      description: `${subject}，影响正常工作。`,
      type: 'incident',
      impact: 'medium',
      urgency: 'medium',
    },
  });
  expect(response.status(), await response.text()).toBe(201);
  return (await response.json()) as Ticket;
}

test('an agent declares a major incident, links a ticket, updates everyone and resolves it', async ({
  browser,
}) => {
  await createUser('agent', 'agent@mi.example', '李工');
  await createUser('requester', 'zhang@mi.example', '张三');
  await createUser('requester', 'wang@mi.example', '王五');
  const zhang = await openSignedIn(browser, BASE, 'zhang@mi.example', PASSWORD);
  const wang = await openSignedIn(browser, BASE, 'wang@mi.example', PASSWORD);
  const first = await openTicket(zhang.request, '邮件服务器无法连接');
  const second = await openTicket(wang.request, '收不到邮件');

  // Declared from the first ticket: it becomes P1, and the agent lands on the incident.
  const agent = await openSignedIn(browser, BASE, 'agent@mi.example', PASSWORD);
  await agent.goto(`/agent/tickets/${first.id}`);
  await agent.getByTestId('declare-major-incident').click();
  await agent.getByTestId('major-incident-title').fill('邮件服务中断');
  await agent.locator('.ant-modal-footer').getByRole('button', { name: '宣布重大事件' }).click();
  await agent.waitForURL(/\/agent\/major-incidents\?id=\d+/);
  const detail = agent.getByTestId('major-incident-detail');
  await expect(detail).toContainText('邮件服务中断');
  await expect(agent.getByTestId('major-incident-tickets')).toContainText('邮件服务器无法连接');
  await expect(agent.getByTestId('major-incident-list')).toContainText('邮件服务中断');
  const p1 = (await (await agent.request.get(`/api/v1/tickets/${first.id}`)).json()) as Ticket;
  expect(p1.priority).toBe('P1');

  // Link the second requester's ticket, found by its number.
  await pickOption(agent, agent.getByTestId('link-target'), '收不到邮件', { search: String(second.number) });
  await agent.getByTestId('major-incident-link').click();
  await expect(agent.getByTestId('major-incident-tickets')).toContainText('收不到邮件');

  // One update reaches both requesters.
  await agent.getByTestId('major-incident-update-body').fill('已定位为邮件网关故障，预计一小时内恢复。');
  await agent.getByTestId('major-incident-post-update').click();
  await expect(agent.getByTestId('major-incident-updates')).toContainText('已发送给 2 个工单的提交人');
  await wang.goto(`/portal/tickets/${second.id}`);
  await expect(wang.getByText('已定位为邮件网关故障，预计一小时内恢复。')).toBeVisible();
  await zhang.goto(`/portal/tickets/${first.id}`);
  await expect(zhang.getByText('已定位为邮件网关故障，预计一小时内恢复。')).toBeVisible();

  // Resolving the incident resolves every linked ticket.
  await agent.getByTestId('major-incident-resolution').fill('更换了故障的邮件网关。');
  await agent.getByTestId('major-incident-resolve').click();
  await agent.locator('.ant-modal-confirm').getByRole('button', { name: '解决重大事件' }).click();
  await expect(detail).toContainText('已解决');
  await expect(agent.getByTestId('major-incident-resolve')).toHaveCount(0);
  for (const ticket of [first, second]) {
    const read = (await (await agent.request.get(`/api/v1/tickets/${ticket.id}`)).json()) as Ticket;
    expect(read.status).toBe('resolved');
  }
});

test('an admin adds a vendor; an agent hands a ticket to it and sees the vendor clock', async ({
  browser,
}) => {
  const adminPage = await openSignedIn(browser, BASE, ADMIN.email, ADMIN.password);
  await adminPage.goto('/admin/vendors');
  await adminPage.getByTestId('vendor-new').click();
  await adminPage.getByTestId('vendor-name').fill('华为技术支持');
  await adminPage.getByTestId('vendor-resolution').fill('480');
  await adminPage.locator('.ant-modal-footer').getByRole('button', { name: /OK|确/ }).click();
  await expect(adminPage.getByTestId('vendor-table')).toContainText('华为技术支持');

  const zhang = await openSignedIn(browser, BASE, 'zhang@mi.example', PASSWORD);
  const ticket = await openTicket(zhang.request, '核心交换机端口故障');
  const agent = await openSignedIn(browser, BASE, 'agent@mi.example', PASSWORD);
  await agent.goto(`/agent/tickets/${ticket.id}`);
  await agent.getByTestId('vendor-handoff').click();
  // The vendor list loads while the dialog opens: pickOption picks again until the choice shows.
  await pickOption(agent, agent.getByTestId('vendor-select'), '华为技术支持');
  await agent.getByTestId('vendor-reference').fill('HW-2030-0042');
  await agent.locator('.ant-modal-footer').getByRole('button', { name: '转交供应商' }).click();
  await expect(agent.getByTestId('vendor-clock')).toContainText('华为技术支持');
  await expect(agent.getByTestId('vendor-clock')).toContainText('HW-2030-0042');
  await agent.getByTestId('vendor-complete').click();
  await expect(agent.getByTestId('vendor-handoff')).toBeVisible();
});

test('a lead puts an agent of the team on the duty roster', async ({ browser }) => {
  await createUser('lead', 'lead@mi.example', '赵组长');
  const agentId = (
    (await (await admin.get('/api/v1/users')).json()) as { items: { id: number; email: string }[] }
  ).items.find((user) => user.email === 'agent@mi.example')?.id;
  if (!agentId) throw new Error('the agent was not created');
  const team = await admin.post('/api/v1/teams', { data: { name: '网络组', tier: 'L1' } });
  expect(team.status(), await team.text()).toBe(201);
  const teamId = ((await team.json()) as { id: number }).id;
  const members = await admin.patch(`/api/v1/teams/${teamId}`, { data: { memberIds: [agentId] } });
  expect(members.status(), await members.text()).toBe(200);

  const lead = await openSignedIn(browser, BASE, 'lead@mi.example', PASSWORD);
  await lead.goto('/agent/duty-roster');
  await lead.getByTestId('roster-new').click();
  const modal = lead.locator('.ant-modal');
  await pickOption(
    lead,
    modal.locator('.ant-form-item', { hasText: '团队' }).first().locator('.ant-select'),
    '网络组',
  );
  await pickOption(
    lead,
    modal.locator('.ant-form-item', { hasText: '值班坐席' }).locator('.ant-select'),
    '李工',
  );
  const range = modal.locator('.ant-picker-range input');
  const start = new Date(Date.now() + 3_600_000);
  const end = new Date(Date.now() + 9 * 3_600_000);
  const local = (d: Date) =>
    `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')} ${String(d.getHours()).padStart(2, '0')}:00`;
  await range.first().click();
  await range.first().fill(local(start));
  await range.first().press('Enter');
  await range.last().fill(local(end));
  await range.last().press('Enter');
  await lead.locator('.ant-modal-footer').getByRole('button', { name: /OK|确/ }).click();
  await expect(lead.getByTestId('roster-table')).toContainText('李工');
  const shifts = (await (await admin.get(`/api/v1/duty-shifts?teamId=${teamId}`)).json()) as {
    items: unknown[];
  };
  expect(shifts.items).toHaveLength(1);
});
