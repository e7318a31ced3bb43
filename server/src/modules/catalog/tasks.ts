import { asc, eq } from 'drizzle-orm';
import type { FulfilmentTaskDto } from '../../../../contracts/catalog.ts';
import { catalogTasks } from '../../db/schema.ts';
import type { Queryable } from '../../platform/db/database.ts';
import { teamNames } from '../identity/index.ts';

/** The fulfilment tasks of a ticket, in order, with their team's name. */
export async function listTasks(db: Queryable, ticketId: number): Promise<FulfilmentTaskDto[]> {
  const rows = await db
    .select()
    .from(catalogTasks)
    .where(eq(catalogTasks.ticketId, ticketId))
    .orderBy(asc(catalogTasks.position), asc(catalogTasks.id));
  const names = await teamNames(db, [...new Set(rows.map((r) => r.teamId))]);
  return rows.map((row) => ({
    id: row.id,
    ticketId: row.ticketId,
    position: row.position,
    title: row.title,
    teamId: row.teamId,
    teamName: names.get(row.teamId) ?? null,
    status: row.status,
    doneById: row.doneBy,
    doneAt: row.doneAt?.toISOString() ?? null,
  }));
}
