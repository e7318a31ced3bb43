import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { requestLocale, sendError } from './context.ts';
import { AppError, errorMessage } from './errors.ts';

/** Renders every error in the one shape `{ error: { code, message, field? } }`. */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof AppError) {
      request.log.info({ category: 'http', code: error.code }, 'request refused');
      return sendError(reply, request, error);
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const issue = error.validation[0];
      const path = issue?.instancePath.replace(/^\//, '').replaceAll('/', '.') ?? '';
      const where = error.validationContext === 'body' ? '' : `${error.validationContext}.`;
      const field = `${where}${path}` || undefined;
      const detail = `${field ?? error.validationContext}: ${issue?.message ?? 'invalid'}`;
      return reply.status(400).send({
        error: {
          code: 'validation.invalid',
          message: errorMessage('validation.invalid', requestLocale(request), { detail }),
          ...(field ? { field } : {}),
        },
      });
    }
    if (error.statusCode && error.statusCode < 500) {
      // Fastify's own client errors: bad JSON, too large a body, wrong content type.
      const code = error.statusCode === 413 ? 'payload.too_large' : 'request.invalid';
      return reply.status(error.statusCode).send({ error: { code, message: error.message } });
    }
    request.log.error({ category: 'http', err: error }, 'unhandled error');
    return reply.status(500).send({
      error: { code: 'internal', message: errorMessage('internal', requestLocale(request)) },
    });
  });
}

/**
 * Unknown paths: under /api a JSON 404; elsewhere, when the web app is served, its index
 * page (the browser routes).
 */
export function installNotFoundHandler(app: FastifyInstance, options: { serveWebIndex: boolean }): void {
  app.setNotFoundHandler((request, reply) => {
    if (options.serveWebIndex && request.method === 'GET' && !request.url.startsWith('/api/')) {
      return reply.sendFile('index.html');
    }
    return sendError(reply, request, new AppError('not_found'));
  });
}
