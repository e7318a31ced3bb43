import type { IceServer } from '../../../../contracts/remote.ts';
import type { Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import type { Actor } from '../identity/index.ts';
import { type IceSettings, iceServersFor } from './domain.ts';
import { loadSession } from './sessions.ts';

/** The STUN/TURN servers for a session's two parties, with TURN credentials that expire soon. */
export async function getIceServers(options: {
  tx: Tx;
  actor: Actor;
  sessionId: number;
  settings: IceSettings;
  now: Date;
}): Promise<{ iceServers: IceServer[] }> {
  const { tx, actor, sessionId, settings, now } = options;
  const { side } = await loadSession(tx, actor, sessionId);
  if (side === 'staff') throw new AppError('remote.not_party');
  return { iceServers: iceServersFor(settings, actor.id, now) };
}
