import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { CsatResultDto, CsatSurveyView, FollowupDto } from '../../../../contracts/surveys.ts';
import type { TimelineEventDto } from '../../../../contracts/tickets.ts';
import { buildTicket, buildUser, type TestUser } from '../../../test/factories.ts';
import { eventually, startMailCatcher, startTestWorker } from '../../../test/factories-channels.ts';
import { patchTicket, pickFeedbackPort, resolveViaApi } from '../../../test/factories-feedback.ts';
import { json, setupTestApp } from '../../../test/harness.ts';
import { createSignedToken, hashToken, surveySecret } from './token.ts';

const catcher = await startMailCatcher(await pickFeedbackPort(4410));
const ctx = await setupTestApp({ SMTP_URL: catcher.url, PUBLIC_URL: 'http://desk.example' });
await startTestWorker(ctx);

const answer = {
  score: 5,
  dimensions: { speed: 4, attitude: 5, effectiveness: 5, overall: 5 },
  comment: '很满意',
};

/** A ticket that went all the way: resolved by the agent, confirmed by the requester. */
async function closedTicket(agent: TestUser, requester: TestUser) {
  const ticket = await buildTicket(ctx, requester);
  await patchTicket(ctx, agent, ticket, { assigneeId: agent.user.id, status: 'in_progress' });
  await resolveViaApi(ctx, agent, ticket);
  const confirmed = await ctx.app.inject({
    method: 'POST',
    url: `/api/v1/tickets/${ticket.id}/confirm`,
    headers: requester.headers,
    payload: { fixed: true },
  });
  expect(confirmed.statusCode).toBe(200);
  return ticket;
}

/** The survey link delivered over SMTP to the requester, and the token in it. */
async function deliveredSurveyToken(requester: TestUser): Promise<string> {
  const mail = await eventually(
    () => catcher.mailsTo(requester.user.email).find((m) => m.parsed.text?.includes('/survey/')),
    'the survey mail reaches the SMTP server',
  );
  const token = /http:\/\/desk\.example\/survey\/([A-Za-z0-9_.-]+)/.exec(mail.parsed.text ?? '')?.[1];
  if (!token) throw new Error('no survey link in the mail');
  return token;
}

const anonymous = (method: 'GET' | 'POST', token: string, payload?: object) =>
  ctx.app.inject({ method, url: `/api/v1/surveys/csat/${token}`, ...(payload ? { payload } : {}) });

