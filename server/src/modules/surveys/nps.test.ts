import { describe, expect, it } from 'vitest';
import type { NpsCampaignDetailDto, NpsCampaignDto, NpsSurveyView } from '../../../../contracts/surveys.ts';
import { buildUser, type TestUser } from '../../../test/factories.ts';
import { outboxFor } from '../../../test/factories-feedback.ts';
import { json, setupTestApp } from '../../../test/harness.ts';
import { createOrganization } from '../identity/organizations.ts';
import { npsFromScores } from './nps-score.ts';
import { createSignedToken, verifySignedToken } from './token.ts';

const ctx = await setupTestApp({ PUBLIC_URL: 'http://desk.example' });

describe('NPS arithmetic', () => {
  it('splits 0-6 / 7-8 / 9-10 and scores % promoters - % detractors', () => {
    expect(npsFromScores([10, 9, 9, 8, 7, 6, 0, 10])).toEqual({
      responses: 8,
      promoters: 4,
      passives: 2,
      detractors: 2,
      score: 25,
    });
    expect(npsFromScores([6, 6, 9])).toMatchObject({ score: -33.3 });
    expect(npsFromScores([])).toMatchObject({ responses: 0, score: null });
  });
});

describe('signed survey tokens', () => {
  const secret = Buffer.alloc(32, 7);
  const now = new Date('2026-03-02T08:00:00Z');
  it('accept their own signature until they expire', () => {
    const { token, hash } = createSignedToken(
      secret,
      'nps',
      new Date('2026-03-09T08:00:00Z'),
      Buffer.alloc(18, 1),
    );
    expect(verifySignedToken(secret, 'nps', token, now)).toEqual({ ok: true, hash });
    expect(verifySignedToken(secret, 'nps', token, new Date('2026-03-09T08:00:00Z'))).toEqual({
      ok: false,
      reason: 'expired',
    });
    expect(verifySignedToken(Buffer.alloc(32, 8), 'nps', token, now)).toEqual({
      ok: false,
      reason: 'invalid',
    });
    expect(verifySignedToken(secret, 'csat', token, now)).toEqual({ ok: false, reason: 'invalid' });
    expect(verifySignedToken(secret, 'nps', `${token}x`, now)).toEqual({ ok: false, reason: 'invalid' });
  });
});

async function orgWithRequesters(name: string, count: number) {
  const admin = await buildUser(ctx, { role: 'admin' });
  const org = await ctx.database.db.transaction((tx) =>
    createOrganization({ tx, actor: admin.actor, input: { name, shareTickets: false } }),
  );
  const people: TestUser[] = [];
  for (let i = 0; i < count; i++)
    people.push(await buildUser(ctx, { role: 'requester', organizationId: org.id }));
  return { org, people };
}

describe('NPS campaigns', () => {
  it('go to chosen requesters and organisations, take one answer per link, and add up', async () => {
    const quality = await buildUser(ctx, { role: 'quality' });
    const agent = await buildUser(ctx, { role: 'agent' });
    const { org, people } = await orgWithRequesters('财务部', 2);
    const single = await buildUser(ctx, { role: 'requester', locale: 'en' });
    const create = (as: TestUser, payload: object) =>
      ctx.app.inject({ method: 'POST', url: '/api/v1/surveys/nps/campaigns', headers: as.headers, payload });
    expect((await create(agent, { name: 'Q1', userIds: [single.user.id] })).statusCode).toBe(403);
    expect((await create(quality, { name: 'Q1' })).statusCode).toBe(400);

    const created = await create(quality, {
      name: '2026 Q1 NPS',
      organizationIds: [org.id],
      userIds: [single.user.id, agent.user.id],
    });
    expect(created.statusCode).toBe(201);
    const campaign = json<NpsCampaignDto>(created);
    expect(campaign).toMatchObject({ invited: 3, status: 'open', result: { responses: 0, score: null } });

    const tokenOf = async (person: TestUser) => {
      const [mail] = await outboxFor(ctx, 'nps.survey', person.user.email);
      return /http:\/\/desk\.example\/survey\/nps\/([A-Za-z0-9_.-]+)/.exec(mail?.text_body ?? '')?.[1] ?? '';
    };
    expect(await outboxFor(ctx, 'nps.survey', agent.user.email)).toHaveLength(0);
    const [english] = await outboxFor(ctx, 'nps.survey', single.user.email);
    expect(english?.text_body).toContain('How likely are you to recommend our support to a colleague?');

    const token = await tokenOf(single);
    const view = await ctx.app.inject({ method: 'GET', url: `/api/v1/surveys/nps/${token}` });
    expect(json<NpsSurveyView>(view)).toMatchObject({ campaign: '2026 Q1 NPS', locale: 'en' });
    const answerBy = (t: string, score: number, reason?: string) =>
      ctx.app.inject({ method: 'POST', url: `/api/v1/surveys/nps/${t}`, payload: { score, reason } });
    expect((await answerBy(token, 11)).statusCode).toBe(400);
    expect((await answerBy(token, 10, 'Fast and friendly')).statusCode).toBe(200);
    expect((await answerBy(token, 0)).statusCode).toBe(409);

    // In the portal: the invitation waits for the signed-in requester.
    const [first, second] = people as [TestUser, TestUser];
    const mine = json<{ items: NpsSurveyView[] }>(
      await ctx.app.inject({ method: 'GET', url: '/api/v1/surveys/nps/mine', headers: first.headers }),
    ).items;
    expect(mine).toHaveLength(1);
    const answered = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/surveys/nps/invitations/${mine[0]?.invitationId}`,
      headers: first.headers,
      payload: { score: 8 },
    });
    expect(answered.statusCode).toBe(200);
    const notYours = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/surveys/nps/invitations/${mine[0]?.invitationId}`,
      headers: second.headers,
      payload: { score: 8 },
    });
    expect(notYours.statusCode).toBe(404);
    expect((await answerBy(await tokenOf(second), 3, '响应太慢')).statusCode).toBe(200);

    const detail = json<NpsCampaignDetailDto>(
      await ctx.app.inject({
        method: 'GET',
        url: `/api/v1/surveys/nps/campaigns/${campaign.id}`,
        headers: quality.headers,
      }),
    );
    expect(detail.result).toEqual({ responses: 3, promoters: 1, passives: 1, detractors: 1, score: 0 });
    expect(detail.responses.find((r) => r.score === 3)).toMatchObject({
      reason: '响应太慢',
      organization: '财务部',
    });

    const closed = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/surveys/nps/campaigns/${campaign.id}/close`,
      headers: quality.headers,
    });
    expect(json<NpsCampaignDto>(closed).status).toBe('closed');
    const late = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/surveys/nps/mine',
      headers: second.headers,
    });
    expect(json<{ items: unknown[] }>(late).items).toHaveLength(0);
  });
});
