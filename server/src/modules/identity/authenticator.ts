import { sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/database.ts';
import type { EventHub, LiveEvent } from '../../platform/events/events.ts';
import type { Actor } from './actor.ts';
import { digestSecret } from './credentials.ts';
import { SESSIONS_ENDED_EVENT } from './end-sessions.ts';

interface CacheEntry {
  actor: Actor | null;
  until: number;
}

/**
 * Resolves a session cookie or API token to an actor. Lookups are cached in-process for a
 * few seconds, because every request authenticates and most reads are one query otherwise;
 * a sign-out or a change to the user drops the entry at once on this instance. Ended
 * sessions (password change, deactivation) drop it on every instance through the live
 * event `identity.sessions_ended` (LISTEN/NOTIFY, see `followSessionEnds`); other changes,
 * and a notification lost while an instance reconnects, are seen within CACHE_MS.
 */
export class Authenticator {
  static readonly CACHE_MS = 5_000;
  /** At most this many secrets' cache keys are remembered, of each kind (`#keyOf`). */
  static readonly SESSION_KEYS = 10_000;
  readonly #cache = new Map<string, CacheEntry>();
  /**
   * A secret's cache key (`s:` for a session, `t:` for an API token, and its SHA-256),
   * remembered for the secrets seen last: every request of a signed-in browser sends the same
   * cookie, every call of an integration the same token, and the digest was a twentieth of the
   * desk's own HTTP work a read (issue 18). The secrets are bearer credentials kept in this
   * process's memory only, as the requests carrying them are; a sign-out forgets its own.
   */
  readonly #keys = { s: new Map<string, string>(), t: new Map<string, string>() };
  readonly #db: Db;
  /** Bumped by every forget: a lookup that started before one does not fill the cache. */
  #generation = 0;

  constructor(db: Db) {
    this.#db = db;
  }

  /**
   * The session's actor if this instance verified it within CACHE_MS (null: verified as no
   * one), without waiting; undefined when it must be looked up (`fromSession`). Lets the
   * request hook answer a cached session synchronously: every request authenticates.
   */
  cachedSession(secret: string, now = Date.now()): Actor | null | undefined {
    return this.#hit(this.#keyOf('s', secret), now);
  }

  /** The same for an API token (`fromToken`). */
  cachedToken(secret: string, now = Date.now()): Actor | null | undefined {
    return this.#hit(this.#keyOf('t', secret), now);
  }

  async fromSession(secret: string, now = Date.now()): Promise<Actor | null> {
    return this.#cached(this.#keyOf('s', secret), now, async (digest) => {
      const result = await this.#db.execute<ActorRow>(sql`
        select u.id, u.role, u.name, u.email, u.locale, u.timezone, u.organization_id
          from sessions s join users u on u.id = s.user_id
         where s.id = ${digest} and s.expires_at > now() and u.active`);
      return toActor(result.rows[0]);
    });
  }

  async fromToken(secret: string, now = Date.now()): Promise<Actor | null> {
    return this.#cached(this.#keyOf('t', secret), now, async (digest) => {
      const result = await this.#db.execute<ActorRow>(sql`
        select u.id, u.role, u.name, u.email, u.locale, u.timezone, u.organization_id
          from api_tokens t join users u on u.id = t.user_id
         where t.token_hash = ${digest} and t.revoked_at is null and u.active`);
      return toActor(result.rows[0]);
    });
  }

  forgetSecret(secret: string): void {
    this.#keys.s.delete(secret);
    this.#keys.t.delete(secret);
    const digest = digestSecret(secret);
    this.#cache.delete(`s:${digest}`);
    this.#cache.delete(`t:${digest}`);
  }

  /** Drops every cached entry of a user (role change, deactivation, token revoked). */
  forgetUser(userId: number): void {
    this.#generation++;
    for (const [key, entry] of this.#cache) {
      if (entry.actor?.id === userId) this.#cache.delete(key);
    }
  }

  /** Forgets a user whenever any instance ends their sessions; returns the unsubscribe. */
  followSessionEnds(events: EventHub): () => void {
    const onEvent = (event: LiveEvent) => {
      const userId = event.type === SESSIONS_ENDED_EVENT ? Number(event.data?.userId) : Number.NaN;
      if (Number.isInteger(userId)) this.forgetUser(userId);
    };
    events.on('event', onEvent);
    return () => events.off('event', onEvent);
  }

  #keyOf(kind: 's' | 't', secret: string): string {
    const keys = this.#keys[kind];
    let key = keys.get(secret);
    if (key === undefined) {
      key = `${kind}:${digestSecret(secret)}`;
      // The oldest goes first (a Map iterates in insertion order).
      if (keys.size >= Authenticator.SESSION_KEYS) keys.delete(keys.keys().next().value as string);
      keys.set(secret, key);
    }
    return key;
  }

  #hit(key: string, now: number): Actor | null | undefined {
    const hit = this.#cache.get(key);
    return hit && hit.until > now ? hit.actor : undefined;
  }

  async #cached(
    key: string,
    now: number,
    load: (digest: string) => Promise<Actor | null>,
  ): Promise<Actor | null> {
    const hit = this.#hit(key, now);
    if (hit !== undefined) return hit;
    const generation = this.#generation;
    const actor = await load(key.slice(2));
    // A forget during the lookup may concern what it read: answer, but do not remember it.
    if (generation !== this.#generation) return actor;
    if (this.#cache.size > 50_000) this.#cache.clear();
    this.#cache.set(key, { actor, until: now + Authenticator.CACHE_MS });
    return actor;
  }
}

interface ActorRow extends Record<string, unknown> {
  id: number;
  role: Actor['role'];
  name: string;
  email: string;
  locale: Actor['locale'];
  timezone: string;
  organization_id: number | null;
}

function toActor(row: ActorRow | undefined): Actor | null {
  if (!row) return null;
  return {
    id: Number(row.id),
    role: row.role,
    name: row.name,
    email: row.email,
    locale: row.locale,
    timezone: row.timezone,
    organizationId: row.organization_id === null ? null : Number(row.organization_id),
  };
}
