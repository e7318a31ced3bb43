import { createHmac } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { RemoteSessionDto, SignalDto } from '../../../../contracts/remote.ts';
import type { TimelineEventDto } from '../../../../contracts/tickets.ts';
import { buildTicket, buildUser, type TestUser } from '../../../test/factories.ts';
import { json, setupTestApp } from '../../../test/harness.ts';
import { iceServersFor, turnCredential } from './domain.ts';
import { getRemoteSession } from './get-session.ts';

const ctx = await setupTestApp({
  PUBLIC_URL: 'http://desk.example',
  TURN_SECRET: 'north-wind-secret',
  TURN_URLS: 'turn:turn.example.com:3478?transport=udp, turns:turn.example.com:5349',
  WEBRTC_ICE_SERVERS: '[{"urls":"stun:stun.example.com:3478"}]',
});

const call = (as: TestUser | null, method: 'GET' | 'POST', url: string, payload?: object) =>
  ctx.app.inject({
    method,
    url: `/api/v1${url}`,
    ...(as ? { headers: as.headers } : {}),
    ...(payload ? { payload } : {}),
  });

async function invited(reason = 'Export of the report fails') {
  const agent = await buildUser(ctx, { role: 'agent' });
  const requester = await buildUser(ctx);
  const ticket = await buildTicket(ctx, requester);
  const response = await call(agent, 'POST', `/tickets/${ticket.id}/remote-sessions`, { reason });
  expect(response.statusCode, response.body).toBe(201);
  return { agent, requester, ticket, session: json<RemoteSessionDto>(response) };
}

async function active() {
  const parties = await invited();
  const consent = await call(parties.requester, 'POST', `/remote-sessions/${parties.session.id}/consent`, {
    recording: false,
  });
  expect(consent.statusCode, consent.body).toBe(200);
  return parties;
}

async function timeline(as: TestUser, ticketId: number) {
  const response = await call(as, 'GET', `/tickets/${ticketId}/timeline`);
  expect(response.statusCode, response.body).toBe(200);
  return json<{ items: TimelineEventDto[] }>(response).items;
}

describe('inviting the requester', () => {
  it('answers 201 with the id, the invited status, a join path and the expiry; tells the requester by bell and mail', async () => {
    const before = Date.now();
    const { requester, ticket, session } = await invited();
    expect(session).toMatchObject({
      status: 'invited',
      joinUrl: `/portal/remote/${session.id}`,
      ticketId: ticket.id,
      role: 'agent',
      reason: 'Export of the report fails',
    });
    const minutes = (Date.parse(session.expiresAt) - before) / 60_000;
    expect(minutes).toBeGreaterThan(14.9);
    expect(minutes).toBeLessThan(15.1);
    const bell = await ctx.database.db.execute<{ event: string; ticket_id: number }>(
      sql`select event, ticket_id from notifications where user_id = ${requester.user.id}`,
    );
    expect(bell.rows).toContainEqual({ event: 'remote.invited', ticket_id: ticket.id });
    const mail = await ctx.database.db.execute<{ subject: string; text_body: string }>(
      sql`select subject, text_body from outbox_emails where to_address = ${requester.user.email} and kind = 'remote.invited'`,
    );
    expect(mail.rows).toHaveLength(1);
    expect(mail.rows[0]?.text_body).toContain(`http://desk.example/portal/remote/${session.id}`);
  });

  it('is for staff only: a requester cannot invite, and nobody invites on a ticket they cannot see', async () => {
    const requester = await buildUser(ctx);
    const ticket = await buildTicket(ctx, requester);
    expect((await call(requester, 'POST', `/tickets/${ticket.id}/remote-sessions`, {})).statusCode).toBe(403);
    expect((await call(null, 'POST', `/tickets/${ticket.id}/remote-sessions`, {})).statusCode).toBe(401);
    const agent = await buildUser(ctx, { role: 'agent' });
    const missing = await call(agent, 'POST', '/tickets/999999999/remote-sessions', {});
    expect(missing.statusCode).toBe(404);
  });
});

