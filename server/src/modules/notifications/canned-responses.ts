import { and, asc, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import type { CannedResponseDto } from '../../../../contracts/channels.ts';
import { cannedResponses } from '../../db/schema.ts';
import type { Queryable, Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import { recordEvent } from '../audit/index.ts';
import { type Actor, assertCan, can, findUserByEmail } from '../identity/index.ts';
import { getTicket } from '../tickets/index.ts';
import { renderText, templateVariables } from './template-render.ts';

type Row = typeof cannedResponses.$inferSelect;

function present(row: Row): CannedResponseDto {
  return {
    id: row.id,
    title: row.title,
    body: row.body,
    locale: row.locale,
    teamId: row.teamId,
    ownerId: row.ownerId,
    variables: templateVariables(row.body),
    updatedAt: row.updatedAt.toISOString(),
  };
}

async function teamIds(tx: Queryable, userId: number): Promise<number[]> {
  const result = await tx.execute<{ team_id: number }>(
    sql`select team_id from identity_team_members_v where user_id = ${userId}`,
  );
  return result.rows.map((r) => Number(r.team_id));
}

/** What an agent may use: their own, and those shared with a team they belong to (admins: all). */
async function visible(tx: Queryable, actor: Actor) {
  if (can(actor, 'settings.manage')) return undefined;
  const teams = await teamIds(tx, actor.id);
  return or(
    and(isNull(cannedResponses.teamId), eq(cannedResponses.ownerId, actor.id)),
    teams.length ? inArray(cannedResponses.teamId, teams) : sql`false`,
  );
}

async function assertTeam(tx: Queryable, actor: Actor, teamId: number | null | undefined) {
  if (!teamId || can(actor, 'settings.manage')) return;
  if (!(await teamIds(tx, actor.id)).includes(teamId))
    throw new AppError('auth.forbidden', { field: 'teamId' });
}

/**
 * The canned responses an agent may use; for a ticket, those in its requester's language first,
 * then those for any language, then the rest (still there, for a requester who asks otherwise).
 */
export async function listCannedResponses(options: {
  tx: Queryable;
  actor: Actor;
  ticketId?: number | undefined;
}): Promise<CannedResponseDto[]> {
  const { tx, actor, ticketId } = options;
  assertCan(actor, 'ticket.work');
  const rows = await tx
    .select()
    .from(cannedResponses)
    .where(await visible(tx, actor))
    .orderBy(asc(cannedResponses.title));
  if (ticketId === undefined) return rows.map(present);
  const ticket = await getTicket({ tx, actor, ticketId });
  const language = (await findUserByEmail(tx, ticket.requester.email))?.locale ?? null;
  const rank = (row: Row) => (row.locale === language ? 0 : row.locale === null ? 1 : 2);
  return rows.sort((a, b) => rank(a) - rank(b)).map(present);
}

async function loadVisible(tx: Queryable, actor: Actor, id: number): Promise<Row> {
  assertCan(actor, 'ticket.work');
  const [row] = await tx
    .select()
    .from(cannedResponses)
    .where(and(eq(cannedResponses.id, id), await visible(tx, actor)));
  if (!row) throw new AppError('channels.canned_not_found');
  return row;
}

export async function createCannedResponse(options: {
  tx: Tx;
  actor: Actor;
  input: {
    title: string;
    body: string;
    locale?: 'zh-CN' | 'en' | null | undefined;
    teamId?: number | null | undefined;
  };
}): Promise<CannedResponseDto> {
  const { tx, actor, input } = options;
  assertCan(actor, 'ticket.work');
  await assertTeam(tx, actor, input.teamId);
  const [row] = await tx
    .insert(cannedResponses)
    .values({
      title: input.title,
      body: input.body,
      locale: input.locale ?? null,
      teamId: input.teamId ?? null,
      ownerId: actor.id,
    })
    .returning();
  if (!row) throw new Error('insert returned no row');
  await recordEvent(tx, {
    kind: 'canned.created',
    entityType: 'canned_response',
    entityId: row.id,
    actorId: actor.id,
  });
  return present(row);
}

export async function updateCannedResponse(options: {
  tx: Tx;
  actor: Actor;
  id: number;
  input: {
    title?: string | undefined;
    body?: string | undefined;
    locale?: 'zh-CN' | 'en' | null | undefined;
    teamId?: number | null | undefined;
  };
}): Promise<CannedResponseDto> {
  const { tx, actor, id, input } = options;
  const before = await loadVisible(tx, actor, id);
  if (before.ownerId !== actor.id && !can(actor, 'ticket.assign')) throw new AppError('auth.forbidden');
  if (input.teamId !== undefined) await assertTeam(tx, actor, input.teamId);
  const [row] = await tx
    .update(cannedResponses)
    .set({
      ...(input.title !== undefined ? { title: input.title } : {}),
      ...(input.body !== undefined ? { body: input.body } : {}),
      ...(input.locale !== undefined ? { locale: input.locale } : {}),
      ...(input.teamId !== undefined ? { teamId: input.teamId } : {}),
      updatedAt: new Date(),
    })
    .where(eq(cannedResponses.id, id))
    .returning();
  if (!row) throw new AppError('channels.canned_not_found');
  await recordEvent(tx, {
    kind: 'canned.updated',
    entityType: 'canned_response',
    entityId: id,
    actorId: actor.id,
  });
  return present(row);
}

export async function deleteCannedResponse(options: { tx: Tx; actor: Actor; id: number }): Promise<void> {
  const { tx, actor, id } = options;
  const before = await loadVisible(tx, actor, id);
  if (before.ownerId !== actor.id && !can(actor, 'ticket.assign')) throw new AppError('auth.forbidden');
  await tx.delete(cannedResponses).where(eq(cannedResponses.id, id));
  await recordEvent(tx, {
    kind: 'canned.deleted',
    entityType: 'canned_response',
    entityId: id,
    actorId: actor.id,
  });
}

/** Fills a canned response's variables for a ticket: {{ticket.number}}, {{requester.name}}, {{agent.name}} ... */
export async function renderCannedResponse(options: {
  tx: Queryable;
  actor: Actor;
  id: number;
  ticketId: number;
}): Promise<{ body: string }> {
  const { tx, actor, id, ticketId } = options;
  const row = await loadVisible(tx, actor, id);
  const ticket = await getTicket({ tx, actor, ticketId });
  return {
    body: renderText(row.body, {
      ticket,
      requester: ticket.requester,
      agent: { name: actor.name, email: actor.email },
      assignee: ticket.assignee ?? { name: '' },
    }),
  };
}
