import { describe, expect, it } from 'vitest';
import type { UserDto } from '../../../../contracts/identity.ts';
import { buildTicket, buildUser } from '../../../test/factories.ts';
import { json, setupTestApp } from '../../../test/harness.ts';

const ctx = await setupTestApp();
const api = (path: string) => `/api/v1${path}`;

/**
 * The verified-session cache (Authenticator, a few seconds) on the hot read path: a ticket read
 * with a session cookie, the cache warm, then the change; the very next read must see it.
 */
async function signedInAgent() {
  const admin = await buildUser(ctx, { role: 'admin' });
  const email = `agent-${Date.now()}-${Math.random().toString(16).slice(2)}@example.com`;
  const created = await ctx.app.inject({
    method: 'POST',
    url: api('/users'),
    headers: admin.headers,
    payload: { email, name: 'Agent', password: 'correct horse battery', role: 'agent' },
  });
  expect(created.statusCode).toBe(201);
  const login = await ctx.app.inject({
    method: 'POST',
    url: api('/auth/login'),
    payload: { email, password: 'correct horse battery' },
  });
  expect(login.statusCode).toBe(200);
  const cookie = login.cookies.find((c) => c.name === 'sd_session')?.value;
  return { admin, user: json<UserDto>(created), headers: { cookie: `sd_session=${cookie}` } };
}

async function readTwice(ticketId: number, headers: Record<string, string>): Promise<number> {
  // Twice: the second answer comes from the cache if the first filled it.
  await ctx.app.inject({ url: api(`/tickets/${ticketId}`), headers });
  return (await ctx.app.inject({ url: api(`/tickets/${ticketId}`), headers })).statusCode;
}

describe('the session cache on ticket reads', () => {
  it('a role change takes effect on the next read', async () => {
    const { admin, user, headers } = await signedInAgent();
    const someone = await buildUser(ctx);
    const ticket = await buildTicket(ctx, someone);
    expect(await readTwice(ticket.id, headers)).toBe(200);
    const changed = await ctx.app.inject({
      method: 'PATCH',
      url: api(`/users/${user.id}`),
      headers: admin.headers,
      payload: { role: 'requester' },
    });
    expect(changed.statusCode).toBe(200);
    // Now a requester: someone else's ticket is not theirs to see.
    expect((await ctx.app.inject({ url: api(`/tickets/${ticket.id}`), headers })).statusCode).toBe(404);
  });

  it('a deactivated user is refused on the next read', async () => {
    const { admin, user, headers } = await signedInAgent();
    const ticket = await buildTicket(ctx, await buildUser(ctx));
    expect(await readTwice(ticket.id, headers)).toBe(200);
    await ctx.app.inject({
      method: 'PATCH',
      url: api(`/users/${user.id}`),
      headers: admin.headers,
      payload: { active: false },
    });
    expect((await ctx.app.inject({ url: api(`/tickets/${ticket.id}`), headers })).statusCode).toBe(401);
  });

  it('a signed-out session is refused on the next read', async () => {
    const { headers } = await signedInAgent();
    const ticket = await buildTicket(ctx, await buildUser(ctx));
    expect(await readTwice(ticket.id, headers)).toBe(200);
    const logout = await ctx.app.inject({ method: 'POST', url: api('/auth/logout'), headers });
    expect(logout.statusCode).toBe(204);
    expect((await ctx.app.inject({ url: api(`/tickets/${ticket.id}`), headers })).statusCode).toBe(401);
  });
});
