import { and, eq, sql } from 'drizzle-orm';
import type { ChangeDto, ChangeSummaryDto } from '../../../../contracts/changes.ts';
import type { TicketAssetRef } from '../../../../contracts/tickets.ts';
import { changeAssets, changes, changeTickets } from '../../db/schema.ts';
import type { Tx } from '../../platform/db/database.ts';
import { idArray } from '../../platform/db/id-array.ts';
import { AppError } from '../../platform/http/errors.ts';
import { findConflicts, overlappingFreezes } from './assess.ts';

export type ChangeRow = typeof changes.$inferSelect;

/** The change, locked for the caller's write when asked; 404 when there is none. */
export async function loadChange(tx: Tx, changeId: number, lock = false): Promise<ChangeRow> {
  const query = tx.select().from(changes).where(eq(changes.id, changeId));
  const [row] = lock ? await query.for('update') : await query;
  if (!row) throw new AppError('change.not_found');
  return row;
}

export async function assetIdsOf(tx: Tx, changeId: number): Promise<number[]> {
  const rows = await tx
    .select({ assetId: changeAssets.assetId })
    .from(changeAssets)
    .where(eq(changeAssets.changeId, changeId))
    .orderBy(changeAssets.assetId);
  return rows.map((r) => r.assetId);
}

export async function ticketIdsOf(
  tx: Tx,
  changeId: number,
  relation: 'fixes' | 'caused_by',
): Promise<number[]> {
  const rows = await tx
    .select({ ticketId: changeTickets.ticketId })
    .from(changeTickets)
    .where(and(eq(changeTickets.changeId, changeId), eq(changeTickets.relation, relation)))
    .orderBy(changeTickets.ticketId);
  return rows.map((r) => r.ticketId);
}

/** Replaces the change's assets with these. */
export async function setAssets(tx: Tx, changeId: number, assetIds: readonly number[]): Promise<void> {
  await tx.delete(changeAssets).where(eq(changeAssets.changeId, changeId));
  if (assetIds.length > 0)
    await tx.insert(changeAssets).values([...new Set(assetIds)].map((assetId) => ({ changeId, assetId })));
}

/** Replaces the incidents the change fixes with these. */
export async function setFixedTickets(tx: Tx, changeId: number, ticketIds: readonly number[]): Promise<void> {
  await tx
    .delete(changeTickets)
    .where(and(eq(changeTickets.changeId, changeId), eq(changeTickets.relation, 'fixes')));
  if (ticketIds.length > 0)
    await tx
      .insert(changeTickets)
      .values(
        [...new Set(ticketIds)].map((ticketId) => ({ changeId, ticketId, relation: 'fixes' as const })),
      );
}

/** 400 `change.ticket_not_found` naming the first ticket id that does not exist. */
export async function assertTicketIds(tx: Tx, ids: readonly number[], field: string): Promise<void> {
  if (ids.length === 0) return;
  const found = await tx.execute<{ id: number }>(
    sql`select id from tickets_v where id = any(${idArray(ids)})`,
  );
  const present = new Set(found.rows.map((r) => Number(r.id)));
  const missing = ids.find((id) => !present.has(id));
  if (missing !== undefined)
    throw new AppError('change.ticket_not_found', { field, params: { id: missing } });
}

async function personRef(tx: Tx, id: number | null): Promise<{ id: number; name: string } | null> {
  if (id === null) return null;
  const result = await tx.execute<{ id: number; name: string }>(
    sql`select id, name from identity_users_v where id = ${id}`,
  );
  const row = result.rows[0];
  return row ? { id: Number(row.id), name: row.name } : null;
}

