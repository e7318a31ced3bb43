import { randomBytes } from 'node:crypto';
import { type APIRequestContext, expect, type Page, request } from '@playwright/test';
import { E2E_PORT } from './playwright.config.ts';

export const BASE_URL = `http://127.0.0.1:${E2E_PORT}`;
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
