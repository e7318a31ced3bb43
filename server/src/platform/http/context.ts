import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError, type MessageLocale } from './errors.ts';

/**
 * What the platform needs of whoever is signed in: who they are and how to write to them.
 * The module that signs people in (identity) supplies its own, richer actor by adding
 * `actor` to `RequestPrincipal` (declaration merging); `request.actor` then has its type.
 */
export interface Principal {
  id: number;
  locale: MessageLocale;
  /** The IANA time zone that times in messages are written in. */
  timezone?: string;
}

/** Filled in by the signing-in module: `interface RequestPrincipal { actor: TheirActor }`. */
// biome-ignore lint/suspicious/noEmptyInterface: a declaration-merging slot for the identity module.
export interface RequestPrincipal {}

/** The type of `request.actor`: the signing-in module's actor, else the bare principal. */
export type RequestActor = RequestPrincipal extends { actor: infer A extends Principal } ? A : Principal;

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in user, resolved once per request by the auth hook; null if anonymous. */
    actor: RequestActor | null;
  }
}

/** The signed-in actor, or a 401. */
export function requireActor(request: FastifyRequest): RequestActor {
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
