import { createHash } from 'node:crypto';
import { and, desc, eq, sql } from 'drizzle-orm';
import type { ImContactDto, ImPlatform, LinkImContactInput } from '../../../../../contracts/channels.ts';
import { identityUsersView, imContacts } from '../../../db/schema.ts';
import type { Queryable, Tx } from '../../../platform/db/database.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { recordEvent } from '../../audit/index.ts';
import { type Actor, assertCan, createUser, findUserById } from '../../identity/index.ts';

const contactColumns = {
  id: imContacts.id,
  platform: imContacts.platform,
  externalUserId: imContacts.externalUserId,
  name: imContacts.name,
  linked: imContacts.linked,
  createdAt: imContacts.createdAt,
  userId: identityUsersView.id,
  userName: identityUsersView.name,
  userEmail: identityUsersView.email,
};
type ContactRow = {
  id: number;
  platform: ImPlatform;
  externalUserId: string;
  name: string;
  linked: boolean;
  createdAt: Date;
  userId: number;
  userName: string;
  userEmail: string;
};

function presentContact(row: ContactRow): ImContactDto {
  return {
    id: row.id,
    platform: row.platform,
    externalUserId: row.externalUserId,
    name: row.name,
    user: { id: row.userId, name: row.userName, email: row.userEmail },
    linked: row.linked,
    createdAt: row.createdAt.toISOString(),
  };
}

/**
 * The address of the requester the desk makes for an unknown platform user: not a mailbox
 * (`.invalid` is reserved, RFC 2606), stable for one platform user id.
 */
export function contactEmail(platform: ImPlatform, externalUserId: string): string {
  const digest = createHash('sha256').update(`${platform}:${externalUserId}`).digest('hex').slice(0, 24);
  return `im-${platform}-${digest}@im-contacts.invalid`;
}

/**
 * The person behind a platform user id: the person it is linked to, else a requester the desk
 * makes (an IM contact an agent can link later). Null when that person is deactivated.
 */
export async function resolveImContact(
  tx: Tx,
  platform: ImPlatform,
  externalUserId: string,
  name: string,
): Promise<{ contactId: number; actor: Actor } | null> {
  await tx.execute(
    sql`select pg_advisory_xact_lock(hashtext(${`im-contact:${platform}:${externalUserId}`}))`,
  );
  const [found] = await tx
    .select({ id: imContacts.id, userId: imContacts.userId })
    .from(imContacts)
    .where(and(eq(imContacts.platform, platform), eq(imContacts.externalUserId, externalUserId)));
  let contact = found;
  if (!contact) {
    const user = await createUser({
      tx,
      actor: null,
      input: {
        email: contactEmail(platform, externalUserId),
        name: name.trim().slice(0, 120) || externalUserId.slice(0, 120),
        role: 'requester',
        locale: 'zh-CN',
      },
    });
    const [inserted] = await tx
      .insert(imContacts)
      .values({ platform, externalUserId, name: name.slice(0, 200), userId: user.id, linked: false })
      .returning({ id: imContacts.id, userId: imContacts.userId });
    if (!inserted) throw new Error('insert returned no row');
    contact = inserted;
  }
  const user = await findUserById(tx, contact.userId);
  if (!user?.active) return null;
  return {
    contactId: contact.id,
    actor: {
      id: user.id,
      role: user.role,
      name: user.name,
      email: user.email,
      locale: user.locale,
      organizationId: user.organizationId,
    },
  };
}

export async function listImContacts(options: {
  tx: Queryable;
  actor: Actor;
  query: { userId?: number | undefined; linked?: 'true' | 'false' | undefined };
}): Promise<ImContactDto[]> {
  const { tx, actor, query } = options;
  assertCan(actor, 'ticket.work');
  const conditions = [
    ...(query.userId ? [eq(imContacts.userId, query.userId)] : []),
    ...(query.linked ? [eq(imContacts.linked, query.linked === 'true')] : []),
  ];
  const rows = await tx
    .select(contactColumns)
    .from(imContacts)
    .innerJoin(identityUsersView, eq(identityUsersView.id, imContacts.userId))
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(desc(imContacts.id))
    .limit(500);
  return rows.map(presentContact);
}

/**
 * Files a platform user id under a person: an administrator setting a person's platform id, or
 * an agent linking a contact the desk made. Later messages from that id open or add to the
 * person's tickets.
 */
export async function linkImContact(options: {
  tx: Tx;
  actor: Actor;
  input: LinkImContactInput;
}): Promise<ImContactDto> {
  const { tx, actor, input } = options;
  assertCan(actor, 'ticket.work');
  const user = await findUserById(tx, input.userId);
  if (!user?.active) throw new AppError('channels.im_contact_user_invalid', { field: 'userId' });
  const [row] = await tx
    .insert(imContacts)
    .values({
      platform: input.platform,
      externalUserId: input.externalUserId,
      name: user.name,
      userId: user.id,
      linked: true,
    })
    .onConflictDoUpdate({
      target: [imContacts.platform, imContacts.externalUserId],
      set: { userId: user.id, linked: true },
    })
    .returning({ id: imContacts.id });
  if (!row) throw new Error('upsert returned no row');
  await recordEvent(tx, {
    kind: 'im_contact.linked',
    entityType: 'user',
    entityId: user.id,
    actorId: actor.id,
    data: { platform: input.platform, externalUserId: input.externalUserId },
  });
  const [dto] = await tx
    .select(contactColumns)
    .from(imContacts)
    .innerJoin(identityUsersView, eq(identityUsersView.id, imContacts.userId))
    .where(eq(imContacts.id, row.id));
  if (!dto) throw new AppError('channels.im_contact_not_found');
  return presentContact(dto);
}

export async function unlinkImContact(options: { tx: Tx; actor: Actor; contactId: number }): Promise<void> {
  const { tx, actor, contactId } = options;
  assertCan(actor, 'ticket.work');
  const [row] = await tx
    .delete(imContacts)
    .where(eq(imContacts.id, contactId))
    .returning({ userId: imContacts.userId, platform: imContacts.platform });
  if (!row) throw new AppError('channels.im_contact_not_found');
  await recordEvent(tx, {
    kind: 'im_contact.unlinked',
    entityType: 'user',
    entityId: row.userId,
    actorId: actor.id,
    data: { platform: row.platform },
  });
}
