/**
 * Issue 11 journey: an HTML-only mail reaches the product's SMTP listener, becomes a ticket
 * whose text was made from the HTML, and the agent opens the original message, sanitised, in
 * a sandboxed frame. This spec starts its own server (own embedded PostgreSQL, worker and SMTP
 * listener) on ports 4050-4052 (E2E_MAIL_PORT) and serves the built web app (npm run build:web).
 */
import { expect } from '@playwright/test';
import nodemailer from 'nodemailer';
import { createUserVia, type OwnServer, openSignedIn, startOwnServer, test, waitUntil } from './support.ts';

const PORT = Number(process.env.E2E_MAIL_PORT ?? 4050);
const SMTP_PORT = PORT + 2;
const BASE = `http://127.0.0.1:${PORT}`;
const ADMIN = { email: 'admin@mail.example', password: 'admin-pass-123' };
const PASSWORD = 'mail-pass-123';

test.describe.configure({ mode: 'serial' });
test.use({ baseURL: BASE, locale: 'zh-CN' });
test.setTimeout(180_000);

let own: OwnServer;

test.beforeAll(async () => {
  own = await startOwnServer({
    port: PORT,
    name: 'mail',
    admin: ADMIN,
    env: {
      RUN_WORKER: 'true',
      SMTP_LISTEN_PORT: String(SMTP_PORT),
      INBOUND_DOMAIN: 'support.localhost',
      MAIL_FROM: 'IT Desk <desk@support.localhost>',
    },
  });
});

test.afterAll(async () => {
  await own?.stop();
});

test('an HTML-only mail becomes a readable ticket and the agent opens the sanitised original', async ({
  browser,
}) => {
  const transport = nodemailer.createTransport({
    host: '127.0.0.1',
    port: SMTP_PORT,
    secure: false,
    ignoreTLS: true,
  });
  const html =
    '<html><head><style>p{color:red}</style></head><body><p>OA 系统登录后白屏，错误代码 <b>OA-500</b>。</p>' +
    '<p>见 <a href="https://oa.client.example/status">状态页</a>。</p>' +
    '<img src="https://tracker.example.net/open.gif"><script>document.title="pwned"</script></body></html>';
  const raw = [
    'From: 赵敏 <zhaomin@client.example>',
    'To: help@support.localhost',
    'Subject: =?UTF-8?B?T0Eg55m75b2V55m95bGP?=',
    'Message-ID: <e2e-html-only@client.example>',
    'MIME-Version: 1.0',
    'Content-Type: text/html; charset=utf-8',
    '',
    html,
  ].join('\r\n');
  await transport.sendMail({
    envelope: { from: 'zhaomin@client.example', to: ['help@support.localhost'] },
    raw,
  });
  transport.close();

  const ticket = await waitUntil(async () => {
    const response = await own.admin.get('/api/v1/tickets', { params: { channel: 'email' } });
    const body = (await response.json()) as { items: Array<{ id: number; subject: string }> };
    return body.items.find((item) => item.subject === 'OA 登录白屏');
  }, 'the ticket from the mail');

  await createUserVia(own.admin, {
    role: 'agent',
    email: 'agent@mail.example',
    name: '李工',
    password: PASSWORD,
  });
  const agent = await openSignedIn(browser, BASE, 'agent@mail.example', PASSWORD);
  await agent.goto(`/agent/tickets/${ticket.id}`);
  await expect(agent.getByText('OA 系统登录后白屏，错误代码 OA-500。').first()).toBeVisible();

  await agent.getByTestId('original-mail-button').first().click();
  const frame = agent.getByTestId('original-mail-frame');
  await expect(frame).toBeVisible();
  expect(await frame.getAttribute('sandbox')).not.toContain('allow-scripts');
  const inside = agent.frameLocator('[data-testid="original-mail-frame"]');
  await expect(inside.locator('b')).toHaveText('OA-500');
  await expect(inside.locator('a')).toHaveAttribute('href', 'https://oa.client.example/status');
  await expect(inside.locator('script')).toHaveCount(0);
  await expect(inside.locator('img[src*="tracker"]')).toHaveCount(1); // kept by the sanitiser, blocked by the frame's policy
  await expect(agent).not.toHaveTitle('pwned');
  await agent.getByRole('tab', { name: '纯文本' }).click();
  await expect(agent.getByTestId('original-mail-text')).toContainText(
    '状态页 <https://oa.client.example/status>',
  );
});
