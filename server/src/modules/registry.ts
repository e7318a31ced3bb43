import type { FastifyInstance } from 'fastify';
import { eventRoutes } from '../platform/events/events.routes.ts';
import type { AppDeps } from '../platform/http/deps.ts';
import type { JobDefinition } from '../platform/jobs/jobs.ts';
import { identityRoutes } from './identity/index.ts';
import { ticketRoutes } from './tickets/index.ts';

/**
 * Every module's routes (mounted under /api/v1) and background jobs, in one list each.
 * A new module adds one line to each list it needs.
 */
export const routeModules: readonly ((app: FastifyInstance, deps: AppDeps) => Promise<void>)[] = [
  identityRoutes,
  ticketRoutes,
  eventRoutes,
];

export const jobDefinitions: readonly JobDefinition<never>[] = [];
