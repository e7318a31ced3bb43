import { expect } from 'vitest';
import type { RoutingRuleDto } from '../../contracts/routing.ts';
import { buildTeam, type TestUser } from './factories.ts';
import { json, type TestContext } from './harness.ts';

const api = (path: string) => `/api/v1${path}`;

/** A new L1 team whose members are these people, set by the administrator through the API. */
export async function buildTeamWith(ctx: TestContext, admin: TestUser, members: TestUser[]) {
  const team = await buildTeam(ctx, { tier: 'L1' });
  const response = await ctx.app.inject({
    method: 'PATCH',
    url: api(`/teams/${team.id}`),
    headers: admin.headers,
    payload: { memberIds: members.map((m) => m.user.id) },
  });
  expect(response.statusCode).toBe(200);
  return team;
}

/** A routing rule created by the administrator through the API. */
export async function buildRoutingRule(
  ctx: TestContext,
  admin: TestUser,
  payload: Record<string, unknown>,
): Promise<RoutingRuleDto> {
  const response = await ctx.app.inject({
    method: 'POST',
    url: api('/routing-rules'),
    headers: admin.headers,
    payload,
  });
  expect(response.statusCode).toBe(201);
  return json<RoutingRuleDto>(response);
}
