import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  type APIRequestContext,
  type Browser,
  test as base,
  expect,
  type Locator,
  type Page,
  request,
} from '@playwright/test';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { E2E_PORT } from './playwright.config.ts';

export const BASE_URL = `http://127.0.0.1:${E2E_PORT}`;

/**
 * Playwright's `test`, closing every browser context a test opened when it ends. The journeys share
 * one browser; pages they left open kept polling and redrawing into the next journeys (49 at the end
 * of a run), which loaded the two cores and lost clicks under load.
 */
export const test = base.extend<{ closeOwnContexts: undefined }>({
  closeOwnContexts: [
    async ({ browser }, use) => {
      const before = new Set(browser.contexts());
      await use(undefined);
      for (const context of browser.contexts()) {
        if (!before.has(context)) await context.close();
      }
    },
    { auto: true },
  ],
});
export const ADMIN = { email: 'admin@e2e.example', password: 'admin-pass-123' };

export interface Person {
  id: number;
  email: string;
  password: string;
  name: string;
}

/** An API client signed in as the shared server's administrator. */
export async function adminApi(): Promise<APIRequestContext> {
  const api = await request.newContext({ baseURL: BASE_URL });
  const login = await api.post('/api/v1/auth/login', { data: ADMIN });
  expect(login.status()).toBe(200);
  return api;
}

/** A new user with a password, so that every test has its own people. */
export async function createPerson(
  api: APIRequestContext,
  role: 'requester' | 'agent' | 'lead' | 'quality' | 'admin',
  name: string,
  extra: Record<string, unknown> = {},
): Promise<Person> {
  const email = `${role}-${randomBytes(4).toString('hex')}@e2e.example`;
  const password = `pw-${randomBytes(6).toString('hex')}`;
  const response = await api.post('/api/v1/users', {
    data: { email, name, password, role, locale: 'zh-CN', ...extra },
  });
  expect(response.status(), await response.text()).toBe(201);
  const { id } = (await response.json()) as { id: number };
  return { id, email, password, name };
}

export async function signIn(page: Page, person: Person): Promise<void> {
  await page.goto('/login');
  await page.getByTestId('login-email').fill(person.email);
  await page.getByTestId('login-password').fill(person.password);
  await page.getByTestId('login-submit').click();
  await expect(page).not.toHaveURL(/\/login/);
}

