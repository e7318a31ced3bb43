import { sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db/database.ts';
import { type Actor, createUser, findUserByEmail, findUsersByEmails } from '../identity/index.ts';

/**
 * The person behind an incoming message, as the actor of what it causes. An unknown sender
 * becomes a requester when the channel allows it; a deactivated user gets nothing.
 */
export async function requesterActor(
  tx: Tx,
  email: string,
  name: string,
  options: { create: boolean; locale?: 'zh-CN' | 'en' },
): Promise<Actor | null> {
  // Two messages from one new sender at once: the second waits here and finds the first's user.
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`requester:${email.toLowerCase()}`}))`);
  let row = await findUserByEmail(tx, email);
  if (!row) {
    if (!options.create) return null;
    const created = await createRequester(tx, email, name, options.locale);
    row = await findUserByEmail(tx, created.email);
  }
  if (!row?.active) return null;
  return toActor(row);
}

/** A new requester for an unknown sender, named as the message names them. */
function createRequester(tx: Tx, email: string, name: string, locale: 'zh-CN' | 'en' = 'zh-CN') {
  return createUser({
    tx,
    actor: null,
    input: { email, name: name.trim().slice(0, 120) || email, role: 'requester', locale },
  });
}

/**
 * The senders of a batch of messages, looked up with one statement. Only addresses whose
 * advisory lock (as `requesterActor` takes it) the caller already holds are preloaded; any
 * other goes through `requesterActor`. A sender created here is remembered for the next
 * message of the batch.
 */
export class BatchRequesters {
  private readonly known: Map<string, Actor | null | 'new'>;

  private constructor(known: Map<string, Actor | null | 'new'>) {
    this.known = known;
  }

  /** `locked`: addresses whose `requester:` lock the transaction holds. */
  static async load(tx: Tx, locked: readonly string[]): Promise<BatchRequesters> {
    const lower = [...new Set(locked.map((e) => e.toLowerCase()).filter(Boolean))];
    const rows = await findUsersByEmails(tx, lower);
    const known = new Map<string, Actor | null | 'new'>();
    for (const email of lower) {
      const row = rows.get(email);
      known.set(email, row ? (row.active ? toActor(row) : null) : 'new');
    }
    return new BatchRequesters(known);
  }

  /** Whether `email` is answered without a statement (a known, preloaded sender). */
  cached(email: string): boolean {
    const entry = this.known.get(email.toLowerCase());
    return entry !== undefined && entry !== 'new';
  }

  /** As `requesterActor`. */
  async actor(
    tx: Tx,
    email: string,
    name: string,
    options: { create: boolean; locale?: 'zh-CN' | 'en' },
  ): Promise<Actor | null> {
    const key = email.toLowerCase();
    const entry = this.known.get(key);
    if (entry === undefined) return requesterActor(tx, email, name, options);
    if (entry !== 'new') return entry;
    if (!options.create) return null;
    const created = await createRequester(tx, email, name, options.locale);
    const actor: Actor = {
      id: created.id,
      role: created.role,
      name: created.name,
      email: created.email,
      locale: created.locale,
      organizationId: created.organizationId,
    };
    this.known.set(key, created.active ? actor : null);
    return created.active ? actor : null;
  }

  /** What is known of `email` now (to put back with `restore` if a savepoint is rolled back). */
  entry(email: string): Actor | null | 'new' | undefined {
    return this.known.get(email.toLowerCase());
  }

  /** Puts back what was known before a savepoint that was rolled back (a sender it created). */
  restore(email: string, entry: Actor | null | 'new' | undefined): void {
    if (entry !== undefined) this.known.set(email.toLowerCase(), entry);
  }
}

/**
 * A new requester contact for an address that belongs to no account, or null when one exists
 * (active or not): for a person whose address is not proved, who must never become the
 * account that owns it. Same lock as `requesterActor`, so the two cannot both create.
 */
export async function newRequesterContact(
  tx: Tx,
  email: string,
  name: string,
  locale: 'zh-CN' | 'en',
): Promise<Actor | null> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`requester:${email.toLowerCase()}`}))`);
  if (await findUserByEmail(tx, email)) return null;
  const created = await createUser({
    tx,
    actor: null,
    input: { email, name: name.trim().slice(0, 120) || email, role: 'requester', locale },
  });
  const row = await findUserByEmail(tx, created.email);
  return row ? toActor(row) : null;
}

function toActor(row: {
  id: number;
  role: Actor['role'];
  name: string;
  email: string;
  locale: Actor['locale'];
  organizationId: number | null;
}): Actor {
  return {
    id: row.id,
    role: row.role,
    name: row.name,
    email: row.email,
    locale: row.locale,
    organizationId: row.organizationId,
  };
}