describe('who may see a session', () => {
  it('gives it to the requester and to staff who may work the ticket; 404 to any other requester, 401 anonymous', async () => {
    const { requester, session } = await invited();
    const otherAgent = await buildUser(ctx, { role: 'lead' });
    const stranger = await buildUser(ctx);
    const mine = await call(requester, 'GET', `/remote-sessions/${session.id}`);
    expect(mine.statusCode).toBe(200);
    expect(json<RemoteSessionDto>(mine)).toMatchObject({ role: 'requester', status: 'invited' });
    expect(json<RemoteSessionDto>(await call(otherAgent, 'GET', `/remote-sessions/${session.id}`)).role).toBe(
      'staff',
    );
    const refused = await call(stranger, 'GET', `/remote-sessions/${session.id}`);
    expect(refused.statusCode).toBe(404);
    expect(json<{ error: { code: string } }>(refused).error.code).toBe('remote.not_found');
    expect((await call(null, 'GET', `/remote-sessions/${session.id}`)).statusCode).toBe(401);
    expect((await call(requester, 'GET', '/remote-sessions/999999999')).statusCode).toBe(404);
  });

  it('is a 404 for a colleague who sees the ticket through a sharing organisation but is not its requester', async () => {
    const admin = await buildUser(ctx, { role: 'admin' });
    const org = json<{ id: number }>(
      await call(admin, 'POST', '/organizations', { name: `Shared ${Date.now()}`, shareTickets: true }),
    );
    const requester = await buildUser(ctx, { organizationId: org.id });
    const colleague = await buildUser(ctx, { organizationId: org.id });
    const agent = await buildUser(ctx, { role: 'agent' });
    const ticket = await buildTicket(ctx, requester);
    expect((await call(colleague, 'GET', `/tickets/${ticket.id}`)).statusCode).toBe(200);
    const session = json<RemoteSessionDto>(
      await call(agent, 'POST', `/tickets/${ticket.id}/remote-sessions`, {}),
    );
    expect((await call(colleague, 'GET', `/remote-sessions/${session.id}`)).statusCode).toBe(404);
    expect((await call(colleague, 'POST', `/remote-sessions/${session.id}/consent`, {})).statusCode).toBe(
      404,
    );
    expect((await call(colleague, 'POST', `/remote-sessions/${session.id}/end`)).statusCode).toBe(404);
    expect((await call(colleague, 'GET', `/remote-sessions/${session.id}/ice-servers`)).statusCode).toBe(404);
  });

  it('lets only the requester consent', async () => {
    const { agent, session } = await invited();
    const response = await call(agent, 'POST', `/remote-sessions/${session.id}/consent`, {});
    expect(response.statusCode).toBe(403);
    expect(json<{ error: { code: string } }>(response).error.code).toBe('remote.requester_only');
  });
});

describe('expiry of an invitation', () => {
  it('reads expired once its time has passed, and cannot be consented to any more', async () => {
    const { agent, requester, ticket, session } = await invited();
    const later = new Date(Date.parse(session.expiresAt) + 1000);
    const seen = await ctx.database.db.transaction(async (tx) =>
      getRemoteSession({ tx, actor: requester.actor, sessionId: session.id, now: later }),
    );
    expect(seen.status).toBe('expired');
    const consent = await call(requester, 'POST', `/remote-sessions/${session.id}/consent`, {});
    expect(consent.statusCode).toBe(409);
    expect(json<{ error: { code: string } }>(consent).error.code).toBe('remote.invalid_state');
    expect((await timeline(agent, ticket.id)).map((e) => e.kind)).toEqual(
      expect.arrayContaining(['remote.invited', 'remote.expired']),
    );
  });

  it('expires when the clock passes expiresAt, even if nobody looked before', async () => {
    const { requester, session } = await invited();
    await ctx.database.db.execute(
      sql`update remote_sessions set expires_at = now() - interval '1 minute' where id = ${session.id}`,
    );
    const response = await call(requester, 'GET', `/remote-sessions/${session.id}`);
    expect(json<RemoteSessionDto>(response).status).toBe('expired');
  });

  it('stays invited before its time', async () => {
    const { requester, session } = await invited();
    const earlier = new Date(Date.parse(session.expiresAt) - 1000);
    const seen = await ctx.database.db.transaction(async (tx) =>
      getRemoteSession({ tx, actor: requester.actor, sessionId: session.id, now: earlier }),
    );
    expect(seen.status).toBe('invited');
  });
});

