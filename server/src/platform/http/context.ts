import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../../modules/identity/actor.ts';
import { AppError, type MessageLocale } from './errors.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in user, resolved once per request by the auth hook; null if anonymous. */
    actor: Actor | null;
  }
}

/** The signed-in actor, or a 401. */
export function requireActor(request: FastifyRequest): Actor {
  if (!request.actor) throw new AppError('auth.required');
  return request.actor;
}

/** The language to answer in: the user's own setting, else the browser's. */
export function requestLocale(request: FastifyRequest): MessageLocale {
  if (request.actor) return request.actor.locale;
  const header = request.headers['accept-language'] ?? '';
  return /^\s*zh/i.test(header) ? 'zh-CN' : 'en';
}

export function sendError(reply: FastifyReply, request: FastifyRequest, error: AppError): FastifyReply {
  for (const [name, value] of Object.entries(error.headers)) reply.header(name, value);
  return reply.status(error.status).send({
    error: {
      code: error.code,
      message: error.localizedMessage(requestLocale(request), request.actor?.timezone),
      ...(error.field ? { field: error.field } : {}),
    },
  });
}
