import { describe, expect, it } from 'vitest';
import type { TeamDto, UserDto } from '../../../../contracts/identity.ts';
import { buildTeam, buildUser } from '../../../test/factories.ts';
import { json, setupTestApp } from '../../../test/harness.ts';

const ctx = await setupTestApp();
const api = (path: string) => `/api/v1${path}`;

async function createWithPassword(role: 'admin' | 'requester', password: string) {
  const admin = await buildUser(ctx, { role: 'admin' });
  const email = `${role}-${Date.now()}-${Math.random().toString(16).slice(2)}@example.com`;
  const response = await ctx.app.inject({
    method: 'POST',
    url: api('/users'),
    headers: admin.headers,
    payload: { email, name: '张三', password, role, locale: 'zh-CN' },
  });
  expect(response.statusCode).toBe(201);
  return { email, user: json<UserDto>(response) };
}

describe('signing in', () => {
  it('opens a session cookie that is httpOnly, serves /me, and closes it on sign-out', async () => {
    const { email, user } = await createWithPassword('requester', 'correct horse battery');
    const login = await ctx.app.inject({
      method: 'POST',
      url: api('/auth/login'),
      payload: { email: email.toUpperCase(), password: 'correct horse battery' },
    });
    expect(login.statusCode).toBe(200);
    const cookie = login.cookies.find((c) => c.name === 'sd_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    const headers = { cookie: `sd_session=${cookie?.value}` };
    const me = await ctx.app.inject({ url: api('/me'), headers });
    expect(json<UserDto>(me)).toMatchObject({ id: user.id, role: 'requester', locale: 'zh-CN' });
    // A requester may do none of the staff's things; the interface hides what is not listed.
    expect(json<{ capabilities: string[] }>(me).capabilities).toEqual([]);

    const logout = await ctx.app.inject({ method: 'POST', url: api('/auth/logout'), headers });
    expect(logout.statusCode).toBe(204);
    const after = await ctx.app.inject({ url: api('/me'), headers });
    expect(after.statusCode).toBe(401);
  });

  it('refuses a wrong password and an unknown email alike', async () => {
    const { email } = await createWithPassword('requester', 'correct horse battery');
    for (const payload of [
      { email, password: 'wrong password' },
      { email: 'nobody@example.com', password: 'correct horse battery' },
    ]) {
      const response = await ctx.app.inject({ method: 'POST', url: api('/auth/login'), payload });
      expect(response.statusCode).toBe(401);
      expect(json<{ error: { code: string } }>(response).error.code).toBe('auth.invalid_credentials');
    }
  });

  it('issues API tokens that act as their owner, and remembers the language', async () => {
    const requester = await buildUser(ctx);
    const token = await ctx.app.inject({
      method: 'POST',
      url: api('/tokens'),
      headers: requester.headers,
      payload: { name: 'monitoring' },
    });
    expect(token.statusCode).toBe(201);
    const bearer = { authorization: `Bearer ${json<{ token: string }>(token).token}` };
    const patched = await ctx.app.inject({
      method: 'PATCH',
      url: api('/me'),
      headers: bearer,
      payload: { locale: 'zh-CN' },
    });
    expect(json<UserDto>(patched).locale).toBe('zh-CN');
    const me = await ctx.app.inject({ url: api('/me'), headers: bearer });
    expect(json<UserDto>(me)).toMatchObject({ id: requester.user.id, locale: 'zh-CN' });
    const agent = await buildUser(ctx, { role: 'agent' });
    const agentMe = await ctx.app.inject({ url: api('/me'), headers: agent.headers });
    const capabilities = json<{ capabilities: string[] }>(agentMe).capabilities;
    expect(capabilities).toContain('kb.write');
    expect(capabilities).not.toContain('kb.publish');
    const bad = await ctx.app.inject({ url: api('/me'), headers: { authorization: 'Bearer sdt_nope' } });
    expect(bad.statusCode).toBe(401);
  });
});

describe('administration', () => {
  it('lets only administrators manage users, teams and organisations', async () => {
    const agent = await buildUser(ctx, { role: 'agent' });
    const attempts = await Promise.all([
      ctx.app.inject({
        method: 'POST',
        url: api('/users'),
        headers: agent.headers,
        payload: { email: 'x@example.com', name: 'X', role: 'admin' },
      }),
      ctx.app.inject({
        method: 'POST',
        url: api('/teams'),
        headers: agent.headers,
        payload: { name: 'L9', tier: 'L1' },
      }),
      ctx.app.inject({
        method: 'POST',
        url: api('/organizations'),
        headers: agent.headers,
        payload: { name: 'Org' },
      }),
      ctx.app.inject({
        method: 'PATCH',
        url: api(`/users/${agent.user.id}`),
        headers: agent.headers,
        payload: { role: 'admin' },
      }),
    ]);
    for (const response of attempts) expect(response.statusCode).toBe(403);
    const requester = await buildUser(ctx);
    const list = await ctx.app.inject({ url: api('/users'), headers: requester.headers });
    expect(list.statusCode).toBe(403);
  });

  it('lists the people asked for by id, and refuses a malformed list', async () => {
    const admin = await buildUser(ctx, { role: 'admin' });
    const [a, b] = [await buildUser(ctx), await buildUser(ctx, { role: 'agent' })];
    const list = await ctx.app.inject({
      url: api(`/users?ids=${a.user.id},${b.user.id}`),
      headers: admin.headers,
    });
    expect(list.statusCode).toBe(200);
    expect(
      json<{ items: UserDto[] }>(list)
        .items.map((u) => u.id)
        .sort((x, y) => x - y),
    ).toEqual([a.user.id, b.user.id].sort((x, y) => x - y));
    const withRole = await ctx.app.inject({
      url: api(`/users?ids=${a.user.id},${b.user.id}&role=agent`),
      headers: admin.headers,
    });
    expect(json<{ items: UserDto[] }>(withRole).items.map((u) => u.id)).toEqual([b.user.id]);
    const tooMany = Array.from({ length: 101 }, (_, i) => i + 1).join(',');
    for (const ids of ['x', '1,-2', '0', '1.5', '99999999999', tooMany, '1%00']) {
      const bad = await ctx.app.inject({ url: api(`/users?ids=${ids}`), headers: admin.headers });
      expect(bad.statusCode, ids).toBe(400);
    }
  });

  it('creates teams with a tier, sets members, and refuses duplicates', async () => {
    const admin = await buildUser(ctx, { role: 'admin' });
    const agent = await buildUser(ctx, { role: 'agent' });
    const name = `二线 应用支持 ${Date.now()}`;
    const created = await ctx.app.inject({
      method: 'POST',
      url: api('/teams'),
      headers: admin.headers,
      payload: { name, tier: 'L2' },
    });
    expect(created.statusCode).toBe(201);
    const team = json<TeamDto>(created);
    const again = await ctx.app.inject({
      method: 'POST',
      url: api('/teams'),
      headers: admin.headers,
      payload: { name, tier: 'L1' },
    });
    expect(again.statusCode).toBe(409);
    const members = await ctx.app.inject({
      method: 'PATCH',
      url: api(`/teams/${team.id}`),
      headers: admin.headers,
      payload: { memberIds: [agent.user.id] },
    });
    expect(json<TeamDto>(members).memberIds).toEqual([agent.user.id]);
    const users = await ctx.app.inject({ url: api(`/users?teamId=${team.id}`), headers: admin.headers });
    expect(json<{ items: UserDto[] }>(users).items.map((u) => u.id)).toEqual([agent.user.id]);
    const badTier = await ctx.app.inject({
      method: 'POST',
      url: api('/teams'),
      headers: admin.headers,
      payload: { name: 'x', tier: 'L4' },
    });
    expect(badTier.statusCode).toBe(400);
  });

  it('shows a requester their own organisation only, and teams without their members', async () => {
    const admin = await buildUser(ctx, { role: 'admin' });
    const org = (name: string) =>
      ctx.app
        .inject({ method: 'POST', url: api('/organizations'), headers: admin.headers, payload: { name } })
        .then((r) => json<{ id: number }>(r));
    const mine = await org(`财务部 ${Date.now()}`);
    const theirs = await org(`人事部 ${Date.now()}`);
    const requester = await buildUser(ctx, { organizationId: mine.id });
    const loner = await buildUser(ctx);
    const agent = await buildUser(ctx, { role: 'agent' });
    const team = await buildTeam(ctx);
    await ctx.app.inject({
      method: 'PATCH',
      url: api(`/teams/${team.id}`),
      headers: admin.headers,
      payload: { memberIds: [agent.user.id] },
    });

    const orgIds = async (as: { headers: { authorization: string } }) =>
      json<{ items: { id: number }[] }>(
        await ctx.app.inject({ url: api('/organizations'), headers: as.headers }),
      ).items.map((o) => o.id);
    expect(await orgIds(requester)).toEqual([mine.id]);
    expect(await orgIds(loner)).toEqual([]);
    expect(await orgIds(agent)).toEqual(expect.arrayContaining([mine.id, theirs.id]));

    const teamsAs = async (as: { headers: { authorization: string } }) =>
      json<{ items: TeamDto[] }>(await ctx.app.inject({ url: api('/teams'), headers: as.headers })).items;
    const seen = (await teamsAs(requester)).find((t) => t.id === team.id);
    expect(seen).toMatchObject({ name: team.name, memberIds: [] });
    expect((await teamsAs(requester)).every((t) => t.memberIds.length === 0)).toBe(true);
    expect((await teamsAs(agent)).find((t) => t.id === team.id)?.memberIds).toEqual([agent.user.id]);
  });

  it('deactivating a user ends their access at once', async () => {
    const admin = await buildUser(ctx, { role: 'admin' });
    const agent = await buildUser(ctx, { role: 'agent' });
    expect((await ctx.app.inject({ url: api('/me'), headers: agent.headers })).statusCode).toBe(200);
    await ctx.app.inject({
      method: 'PATCH',
      url: api(`/users/${agent.user.id}`),
      headers: admin.headers,
      payload: { active: false },
    });
    expect((await ctx.app.inject({ url: api('/me'), headers: agent.headers })).statusCode).toBe(401);
  });

  it('edits the priority matrix, and new tickets follow it', async () => {
    const admin = await buildUser(ctx, { role: 'admin' });
    const matrix = {
      high: { high: 'P1', medium: 'P1', low: 'P2' },
      medium: { high: 'P2', medium: 'P3', low: 'P4' },
      low: { high: 'P3', medium: 'P4', low: 'P4' },
    };
    const saved = await ctx.app.inject({
      method: 'PUT',
      url: api('/priority-matrix'),
      headers: admin.headers,
      payload: { matrix },
    });
    expect(saved.statusCode).toBe(200);
    const ticket = await ctx.app.inject({
      method: 'POST',
      url: api('/tickets'),
      headers: admin.headers,
      payload: {
        subject: 'ERP down',
        description: 'ERP 登录页 502',
        type: 'incident',
        impact: 'high',
        urgency: 'medium',
      },
    });
    expect(json<{ priority: string }>(ticket).priority).toBe('P1');
    const agent = await buildUser(ctx, { role: 'agent' });
    const refused = await ctx.app.inject({
      method: 'PUT',
      url: api('/priority-matrix'),
      headers: agent.headers,
      payload: { matrix },
    });
    expect(refused.statusCode).toBe(403);
    const bad = await ctx.app.inject({
      method: 'PUT',
      url: api('/priority-matrix'),
      headers: admin.headers,
      payload: { matrix: { ...matrix, high: { high: 'P0' } } },
    });
    expect(bad.statusCode).toBe(400);
    await ctx.app.inject({
      method: 'PUT',
      url: api('/priority-matrix'),
      headers: admin.headers,
      payload: {
        matrix: {
          high: { high: 'P1', medium: 'P2', low: 'P3' },
          medium: { high: 'P2', medium: 'P3', low: 'P4' },
          low: { high: 'P3', medium: 'P4', low: 'P4' },
        },
      },
    });
  });
});

describe('the audit log', () => {
  it('cannot be changed or removed', async () => {
    await buildTeam(ctx);
    await expect(ctx.database.pool.query('update audit_events set kind = kind')).rejects.toThrow(
      /append-only/,
    );
    await expect(ctx.database.pool.query('delete from audit_events')).rejects.toThrow(/append-only/);
  });
});
