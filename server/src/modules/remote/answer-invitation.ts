import { eq } from 'drizzle-orm';
import type { RemoteSessionDto } from '../../../../contracts/remote.ts';
import { remoteSessions } from '../../db/schema.ts';
import type { Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import type { Actor } from '../identity/index.ts';
import { requestCallback } from './invitation-mail.ts';
import {
  announce,
  assertState,
  expireIfDue,
  loadSession,
  presentSession,
  type SessionRow,
} from './sessions.ts';

type Answer =
  | { kind: 'consent'; recording: boolean }
  | { kind: 'decline' }
  /** On a phone (no screen sharing in mobile browsers): decline, and ask to be called back. */
  | { kind: 'callback'; phone: string };

/** The requester answers the invitation: consent (recorded with its time), decline, or a call-back instead. */
export async function answerInvitation(options: {
  tx: Tx;
  actor: Actor;
  sessionId: number;
  input: Answer & { now: Date };
}): Promise<RemoteSessionDto> {
  const { tx, actor, sessionId, input } = options;
  const loaded = await loadSession(tx, actor, sessionId, { forUpdate: true });
  if (loaded.side !== 'requester') throw new AppError('remote.requester_only');
  const row = await expireIfDue(tx, loaded.row, input.now);
  assertState(row, ['invited']);
  let updated: SessionRow | undefined;
  if (input.kind === 'consent') {
    [updated] = await tx
      .update(remoteSessions)
      .set({ status: 'active', consentedAt: input.now, recordingConsent: input.recording })
      .where(eq(remoteSessions.id, row.id))
      .returning();
    if (!updated) throw new AppError('remote.not_found');
    await announce(tx, updated, {
      kind: 'remote.consented',
      actorId: actor.id,
      data: { recording: input.recording },
    });
  } else {
    [updated] = await tx
      .update(remoteSessions)
      .set({ status: 'declined', endedAt: input.now, endedBy: actor.id })
      .where(eq(remoteSessions.id, row.id))
      .returning();
    if (!updated) throw new AppError('remote.not_found');
    const callback = input.kind === 'callback';
    await announce(tx, updated, {
      kind: 'remote.declined',
      actorId: actor.id,
      data: callback ? { callback: true, phone: input.phone } : { callback: false },
    });
    if (input.kind === 'callback') await requestCallback(tx, updated, input.phone, input.now);
  }
  return presentSession(tx, updated, 'requester');
}
