import type { Actor } from './actor.ts';
import type { Authenticator } from './authenticator.ts';

/**
 * Identity supplies the platform's principal: `request.actor` is an `Actor`, and routes are
 * given the process-wide `Authenticator` (app.ts builds it). The platform itself knows only
 * its generic `Principal`.
 */
declare module '../../platform/http/context.ts' {
  interface RequestPrincipal {
    actor: Actor;
  }
}

declare module '../../platform/http/deps.ts' {
  interface AppDeps {
    authenticator: Authenticator;
  }
}
