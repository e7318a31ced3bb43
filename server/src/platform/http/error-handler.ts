import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { requestLocale, sendError } from './context.ts';
import { databaseRefusal } from './database-errors.ts';
import { AppError, type ErrorCode, errorMessage, type MessageLocale } from './errors.ts';

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
      // Fastify's own client errors (bad JSON, too large a body, a content type no parser
      // takes ...), said in the caller's language like every other refusal.
      request.log.info({ category: 'http', code: error.code }, 'request refused');
      return sendError(reply, request, frameworkError(error, request));
    }
    const refusal = databaseRefusal(error);
    if (refusal) {
      // The request's data broke a database rule (a missing reference, a value too long):
      // the client hears the rule in its language; the database's own words stay here.
      request.log.warn(
        { category: 'http', code: refusal.code, route: request.routeOptions.url ?? null, err: error },
        'request refused by the database',
      );
      return sendError(reply, request, refusal);
    }
    // Once per failure, with what an operator needs to find it; never the body or headers
    // (the request id ties this line to the request's own log lines).
    request.log.error(
      {
        category: 'http',
        method: request.method,
        route: request.routeOptions.url ?? null,
        err: error,
      },
      'unhandled error',
    );
    return reply.status(500).send({
      error: { code: 'internal', message: errorMessage('internal', requestLocale(request)) },
    });
  });
}

/** A Fastify client error as one of the catalogue's codes. */
function frameworkError(error: FastifyError, request: FastifyRequest): AppError {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
    case 'FST_REQ_FILE_TOO_LARGE':
    case 'FST_PARTS_LIMIT':
    case 'FST_FILES_LIMIT':
    case 'FST_FIELDS_LIMIT':
      return new AppError('request.too_large');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return new AppError('request.unsupported_media_type', {
        params: { type: String(request.headers['content-type'] ?? '-').slice(0, 100) },
      });
    default:
      if (error.statusCode === 413) return new AppError('request.too_large');
      if (error.statusCode === 415) {
        return new AppError('request.unsupported_media_type', {
          params: { type: String(request.headers['content-type'] ?? '-').slice(0, 100) },
        });
      }
      if (error.statusCode === 404) return new AppError('not_found');
      if (error.statusCode === 429) return new AppError('rate_limited');
      return new AppError('request.malformed', { params: { detail: readableDetail(error) } });
  }
}

/** The framework's own words about a malformed request, without echoing the input back at length. */
function readableDetail(error: FastifyError): string {
  return error.message.replace(/\s+/g, ' ').slice(0, 200);
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

/**
 * Errors Fastify meets while routing, before any hook runs: a path that is not valid
 * percent-encoded UTF-8 (FST_ERR_BAD_URL) and the like. Fastify's `frameworkErrors` option.
 */
export function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  request.log.info({ category: 'http', code: error.code }, 'request refused');
  const refusal =
    error.code === 'FST_ERR_BAD_URL'
      ? new AppError('validation.invalid', { field: 'path', params: { detail: 'path: not valid UTF-8' } })
      : new AppError('request.malformed', { params: { detail: readableDetail(error) } });
  sendError(reply, request, refusal);
}

const CLIENT_ERRORS: Record<string, { status: number; code: ErrorCode }> = {
  HPE_HEADER_OVERFLOW: { status: 431, code: 'request.headers_too_large' },
  ERR_HTTP_REQUEST_TIMEOUT: { status: 408, code: 'request.timeout' },
};

/**
 * Errors Node's HTTP parser meets before Fastify sees a request (431 headers too large, bad
 * HTTP): answered in the same shape, in the language of the partial request's
 * Accept-Language when it can be read. Fastify's `clientErrorHandler` option.
 */
export function clientErrorHandler(
  error: Error & { code?: string; rawPacket?: unknown },
  socket: Socket,
): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const known = CLIENT_ERRORS[error.code ?? ''] ?? { status: 400, code: 'request.bad' as const };
  const raw = Buffer.isBuffer(error.rawPacket) ? error.rawPacket.toString('latin1') : '';
  const locale: MessageLocale = /\r\naccept-language:\s*zh/i.test(raw) ? 'zh-CN' : 'en';
  const body = JSON.stringify({ error: { code: known.code, message: errorMessage(known.code, locale) } });
  const reason =
    known.status === 431
      ? 'Request Header Fields Too Large'
      : known.status === 408
        ? 'Request Timeout'
        : 'Bad Request';
  socket.end(
    `HTTP/1.1 ${known.status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