describe('consent, pause and end', () => {
  it('records consent, then the end by the requester with its duration, on the timeline the requester sees too', async () => {
    const { agent, requester, ticket, session } = await invited();
    const consent = await call(requester, 'POST', `/remote-sessions/${session.id}/consent`, {
      recording: true,
    });
    expect(json<RemoteSessionDto>(consent)).toMatchObject({ status: 'active', recordingConsent: true });
    expect(json<RemoteSessionDto>(consent).consentedAt).not.toBeNull();
    const ended = await call(requester, 'POST', `/remote-sessions/${session.id}/end`);
    expect(ended.statusCode, ended.body).toBe(200);
    expect(json<RemoteSessionDto>(ended).status).toBe('ended');
    const events = (await timeline(requester, ticket.id)).filter((e) => e.kind.startsWith('remote.'));
    expect(events.map((e) => e.kind)).toEqual(['remote.invited', 'remote.consented', 'remote.ended']);
    expect(events[0]?.actor?.id).toBe(agent.user.id);
    expect(events[1]).toMatchObject({ actor: { id: requester.user.id }, data: { recording: true } });
    expect(events[2]).toMatchObject({ actor: { id: requester.user.id }, data: { side: 'requester' } });
    expect(typeof events[2]?.data.durationSeconds).toBe('number');
    // Ended is final: ending again is a conflict.
    expect((await call(agent, 'POST', `/remote-sessions/${session.id}/end`)).statusCode).toBe(409);
  });

  it('lets the agent end it too', async () => {
    const { agent, session } = await active();
    const ended = await call(agent, 'POST', `/remote-sessions/${session.id}/end`);
    expect(json<RemoteSessionDto>(ended)).toMatchObject({ status: 'ended', role: 'agent' });
  });

  it('records a decline, and a call-back request from a phone schedules a call-back for the agent', async () => {
    const first = await invited();
    const declined = await call(first.requester, 'POST', `/remote-sessions/${first.session.id}/decline`);
    expect(json<RemoteSessionDto>(declined).status).toBe('declined');
    const second = await invited();
    const bad = await call(
      second.requester,
      'POST',
      `/remote-sessions/${second.session.id}/callback-request`,
      {
        phone: 'call me',
      },
    );
    expect(bad.statusCode).toBe(400);
    const callback = await call(
      second.requester,
      'POST',
      `/remote-sessions/${second.session.id}/callback-request`,
      {
        phone: '+86 138 0000 0000',
      },
    );
    expect(json<RemoteSessionDto>(callback).status).toBe('declined');
    const callbacks = await call(second.agent, 'GET', '/channels/phone/callbacks');
    expect(
      json<{ items: { ticketId: number; phone: string; status: string }[] }>(callbacks).items,
    ).toContainEqual(
      expect.objectContaining({
        ticketId: second.ticket.id,
        phone: '+86 138 0000 0000',
        status: 'scheduled',
      }),
    );
  });

  it('pauses and resumes on the requester’s signal only', async () => {
    const { agent, requester, session } = await active();
    expect(
      (await call(agent, 'POST', `/remote-sessions/${session.id}/signal`, { type: 'pause' })).statusCode,
    ).toBe(403);
    await call(requester, 'POST', `/remote-sessions/${session.id}/signal`, { type: 'pause' });
    expect(json<RemoteSessionDto>(await call(agent, 'GET', `/remote-sessions/${session.id}`)).status).toBe(
      'paused',
    );
    await call(requester, 'POST', `/remote-sessions/${session.id}/signal`, { type: 'resume' });
    expect(json<RemoteSessionDto>(await call(agent, 'GET', `/remote-sessions/${session.id}`)).status).toBe(
      'active',
    );
  });
});