/** Polls until `check` gives a truthy value; fails with `what` after `ms`. */
export async function waitUntil<T>(
  check: () => Promise<T | undefined | null | false>,
  what: string,
  ms = 90_000,
): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value) return value;
    if (Date.now() > until) throw new Error(`never happened: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/**
 * Chooses `option` in an antd Select until `chosen` passes (by default: the Select shows the option).
 * Under load a click can land while the list opens, searches or redraws and be lost (seen in CI in
 * several journeys), so each attempt opens the list if none is open, types `search` into the
 * Select's own input if given, clicks the option (its whole label, if `exact`) and checks. A list
 * still open at the end (a multiple Select keeps it open) is closed with Escape.
 */
export async function pickOption(
  page: Page,
  select: Locator,
  option: string | RegExp,
  options: { search?: string; exact?: boolean; chosen?: () => Promise<void>; timeout?: number } = {},
): Promise<void> {
  const list = page.locator('.ant-select-dropdown:visible');
  const label =
    options.exact && typeof option === 'string'
      ? new RegExp(`^${option.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`)
      : option;
  const item = list.locator('.ant-select-item-option').filter({ hasText: label }).first();
  const chosen = options.chosen ?? (() => expect(select).toContainText(option, { timeout: 2_000 }));
  let attempts = 0;
  await expect(async () => {
    // A click that did land but showed late must not be undone by clicking again (a multiple
    // Select would drop the option): from the second attempt on, check first.
    attempts += 1;
    if (
      attempts > 1 &&
      (await chosen().then(
        () => true,
        () => false,
      ))
    )
      return;
    if (!(await list.isVisible())) await select.click();
    if (options.search !== undefined) await select.locator('input').first().fill(options.search);
    await item.click({ timeout: 3_000 });
    await chosen();
  }).toPass({ timeout: options.timeout ?? 30_000 });
  // A single Select's list closes by itself (with an animation): an Escape then would reach the
  // dialog or drawer around it and close that. Only a list that stays open gets the Escape.
  const closed = await expect(list)
    .toHaveCount(0, { timeout: 1_500 })
    .then(
      () => true,
      () => false,
    );
  if (!closed) {
    await page.keyboard.press('Escape');
    await expect(list).toHaveCount(0);
  }
}

/**
 * The elements of the page that run past a screen `width` px wide, unless they sit in something
 * that scrolls sideways on its own (a wide table inside its card): at most `limit`, each as its tag
 * and the start of its text. Run in the page (`page.evaluate`).
 */
export function stickingOut(width: number, limit = 2): string {
  return `(() => {
    const scrollsSideways = (element) => {
      for (let a = element.parentElement; a; a = a.parentElement) {
        if (['auto', 'scroll', 'hidden'].includes(getComputedStyle(a).overflowX)) return true;
      }
      return false;
    };
    return [...document.querySelectorAll('body *')]
      .filter((e) => e.getBoundingClientRect().right > ${width} + 1 && !scrollsSideways(e))
      .slice(0, ${limit})
      .map((e) => e.tagName.toLowerCase() + ' "' + (e.textContent || '').trim().slice(0, 40) + '"');
  })()`;
}

export interface OwnServer {
  base: string;
  /** An API client signed in as this server's administrator. */
  admin: APIRequestContext;
  stop(): Promise<void>;
}

/**
 * A server of the spec's own (its own data directory and embedded PostgreSQL on port + 1),
 * for journeys that need settings the shared one lacks: a mail catcher, the job worker.
 */
export async function startOwnServer(options: {
  port: number;
  name: string;
  admin: { email: string; password: string };
  env?: Record<string, string>;
}): Promise<OwnServer> {
  const base = `http://127.0.0.1:${options.port}`;
  const dataDir = mkdtempSync(path.join(tmpdir(), `sd-e2e-${options.name}-`));
  const server: ChildProcess = spawn(process.execPath, ['server/src/main.ts'], {
    cwd: path.resolve(import.meta.dirname, '..'),
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      ...process.env,
      PORT: String(options.port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      EMBEDDED_PG_PORT: String(options.port + 1),
      ADMIN_EMAIL: options.admin.email,
      ADMIN_PASSWORD: options.admin.password,
      LOG_LEVEL: 'warn',
      SERVE_WEB: 'true',
      DEMO_DATA: 'false',
      LOGIN_RATE_PER_MINUTE: '600',
      ...options.env,
    },
  });
  await waitUntil(async () => (await fetch(`${base}/readyz`)).ok, 'the server is ready', 120_000);
  const admin = await request.newContext({ baseURL: base });
  expect((await admin.post('/api/v1/auth/login', { data: options.admin })).ok()).toBe(true);
  return {
    base,
    admin,
    async stop() {
      await admin.dispose();
      if (server.pid && server.exitCode === null) {
        const exited = new Promise((resolve) => server.once('exit', resolve));
        server.kill('SIGTERM');
        await exited;
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A new browser context on `base`, signed in through the login page. */
export async function openSignedIn(
  browser: Browser,
  base: string,
  email: string,
  password: string,
): Promise<Page> {
  const context = await browser.newContext({ baseURL: base, locale: 'zh-CN' });
  const page = await context.newPage();
  await page.goto('/login');
  await page.getByTestId('login-email').fill(email);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  return page;
}

/** Creates a user through an administrator's API client. */
export async function createUserVia(
  api: APIRequestContext,
  user: { role: string; email: string; name: string; password: string },
): Promise<{ id: number }> {
  const response = await api.post('/api/v1/users', { data: { ...user, locale: 'zh-CN' } });
  expect(response.status(), await response.text()).toBe(201);
  return (await response.json()) as { id: number };
}

/** Unfolds a section of the agent's ticket side panel (if it is not open already). */
export async function openSection(page: Page, key: string): Promise<void> {
  const header = page.getByTestId(`section-${key}`);
  if ((await header.getAttribute('data-open')) !== 'true') await header.click();
  await expect(header).toHaveAttribute('data-open', 'true');
}

/** A mail the catcher received: its envelope recipients, subject and text. */
export interface CaughtMail {
  to: string[];
  subject: string;
  text: string;
}

/** A real SMTP server on loopback that keeps every mail the desk sends, for journeys that read mail. */
export async function startMailCatcher(
  port: number,
): Promise<{ mails: CaughtMail[]; close(): Promise<void> }> {
  const mails: CaughtMail[] = [];
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream).then((parsed) => {
        mails.push({
          to: session.envelope.rcptTo.map((r) => r.address),
          subject: parsed.subject ?? '',
          text: parsed.text ?? '',
        });
        callback();
      }, callback);
    },
  });
  await new Promise<void>((resolve) => smtp.listen(port, '127.0.0.1', resolve));
  return { mails, close: () => new Promise<void>((resolve) => smtp.close(() => resolve())) };
}
