import { and, desc, eq } from 'drizzle-orm';
import type { ResolutionDto, ResolutionOutcome } from '../../../../contracts/resolution.ts';
import { identityUsersView, resolutionCodes, ticketResolutions } from '../../db/schema.ts';
import type { Queryable } from '../../platform/db/database.ts';
import type { Actor } from '../identity/index.ts';
import { assertTicketVisible } from '../tickets/index.ts';
import { loadResolutionSettings } from './settings.ts';

const DAY_MS = 86_400_000;

type ResolutionRow = typeof ticketResolutions.$inferSelect & {
  labelEn: string;
  labelZh: string;
  resolverName: string;
};

function selectResolutions(tx: Queryable) {
  return tx
    .select({
      resolution: ticketResolutions,
      labelEn: resolutionCodes.labelEn,
      labelZh: resolutionCodes.labelZh,
      resolverName: identityUsersView.name,
    })
    .from(ticketResolutions)
    .innerJoin(resolutionCodes, eq(resolutionCodes.code, ticketResolutions.resolutionCode))
    .innerJoin(identityUsersView, eq(identityUsersView.id, ticketResolutions.resolvedBy));
}

export function presentResolution(
  row: ResolutionRow,
  locale: 'zh-CN' | 'en',
  autoCloseDays: number,
): ResolutionDto {
  return {
    id: row.id,
    ticketId: row.ticketId,
    resolutionCode: row.resolutionCode,
    resolutionLabel: locale === 'zh-CN' ? row.labelZh : row.labelEn,
    rootCause: row.rootCause,
    actions: row.actions,
    prevention: row.prevention,
    firstContact: row.firstContact,
    articleId: row.articleId,
    resolvedBy: { id: row.resolvedBy, name: row.resolverName },
    resolvedAt: row.resolvedAt.toISOString(),
    outcome: row.outcome,
    outcomeAt: row.outcomeAt?.toISOString() ?? null,
    outcomeComment: row.outcomeComment,
    autoCloseAt:
      row.outcome === 'pending'
        ? new Date(row.resolvedAt.getTime() + autoCloseDays * DAY_MS).toISOString()
        : null,
  };
}

/** Every resolution of a ticket, newest first. Requesters see them: they are the report they received. */
export async function listResolutions(options: {
  tx: Queryable;
  actor: Actor;
  ticketId: number;
}): Promise<ResolutionDto[]> {
  const { tx, actor, ticketId } = options;
  await assertTicketVisible(tx, actor, ticketId);
  const settings = await loadResolutionSettings(tx);
  const rows = await selectResolutions(tx)
    .where(eq(ticketResolutions.ticketId, ticketId))
    .orderBy(desc(ticketResolutions.resolvedAt), desc(ticketResolutions.id));
  const locale = actor.locale;
  return rows.map((r) =>
    presentResolution(
      { ...r.resolution, labelEn: r.labelEn, labelZh: r.labelZh, resolverName: r.resolverName },
      locale,
      settings.autoCloseDays,
    ),
  );
}

export async function loadResolution(
  tx: Queryable,
  resolutionId: number,
  locale: 'zh-CN' | 'en',
): Promise<ResolutionDto> {
  const settings = await loadResolutionSettings(tx);
  const [r] = await selectResolutions(tx).where(eq(ticketResolutions.id, resolutionId));
  if (!r) throw new Error(`resolution ${resolutionId} vanished`);
  return presentResolution(
    { ...r.resolution, labelEn: r.labelEn, labelZh: r.labelZh, resolverName: r.resolverName },
    locale,
    settings.autoCloseDays,
  );
}

/** The newest resolution of a ticket, if it still waits for the requester's answer. */
export async function pendingResolutionId(tx: Queryable, ticketId: number): Promise<number | null> {
  const [row] = await tx
    .select({ id: ticketResolutions.id, outcome: ticketResolutions.outcome })
    .from(ticketResolutions)
    .where(eq(ticketResolutions.ticketId, ticketId))
    .orderBy(desc(ticketResolutions.resolvedAt), desc(ticketResolutions.id))
    .limit(1);
  return row && row.outcome === 'pending' ? row.id : null;
}

/** Records how a pending resolution ended; a resolution already answered is left as it is. */
export async function settleResolution(
  tx: Queryable,
  ticketId: number,
  outcome: Exclude<ResolutionOutcome, 'pending'>,
  options: { at: Date; by: number | null; comment?: string | null },
): Promise<number | null> {
  const id = await pendingResolutionId(tx, ticketId);
  if (id === null) return null;
  await tx
    .update(ticketResolutions)
    .set({ outcome, outcomeAt: options.at, outcomeBy: options.by, outcomeComment: options.comment ?? null })
    .where(and(eq(ticketResolutions.id, id), eq(ticketResolutions.outcome, 'pending')));
  return id;
}

/** For the survey page: the newest resolution of a ticket, whatever its outcome. */
export async function latestResolution(
  tx: Queryable,
  ticketId: number,
  locale: 'zh-CN' | 'en',
): Promise<ResolutionDto | null> {
  const [row] = await tx
    .select({ id: ticketResolutions.id })
    .from(ticketResolutions)
    .where(eq(ticketResolutions.ticketId, ticketId))
    .orderBy(desc(ticketResolutions.resolvedAt), desc(ticketResolutions.id))
    .limit(1);
  return row ? loadResolution(tx, row.id, locale) : null;
}