describe('signalling', () => {
  it('delivers a signal to the other party only, live and on fetch', async () => {
    const { agent, requester, session } = await active();
    const otherStaff = await buildUser(ctx, { role: 'agent' });
    const heard: { type: string; userIds?: number[]; data?: Record<string, unknown> }[] = [];
    const listener = (event: (typeof heard)[number]) => heard.push(event);
    ctx.events.on('event', listener);
    const sent = await call(requester, 'POST', `/remote-sessions/${session.id}/signal`, {
      type: 'offer',
      payload: { type: 'offer', sdp: 'v=0\r\n' },
    });
    expect(sent.statusCode, sent.body).toBe(201);
    const signalId = json<{ id: number }>(sent).id;
    await expect.poll(() => heard.filter((e) => e.type === 'remote.signal').length).toBe(1);
    ctx.events.off('event', listener);
    expect(heard.find((e) => e.type === 'remote.signal')).toMatchObject({
      userIds: [agent.user.id],
      data: { sessionId: session.id, signalId },
    });
    const forAgent = json<{ items: SignalDto[] }>(
      await call(agent, 'GET', `/remote-sessions/${session.id}/signals`),
    );
    expect(forAgent.items).toEqual([
      expect.objectContaining({ id: signalId, type: 'offer', fromUserId: requester.user.id }),
    ]);
    const forRequester = json<{ items: SignalDto[] }>(
      await call(requester, 'GET', `/remote-sessions/${session.id}/signals`),
    );
    expect(forRequester.items).toEqual([]);
    const after = json<{ items: SignalDto[] }>(
      await call(agent, 'GET', `/remote-sessions/${session.id}/signals?after=${signalId}`),
    );
    expect(after.items).toEqual([]);
    // Other staff may look at the session but neither send nor read its signals.
    expect((await call(otherStaff, 'GET', `/remote-sessions/${session.id}/signals`)).statusCode).toBe(403);
    expect(
      (
        await call(otherStaff, 'POST', `/remote-sessions/${session.id}/signal`, {
          type: 'chat',
          payload: { text: 'hi' },
        })
      ).statusCode,
    ).toBe(403);
  });

  it('checks what a signal carries: a pointer from the agent in 0..1, a chat line of text', async () => {
    const { agent, requester, session } = await active();
    const url = `/remote-sessions/${session.id}/signal`;
    expect(
      (await call(agent, 'POST', url, { type: 'pointer', payload: { x: 0.5, y: 0.25 } })).statusCode,
    ).toBe(201);
    expect((await call(agent, 'POST', url, { type: 'pointer', payload: { x: 2, y: 0 } })).statusCode).toBe(
      400,
    );
    expect(
      (await call(requester, 'POST', url, { type: 'pointer', payload: { x: 0, y: 0 } })).statusCode,
    ).toBe(403);
    expect((await call(requester, 'POST', url, { type: 'chat', payload: { text: '' } })).statusCode).toBe(
      400,
    );
    expect((await call(requester, 'POST', url, { type: 'shout', payload: {} })).statusCode).toBe(400);
    expect(
      (await call(requester, 'POST', url, { type: 'chat', payload: { text: '我看到了' } })).statusCode,
    ).toBe(201);
    const items = json<{ items: SignalDto[] }>(
      await call(requester, 'GET', `/remote-sessions/${session.id}/signals`),
    ).items;
    expect(items.map((s) => [s.type, s.payload])).toEqual([['pointer', { x: 0.5, y: 0.25 }]]);
  });

  it('refuses signals before consent and after the end', async () => {
    const { agent, requester, session } = await invited();
    const url = `/remote-sessions/${session.id}/signal`;
    expect((await call(agent, 'POST', url, { type: 'chat', payload: { text: 'hello' } })).statusCode).toBe(
      409,
    );
    await call(requester, 'POST', `/remote-sessions/${session.id}/consent`, {});
    await call(requester, 'POST', url, { type: 'offer', payload: { type: 'offer', sdp: 'v=0\r\n' } });
    await call(requester, 'POST', url, { type: 'chat', payload: { text: 'see you' } });
    await call(agent, 'POST', `/remote-sessions/${session.id}/end`);
    expect(
      (await call(requester, 'POST', url, { type: 'chat', payload: { text: 'hello' } })).statusCode,
    ).toBe(409);
    // Once ended, only the chat is kept: the SDPs (with the browsers' addresses) are gone.
    const kept = json<{ items: SignalDto[] }>(
      await call(agent, 'GET', `/remote-sessions/${session.id}/signals`),
    );
    expect(kept.items.map((signal) => signal.type)).toEqual(['chat']);
  });
});

