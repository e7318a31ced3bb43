import { and, desc, eq, isNull, lt, or, type SQL, sql } from 'drizzle-orm';
import type { NotificationDto, NotificationPage } from '../../../../contracts/notifications.ts';
import { notifications } from '../../db/schema.ts';
import type { Queryable, Tx } from '../../platform/db/database.ts';
import { publish } from '../../platform/events/events.ts';
import { decodeCursor, encodeCursor } from '../../platform/http/cursor.ts';
import { AppError } from '../../platform/http/errors.ts';
import type { Actor } from '../identity/index.ts';

type Row = typeof notifications.$inferSelect;

function present(row: Row): NotificationDto {
  return {
    id: row.id,
    event: row.event,
    title: row.title,
    body: row.body,
    ticketId: row.ticketId,
    data: row.data,
    readAt: row.readAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

export async function unreadCount(tx: Queryable, userId: number): Promise<number> {
  const result = await tx.execute<{ n: number }>(
    sql`select count(*)::int as n from notifications where user_id = ${userId} and read_at is null`,
  );
  return Number(result.rows[0]?.n ?? 0);
}

/** The caller's own notifications, newest first, with the unread count for the bell. */
export async function listNotifications(options: {
  tx: Queryable;
  actor: Actor;
  query: { unread?: 'true' | 'false'; cursor?: string; limit: number };
}): Promise<NotificationPage> {
  const { tx, actor, query } = options;
  let after: SQL | undefined;
  if (query.cursor) {
    const [at, id] = decodeCursor(query.cursor, ['string', 'number']) as [string, number];
    const when = new Date(at);
    after = or(
      lt(notifications.createdAt, when),
      and(eq(notifications.createdAt, when), lt(notifications.id, id)),
    );
  }
  const rows = await tx
    .select()
    .from(notifications)
    .where(
      and(
        eq(notifications.userId, actor.id),
        query.unread === 'true' ? isNull(notifications.readAt) : undefined,
        after,
      ),
    )
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    items: page.map(present),
    nextCursor:
      rows.length > query.limit && last ? encodeCursor([last.createdAt.toISOString(), last.id]) : null,
    unreadCount: await unreadCount(tx, actor.id),
  };
}

/** Marks one of the caller's notifications read; other people's do not exist for them. */
export async function markRead(options: {
  tx: Tx;
  actor: Actor;
  notificationId: number;
}): Promise<NotificationDto> {
  const { tx, actor, notificationId } = options;
  const [row] = await tx
    .update(notifications)
    .set({ readAt: sql`coalesce(${notifications.readAt}, now())` })
    .where(and(eq(notifications.id, notificationId), eq(notifications.userId, actor.id)))
    .returning();
  if (!row) throw new AppError('notifications.not_found');
  await publish(tx, { type: 'notification.read', userIds: [actor.id], data: { ids: [row.id] } });
  return present(row);
}

export async function markAllRead(options: { tx: Tx; actor: Actor }): Promise<{ unreadCount: number }> {
  const { tx, actor } = options;
  await tx
    .update(notifications)
    .set({ readAt: sql`now()` })
    .where(and(eq(notifications.userId, actor.id), isNull(notifications.readAt)));
  await publish(tx, { type: 'notification.read', userIds: [actor.id], data: { all: true } });
  return { unreadCount: 0 };
}
