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
    managerId: row.managerId,
    teamIds,
    active: row.active,
    createdAt: row.createdAt.toISOString(),
  };
}

export function presentTeam(row: TeamRow, memberIds: number[], options: { staff?: boolean } = {}): TeamDto {
  return {
    id: row.id,
    name: row.name,
    tier: row.tier,
    memberIds,
    leadId: options.staff === false ? null : row.leadId,
    createdAt: row.createdAt.toISOString(),
  };
}

export function presentOrganization(row: OrganizationRow): OrganizationDto {
  return {
    id: row.id,
    name: row.name,
    shareTickets: row.shareTickets,
    createdAt: row.createdAt.toISOString(),
  };
}