describe('ICE servers and TURN credentials', () => {
  it('makes the coturn use-auth-secret credential: expiry:user, base64 HMAC-SHA1 of it', () => {
    const now = new Date('2026-12-04T12:00:00Z');
    const credential = turnCredential({ secret: 'north-wind-secret', userId: 42, now, ttlSeconds: 3600 });
    // 2026-12-04T13:00:00Z is 1796389200 in Unix time.
    expect(credential.username).toBe('1796389200:42');
    // Computed by hand with: printf '1796389200:42' | openssl dgst -sha1 -hmac north-wind-secret -binary | base64
    expect(credential.credential).toBe('DoEHqn0A91ar1Tpp9DSUT1DFk+A=');
    expect(iceServersFor({ servers: [], turnUrls: [], turnTtlSeconds: 60 }, 42, now)).toEqual([]);
  });

  it('serves the configured servers and a TURN credential to the two parties only', async () => {
    const { agent, requester, session } = await active();
    const response = await call(requester, 'GET', `/remote-sessions/${session.id}/ice-servers`);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    const { iceServers } = json<{
      iceServers: { urls: string[] | string; username?: string; credential?: string }[];
    }>(response);
    expect(iceServers[0]).toEqual({ urls: 'stun:stun.example.com:3478' });
    const turn = iceServers[1];
    expect(turn?.urls).toEqual(['turn:turn.example.com:3478?transport=udp', 'turns:turn.example.com:5349']);
    const [expiry, user] = (turn?.username ?? '').split(':');
    expect(Number(user)).toBe(requester.user.id);
    expect(Number(expiry) - Date.now() / 1000).toBeGreaterThan(3500);
    expect(turn?.credential).toBe(
      createHmac('sha1', 'north-wind-secret')
        .update(turn?.username ?? '')
        .digest('base64'),
    );
    expect((await call(agent, 'GET', `/remote-sessions/${session.id}/ice-servers`)).statusCode).toBe(200);
    const otherStaff = await buildUser(ctx, { role: 'agent' });
    expect((await call(otherStaff, 'GET', `/remote-sessions/${session.id}/ice-servers`)).statusCode).toBe(
      403,
    );
  });
});

function webm(content: Buffer, type = 'video/webm') {
  const head = `--B\r\nContent-Disposition: form-data; name="file"; filename="screen.webm"\r\nContent-Type: ${type}\r\n\r\n`;
  return {
    'content-type': 'multipart/form-data; boundary=B',
    payload: Buffer.concat([Buffer.from(head), content, Buffer.from('\r\n--B--\r\n')]),
  };
}

const upload = (as: TestUser, sessionId: number, body: ReturnType<typeof webm>) =>
  ctx.app.inject({
    method: 'POST',
    url: `/api/v1/remote-sessions/${sessionId}/recording`,
    headers: { ...as.headers, 'content-type': body['content-type'] },
    payload: body.payload,
  });

describe('a recording', () => {
  // The first bytes of a WebM file (the EBML header), as MediaRecorder writes them.
  const bytes = Buffer.from([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x86, 0x81, 0x01]);

  it('is refused when the requester did not agree to one', async () => {
    const { agent, session } = await active();
    const response = await upload(agent, session.id, webm(bytes));
    expect(response.statusCode).toBe(403);
    expect(json<{ error: { code: string } }>(response).error.code).toBe('remote.recording_not_allowed');
  });

  it('is kept as a WebM attachment of the ticket when they agreed, from the inviting agent only', async () => {
    const { agent, requester, ticket, session } = await invited();
    await call(requester, 'POST', `/remote-sessions/${session.id}/consent`, { recording: true });
    expect((await upload(requester, session.id, webm(bytes))).statusCode).toBe(403);
    expect((await upload(agent, session.id, webm(bytes, 'text/html'))).statusCode).toBe(400);
    const saved = await upload(agent, session.id, webm(bytes));
    expect(saved.statusCode, saved.body).toBe(201);
    expect(json(saved)).toMatchObject({ filename: `remote-session-${session.id}.webm`, size: bytes.length });
    const seen = await call(requester, 'GET', `/tickets/${ticket.id}/attachments`);
    expect(json<{ items: { filename: string; contentType: string }[] }>(seen).items).toContainEqual(
      expect.objectContaining({ filename: `remote-session-${session.id}.webm`, contentType: 'video/webm' }),
    );
  });
});
