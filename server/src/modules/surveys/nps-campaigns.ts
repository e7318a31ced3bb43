import { and, eq, inArray, or, sql } from 'drizzle-orm';
import type {
  CreateNpsCampaignInput,
  NpsCampaignDetailDto,
  NpsCampaignDto,
} from '../../../../contracts/surveys.ts';
import { identityUsersView, npsCampaigns, npsInvitations } from '../../db/schema.ts';
import type { Queryable, Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import { recordEvent } from '../audit/index.ts';
import { type Actor, assertCan } from '../identity/index.ts';
import { loadResolutionSettings } from '../resolution/index.ts';
import { NPS_COUNTS_SQL, npsFromCounts } from './nps-score.ts';
import { publicLink, queueEmail } from './outgoing-mail.ts';
import { renderNpsInvitation } from './survey-mail.ts';
import { createSignedToken, surveySecret } from './token.ts';

const DAY_MS = 86_400_000;

/**
 * The quality manager sends an NPS campaign (FB-2) to chosen requesters and to every active
 * requester of chosen organisations; each gets their own signed, single-use link by email.
 */
export async function createNpsCampaign(options: {
  tx: Tx;
  actor: Actor;
  input: CreateNpsCampaignInput;
  now?: Date;
}): Promise<NpsCampaignDto> {
  const { tx, actor, input } = options;
  const now = options.now ?? new Date();
  assertCan(actor, 'survey.manage');
  const audienceFilter = [
    ...(input.userIds.length ? [inArray(identityUsersView.id, input.userIds)] : []),
    ...(input.organizationIds.length
      ? [inArray(identityUsersView.organizationId, input.organizationIds)]
      : []),
  ];
  const people = await tx
    .select({
      id: identityUsersView.id,
      name: identityUsersView.name,
      email: identityUsersView.email,
      locale: identityUsersView.locale,
      timezone: identityUsersView.timezone,
      organizationId: identityUsersView.organizationId,
    })
    .from(identityUsersView)
    .where(
      and(eq(identityUsersView.active, true), eq(identityUsersView.role, 'requester'), or(...audienceFilter)),
    );
  if (people.length === 0) throw new AppError('survey.no_recipients', { field: 'userIds' });
  const expiresAt = new Date(now.getTime() + input.expiresInDays * DAY_MS);
  const [campaign] = await tx
    .insert(npsCampaigns)
    .values({
      name: input.name,
      question: input.question?.trim() || null,
      audience: { userIds: input.userIds, organizationIds: input.organizationIds },
      expiresAt,
      createdBy: actor.id,
      createdAt: now,
    })
    .returning();
  if (!campaign) throw new Error('insert returned no row');
  const secret = await surveySecret(tx);
  const settings = await loadResolutionSettings(tx);
  for (const person of people) {
    const { token, hash } = createSignedToken(secret, 'nps', expiresAt);
    await tx.insert(npsInvitations).values({
      campaignId: campaign.id,
      userId: person.id,
      organizationId: person.organizationId,
      tokenHash: hash,
      expiresAt,
      createdAt: now,
    });
    const mail = await renderNpsInvitation(tx, {
      locale: person.locale,
      timeZone: person.timezone || settings.reportTimezone,
      name: person.name,
      campaign: campaign.name,
      question: campaign.question,
      url: publicLink(`/survey/nps/${token}`),
      expiresAt,
    });
    await queueEmail(tx, {
      to: person.email,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      kind: 'nps.survey',
      locale: person.locale,
    });
  }
  await recordEvent(tx, {
    kind: 'survey.nps_campaign_created',
    entityType: 'nps_campaign',
    entityId: campaign.id,
    actorId: actor.id,
    at: now,
    data: { name: campaign.name, invited: people.length, audience: campaign.audience },
  });
  return loadCampaign(tx, campaign.id);
}

interface CampaignRow extends Record<string, unknown> {
  id: number;
  name: string;
  question: string | null;
  status: 'open' | 'closed';
  expires_at: string | Date;
  created_at: string | Date;
  closed_at: string | Date | null;
  invited: number;
  promoters: number;
  passives: number;
  detractors: number;
}

const iso = (v: string | Date) => new Date(v).toISOString();

function present(row: CampaignRow): NpsCampaignDto {
  return {
    id: row.id,
    name: row.name,
    question: row.question,
    status: row.status,
    invited: row.invited,
    result: npsFromCounts(row.promoters, row.passives, row.detractors),
    expiresAt: iso(row.expires_at),
    createdAt: iso(row.created_at),
    closedAt: row.closed_at === null ? null : iso(row.closed_at),
  };
}

const CAMPAIGNS = sql.raw(`
  select c.id, c.name, c.question, c.status, c.expires_at, c.created_at, c.closed_at,
         coalesce(i.invited, 0)::int as invited, coalesce(i.promoters, 0)::int as promoters,
         coalesce(i.passives, 0)::int as passives, coalesce(i.detractors, 0)::int as detractors
    from nps_campaigns c
    left join lateral (
      select count(*)::int as invited, ${NPS_COUNTS_SQL}
        from nps_invitations where campaign_id = c.id) i on true`);

async function loadCampaign(tx: Queryable, campaignId: number): Promise<NpsCampaignDto> {
  const result = await tx.execute<CampaignRow>(sql`${CAMPAIGNS} where c.id = ${campaignId}`);
  const row = result.rows[0];
  if (!row) throw new AppError('survey.campaign_not_found');
  return present(row);
}

export async function listNpsCampaigns(options: { tx: Queryable; actor: Actor }): Promise<NpsCampaignDto[]> {
  assertCan(options.actor, 'survey.manage');
  const result = await options.tx.execute<CampaignRow>(
    sql`${CAMPAIGNS} order by c.created_at desc, c.id desc limit 200`,
  );
  return result.rows.map(present);
}

/** A campaign with its promoters, passives, detractors, score, and every answer with its reason. */
export async function getNpsCampaign(options: {
  tx: Queryable;
  actor: Actor;
  campaignId: number;
}): Promise<NpsCampaignDetailDto> {
  const { tx, actor, campaignId } = options;
  assertCan(actor, 'survey.manage');
  const campaign = await loadCampaign(tx, campaignId);
  const answers = await tx.execute<{
    user_id: number;
    name: string;
    organization: string | null;
    score: number;
    reason: string | null;
    responded_at: string | Date;
  }>(sql`
    select i.user_id, u.name, o.name as organization, i.score, i.reason, i.responded_at
      from nps_invitations i
      join identity_users_v u on u.id = i.user_id
      left join identity_organizations_v o on o.id = i.organization_id
     where i.campaign_id = ${campaignId} and i.responded_at is not null
     order by i.responded_at desc, i.id desc`);
  return {
    ...campaign,
    responses: answers.rows.map((a) => ({
      userId: a.user_id,
      name: a.name,
      organization: a.organization,
      score: a.score,
      reason: a.reason,
      respondedAt: iso(a.responded_at),
    })),
  };
}

export async function closeNpsCampaign(options: {
  tx: Tx;
  actor: Actor;
  campaignId: number;
  now?: Date;
}): Promise<NpsCampaignDto> {
  const { tx, actor, campaignId } = options;
  const now = options.now ?? new Date();
  assertCan(actor, 'survey.manage');
  const [row] = await tx
    .update(npsCampaigns)
    .set({ status: 'closed', closedAt: now })
    .where(and(eq(npsCampaigns.id, campaignId), eq(npsCampaigns.status, 'open')))
    .returning({ id: npsCampaigns.id });
  if (!row) {
    await loadCampaign(tx, campaignId); // 404 when it does not exist
    throw new AppError('survey.campaign_closed');
  }
  await recordEvent(tx, {
    kind: 'survey.nps_campaign_closed',
    entityType: 'nps_campaign',
    entityId: campaignId,
    actorId: actor.id,
    at: now,
  });
  return loadCampaign(tx, campaignId);
}
