import { randomBytes } from 'node:crypto';
import type { Role, Tier, UserDto } from '../../contracts/identity.ts';
import type { CreateTicketInput, TicketDto } from '../../contracts/tickets.ts';
import type { Actor } from '../src/modules/identity/actor.ts';
import { createToken } from '../src/modules/identity/create-token.ts';
import { createTeam, createUser } from '../src/modules/identity/index.ts';
import type { TestContext } from './harness.ts';

export interface TestUser {
  user: UserDto;
  actor: Actor;
  /** Headers that authenticate as this user (an API token). */
  headers: { authorization: string };
}

const unique = () => randomBytes(4).toString('hex');

/** A user with an API token; every call makes a new one, so tests never share rows. */
export async function buildUser(
  ctx: TestContext,
  options: {
    role?: Role;
    name?: string;
    email?: string;
    organizationId?: number;
    locale?: 'zh-CN' | 'en';
  } = {},
): Promise<TestUser> {
  const role = options.role ?? 'requester';
  return ctx.database.db.transaction(async (tx) => {
    const user = await createUser({
      tx,
      actor: null,
      input: {
        email: options.email ?? `${role}-${unique()}@example.com`,
        name: options.name ?? `${role} ${unique()}`,
        role,
        locale: options.locale ?? 'en',
        ...(options.organizationId ? { organizationId: options.organizationId } : {}),
      },
    });
    const actor: Actor = {
      id: user.id,
      role: user.role,
      name: user.name,
      email: user.email,
      locale: user.locale,
      organizationId: user.organizationId,
    };
    const { token } = await createToken({ tx, actor, input: { name: 'test' } });
    return { user, actor, headers: { authorization: `Bearer ${token}` } };
  });
}

export async function buildTeam(ctx: TestContext, options: { name?: string; tier?: Tier } = {}) {
  return ctx.database.db.transaction((tx) =>
    createTeam({
      tx,
      actor: null,
      input: { name: options.name ?? `Team ${unique()}`, tier: options.tier ?? 'L1' },
    }),
  );
}

export function ticketInput(overrides: Partial<CreateTicketInput> = {}): CreateTicketInput {
  return {
    subject: '财务系统无法导出报表',
    description: 'Since the plug-in update, exporting reports fails with error code FIN-4012.',
    type: 'incident',
    impact: 'medium',
    urgency: 'medium',
    ...overrides,
  };
}

/** Opens a ticket through the API as `as`. */
export async function buildTicket(
  ctx: TestContext,
  as: TestUser,
  overrides: Partial<CreateTicketInput> = {},
): Promise<TicketDto> {
  const response = await ctx.app.inject({
    method: 'POST',
    url: '/api/v1/tickets',
    headers: as.headers,
    payload: ticketInput(overrides),
  });
  if (response.statusCode !== 201) throw new Error(`ticket not created: ${response.body}`);
  return response.json() as TicketDto;
}
