import { existsSync } from 'node:fs';
import path from 'node:path';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { sql } from 'drizzle-orm';
import Fastify, { type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Config } from './config.ts';
import { Authenticator, SESSION_COOKIE, TOKEN_PREFIX } from './modules/identity/index.ts';
import { configureModules, routeModules } from './modules/registry.ts';
import type { Db } from './platform/db/database.ts';
import type { EventHub } from './platform/events/events.ts';
import type { AppDeps } from './platform/http/deps.ts';
import {
  clientErrorHandler,
  frameworkErrors,
  installErrorHandler,
  installNotFoundHandler,
} from './platform/http/error-handler.ts';
import { installMetrics } from './platform/http/metrics.ts';
import { installRateLimits } from './platform/http/rate-limits.ts';
import { AccessLogController, loggerOptions, requestChildLogger } from './platform/http/request-log.ts';
import { installSameOriginRule } from './platform/http/same-origin.ts';
import { installSecurityHeaders } from './platform/http/security-headers.ts';
import { installValidTextRule } from './platform/http/valid-text.ts';
import { standardLogOutput } from './platform/log-output.ts';

const WEB_DIST = path.resolve(import.meta.dirname, '../../web/dist');

export interface BuildAppOptions {
  db: Db;
  config: Config;
  events: EventHub;
  logger?: boolean | object;
}

/** The HTTP application: plugins, the auth hook, and every module's routes under /api/v1. */
export async function buildApp(options: BuildAppOptions): Promise<FastifyInstance> {
  const { db, config } = options;
  configureModules(config);
  const asked = options.logger ?? { level: config.LOG_LEVEL };
  // Standard output, a few lines at a time (log-output.ts), unless the caller gave a stream.
  const logger = loggerOptions(
    typeof asked === 'object' && !('stream' in asked)
      ? { ...asked, stream: standardLogOutput(config.LOG_FLUSH_MS) }
      : asked,
  );
  const app = Fastify({
    logger,
    // request.log made when a request first writes a line, one line a request (issue 18; request-log.ts).
    ...(logger ? { childLoggerFactory: requestChildLogger, logController: new AccessLogController() } : {}),
    trustProxy: trustProxy(config.TRUST_PROXY),
    bodyLimit: 2 * 1024 * 1024,
    clientErrorHandler,
    frameworkErrors,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandler(app);

  await app.register(cookie);
  await installSecurityHeaders(app, {
    widgetFrameAncestors: config.WIDGET_FRAME_ANCESTORS.trim().split(/\s+/),
  });
  await app.register(multipart, {
    limits: { files: 1, fields: 5, fileSize: config.ATTACHMENT_MAX_BYTES + 1 },
  });
  app.addContentTypeParser(
    ['application/x-ndjson', 'application/jsonl', 'text/plain'],
    { parseAs: 'string' },
    (_req, body, done) => done(null, body),
  );
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'ServiceDesk API',
        version: '1',
        description: 'REST API of the ServiceDesk service desk.',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
          token: { type: 'http', scheme: 'bearer' },
        },
      },
      security: [{ session: [] }, { token: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  const authenticator = new Authenticator(db);
  const deps: AppDeps = { db, config, authenticator, events: options.events };
  app.decorateRequest('actor', null);
  // A callback hook: a session or token this instance verified a moment ago is answered
  // without a promise (every request passes here; issue 18).
  app.addHook('onRequest', (request, _reply, done) => {
    if (!request.url.startsWith('/api/v1/')) return done();
    const authorization = request.headers.authorization;
    const bearer = authorization ? /^Bearer\s+(\S+)$/i.exec(authorization)?.[1] : undefined;
    const token = bearer?.startsWith(TOKEN_PREFIX) ? bearer : undefined;
    const secret = token ?? request.cookies[SESSION_COOKIE];
    if (!secret) return done();
    const known = token ? authenticator.cachedToken(token) : authenticator.cachedSession(secret);
    if (known !== undefined) {
      request.actor = known;
      return done();
    }
    const lookup = token ? authenticator.fromToken(token) : authenticator.fromSession(secret);
    lookup.then((actor) => {
      request.actor = actor;
      done();
    }, done);
  });
  installSameOriginRule(app, {
    publicUrl: config.PUBLIC_URL,
    sessionCookie: SESSION_COOKIE,
    sessionStarters: ['/api/v1/auth/login'],
  });
  await installRateLimits(app, { anonymousPerMinute: config.ANONYMOUS_RATE_PER_MINUTE });
  installValidTextRule(app);

  installMetrics(app, db);
  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true } }, async (_request, reply) => {
    // Live updates stop on this instance while its LISTEN connection is down: not ready.
    if (!options.events.connected)
      return reply.status(503).send({ status: 'unavailable', events: 'reconnecting' });
    try {
      await db.execute(sql`select 1`);
      return { status: 'ready' };
    } catch {
      return reply.status(503).send({ status: 'unavailable' });
    }
  });

  await app.register(
    async (api) => {
      for (const routes of routeModules) await routes(api, deps);
    },
    { prefix: '/api/v1' },
  );

  const serveWeb = config.SERVE_WEB && existsSync(WEB_DIST);
  if (serveWeb) await app.register(fastifyStatic, { root: WEB_DIST, wildcard: false });
  installNotFoundHandler(app, { serveWebIndex: serveWeb });
  return app;
}

/** TRUST_PROXY as Fastify takes it: a boolean, or addresses/CIDRs/`loopback`. */
function trustProxy(value: string): boolean | string {
  if (value === 'true' || value === 'false') return value === 'true';
  return value;
}
