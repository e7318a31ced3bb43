import { z } from 'zod';
import { Locale, TimeZoneName, updateSchema } from './common.ts';

export const Role = z.enum(['requester', 'agent', 'lead', 'quality', 'admin']);
export type Role = z.infer<typeof Role>;
/** Roles that work tickets (see, reply internally, assign). */
export const STAFF_ROLES: readonly Role[] = ['agent', 'lead', 'quality', 'admin'];

export const Tier = z.enum(['L1', 'L2', 'L3']);
export type Tier = z.infer<typeof Tier>;

export const LoginInput = z.object({ email: z.email(), password: z.string().min(1).max(200) });

export const UserDto = z.object({
  id: z.number(),
  email: z.string(),
  name: z.string(),
  role: Role,
  locale: Locale,
  timezone: z.string(),
  organizationId: z.number().nullable(),
  /** Their manager (approvals by rule: "the requester's manager"). */
  managerId: z.number().nullable(),
  teamIds: z.array(z.number()),
  active: z.boolean(),
  createdAt: z.string(),
});
export type UserDto = z.infer<typeof UserDto>;

/** The signed-in user, with the capabilities of their role (`kb.publish`, `report.read`...). */
export const MeDto = UserDto.extend({ capabilities: z.array(z.string()) });
export type MeDto = z.infer<typeof MeDto>;

export const CreateUserInput = z.object({
  email: z.email().max(254),
  name: z.string().trim().min(1).max(120),
  password: z.string().min(8).max(200).optional(),
  role: Role,
  locale: Locale.optional(),
  timezone: TimeZoneName.optional(),
  organizationId: z.number().int().positive().nullable().optional(),
  /** Their manager: an active person other than themselves (null: none). */
  managerId: z.number().int().positive().nullable().optional(),
  teamIds: z.array(z.number().int().positive()).max(50).optional(),
});
export type CreateUserInput = z.infer<typeof CreateUserInput>;

export const UpdateUserInput = CreateUserInput.omit({ email: true }).partial().extend({
  active: z.boolean().optional(),
  /**
   * With a new password: also revoke the person's API tokens (default true). A new password
   * always ends their sessions; deactivation ends sessions and tokens.
   */
  revokeTokens: z.boolean().optional(),
});
export type UpdateUserInput = z.infer<typeof UpdateUserInput>;

export const UpdateMeInput = z.object({
  name: z.string().trim().min(1).max(120).optional(),
  locale: Locale.optional(),
  timezone: TimeZoneName.optional(),
});

export const ListUsersQuery = z.object({
  /** One role, or several separated by commas (`agent,lead,quality,admin`). */
  role: z
    .string()
    .transform((v) => v.split(',').filter(Boolean))
    .pipe(z.array(Role).min(1).max(5))
    .optional(),
  q: z.string().max(200).optional(),
  teamId: z.coerce.number().int().positive().optional(),
  /** These people only, by id, separated by commas (a form naming people not on the first page). */
  ids: z
    .string()
    .transform((v) => v.split(',').filter(Boolean).map(Number))
    .pipe(z.array(z.number().int().positive().max(2_147_483_647)).min(1).max(100))
    .optional(),
});

export const TokenSummaryDto = z.object({
  id: z.number(),
  name: z.string(),
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
});

export const CreateTokenInput = z.object({ name: z.string().trim().min(1).max(120).default('API token') });
export const TokenDto = z.object({
  id: z.number(),
  name: z.string(),
  token: z.string(),
  createdAt: z.string(),
});

export const TeamDto = z.object({
  id: z.number(),
  name: z.string(),
  tier: Tier,
  /** Who is in the team: given to staff only (empty for requesters). */
  memberIds: z.array(z.number()),
  /** The team's lead (approvals by rule: "a team's lead"); staff only (null for requesters). */
  leadId: z.number().nullable(),
  createdAt: z.string(),
});
export type TeamDto = z.infer<typeof TeamDto>;
export const CreateTeamInput = z.object({
  name: z.string().trim().min(1).max(120),
  tier: Tier,
  /** An active member of staff (null: none). */
  leadId: z.number().int().positive().nullable().optional(),
});
export const UpdateTeamInput = updateSchema(CreateTeamInput).extend({
  memberIds: z.array(z.number().int().positive()).max(500).optional(),
});

export const OrganizationDto = z.object({
  id: z.number(),
  name: z.string(),
  shareTickets: z.boolean(),
  createdAt: z.string(),
});
export type OrganizationDto = z.infer<typeof OrganizationDto>;
export const CreateOrganizationInput = z.object({
  name: z.string().trim().min(1).max(200),
  /** When true, requesters of the organisation see each other's tickets. */
  shareTickets: z.boolean().default(false),
});
export const UpdateOrganizationInput = updateSchema(CreateOrganizationInput);
