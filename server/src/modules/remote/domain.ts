import { createHmac } from 'node:crypto';
import type { IceServer, RemoteStatus } from '../../../../contracts/remote.ts';

/** Statuses in which the screen may be flowing (or paused) and signals pass. */
export const LIVE_STATUSES: readonly RemoteStatus[] = ['active', 'paused'];
/** Statuses a session can still be ended from. */
export const OPEN_STATUSES: readonly RemoteStatus[] = ['invited', 'active', 'paused'];

/** An invitation nobody answered before `expiresAt` has expired. */
export function isExpired(session: { status: RemoteStatus; expiresAt: Date }, now: Date): boolean {
  return session.status === 'invited' && session.expiresAt.getTime() <= now.getTime();
}

/**
 * A short-lived TURN credential as coturn checks it with `use-auth-secret` (the "TURN REST
 * API"): the username is `<expiry unix time>:<user>`, the password base64(HMAC-SHA1(secret,
 * username)). coturn refuses it after the expiry time in the username.
 */
export function turnCredential(options: { secret: string; userId: number; now: Date; ttlSeconds: number }): {
  username: string;
  credential: string;
} {
  const expiry = Math.floor(options.now.getTime() / 1000) + options.ttlSeconds;
  const username = `${expiry}:${options.userId}`;
  const credential = createHmac('sha1', options.secret).update(username).digest('base64');
  return { username, credential };
}

export interface IceSettings {
  /** WEBRTC_ICE_SERVERS, parsed. */
  servers: IceServer[];
  turnSecret?: string | undefined;
  /** TURN_URLS, split. */
  turnUrls: string[];
  turnTtlSeconds: number;
}

/** The configured STUN/TURN servers, with a fresh TURN credential for this user when coturn's secret is set. */
export function iceServersFor(settings: IceSettings, userId: number, now: Date): IceServer[] {
  const servers = [...settings.servers];
  if (settings.turnSecret && settings.turnUrls.length > 0) {
    servers.push({
      urls: settings.turnUrls,
      ...turnCredential({ secret: settings.turnSecret, userId, now, ttlSeconds: settings.turnTtlSeconds }),
    });
  }
  return servers;
}

/** Parses WEBRTC_ICE_SERVERS (a JSON list); entries that are not ICE servers are left out. */
export function parseIceServers(json: string): IceServer[] {
  const parsed: unknown = JSON.parse(json);
  if (!Array.isArray(parsed)) return [];
  return parsed.filter(
    (entry): entry is IceServer =>
      typeof entry === 'object' &&
      entry !== null &&
      (typeof (entry as IceServer).urls === 'string' || Array.isArray((entry as IceServer).urls)),
  );
}
