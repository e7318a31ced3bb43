import { and, desc, eq, gt, isNull } from 'drizzle-orm';
import type { NpsAnswerInput, NpsSurveyView } from '../../../../contracts/surveys.ts';
import { npsCampaigns, npsInvitations } from '../../db/schema.ts';
import type { Queryable, Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import { recordEvent } from '../audit/index.ts';
import { type Actor, findPerson } from '../identity/index.ts';
import { surveySecret, verifySignedToken } from './token.ts';

type Invitation = {
  invitation: typeof npsInvitations.$inferSelect;
  campaign: typeof npsCampaigns.$inferSelect;
};

function selectInvitation(tx: Queryable) {
  return tx
    .select({ invitation: npsInvitations, campaign: npsCampaigns })
    .from(npsInvitations)
    .innerJoin(npsCampaigns, eq(npsCampaigns.id, npsInvitations.campaignId));
}

function assertAnswerable(found: Invitation | undefined, now: Date): Invitation {
  if (!found) throw new AppError('survey.invalid_token');
  if (found.invitation.respondedAt) throw new AppError('survey.already_answered');
  if (found.campaign.status !== 'open') throw new AppError('survey.campaign_closed');
  if (found.invitation.expiresAt.getTime() <= now.getTime()) throw new AppError('survey.expired');
  return found;
}

async function byToken(tx: Queryable, token: string, now: Date): Promise<Invitation> {
  const check = verifySignedToken(await surveySecret(tx), 'nps', token, now);
  if (!check.ok) throw new AppError(check.reason === 'expired' ? 'survey.expired' : 'survey.invalid_token');
  const [found] = await selectInvitation(tx).where(eq(npsInvitations.tokenHash, check.hash));
  return assertAnswerable(found, now);
}

async function view(tx: Queryable, found: Invitation): Promise<NpsSurveyView> {
  const person = await findPerson(tx, found.invitation.userId);
  return {
    invitationId: found.invitation.id,
    campaign: found.campaign.name,
    question: found.campaign.question,
    name: person?.name ?? '',
    locale: person?.locale ?? 'zh-CN',
    expiresAt: found.invitation.expiresAt.toISOString(),
  };
}

export async function viewNpsSurvey(options: {
  tx: Queryable;
  token: string;
  now?: Date;
}): Promise<NpsSurveyView> {
  const found = await byToken(options.tx, options.token, options.now ?? new Date());
  return view(options.tx, found);
}

async function record(tx: Tx, found: Invitation, input: NpsAnswerInput, now: Date): Promise<void> {
  const [answered] = await tx
    .update(npsInvitations)
    .set({ respondedAt: now, score: input.score, reason: input.reason?.trim() || null })
    .where(and(eq(npsInvitations.id, found.invitation.id), isNull(npsInvitations.respondedAt)))
    .returning({ id: npsInvitations.id });
  if (!answered) throw new AppError('survey.already_answered');
  await recordEvent(tx, {
    kind: 'survey.nps_answered',
    entityType: 'nps_invitation',
    entityId: found.invitation.id,
    actorId: found.invitation.userId,
    at: now,
    data: { campaignId: found.campaign.id, score: input.score },
  });
}

/** POST /surveys/nps/:token (no login). */
export async function answerNpsByToken(options: {
  tx: Tx;
  token: string;
  input: NpsAnswerInput;
  now?: Date;
}): Promise<void> {
  const now = options.now ?? new Date();
  const found = await byToken(options.tx, options.token, now);
  await record(options.tx, found, options.input, now);
}

/** The open NPS invitations of the signed-in requester, for the portal. */
export async function myNpsInvitations(options: {
  tx: Queryable;
  actor: Actor;
  now?: Date;
}): Promise<NpsSurveyView[]> {
  const { tx, actor } = options;
  const now = options.now ?? new Date();
  const rows = await selectInvitation(tx)
    .where(
      and(
        eq(npsInvitations.userId, actor.id),
        isNull(npsInvitations.respondedAt),
        gt(npsInvitations.expiresAt, now),
        eq(npsCampaigns.status, 'open'),
      ),
    )
    .orderBy(desc(npsInvitations.createdAt))
    .limit(20);
  // One after another: the reads share the transaction's one connection.
  const views = [];
  for (const row of rows) views.push(await view(tx, row));
  return views;
}

/** POST /surveys/nps/invitations/:id: the signed-in requester answers in the portal. */
export async function answerNpsInPortal(options: {
  tx: Tx;
  actor: Actor;
  invitationId: number;
  input: NpsAnswerInput;
  now?: Date;
}): Promise<void> {
  const { tx, actor, invitationId, input } = options;
  const now = options.now ?? new Date();
  const [found] = await selectInvitation(tx).where(
    and(eq(npsInvitations.id, invitationId), eq(npsInvitations.userId, actor.id)),
  );
  await record(tx, assertAnswerable(found, now), input, now);
}
