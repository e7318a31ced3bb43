import { eq, inArray, sql } from 'drizzle-orm';
import type { RunbookDto, RunbookRunDto } from '../../../../contracts/runbooks.ts';
import { runbookRuns, runbooks } from '../../db/schema.ts';
import type { Queryable } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';

export type RunbookRow = typeof runbooks.$inferSelect;
export type RunRow = typeof runbookRuns.$inferSelect;

export function presentRunbook(row: RunbookRow): RunbookDto {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    url: row.url,
    method: row.method as RunbookDto['method'],
    headers: row.headers,
    bodyFormat: row.bodyFormat,
    bodyTemplate: row.bodyTemplate,
    timeoutSeconds: row.timeoutSeconds,
    maxAttempts: row.maxAttempts,
    success: row.success,
    requiresApproval: row.requiresApproval,
    approverIds: row.approverIds,
    approverRules: row.approverRules,
    approvalMode: row.approvalMode,
    active: row.active,
    secretSet: row.secret.length > 0,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export async function loadRunbook(
  tx: Queryable,
  id: number,
  options: { forUpdate?: boolean } = {},
): Promise<RunbookRow> {
  const query = tx.select().from(runbooks).where(eq(runbooks.id, id));
  const [row] = options.forUpdate ? await query.for('update') : await query;
  if (!row) throw new AppError('runbook.not_found');
  return row;
}

/** Approvers must be active staff (an approval nobody can give would wait for ever). */
export async function assertApprovers(tx: Queryable, ids: readonly number[]): Promise<void> {
  if (ids.length === 0) return;
  const found = await tx.execute<{ id: number }>(
    sql`select id from identity_users_v
         where id = any(${sql.param([...ids])}::bigint[]) and active and role <> 'requester'`,
  );
  const staff = new Set(found.rows.map((row) => Number(row.id)));
  const missing = ids.find((id) => !staff.has(id));
  if (missing !== undefined)
    throw new AppError('runbook.approver_invalid', { field: 'approverIds', params: { id: missing } });
}

export async function presentRuns(tx: Queryable, rows: readonly RunRow[]): Promise<RunbookRunDto[]> {
  const userIds = [...new Set(rows.map((row) => row.requestedBy).filter((id): id is number => id !== null))];
  const names = new Map<number, string>();
  if (userIds.length > 0) {
    const found = await tx.execute<{ id: number; name: string }>(
      sql`select id, name from identity_users_v where id = any(${sql.param(userIds)}::bigint[])`,
    );
    for (const row of found.rows) names.set(Number(row.id), row.name);
  }
  return rows.map((row) => ({
    id: row.id,
    ticketId: row.ticketId,
    runbookId: row.runbookId,
    runbookName: row.runbookName,
    status: row.status,
    approvalId: row.approvalId,
    requestedBy:
      row.requestedBy === null ? null : { id: row.requestedBy, name: names.get(row.requestedBy) ?? '' },
    attempts: row.attempts,
    maxAttempts: row.maxAttempts,
    responseStatus: row.responseStatus,
    durationMs: row.durationMs,
    output: row.output,
    error: row.error,
    failure: row.failure ?? null,
    nextAttemptAt: row.nextAttemptAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
  }));
}

export async function loadRuns(tx: Queryable, ids: readonly number[]): Promise<RunRow[]> {
  if (ids.length === 0) return [];
  return tx
    .select()
    .from(runbookRuns)
    .where(inArray(runbookRuns.id, [...ids]));
}
