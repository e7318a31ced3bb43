import { eq, inArray, sql } from 'drizzle-orm';
import { identityTeamsView, identityUsersView, teams, users } from '../../db/schema.ts';
import type { Queryable } from '../../platform/db/database.ts';

/**
 * What other modules may read of people and teams, one at a time or by ids. Joins that must
 * stay in one SQL statement read the views `identity_users_v`, `identity_teams_v` and
 * `identity_organizations_v` instead (docs/read-models.md).
 */
export type DirectoryUser = typeof identityUsersView.$inferSelect;
export type DirectoryTeam = typeof identityTeamsView.$inferSelect;

/** The roles that work tickets (everyone but requesters). */
export const STAFF_ROLES = ['agent', 'lead', 'quality', 'admin'] as const;

/** A person by id, active or not, without secrets; null when there is none. */
export async function findPerson(db: Queryable, id: number): Promise<DirectoryUser | null> {
  const [row] = await db.select().from(identityUsersView).where(eq(identityUsersView.id, id));
  return row ?? null;
}

/** People by ids, without secrets (missing ids are left out). */
export async function findPeople(db: Queryable, ids: readonly number[]): Promise<DirectoryUser[]> {
  if (ids.length === 0) return [];
  return db
    .select()
    .from(identityUsersView)
    .where(inArray(identityUsersView.id, [...ids]));
}

/** An active person by id, or null (someone deactivated is treated as unknown). */
export async function findActivePerson(db: Queryable, id: number): Promise<DirectoryUser | null> {
  const person = await findPerson(db, id);
  return person?.active ? person : null;
}

/** Whether the id is an active member of staff (who may be assigned tickets). */
export async function isActiveStaff(db: Queryable, id: number): Promise<boolean> {
  const person = await findActivePerson(db, id);
  return person !== null && (STAFF_ROLES as readonly string[]).includes(person.role);
}

export async function findTeam(db: Queryable, id: number): Promise<DirectoryTeam | null> {
  const [row] = await db.select().from(identityTeamsView).where(eq(identityTeamsView.id, id));
  return row ?? null;
}

/** A team by name, ignoring case (names are unique that way). */
export async function findTeamByName(db: Queryable, name: string): Promise<DirectoryTeam | null> {
  const [row] = await db
    .select()
    .from(identityTeamsView)
    .where(sql`lower(${identityTeamsView.name}) = lower(${name})`);
  return row ?? null;
}

/** Display names of people by id. */
export async function personNames(db: Queryable, ids: readonly number[]): Promise<Map<number, string>> {
  return new Map((await findPeople(db, ids)).map((p) => [p.id, p.name]));
}

/** Display names of teams by id. */
export async function teamNames(db: Queryable, ids: readonly number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: identityTeamsView.id, name: identityTeamsView.name })
    .from(identityTeamsView)
    .where(inArray(identityTeamsView.id, [...ids]));
  return new Map(rows.map((t) => [t.id, t.name]));
}

/** A person's manager (users.manager_id), active or not; null when none is set. */
export async function managerOf(db: Queryable, userId: number): Promise<DirectoryUser | null> {
  const [row] = await db.select({ managerId: users.managerId }).from(users).where(eq(users.id, userId));
  return row?.managerId ? findPerson(db, row.managerId) : null;
}

/** A team's lead (teams.lead_id), active or not; null when the team has none (or no such team). */
export async function teamLeadOf(db: Queryable, teamId: number): Promise<DirectoryUser | null> {
  const [row] = await db.select({ leadId: teams.leadId }).from(teams).where(eq(teams.id, teamId));
  return row?.leadId ? findPerson(db, row.leadId) : null;
}