/** The change as the API shows it: its assets, tickets, conflicts and the freezes it is planned in. */
export async function presentChange(tx: Tx, row: ChangeRow): Promise<ChangeDto> {
  const assetIds = await assetIdsOf(tx, row.id);
  const ticketIds = await ticketIdsOf(tx, row.id, 'fixes');
  const causedTicketIds = await ticketIdsOf(tx, row.id, 'caused_by');
  // The incidents it fixes: its own, and those of the problem it fixes (the problems module's read model).
  const tickets = await tx.execute<{ id: number; number: number; subject: string; status: string }>(
    sql`select id, number, subject, status from tickets_v
         where id = any(${idArray(ticketIds)})
            or id in (select ticket_id from problem_tickets_v where problem_id = ${row.problemId ?? 0})
         order by id`,
  );
  // Names for the page: the assets module's and the problems module's read models.
  const assets = await tx.execute<TicketAssetRef>(
    sql`select id, name, type, criticality from assets_v where id = any(${idArray(assetIds)})`,
  );
  const named = new Map(assets.rows.map((a) => [Number(a.id), { ...a, id: Number(a.id) }]));
  const problem = row.problemId
    ? (
        await tx.execute<{ id: number; title: string; status: string }>(
          sql`select id, title, status from problems_v where id = ${row.problemId}`,
        )
      ).rows[0]
    : undefined;
  const active = ['draft', 'submitted', 'approved', 'scheduled', 'implementing'].includes(row.status);
  const conflicts = active
    ? await findConflicts(tx, {
        id: row.id,
        assetIds,
        plannedStart: row.plannedStart,
        plannedEnd: row.plannedEnd,
      })
    : [];
  const freezes = active ? await overlappingFreezes(tx, row.plannedStart, row.plannedEnd) : [];
  return {
    id: row.id,
    type: row.type,
    templateId: row.templateId,
    title: row.title,
    description: row.description,
    impact: row.impact,
    status: row.status,
    risk: row.riskOverride ?? row.computedRisk,
    computedRisk: row.computedRisk,
    riskFactors: row.riskFactors,
    riskOverridden: row.riskOverride !== null,
    riskReason: row.riskReason,
    plannedStart: row.plannedStart.toISOString(),
    plannedEnd: row.plannedEnd.toISOString(),
    implementationPlan: row.implementationPlan,
    rollbackPlan: row.rollbackPlan,
    testPlan: row.testPlan,
    assetIds,
    assets: assetIds.flatMap((id) => named.get(id) ?? []),
    problemId: row.problemId,
    problem: problem ? { ...problem, id: Number(problem.id) } : null,
    ticketIds,
    tickets: tickets.rows.map((t) => ({
      id: Number(t.id),
      number: Number(t.number),
      subject: t.subject,
      status: t.status,
    })),
    causedTicketIds,
    owner: await personRef(tx, row.ownerId),
    approvalId: row.approvalId,
    approvalStage: row.approvalStage,
    approvalMode: row.approvalMode,
    freezeApproverIds: row.freezeApproverIds,
    freezes: freezes.map((f) => ({ id: f.id, name: f.name })),
    conflicts,
    outcome: row.outcome,
    implementationNotes: row.implementationNotes,
    implementedAt: row.implementedAt?.toISOString() ?? null,
    reviewRequired: row.reviewRequired,
    reviewNotes: row.reviewNotes,
    reviewedAt: row.reviewedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** The columns of a list or calendar row (`c` the changes table, `u` the owner in identity_users_v). */
export const SUMMARY_COLUMNS = sql`c.id, c.type, c.title, c.status, coalesce(c.risk_override, c.computed_risk) as risk,
  c.planned_start, c.planned_end, c.review_required, c.owner_id, u.name as owner_name`;

export type SummaryRow = {
  id: number;
  type: ChangeSummaryDto['type'];
  title: string;
  status: ChangeSummaryDto['status'];
  risk: ChangeSummaryDto['risk'];
  planned_start: Date | string;
  planned_end: Date | string;
  review_required: boolean;
  owner_id: number | null;
  owner_name: string | null;
};

export function toSummary(row: SummaryRow): ChangeSummaryDto {
  return {
    id: Number(row.id),
    type: row.type,
    title: row.title,
    status: row.status,
    risk: row.risk,
    plannedStart: new Date(row.planned_start).toISOString(),
    plannedEnd: new Date(row.planned_end).toISOString(),
    reviewRequired: row.review_required,
    owner: row.owner_id === null ? null : { id: Number(row.owner_id), name: row.owner_name ?? '' },
  };
}
