import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  bigint,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  pgView,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { id } from './columns.ts';

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();

export const organizations = pgTable(
  'organizations',
  {
    id: id(),
    name: text('name').notNull(),
    shareTickets: boolean('share_tickets').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('organizations_name_key').on(sql`lower(${t.name})`)],
);

export const users = pgTable(
  'users',
  {
    id: id(),
    email: text('email').notNull(),
    name: text('name').notNull(),
    role: text('role', { enum: ['requester', 'agent', 'lead', 'quality', 'admin'] }).notNull(),
    locale: text('locale', { enum: ['zh-CN', 'en'] })
      .notNull()
      .default('zh-CN'),
    timezone: text('timezone').notNull().default('Asia/Shanghai'),
    passwordHash: text('password_hash'),
    organizationId: bigint('organization_id', { mode: 'number' }).references(() => organizations.id),
    /** The person's manager (approvals by rule: "the requester's manager"); any role. */
    managerId: bigint('manager_id', { mode: 'number' }).references((): AnyPgColumn => users.id, {
      onDelete: 'set null',
    }),
    active: boolean('active').notNull().default(true),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('users_email_key').on(sql`lower(${t.email})`), index('users_role_idx').on(t.role)],
);

export const teams = pgTable(
  'teams',
  {
    id: id(),
    name: text('name').notNull(),
    tier: text('tier', { enum: ['L1', 'L2', 'L3'] }).notNull(),
    /** The team's lead (approvals by rule: "a team's lead"); a member of staff. */
    leadId: bigint('lead_id', { mode: 'number' }).references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('teams_name_key').on(sql`lower(${t.name})`)],
);

export const teamMembers = pgTable(
  'team_members',
  {
    teamId: bigint('team_id', { mode: 'number' })
      .notNull()
      .references(() => teams.id, { onDelete: 'cascade' }),
    userId: bigint('user_id', { mode: 'number' })
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.teamId, t.userId] }), index('team_members_user_idx').on(t.userId)],
);

/** Server-side sessions; the cookie holds a random secret, the table its SHA-256. */
export const sessions = pgTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    userId: bigint('user_id', { mode: 'number' })
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

/** API tokens for integrations; only the SHA-256 of the token is stored. */
export const apiTokens = pgTable(
  'api_tokens',
  {
    id: id(),
    userId: bigint('user_id', { mode: 'number' })
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    createdAt: createdAt(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [index('api_tokens_user_idx').on(t.userId)],
);

/** Small typed settings documents (the priority matrix, ...). */
export const settings = pgTable('settings', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Wrong passwords per account (the email as typed, lower-cased: an unknown address is
 * counted like a known one), in PostgreSQL so that a lock-out holds on every instance.
 */
export const signInFailures = pgTable(
  'sign_in_failures',
  {
    account: text('account').primaryKey(),
    failures: integer('failures').notNull(),
    windowStartedAt: timestamp('window_started_at', { withTimezone: true }).notNull(),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('sign_in_failures_updated_idx').on(t.updatedAt)],
);

// Read models: views other modules may read (created in migration read_models; see docs/read-models.md).
/** People without their secrets: names for presenters, roles and contact for reports and mail. */
export const identityUsersView = pgView('identity_users_v', {
  id: bigint('id', { mode: 'number' }).notNull(),
  name: text('name').notNull(),
  email: text('email').notNull(),
  role: text('role', { enum: ['requester', 'agent', 'lead', 'quality', 'admin'] }).notNull(),
  locale: text('locale', { enum: ['zh-CN', 'en'] }).notNull(),
  timezone: text('timezone').notNull(),
  organizationId: bigint('organization_id', { mode: 'number' }),
  active: boolean('active').notNull(),
}).existing();

/** Teams: name and tier (L1 < L2 < L3 also in text order). */
export const identityTeamsView = pgView('identity_teams_v', {
  id: bigint('id', { mode: 'number' }).notNull(),
  name: text('name').notNull(),
  tier: text('tier', { enum: ['L1', 'L2', 'L3'] }).notNull(),
}).existing();

/** Organisations: name and whether their requesters see each other's tickets. */
export const identityOrganizationsView = pgView('identity_organizations_v', {
  id: bigint('id', { mode: 'number' }).notNull(),
  name: text('name').notNull(),
  shareTickets: boolean('share_tickets').notNull(),
}).existing();

/** Who is in which team. */
export const identityTeamMembersView = pgView('identity_team_members_v', {
  teamId: bigint('team_id', { mode: 'number' }).notNull(),
  userId: bigint('user_id', { mode: 'number' }).notNull(),
}).existing();
