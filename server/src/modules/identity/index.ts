export { type Actor, assertCan, type Capability, can, isStaff } from './actor.ts';
export { Authenticator } from './authenticator.ts';
export { bootstrapAdmin } from './bootstrap-admin.ts';
export { createUser } from './create-user.ts';
export { SESSION_COOKIE, TOKEN_PREFIX } from './credentials.ts';
export {
  type DirectoryTeam,
  type DirectoryUser,
  findActivePerson,
  findPeople,
  findPerson,
  findTeam,
  findTeamByName,
  isActiveStaff,
  personNames,
  STAFF_ROLES,
  teamMemberIds,
  teamNames,
} from './directory.ts';
export { SESSIONS_ENDED_EVENT } from './end-sessions.ts';
export { identityRoutes } from './identity.routes.ts';
export { defineSettings, type SettingsDocument } from './settings.ts';
export { type LockedAccount, onAccountLocked } from './sign-in-throttle.ts';
export { createTeam } from './teams.ts';
export { findUserByEmail, findUserById, isUniqueViolation } from './user-queries.ts';
