import { describe, expect, it } from 'vitest';
import type { Db } from '../../platform/db/database.ts';
import type { Actor } from './actor.ts';
import { Authenticator } from './authenticator.ts';
import { digestSecret } from './credentials.ts';

const AGENT: Actor = {
  id: 7,
  role: 'agent',
  name: 'Agent',
  email: 'agent@example.com',
  locale: 'zh-CN',
  timezone: 'Asia/Shanghai',
  organizationId: null,
};

/** A database that knows one session (by its digest) and counts the lookups it answers. */
function oneSession(secret: string) {
  const asked: string[] = [];
  const db = {
    async execute(query: { queryChunks?: unknown[] }) {
      const digest = (query.queryChunks ?? []).find(
        (chunk) => typeof chunk === 'string' && chunk.length === 64,
      );
      asked.push(String(digest));
      const row = { ...AGENT, organization_id: null };
      return { rows: digest === digestSecret(secret) ? [row] : [] };
    },
  } as unknown as Db;
  return { db, asked };
}

describe("the authenticator's remembered session keys", () => {
  it('stay correct past their bound: the oldest secrets are digested again, the verified ones still answer', async () => {
    const secret = 'the-agents-cookie-secret';
    const { db, asked } = oneSession(secret);
    const authenticator = new Authenticator(db);
    const now = Date.now();
    expect(authenticator.cachedSession(secret, now)).toBeUndefined();
    expect(await authenticator.fromSession(secret, now)).toMatchObject({ id: 7, role: 'agent' });
    expect(asked).toEqual([digestSecret(secret)]);
    expect(authenticator.cachedSession(secret, now)).toMatchObject({ id: 7 });
    // More other secrets than are remembered: the agent's is forgotten first, then asked again.
    for (let i = 0; i <= Authenticator.SESSION_KEYS; i++) {
      expect(authenticator.cachedSession(`someone-else-${i}`, now)).toBeUndefined();
    }
    expect(authenticator.cachedSession(secret, now)).toMatchObject({ id: 7 });
    expect(authenticator.cachedSession('someone-else-0', now)).toBeUndefined();
    expect(await authenticator.fromSession('someone-else-0', now)).toBeNull();
    expect(asked).toEqual([digestSecret(secret), digestSecret('someone-else-0')]);
    // A sign-out forgets the secret and its verified actor.
    authenticator.forgetSecret(secret);
    expect(authenticator.cachedSession(secret, now)).toBeUndefined();
  });

  it("an API token's verified actor answers at once and without a lookup, kept apart from a session's", async () => {
    const token = 'sdt_the-integrations-token';
    const { db, asked } = oneSession(token);
    const authenticator = new Authenticator(db);
    const now = Date.now();
    expect(authenticator.cachedToken(token, now)).toBeUndefined();
    expect(await authenticator.fromToken(token, now)).toMatchObject({ id: 7, role: 'agent' });
    expect(authenticator.cachedToken(token, now)).toMatchObject({ id: 7 });
    expect(await authenticator.fromToken(token, now)).toMatchObject({ id: 7 });
    expect(asked).toEqual([digestSecret(token)]);
    // The same string sent as a session cookie is not the token's session: looked up on its own.
    expect(authenticator.cachedSession(token, now)).toBeUndefined();
    // Once CACHE_MS has passed it is looked up again; a sign-out (a revoked token) forgets it.
    expect(authenticator.cachedToken(token, now + Authenticator.CACHE_MS + 1)).toBeUndefined();
    authenticator.forgetSecret(token);
    expect(authenticator.cachedToken(token, now)).toBeUndefined();
  });
});
