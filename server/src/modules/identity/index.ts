export { type Actor, assertCan, type Capability, can, isStaff } from './actor.ts';
export { Authenticator } from './authenticator.ts';
export { bootstrapAdmin } from './bootstrap-admin.ts';
export { createUser } from './create-user.ts';
export { SESSION_COOKIE, TOKEN_PREFIX } from './credentials.ts';
export { identityRoutes } from './identity.routes.ts';
export { type LockedAccount, onAccountLocked } from './sign-in-throttle.ts';
export { createTeam } from './teams.ts';
export { findUserByEmail, isUniqueViolation } from './user-queries.ts';