describe('CSAT by emailed link', () => {
  it('is mailed on close; the link shows the ticket, takes one answer without login, then refuses', async () => {
    const agent = await buildUser(ctx, { role: 'agent', name: '王工' });
    const requester = await buildUser(ctx, { role: 'requester', locale: 'zh-CN' });
    const ticket = await closedTicket(agent, requester);
    const token = await deliveredSurveyToken(requester);
    const mail = catcher.mailsTo(requester.user.email).find((m) => m.parsed.text?.includes('/survey/'));
    expect(mail?.parsed.subject).toBe(`【工单 #${ticket.number}】请对本次服务进行满意度评价`);

    const view = await anonymous('GET', token);
    expect(view.statusCode).toBe(200);
    expect(json<CsatSurveyView>(view)).toMatchObject({
      ticket: { number: ticket.number, subject: ticket.subject, assigneeName: '王工' },
      resolution: {
        rootCause: 'The export plug-in 2.3 broke the report encoding.',
        resolutionLabel: '软件升级/重装',
      },
      locale: 'zh-CN',
    });

    const answered = await anonymous('POST', token, answer);
    expect(answered.statusCode).toBe(200);
    expect(json<CsatResultDto>(answered)).toMatchObject({
      score: 5,
      dimensions: { speed: 4, attitude: 5, effectiveness: 5, overall: 5 },
      comment: '很满意',
      source: 'email_link',
    });
    const second = await anonymous('POST', token, { ...answer, score: 1 });
    expect(second.statusCode).toBe(409);
    expect(json<{ error: { code: string } }>(second).error.code).toBe('survey.already_answered');
    expect((await anonymous('GET', token)).statusCode).toBe(409);

    const stored = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/tickets/${ticket.id}/csat`,
      headers: agent.headers,
    });
    expect(json<CsatResultDto>(stored).score).toBe(5);
    const tokens = await ctx.database.db.execute<{ token_hash: string }>(
      sql`select token_hash from csat_surveys where ticket_id = ${ticket.id}`,
    );
    expect(tokens.rows[0]?.token_hash).toBe(hashToken(token));
    expect(tokens.rows[0]?.token_hash).not.toContain(token.slice(0, 10));
  });

  it('refuses forged, altered, malformed and expired links with clear codes', async () => {
    const agent = await buildUser(ctx, { role: 'agent' });
    const requester = await buildUser(ctx, { role: 'requester' });
    const ticket = await closedTicket(agent, requester);
    const token = await deliveredSurveyToken(requester);
    const [nonce, expiry, signature] = token.split('.') as [string, string, string];
    const altered = `${nonce}.${(Number.parseInt(expiry, 36) + 1).toString(36)}.${signature}`;
    const code = async (t: string) => json<{ error: { code: string } }>(await anonymous('GET', t)).error.code;
    expect(await code(altered)).toBe('survey.invalid_token');
    expect(await code(`${nonce.slice(0, -2)}xx.${expiry}.${signature}`)).toBe('survey.invalid_token');
    expect((await anonymous('GET', 'not-a-token-at-all')).statusCode).toBe(404);
    expect((await anonymous('POST', token, { score: 6, dimensions: answer.dimensions })).statusCode).toBe(
      400,
    );

    // A correctly signed link whose time is up.
    const secret = await surveySecret(ctx.database.db);
    const old = createSignedToken(secret, 'csat', new Date(Date.now() - 60_000));
    await ctx.database.db.execute(
      sql`update csat_surveys set token_hash = ${old.hash} where ticket_id = ${ticket.id}`,
    );
    const expired = await anonymous('POST', old.token, answer);
    expect(expired.statusCode).toBe(410);
    expect(json<{ error: { code: string } }>(expired).error.code).toBe('survey.expired');
    // A link signed for NPS is not a CSAT link.
    const nps = createSignedToken(secret, 'nps', new Date(Date.now() + 60_000));
    expect(await code(nps.token)).toBe('survey.invalid_token');
  });
});

describe('CSAT in the portal, low scores and call-backs', () => {
  it('the requester rates in the portal; the link then refuses', async () => {
    const agent = await buildUser(ctx, { role: 'agent' });
    const requester = await buildUser(ctx, { role: 'requester' });
    const stranger = await buildUser(ctx, { role: 'requester' });
    const open = await buildTicket(ctx, requester);
    const rate = (as: TestUser, id: number, payload: object = answer) =>
      ctx.app.inject({ method: 'POST', url: `/api/v1/tickets/${id}/csat`, headers: as.headers, payload });
    const notYet = await rate(requester, open.id);
    expect(json<{ error: { code: string } }>(notYet).error.code).toBe('survey.not_available');

    const ticket = await closedTicket(agent, requester);
    const token = await deliveredSurveyToken(requester);
    expect((await rate(stranger, ticket.id)).statusCode).toBe(404);
    expect((await rate(agent, ticket.id)).statusCode).toBe(403);
    const rated = await rate(requester, ticket.id, {
      score: 4,
      dimensions: { speed: 3, attitude: 4, effectiveness: 4, overall: 4 },
    });
    expect(json<CsatResultDto>(rated)).toMatchObject({ score: 4, source: 'portal', pending: false });
    expect((await rate(requester, ticket.id)).statusCode).toBe(409);
    expect((await anonymous('POST', token, answer)).statusCode).toBe(409);
  });

  it('a score at or under the threshold opens a follow-up for the quality manager, who closes it', async () => {
    const agent = await buildUser(ctx, { role: 'agent' });
    const quality = await buildUser(ctx, { role: 'quality' });
    const requester = await buildUser(ctx, { role: 'requester' });
    const low = await closedTicket(agent, requester);
    const lowToken = await deliveredSurveyToken(requester);
    const requester2 = await buildUser(ctx, { role: 'requester' });
    const fine = await closedTicket(agent, requester2);
    const fineToken = await deliveredSurveyToken(requester2);

    await anonymous('POST', lowToken, {
      score: 2,
      dimensions: { speed: 1, attitude: 3, effectiveness: 2, overall: 2 },
      comment: '拖了三天',
    });
    await anonymous('POST', fineToken, { score: 3, dimensions: answer.dimensions });

    const list = async (as: TestUser, status = 'open') =>
      ctx.app.inject({
        method: 'GET',
        url: `/api/v1/quality/followups?status=${status}`,
        headers: as.headers,
      });
    expect((await list(agent)).statusCode).toBe(403);
    const open = json<{ items: FollowupDto[] }>(await list(quality)).items;
    const mine = open.filter((f) => [low.id, fine.id].includes(f.ticket.id));
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({
      ticket: { id: low.id, number: low.number },
      score: 2,
      comment: '拖了三天',
      status: 'open',
    });

    const close = (note: string) =>
      ctx.app.inject({
        method: 'POST',
        url: `/api/v1/quality/followups/${mine[0]?.id}/close`,
        headers: quality.headers,
        payload: { note },
      });
    const closed = await close('回访用户，已道歉并说明改进措施');
    expect(json<FollowupDto>(closed)).toMatchObject({ status: 'closed', closedBy: { id: quality.user.id } });
    expect((await close('again')).statusCode).toBe(409);
    // The follow-up shows in the staff timeline, never the requester's.
    const timeline = async (as: TestUser) =>
      json<{ items: TimelineEventDto[] }>(
        await ctx.app.inject({
          method: 'GET',
          url: `/api/v1/tickets/${low.id}/timeline`,
          headers: as.headers,
        }),
      ).items.map((e) => e.kind);
    expect(await timeline(agent)).toEqual(
      expect.arrayContaining(['survey.followup_opened', 'survey.followup_closed']),
    );
    expect(await timeline(requester)).not.toContain('survey.followup_opened');
  });

  it('the threshold is the administrator’s', async () => {
    const admin = await buildUser(ctx, { role: 'admin' });
    const agent = await buildUser(ctx, { role: 'agent' });
    const quality = await buildUser(ctx, { role: 'quality' });
    const requester = await buildUser(ctx, { role: 'requester' });
    await ctx.app.inject({
      method: 'PUT',
      url: '/api/v1/settings/resolution',
      headers: admin.headers,
      payload: { lowScoreThreshold: 3 },
    });
    const ticket = await closedTicket(agent, requester);
    await anonymous('POST', await deliveredSurveyToken(requester), {
      score: 3,
      dimensions: answer.dimensions,
    });
    await ctx.app.inject({
      method: 'PUT',
      url: '/api/v1/settings/resolution',
      headers: admin.headers,
      payload: { lowScoreThreshold: 2 },
    });
    const items = json<{ items: FollowupDto[] }>(
      await ctx.app.inject({ method: 'GET', url: '/api/v1/quality/followups', headers: quality.headers }),
    ).items;
    expect(items.some((f) => f.ticket.id === ticket.id && f.score === 3)).toBe(true);
  });

  it('an agent records a call-back; a score given on the phone becomes the CSAT if none yet', async () => {
    const agent = await buildUser(ctx, { role: 'agent' });
    const requester = await buildUser(ctx, { role: 'requester' });
    const ticket = await closedTicket(agent, requester);
    const post = (payload: object) =>
      ctx.app.inject({
        method: 'POST',
        url: `/api/v1/tickets/${ticket.id}/satisfaction-callbacks`,
        headers: agent.headers,
        payload,
      });
    expect((await post({ outcome: 'no_answer', score: 4 })).statusCode).toBe(400);
    expect((await post({ outcome: 'no_answer', note: '无人接听' })).statusCode).toBe(201);
    const reached = await post({ outcome: 'reached', score: 1, comment: '问题反复出现', note: '用户不满意' });
    expect(reached.statusCode).toBe(201);
    const csat = json<CsatResultDto>(
      await ctx.app.inject({
        method: 'GET',
        url: `/api/v1/tickets/${ticket.id}/csat`,
        headers: agent.headers,
      }),
    );
    expect(csat).toMatchObject({ score: 1, source: 'callback', dimensions: { speed: 1, overall: 1 } });
    const list = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/tickets/${ticket.id}/satisfaction-callbacks`,
      headers: agent.headers,
    });
    expect(json<{ items: { outcome: string }[] }>(list).items.map((c) => c.outcome)).toEqual([
      'no_answer',
      'reached',
    ]);
    const forRequester = await ctx.app.inject({
      method: 'GET',
      url: `/api/v1/tickets/${ticket.id}/satisfaction-callbacks`,
      headers: requester.headers,
    });
    expect(forRequester.statusCode).toBe(403);
  });
});
