import { asc, eq } from 'drizzle-orm';
import type {
  CreateSatisfactionCallbackInput,
  SatisfactionCallbackDto,
} from '../../../../contracts/surveys.ts';
import { identityUsersView, surveyCallbacks } from '../../db/schema.ts';
import type { Queryable, Tx } from '../../platform/db/database.ts';
import { recordEvent } from '../audit/index.ts';
import { type Actor, assertCan } from '../identity/index.ts';
import { assertTicketVisible } from '../tickets/index.ts';
import { openCsatSurvey, recordCsatAnswer } from './csat-surveys.ts';

type CallbackRow = typeof surveyCallbacks.$inferSelect;

function present(row: CallbackRow, agentName: string): SatisfactionCallbackDto {
  return {
    id: row.id,
    ticketId: row.ticketId,
    agent: { id: row.agentId, name: agentName },
    outcome: row.outcome,
    note: row.note,
    score: row.score,
    createdAt: row.createdAt.toISOString(),
  };
}

/**
 * An agent records a satisfaction call-back (FB-3). When the requester was reached and gave
 * a score, it becomes the ticket's CSAT answer if the ticket has not been rated yet.
 */
export async function recordCallback(options: {
  tx: Tx;
  actor: Actor;
  ticketId: number;
  input: CreateSatisfactionCallbackInput;
  now?: Date;
}): Promise<SatisfactionCallbackDto> {
  const { tx, actor, ticketId, input } = options;
  const now = options.now ?? new Date();
  assertCan(actor, 'ticket.work');
  await assertTicketVisible(tx, actor, ticketId, { forUpdate: true });
  const [row] = await tx
    .insert(surveyCallbacks)
    .values({
      ticketId,
      agentId: actor.id,
      outcome: input.outcome,
      note: input.note?.trim() || null,
      score: input.score ?? null,
      createdAt: now,
    })
    .returning();
  if (!row) throw new Error('insert returned no row');
  let countedAsCsat = false;
  if (input.score !== undefined) {
    const survey = await openCsatSurvey({ tx, ticketId, now, email: false });
    if (!survey.respondedAt) {
      const score = input.score;
      await recordCsatAnswer({
        tx,
        survey,
        input: {
          score,
          dimensions: input.dimensions ?? {
            speed: score,
            attitude: score,
            effectiveness: score,
            overall: score,
          },
          ...(input.comment ? { comment: input.comment } : {}),
        },
        source: 'callback',
        respondedBy: actor.id,
        now,
      });
      countedAsCsat = true;
    }
  }
  await recordEvent(tx, {
    kind: 'survey.callback_recorded',
    entityType: 'survey_callback',
    entityId: row.id,
    ticketId,
    actorId: actor.id,
    at: now,
    data: { outcome: row.outcome, note: row.note, score: row.score, countedAsCsat, internal: true },
  });
  return present(row, actor.name);
}

export async function listCallbacks(options: {
  tx: Queryable;
  actor: Actor;
  ticketId: number;
}): Promise<SatisfactionCallbackDto[]> {
  const { tx, actor, ticketId } = options;
  assertCan(actor, 'ticket.work');
  await assertTicketVisible(tx, actor, ticketId);
  const rows = await tx
    .select({ callback: surveyCallbacks, agentName: identityUsersView.name })
    .from(surveyCallbacks)
    .innerJoin(identityUsersView, eq(identityUsersView.id, surveyCallbacks.agentId))
    .where(eq(surveyCallbacks.ticketId, ticketId))
    .orderBy(asc(surveyCallbacks.createdAt), asc(surveyCallbacks.id));
  return rows.map((r) => present(r.callback, r.agentName));
}
