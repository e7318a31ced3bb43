import { asc, eq } from 'drizzle-orm';
import type { OrganizationDto } from '../../../../contracts/identity.ts';
import { organizations } from '../../db/schema.ts';
import type { Queryable, Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import { diff, recordEvent } from '../audit/index.ts';
import { type Actor, assertCan, isStaff } from './actor.ts';
import { presentOrganization } from './presenter.ts';
import { isUniqueViolation } from './user-queries.ts';

/** Staff see every organisation; a requester sees only their own (or none). */
export async function listOrganizations(options: {
  tx: Queryable;
  actor: Actor;
}): Promise<{ items: OrganizationDto[] }> {
  const { tx, actor } = options;
  if (!isStaff(actor)) {
    if (actor.organizationId === null) return { items: [] };
    const own = await tx.select().from(organizations).where(eq(organizations.id, actor.organizationId));
    return { items: own.map(presentOrganization) };
  }
  const rows = await tx.select().from(organizations).orderBy(asc(organizations.name));
  return { items: rows.map(presentOrganization) };
}

export async function createOrganization(options: {
  tx: Tx;
  actor: Actor;
  input: { name: string; shareTickets: boolean };
}): Promise<OrganizationDto> {
  const { tx, actor, input } = options;
  assertCan(actor, 'organization.manage');
  try {
    const [row] = await tx.insert(organizations).values(input).returning();
    if (!row) throw new Error('insert returned no row');
    await recordEvent(tx, {
      kind: 'organization.created',
      entityType: 'organization',
      entityId: row.id,
      actorId: actor.id,
      data: input,
    });
    return presentOrganization(row);
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError('organization.name_taken', { field: 'name' });
    throw error;
  }
}

export async function updateOrganization(options: {
  tx: Tx;
  actor: Actor;
  organizationId: number;
  input: { name?: string | undefined; shareTickets?: boolean | undefined };
}): Promise<OrganizationDto> {
  const { tx, actor, organizationId, input } = options;
  assertCan(actor, 'organization.manage');
  const [before] = await tx
    .select()
    .from(organizations)
    .where(eq(organizations.id, organizationId))
    .for('update');
  if (!before) throw new AppError('organization.not_found');
  const changes = diff(before, input);
  try {
    // An empty PATCH changes nothing: the organisation as it is.
    const [row] =
      Object.keys(input).length > 0
        ? await tx.update(organizations).set(input).where(eq(organizations.id, organizationId)).returning()
        : [before];
    if (!row) throw new Error('update returned no row');
    await recordEvent(tx, {
      kind: 'organization.updated',
      entityType: 'organization',
      entityId: organizationId,
      actorId: actor.id,
      data: { changes },
    });
    return presentOrganization(row);
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError('organization.name_taken', { field: 'name' });
    throw error;
  }
}
