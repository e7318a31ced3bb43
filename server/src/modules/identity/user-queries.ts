import { eq, inArray, sql } from 'drizzle-orm';
import type { UserDto } from '../../../../contracts/identity.ts';
import { teamMembers, users } from '../../db/schema.ts';
import type { Queryable } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import { presentUser } from './presenter.ts';

export async function findUserByEmail(tx: Queryable, email: string) {
  const [row] = await tx.select().from(users).where(sql`lower(${users.email}) = lower(${email})`);
  return row ?? null;
}

/** The users of several addresses at once (case-insensitive), keyed by the lower-cased address. */
export async function findUsersByEmails(tx: Queryable, emails: readonly string[]) {
  const map = new Map<string, typeof users.$inferSelect>();
  if (emails.length === 0) return map;
  const lower = [...new Set(emails.map((e) => e.toLowerCase()))];
  const rows = await tx
    .select()
    .from(users)
    .where(sql`lower(${users.email}) = any(${sql.param(lower)}::text[])`);
  for (const row of rows) map.set(row.email.toLowerCase(), row);
  return map;
}

export async function findUserById(tx: Queryable, id: number) {
  const [row] = await tx.select().from(users).where(eq(users.id, id));
  return row ?? null;
}

export async function teamIdsByUser(tx: Queryable, userIds: number[]): Promise<Map<number, number[]>> {
  const map = new Map<number, number[]>();
  if (userIds.length === 0) return map;
  const rows = await tx.select().from(teamMembers).where(inArray(teamMembers.userId, userIds));
  for (const row of rows) map.set(row.userId, [...(map.get(row.userId) ?? []), row.teamId]);
  return map;
}

export async function loadUserDto(tx: Queryable, id: number): Promise<UserDto> {
  const [row] = await tx.select().from(users).where(eq(users.id, id));
  if (!row) throw new AppError('user.not_found');
  const teams = await teamIdsByUser(tx, [id]);
  return presentUser(row, teams.get(id) ?? []);
}

/** Postgres' unique_violation, so a race on a unique key becomes a clear 409. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const cause = (error as { cause?: unknown })?.cause ?? error;
  const pgError = cause as { code?: string; constraint?: string };
  return pgError?.code === '23505' && (!constraint || pgError.constraint === constraint);
}
