import { and, asc, eq, gt } from 'drizzle-orm';
import { REMOTE_SIGNAL_EVENT, type SignalDto, type SignalType } from '../../../../contracts/remote.ts';
import { remoteSessions, remoteSignals } from '../../db/schema.ts';
import type { Tx } from '../../platform/db/database.ts';
import { publish } from '../../platform/events/events.ts';
import { AppError } from '../../platform/http/errors.ts';
import type { Actor } from '../identity/index.ts';
import { LIVE_STATUSES } from './domain.ts';
import { announce, assertState, loadSession, otherParty } from './sessions.ts';

const MAX_PAYLOAD_CHARS = 32_000;

const invalid = (field: string, detail: string) =>
  new AppError('validation.invalid', { field, params: { detail } });

const isUnit = (value: unknown) =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 1;

/** Who may send what, and what each payload must hold. */
function checkSignal(type: SignalType, payload: Record<string, unknown>, side: 'agent' | 'requester'): void {
  if (JSON.stringify(payload).length > MAX_PAYLOAD_CHARS) throw invalid('payload', 'too large');
  switch (type) {
    case 'pointer':
      // The agent points at the requester's screen: a position in 0..1 of the shared picture.
      if (side !== 'agent') throw new AppError('remote.not_party');
      if (!isUnit(payload.x) || !isUnit(payload.y))
        throw invalid('payload', 'x and y must be numbers from 0 to 1');
      return;
    case 'pause':
    case 'resume':
      if (side !== 'requester') throw new AppError('remote.requester_only');
      return;
    case 'chat': {
      const text = payload.text;
      if (typeof text !== 'string' || text.trim() === '' || text.length > 2000)
        throw invalid('payload.text', 'a chat line is 1 to 2000 characters');
      return;
    }
    case 'offer':
    case 'answer':
      if (typeof payload.sdp !== 'string') throw invalid('payload.sdp', 'an SDP is a string');
      return;
    case 'candidate':
      return;
  }
}

/**
 * Passes a signal to the other party of the session, and only to them: it is stored addressed
 * to them, and a live event (NOTIFY, so on every instance) tells their page to fetch it.
 * Pause and resume also change the session's status.
 */
export async function sendSignal(options: {
  tx: Tx;
  actor: Actor;
  sessionId: number;
  input: { type: SignalType; payload: Record<string, unknown> };
}): Promise<{ id: number }> {
  const { tx, actor, sessionId, input } = options;
  const { row, side } = await loadSession(tx, actor, sessionId, { forUpdate: true });
  const to = otherParty(row, side);
  if (side === 'staff') throw new AppError('remote.not_party');
  assertState(row, LIVE_STATUSES);
  checkSignal(input.type, input.payload, side);
  if (input.type === 'pause' || input.type === 'resume') {
    const status = input.type === 'pause' ? 'paused' : 'active';
    if (row.status !== status) {
      const [updated] = await tx
        .update(remoteSessions)
        .set({ status })
        .where(eq(remoteSessions.id, row.id))
        .returning();
      if (updated)
        await announce(tx, updated, {
          kind: `remote.${status === 'paused' ? 'paused' : 'resumed'}`,
          actorId: actor.id,
        });
    }
  }
  const [signal] = await tx
    .insert(remoteSignals)
    .values({
      sessionId: row.id,
      fromUserId: actor.id,
      toUserId: to,
      type: input.type,
      payload: input.payload,
    })
    .returning({ id: remoteSignals.id });
  if (!signal) throw new Error('insert returned no row');
  await publish(tx, {
    type: REMOTE_SIGNAL_EVENT,
    userIds: [to],
    ticketId: row.ticketId,
    data: { sessionId: row.id, signalId: signal.id, signalType: input.type },
  });
  return { id: signal.id };
}

/** The signals addressed to the caller after a given one, oldest first. */
export async function listSignals(options: {
  tx: Tx;
  actor: Actor;
  sessionId: number;
  after: number;
}): Promise<SignalDto[]> {
  const { tx, actor, sessionId, after } = options;
  const { row, side } = await loadSession(tx, actor, sessionId);
  if (side === 'staff') throw new AppError('remote.not_party');
  const rows = await tx
    .select()
    .from(remoteSignals)
    .where(
      and(
        eq(remoteSignals.sessionId, row.id),
        eq(remoteSignals.toUserId, actor.id),
        gt(remoteSignals.id, after),
      ),
    )
    .orderBy(asc(remoteSignals.id))
    .limit(500);
  return rows.map((signal) => ({
    id: signal.id,
    type: signal.type,
    payload: signal.payload,
    fromUserId: signal.fromUserId,
    at: signal.at.toISOString(),
  }));
}
