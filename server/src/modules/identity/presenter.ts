import type { OrganizationDto, TeamDto, UserDto } from '../../../../contracts/identity.ts';
import type { organizations, teams, users } from '../../db/schema.ts';

type UserRow = typeof users.$inferSelect;
type TeamRow = typeof teams.$inferSelect;
type OrganizationRow = typeof organizations.$inferSelect;

export function presentUser(row: UserRow, teamIds: number[]): UserDto {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    locale: row.locale,
    timezone: row.timezone,
    organizationId: row.organizationId,
    teamIds,
    active: row.active,
    createdAt: row.createdAt.toISOString(),
  };
}

export function presentTeam(row: TeamRow, memberIds: number[]): TeamDto {
  return { id: row.id, name: row.name, tier: row.tier, memberIds, createdAt: row.createdAt.toISOString() };
}

export function presentOrganization(row: OrganizationRow): OrganizationDto {
  return {
    id: row.id,
    name: row.name,
    shareTickets: row.shareTickets,
    createdAt: row.createdAt.toISOString(),
  };
}
