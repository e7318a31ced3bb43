export { type Actor, assertCan, type Capability, can, isStaff } from './actor.ts';
export { Authenticator } from './authenticator.ts';
export { bootstrapAdmin } from './bootstrap-admin.ts';
export { createUser } from './create-user.ts';
export { SESSION_COOKIE, TOKEN_PREFIX } from './credentials.ts';
export { SESSIONS_ENDED_EVENT } from './end-sessions.ts';
export { identityRoutes } from './identity.routes.ts';
export { createTeam } from './teams.ts';
export { findUserByEmail, findUserById, isUniqueViolation } from './user-queries.ts';
