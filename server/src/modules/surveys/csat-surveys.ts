import { and, eq, isNull } from 'drizzle-orm';
import type { CsatAnswerInput, CsatResultDto } from '../../../../contracts/surveys.ts';
import { csatSurveys, qualityFollowups } from '../../db/schema.ts';
import type { Queryable, Tx } from '../../platform/db/database.ts';
import { publish } from '../../platform/events/events.ts';
import { AppError } from '../../platform/http/errors.ts';
import { recordEvent } from '../audit/index.ts';
import { findUserByEmail, SYSTEM_READER } from '../identity/index.ts';
import { loadResolutionSettings } from '../resolution/index.ts';
import { getTicket } from '../tickets/index.ts';
import { publicLink, queueEmail } from './outgoing-mail.ts';
import { renderCsatInvitation } from './survey-mail.ts';
import { createSignedToken, surveySecret } from './token.ts';

const DAY_MS = 86_400_000;

/** Told of every CSAT answer, in its transaction (the reports mark the ticket's days). */
export type CsatAnswerHook = (tx: Tx, ticketId: number) => Promise<void>;
const answerHooks: CsatAnswerHook[] = [];
export function onCsatAnswered(hook: CsatAnswerHook): void {
  if (!answerHooks.includes(hook)) answerHooks.push(hook);
}
export type CsatSurveyRow = typeof csatSurveys.$inferSelect;
export type CsatSource = 'email_link' | 'portal' | 'callback';

/**
 * Opens the satisfaction survey of a ticket that has just closed (FB-1) and emails the
 * requester a signed, single-use, expiring link (FB-3). A ticket has one survey; a second
 * call changes nothing. `email: false` opens it without mail (an agent's call-back).
 */
export async function openCsatSurvey(options: {
  tx: Tx;
  ticketId: number;
  now: Date;
  email?: boolean;
}): Promise<CsatSurveyRow> {
  const { tx, ticketId, now } = options;
  const [existing] = await tx.select().from(csatSurveys).where(eq(csatSurveys.ticketId, ticketId));
  if (existing) return existing;
  const ticket = await getTicket({ tx, actor: SYSTEM_READER, ticketId });
  const settings = await loadResolutionSettings(tx);
  const expiresAt = new Date(now.getTime() + settings.surveyLinkDays * DAY_MS);
  const { token, hash } = createSignedToken(await surveySecret(tx), 'csat', expiresAt);
  const [survey] = await tx
    .insert(csatSurveys)
    .values({ ticketId, requesterId: ticket.requester.id, tokenHash: hash, expiresAt, createdAt: now })
    .onConflictDoNothing()
    .returning();
  if (!survey) {
    const [raced] = await tx.select().from(csatSurveys).where(eq(csatSurveys.ticketId, ticketId));
    if (!raced) throw new Error('survey vanished');
    return raced;
  }
  if (options.email !== false) {
    const requester = await findUserByEmail(tx, ticket.requester.email);
    const locale = requester?.locale ?? 'zh-CN';
    const mail = await renderCsatInvitation(tx, {
      locale,
      timeZone: requester?.timezone ?? settings.reportTimezone,
      requesterName: ticket.requester.name,
      ticketNumber: ticket.number,
      ticketSubject: ticket.subject,
      url: publicLink(`/survey/${token}`),
      expiresAt,
    });
    await queueEmail(tx, {
      to: ticket.requester.email,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      ticketId,
      kind: 'csat.survey',
      locale,
    });
  }
  return survey;
}

/**
 * Records an answer once (the update only matches an unanswered survey, so two answers at
 * the same moment cannot both land). A low score opens a follow-up for the quality manager.
 */
export async function recordCsatAnswer(options: {
  tx: Tx;
  survey: CsatSurveyRow;
  input: CsatAnswerInput;
  source: CsatSource;
  respondedBy: number | null;
  now: Date;
}): Promise<CsatSurveyRow> {
  const { tx, survey, input, source, respondedBy, now } = options;
  const comment = input.comment?.trim() || null;
  const [answered] = await tx
    .update(csatSurveys)
    .set({
      respondedAt: now,
      source,
      respondedBy,
      score: input.score,
      speed: input.dimensions.speed,
      attitude: input.dimensions.attitude,
      effectiveness: input.dimensions.effectiveness,
      overall: input.dimensions.overall,
      comment,
    })
    .where(and(eq(csatSurveys.id, survey.id), isNull(csatSurveys.respondedAt)))
    .returning();
  if (!answered) throw new AppError('survey.already_answered');
  await recordEvent(tx, {
    kind: 'survey.csat_answered',
    entityType: 'csat_survey',
    entityId: survey.id,
    ticketId: survey.ticketId,
    actorId: respondedBy,
    at: now,
    data: { score: input.score, dimensions: input.dimensions, comment, source },
  });
  const settings = await loadResolutionSettings(tx);
  if (input.score <= settings.lowScoreThreshold) {
    const [followup] = await tx
      .insert(qualityFollowups)
      .values({
        ticketId: survey.ticketId,
        surveyId: survey.id,
        reason: 'low_csat',
        score: input.score,
        comment,
        createdAt: now,
      })
      .onConflictDoNothing()
      .returning({ id: qualityFollowups.id });
    if (followup) {
      await recordEvent(tx, {
        kind: 'survey.followup_opened',
        entityType: 'quality_followup',
        entityId: followup.id,
        ticketId: survey.ticketId,
        actorId: null,
        at: now,
        data: { followupId: followup.id, score: input.score, internal: true },
      });
      await publish(tx, {
        type: 'quality.followup_opened',
        ticketId: survey.ticketId,
        data: { followupId: followup.id, score: input.score },
      });
    }
  }
  for (const hook of answerHooks) await hook(tx, survey.ticketId);
  return answered;
}

export function presentCsat(ticketId: number, survey: CsatSurveyRow | undefined): CsatResultDto {
  if (!survey?.respondedAt) {
    return {
      ticketId,
      score: null,
      dimensions: null,
      comment: null,
      source: null,
      respondedAt: null,
      pending: Boolean(survey),
    };
  }
  return {
    ticketId,
    score: survey.score,
    dimensions: {
      speed: survey.speed,
      attitude: survey.attitude,
      effectiveness: survey.effectiveness,
      overall: survey.overall,
    },
    comment: survey.comment,
    source: survey.source,
    respondedAt: survey.respondedAt.toISOString(),
    pending: false,
  };
}

export async function surveyOfTicket(tx: Queryable, ticketId: number): Promise<CsatSurveyRow | undefined> {
  const [row] = await tx.select().from(csatSurveys).where(eq(csatSurveys.ticketId, ticketId));
  return row;
}
