import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../platform/http/deps.ts';
import { chatRoutes } from './chat/chat.routes.ts';
import { emailRoutes } from './email/email.routes.ts';
import { scheduleAllPolls } from './email/mailboxes.ts';
import { imRoutes } from './im/im.routes.ts';
import { phoneRoutes } from './phone/phone.routes.ts';

/** Every channel's routes, under /api/v1/channels (and the incoming webhooks). */
export async function channelRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  await emailRoutes(app, deps);
  await imRoutes(app, deps);
  await chatRoutes(app, deps);
  await phoneRoutes(app, deps);
  if (deps.config.RUN_WORKER) await scheduleAllPolls(deps.db);
}
