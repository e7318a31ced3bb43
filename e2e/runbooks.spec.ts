import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, request } from '@playwright/test';
import { ADMIN, adminApi, BASE_URL, createPerson, type Person, pickOption, signIn, test } from './support.ts';

/**
 * Runbooks (issue 13): an administrator defines a signed runbook that needs approval, an agent
 * runs it from a ticket, nothing leaves before the approval, and after it the receiver (a real
 * HTTP server on 127.0.0.1) gets one signed call and the ticket shows the result.
 */
const SECRET = 'e2e-runbook-secret-0123456789';
let server: Server;
let base = '';
const received: { headers: IncomingHttpHeaders; body: string }[] = [];

test.beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"ok":true,"restarted":"vpn-gw-1"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
test.afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

function signed(headers: IncomingHttpHeaders, body: string): boolean {
  const parts = Object.fromEntries(
    String(headers['x-servicedesk-signature'] ?? '')
      .split(',')
      .map((part) => part.split('=') as [string, string]),
  );
  const expected = createHmac('sha256', SECRET).update(`${parts.t}.${body}`).digest();
  const given = Buffer.from(parts.v1 ?? '', 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

test('an admin builds a runbook needing approval; an agent runs it; it is sent once, signed, after the approval', async ({
  page,
  browser,
}) => {
  const api = await adminApi();
  const lead = await createPerson(api, 'lead', '网络组长 周强');
  const agent = await createPerson(api, 'agent', '一线 陈晨');
  const requester = await createPerson(api, 'requester', '销售 刘洋');
  const created = await api.post('/api/v1/tickets', {
    data: {
      subject: 'VPN 连不上 "vpn-gw-1"',
      description: '出差途中 VPN 无法连接',
      type: 'incident',
      impact: 'medium',
      urgency: 'high',
      requesterId: requester.id,
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  const ticket = (await created.json()) as { id: number; number: number };

  // 1. The administrator defines the runbook in the editor.
  const admin: Person = { id: 0, name: 'admin', ...ADMIN };
  await signIn(page, admin);
  await page.goto('/admin/runbooks');
  await page.getByTestId('runbook-new').click();
  await page.getByTestId('runbook-name').fill('重启 VPN 网关');
  await page.getByTestId('runbook-url').fill(`${base}/hooks/restart?ticket={{ticket.number}}`);
  await page.getByTestId('runbook-secret').fill(SECRET);
  await page.getByTestId('runbook-approval').click();
  await pickOption(page, page.getByTestId('runbook-approvers'), '网络组长 周强', { search: '周强' });
  await page.getByTestId('runbook-save').click();
  await expect(page.getByTestId('runbooks')).toContainText('重启 VPN 网关');
  await expect(page.getByTestId('runbooks')).toContainText('需审批');

  // 2. The agent runs it from the ticket: it waits for the approval, nothing is sent.
  const agentContext = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const agentPage = await agentContext.newPage();
  await signIn(agentPage, agent);
  await agentPage.goto(`/agent/tickets/${ticket.id}`);
  const card = agentPage.getByTestId('runbook-card');
  await pickOption(agentPage, card.getByTestId('runbook-pick'), '重启 VPN 网关');
  await card.getByTestId('runbook-run').click();
  await agentPage.locator('.ant-popconfirm-buttons .ant-btn-primary').click();
  await expect(card.getByTestId('runbook-run-status')).toHaveText('待审批');
  await agentPage.waitForTimeout(1500);
  expect(received).toHaveLength(0);

  // 3. The lead approves; the run is sent once, signed, and the card shows the result.
  const leadApi = await request.newContext({ baseURL: BASE_URL });
  expect(
    (
      await leadApi.post('/api/v1/auth/login', { data: { email: lead.email, password: lead.password } })
    ).status(),
  ).toBe(200);
  const pending = (await (await leadApi.get('/api/v1/approvals?status=pending')).json()) as {
    items: { id: number; subjectType: string; ticketId: number | null }[];
  };
  const approval = pending.items.find(
    (item) => item.subjectType === 'runbook_run' && item.ticketId === ticket.id,
  );
  expect(approval).toBeDefined();
  const decided = await leadApi.post(`/api/v1/approvals/${approval?.id}/decision`, {
    data: { decision: 'approve' },
  });
  expect(decided.status(), await decided.text()).toBe(200);
  await expect(card.getByTestId('runbook-run-status')).toHaveText('成功', { timeout: 30_000 });
  await expect(card.getByTestId('runbook-run-output')).toContainText('vpn-gw-1');
  expect(received).toHaveLength(1);
  const call = received[0];
  expect(call?.headers['idempotency-key']).toMatch(/^servicedesk-runbook-run-\d+$/);
  expect(signed(call?.headers ?? {}, call?.body ?? '')).toBe(true);
  expect(JSON.parse(call?.body ?? '{}')).toMatchObject({
    ticket: ticket.number,
    subject: 'VPN 连不上 "vpn-gw-1"',
  });
  await agentContext.close();
});
