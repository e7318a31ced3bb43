// The identity module's public surface. Read models it publishes for joins other modules must make in
// one SQL statement (contract: docs/read-models.md; declared in db/schema/identity.ts):
// identity_users_v (people, no secrets), identity_teams_v, identity_organizations_v,
// identity_team_members_v. Functions: the directory (findPerson, findTeam, personNames ...) and
// defineSettings, the typed settings documents every module declares for itself.
export { type Actor, assertCan, type Capability, can, isStaff, type SystemPurpose } from './actor.ts';
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
  managerOf,
  personNames,
  STAFF_ROLES,
  teamLeadOf,
  teamNames,
} from './directory.ts';
export { SESSIONS_ENDED_EVENT } from './end-sessions.ts';
export { identityRoutes } from './identity.routes.ts';
export { liveAudience } from './live-audience.ts';
export { defineSettings, type SettingsDocument } from './settings.ts';
export { type LockedAccount, onAccountLocked } from './sign-in-throttle.ts';
export { SYSTEM_READER, systemActor } from './system-actor.ts';
export { createTeam } from './teams.ts';
export { findUserByEmail, findUserById, findUsersByEmails, isUniqueViolation } from './user-queries.ts';
