import { createServer } from 'node:http';
import { type BrowserContext, expect, type Page } from '@playwright/test';
import { ADMIN_PAGES, AGENT_PAGES, PORTAL_PAGES, PUBLIC_PAGES } from './pages.ts';
import { adminApi, BASE_URL, createPerson, type Person, test } from './support.ts';

/**
 * Issue 10, item 6: the web app works under its Content-Security-Policy. Every top-level
 * page, opened by the role that uses it, must load without one CSP violation (reported by
 * the browser as a `securitypolicyviolation` event or a console error), and the chat widget
 * must still open in a frame on a customer's site.
 */

const PAGES = {
  anonymous: PUBLIC_PAGES,
  requester: PORTAL_PAGES,
  agent: ['/agent/tickets/{ticket}', ...AGENT_PAGES],
  admin: ADMIN_PAGES,
} as const;

/** Records every CSP violation the pages of this context report. */
async function watchViolations(context: BrowserContext): Promise<string[]> {
  const violations: string[] = [];
  await context.exposeFunction('__reportCsp', (text: string) => violations.push(text));
  // As page script text: the e2e project is typed without the DOM library.
  await context.addInitScript({
    content: `document.addEventListener('securitypolicyviolation', (event) => {
      window.__reportCsp(event.violatedDirective + ' blocked ' + (event.blockedURI || 'inline') + ' on ' + location.pathname);
    });`,
  });
  context.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy|Refused to/i.test(message.text())) {
      violations.push(`console: ${message.text()}`);
    }
  });
  return violations;
}

async function signIn(page: Page, person: Person): Promise<void> {
  await page.goto('/login');
  await page.getByTestId('login-email').fill(person.email);
  await page.getByTestId('login-password').fill(person.password);
  await page.getByTestId('login-submit').click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}

/** Opens a page, checks its headers, and waits until it has drawn (lazy chunks, charts). */
async function visit(page: Page, path: string): Promise<void> {
  const response = await page.goto(path);
  expect(response?.status(), path).toBeLessThan(400);
  const headers = response?.headers() ?? {};
  expect(headers['content-security-policy'], path).toContain("default-src 'self'");
  expect(headers['x-content-type-options'], path).toBe('nosniff');
  expect(headers['referrer-policy'], path).toBe('strict-origin-when-cross-origin');
  if (path === '/widget') expect(headers['x-frame-options']).toBeUndefined();
  else expect(headers['x-frame-options'], path).toBe('DENY');
  await page.waitForLoadState('load');
  await expect(page.locator('#root > *, #swagger-ui > *').first()).toBeVisible();
  // Lazy routes load their chunk, then their data: wait until no spinner is left.
  await expect(page.locator('.ant-spin-spinning')).toHaveCount(0);
}

let people: Record<'requester' | 'agent' | 'admin', Person>;
let ticketId = 0;

test.beforeAll(async () => {
  const api = await adminApi();
  people = {
    requester: await createPerson(api, 'requester', '安全 请求人'),
    agent: await createPerson(api, 'agent', '安全 坐席'),
    admin: await createPerson(api, 'admin', '安全 管理员'),
  };
  const ticket = await api.post('/api/v1/tickets', {
    data: {
      subject: '内容安全策略检查',
      description: 'A ticket for the pages that show one.',
      type: 'incident',
      impact: 'medium',
      urgency: 'medium',
      requesterId: people.requester.id,
    },
  });
  expect(ticket.status(), await ticket.text()).toBe(201);
  ticketId = ((await ticket.json()) as { id: number }).id;
  await api.dispose();
});

for (const role of ['anonymous', 'requester', 'agent', 'admin'] as const) {
  test(`every ${role} page loads without a CSP violation`, async ({ browser }) => {
    const context = await browser.newContext({ baseURL: BASE_URL, locale: 'zh-CN' });
    const violations = await watchViolations(context);
    const page = await context.newPage();
    if (role !== 'anonymous') await signIn(page, people[role]);
    for (const path of PAGES[role]) await visit(page, path.replace('{ticket}', String(ticketId)));
    if (role === 'anonymous') await expect(page.locator('.swagger-ui .info .title')).toBeVisible();
    expect(violations).toEqual([]);
    await context.close();
  });
}

test("the chat widget opens in a frame on a customer's site", async ({ browser }) => {
  // A customer's site: another origin and another site (localhost, not 127.0.0.1), on this
  // machine, with the one line the docs tell customers to add.
  const site = createServer((_request, response) => {
    response.setHeader('content-type', 'text/html; charset=utf-8');
    response.end(
      `<!doctype html><html><body><h1>Customer</h1><script src="${BASE_URL}/widget.js" async></script></body></html>`,
    );
  });
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
  const address = site.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const context = await browser.newContext({ locale: 'zh-CN' });
  const violations = await watchViolations(context);
  try {
    const page = await context.newPage();
    await page.goto(`http://localhost:${port}/`);
    await page.getByRole('button', { name: /Chat/ }).click();
    const widget = page.frameLocator('iframe[title="Service desk chat"]');
    await expect(widget.locator('#root > *').first()).toBeVisible();
    expect(violations).toEqual([]);
  } finally {
    await context.close();
    site.close();
  }
});
