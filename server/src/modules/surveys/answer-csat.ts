import { eq } from 'drizzle-orm';
import type { CsatAnswerInput, CsatResultDto, CsatSurveyView } from '../../../../contracts/surveys.ts';
import { csatSurveys } from '../../db/schema.ts';
import type { Queryable, Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import { type Actor, findUserByEmail, SYSTEM_READER } from '../identity/index.ts';
import { latestResolution } from '../resolution/index.ts';
import { assertTicketVisible, getTicket } from '../tickets/index.ts';
import { type CsatSurveyRow, presentCsat, recordCsatAnswer, surveyOfTicket } from './csat-surveys.ts';
import { surveySecret, verifySignedToken } from './token.ts';

/** The survey a link points to; a bad, expired or used link is a clear 4xx. */
async function surveyByToken(tx: Queryable, token: string, now: Date, lock: boolean): Promise<CsatSurveyRow> {
  const check = verifySignedToken(await surveySecret(tx), 'csat', token, now);
  if (!check.ok) throw new AppError(check.reason === 'expired' ? 'survey.expired' : 'survey.invalid_token');
  const query = tx.select().from(csatSurveys).where(eq(csatSurveys.tokenHash, check.hash));
  const [survey] = lock ? await query.for('update') : await query;
  if (!survey) throw new AppError('survey.invalid_token');
  if (survey.respondedAt) throw new AppError('survey.already_answered');
  if (survey.expiresAt.getTime() <= now.getTime()) throw new AppError('survey.expired');
  return survey;
}

/** GET /surveys/csat/:token (no login): the ticket in short, to rate. */
export async function viewCsatSurvey(options: {
  tx: Tx;
  token: string;
  now?: Date;
}): Promise<CsatSurveyView> {
  const { tx, token } = options;
  const survey = await surveyByToken(tx, token, options.now ?? new Date(), false);
  const ticket = await getTicket({ tx, actor: SYSTEM_READER, ticketId: survey.ticketId });
  const requester = await findUserByEmail(tx, ticket.requester.email);
  const locale = requester?.locale ?? 'zh-CN';
  const resolution = await latestResolution(tx, survey.ticketId, locale);
  return {
    ticket: {
      number: ticket.number,
      subject: ticket.subject,
      closedAt: ticket.closedAt,
      assigneeName: ticket.assignee?.name ?? null,
    },
    resolution: resolution && {
      resolutionLabel: resolution.resolutionLabel,
      rootCause: resolution.rootCause,
      actions: resolution.actions,
      prevention: resolution.prevention,
    },
    requesterName: ticket.requester.name,
    locale,
    expiresAt: survey.expiresAt.toISOString(),
  };
}

/** POST /surveys/csat/:token (no login): the answer, once. */
export async function answerCsatByToken(options: {
  tx: Tx;
  token: string;
  input: CsatAnswerInput;
  now?: Date;
}): Promise<CsatResultDto> {
  const { tx, token, input } = options;
  const now = options.now ?? new Date();
  const survey = await surveyByToken(tx, token, now, true);
  const answered = await recordCsatAnswer({
    tx,
    survey,
    input,
    source: 'email_link',
    respondedBy: survey.requesterId,
    now,
  });
  return presentCsat(survey.ticketId, answered);
}

/** GET /tickets/:id/csat: the rating of a ticket, for its requester and for staff. */
export async function getTicketCsat(options: {
  tx: Queryable;
  actor: Actor;
  ticketId: number;
}): Promise<CsatResultDto> {
  const { tx, actor, ticketId } = options;
  await assertTicketVisible(tx, actor, ticketId);
  return presentCsat(ticketId, await surveyOfTicket(tx, ticketId));
}

/** POST /tickets/:id/csat: the requester rates in the portal, signed in (FB-3). */
export async function answerCsatInPortal(options: {
  tx: Tx;
  actor: Actor;
  ticketId: number;
  input: CsatAnswerInput;
  now?: Date;
}): Promise<CsatResultDto> {
  const { tx, actor, ticketId, input } = options;
  const now = options.now ?? new Date();
  const ticket = await assertTicketVisible(tx, actor, ticketId, { forUpdate: true });
  if (ticket.requesterId !== actor.id) throw new AppError('survey.not_requester');
  const survey = await surveyOfTicket(tx, ticketId);
  if (!survey) throw new AppError('survey.not_available');
  if (survey.respondedAt) throw new AppError('survey.already_answered');
  const answered = await recordCsatAnswer({
    tx,
    survey,
    input,
    source: 'portal',
    respondedBy: actor.id,
    now,
  });
  return presentCsat(ticketId, answered);
}
