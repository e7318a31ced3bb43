import { asc, eq } from 'drizzle-orm';
import type { RunbookChoiceDto, RunbookDto } from '../../../../contracts/runbooks.ts';
import { runbooks } from '../../db/schema.ts';
import type { Queryable } from '../../platform/db/database.ts';
import { type Actor, assertCan } from '../identity/index.ts';
import { loadRunbook, presentRunbook } from './runbooks.ts';

/** Administrators see whole definitions (never the secret). */
export async function listRunbooks(options: {
  tx: Queryable;
  actor: Actor;
}): Promise<{ items: RunbookDto[] }> {
  const { tx, actor } = options;
  assertCan(actor, 'settings.manage');
  const rows = await tx.select().from(runbooks).orderBy(asc(runbooks.name), asc(runbooks.id));
  return { items: rows.map(presentRunbook) };
}

/** Agents see the active runbooks they may run on a ticket: names, no targets. */
export async function listRunbookChoices(options: {
  tx: Queryable;
  actor: Actor;
}): Promise<{ items: RunbookChoiceDto[] }> {
  const { tx, actor } = options;
  assertCan(actor, 'ticket.work');
  const rows = await tx
    .select()
    .from(runbooks)
    .where(eq(runbooks.active, true))
    .orderBy(asc(runbooks.name), asc(runbooks.id));
  return {
    items: rows.map((row) => ({
      id: row.id,
      name: row.name,
      description: row.description,
      requiresApproval: row.requiresApproval,
    })),
  };
}

export async function getRunbook(options: {
  tx: Queryable;
  actor: Actor;
  runbookId: number;
}): Promise<RunbookDto> {
  assertCan(options.actor, 'settings.manage');
  return presentRunbook(await loadRunbook(options.tx, options.runbookId));
}
