import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IdParams } from '../../../../contracts/common.ts';
import {
  CreateOrganizationInput,
  CreateTeamInput,
  CreateTokenInput,
  CreateUserInput,
  ListUsersQuery,
  LoginInput,
  MeDto,
  OrganizationDto,
  TeamDto,
  TokenDto,
  TokenSummaryDto,
  UpdateMeInput,
  UpdateOrganizationInput,
  UpdateTeamInput,
  UpdateUserInput,
  UserDto,
} from '../../../../contracts/identity.ts';
import { requireActor } from '../../platform/http/context.ts';
import type { AppDeps } from '../../platform/http/deps.ts';
import { perAddressLimit } from '../../platform/http/rate-limits.ts';
import { capabilitiesOf } from './actor.ts';
import { createToken } from './create-token.ts';
import { createUser } from './create-user.ts';
import { requestCredential, SESSION_COOKIE } from './credentials.ts';
import { listTokens } from './list-tokens.ts';
import { listUsers } from './list-users.ts';
import { login } from './login.ts';
import { logout } from './logout.ts';
import { createOrganization, listOrganizations, updateOrganization } from './organizations.ts';
import { revokeToken } from './revoke-token.ts';
import { createTeam, listTeams, updateTeam } from './teams.ts';
import { updateUser } from './update-user.ts';
import { loadUserDto } from './user-queries.ts';

function withCapabilities(user: UserDto): MeDto {
  return { ...user, capabilities: capabilitiesOf(user.role) };
}

export async function identityRoutes(fastify: FastifyInstance, deps: AppDeps): Promise<void> {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const { db, authenticator } = deps;
  const tags = ['identity'];
  // Sessions ended on any instance drop out of this instance's cache at once.
  const stopFollowing = authenticator.followSessionEnds(deps.events);
  fastify.addHook('onClose', async () => stopFollowing());

  app.post(
    '/auth/login',
    {
      schema: { tags, body: LoginInput, response: { 200: z.object({ user: MeDto }) } },
      config: perAddressLimit(deps.config.LOGIN_RATE_PER_MINUTE),
    },
    async (request, reply) => {
      const { secret, user } = await login({
        db,
        input: request.body,
        sessionTtlHours: deps.config.SESSION_TTL_HOURS,
        limits: {
          maxFailures: deps.config.LOGIN_MAX_FAILURES,
          windowMinutes: deps.config.LOGIN_FAILURE_WINDOW_MINUTES,
          lockMinutes: deps.config.LOGIN_LOCK_MINUTES,
        },
      });
      reply.setCookie(SESSION_COOKIE, secret, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: request.protocol === 'https',
        maxAge: deps.config.SESSION_TTL_HOURS * 3600,
      });
      return { user: withCapabilities(user) };
    },
  );

  app.post('/auth/logout', { schema: { tags } }, async (request, reply) => {
    const secret = request.cookies[SESSION_COOKIE];
    if (secret) {
      await logout({ db, secret });
      authenticator.forgetSecret(secret);
    }
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.status(204).send();
  });

  app.get('/me', { schema: { tags, response: { 200: MeDto } } }, async (request) =>
    withCapabilities(await loadUserDto(db, requireActor(request).id)),
  );

  app.patch('/me', { schema: { tags, body: UpdateMeInput, response: { 200: MeDto } } }, async (request) => {
    const actor = requireActor(request);
    const user = await db.transaction((tx) =>
      updateUser({ tx, actor, userId: actor.id, input: request.body }),
    );
    authenticator.forgetUser(actor.id);
    return withCapabilities(user);
  });

  app.post(
    '/tokens',
    { schema: { tags, body: CreateTokenInput, response: { 201: TokenDto } } },
    async (request, reply) => {
      const actor = requireActor(request);
      const token = await db.transaction((tx) => createToken({ tx, actor, input: request.body }));
      return reply.status(201).send(token);
    },
  );

  app.get(
    '/tokens',
    { schema: { tags, response: { 200: z.object({ items: z.array(TokenSummaryDto) }) } } },
    async (request) => listTokens({ tx: db, actor: requireActor(request) }),
  );

  app.delete('/tokens/:id', { schema: { tags, params: IdParams } }, async (request, reply) => {
    const actor = requireActor(request);
    await db.transaction((tx) => revokeToken({ tx, actor, tokenId: request.params.id }));
    authenticator.forgetUser(actor.id);
    return reply.status(204).send();
  });

  app.get(
    '/users',
    {
      schema: { tags, querystring: ListUsersQuery, response: { 200: z.object({ items: z.array(UserDto) }) } },
    },
    async (request) => listUsers({ tx: db, actor: requireActor(request), input: request.query }),
  );

  app.post(
    '/users',
    { schema: { tags, body: CreateUserInput, response: { 201: UserDto } } },
    async (request, reply) => {
      const actor = requireActor(request);
      const user = await db.transaction((tx) => createUser({ tx, actor, input: request.body }));
      return reply.status(201).send(user);
    },
  );

  app.patch(
    '/users/:id',
    { schema: { tags, params: IdParams, body: UpdateUserInput, response: { 200: UserDto } } },
    async (request) => {
      const actor = requireActor(request);
      const user = await db.transaction((tx) =>
        updateUser({
          tx,
          actor,
          userId: request.params.id,
          input: request.body,
          current: requestCredential(request),
        }),
      );
      authenticator.forgetUser(request.params.id);
      return user;
    },
  );

  app.get(
    '/teams',
    { schema: { tags, response: { 200: z.object({ items: z.array(TeamDto) }) } } },
    async (request) => listTeams({ tx: db, actor: requireActor(request) }),
  );

  app.post(
    '/teams',
    { schema: { tags, body: CreateTeamInput, response: { 201: TeamDto } } },
    async (request, reply) => {
      const actor = requireActor(request);
      const team = await db.transaction((tx) => createTeam({ tx, actor, input: request.body }));
      return reply.status(201).send(team);
    },
  );

  app.patch(
    '/teams/:id',
    { schema: { tags, params: IdParams, body: UpdateTeamInput, response: { 200: TeamDto } } },
    async (request) => {
      const actor = requireActor(request);
      return db.transaction((tx) =>
        updateTeam({ tx, actor, teamId: request.params.id, input: request.body }),
      );
    },
  );

  app.get(
    '/organizations',
    { schema: { tags, response: { 200: z.object({ items: z.array(OrganizationDto) }) } } },
    async (request) => listOrganizations({ tx: db, actor: requireActor(request) }),
  );

  app.post(
    '/organizations',
    { schema: { tags, body: CreateOrganizationInput, response: { 201: OrganizationDto } } },
    async (request, reply) => {
      const actor = requireActor(request);
      const organization = await db.transaction((tx) =>
        createOrganization({ tx, actor, input: request.body }),
      );
      return reply.status(201).send(organization);
    },
  );

  app.patch(
    '/organizations/:id',
    { schema: { tags, params: IdParams, body: UpdateOrganizationInput, response: { 200: OrganizationDto } } },
    async (request) => {
      const actor = requireActor(request);
      return db.transaction((tx) =>
        updateOrganization({ tx, actor, organizationId: request.params.id, input: request.body }),
      );
    },
  );
}
