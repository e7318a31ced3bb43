import { afterEach, describe, expect, it, vi } from 'vitest';
import { PollResult } from '../../../../contracts/channels.ts';
import { api, CHECK_RESPONSES, itemsOf, ResponseContractError } from './client.ts';

/**
 * The web app's API client checks answers against their contracts outside production builds
 * (Vite's dev and test modes, and `build:web:checked`): an answer outside its contract is a
 * clear error naming the request and the field, and a good answer is handed back as it came.
 * fetch is the browser's; here it answers what a test gives it.
 */
const poll = { fetched: 3, ingested: 2, duplicates: 1 };

function answer(body: unknown): void {
  vi.stubGlobal(
    'fetch',
    vi.fn(
      async () =>
        new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } }),
    ),
  );
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('the web client checks answers against their contracts', () => {
  it('is on outside production builds', () => {
    expect(CHECK_RESPONSES).toBe(true);
  });

  it('refuses an answer outside its contract, naming the request and the field', async () => {
    answer({ items: [poll, { ...poll, ingested: 'two' }] });
    const request = api.get(itemsOf(PollResult), '/polls');
    await expect(request).rejects.toBeInstanceOf(ResponseContractError);
    await expect(request).rejects.toThrow(
      /^GET \/api\/v1\/polls answered outside its contract: items\.1\.ingested: /,
    );
  });

  it('hands a good answer back as it came, not the parsed copy', async () => {
    answer({ ...poll, extra: 'kept' });
    await expect(api.post(PollResult, '/channels/mailboxes/1/poll')).resolves.toEqual({
      ...poll,
      extra: 'kept',
    });
  });

  it('trusts the caller’s type when no contract is given (the older form)', async () => {
    answer({ anything: true });
    await expect(api.get<{ anything: boolean }>('/whatever')).resolves.toEqual({ anything: true });
  });
});
