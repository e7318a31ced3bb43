import { eq } from 'drizzle-orm';
import { DEFAULT_RESOLUTION_SETTINGS, ResolutionSettings } from '../../../../contracts/resolution.ts';
import { settings } from '../../db/schema.ts';
import type { Queryable, Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import { diff, recordEvent } from '../audit/index.ts';
import { type Actor, assertCan } from '../identity/index.ts';

const KEY = 'resolution_settings';

/** The administrator's settings, with defaults for anything never set. */
export async function loadResolutionSettings(tx: Queryable): Promise<ResolutionSettings> {
  const [row] = await tx.select().from(settings).where(eq(settings.key, KEY));
  const parsed = ResolutionSettings.partial().safeParse(row?.value ?? {});
  return { ...DEFAULT_RESOLUTION_SETTINGS, ...(parsed.success ? parsed.data : {}) };
}

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export async function saveResolutionSettings(options: {
  tx: Tx;
  actor: Actor;
  input: Partial<ResolutionSettings>;
}): Promise<ResolutionSettings> {
  const { tx, actor, input } = options;
  assertCan(actor, 'settings.manage');
  if (input.reportTimezone !== undefined && !isTimeZone(input.reportTimezone)) {
    throw new AppError('resolution.invalid_timezone', { field: 'reportTimezone' });
  }
  const before = await loadResolutionSettings(tx);
  const next = { ...before, ...input };
  await tx
    .insert(settings)
    .values({ key: KEY, value: next })
    .onConflictDoUpdate({ target: settings.key, set: { value: next, updatedAt: new Date() } });
  await recordEvent(tx, {
    kind: 'settings.resolution_changed',
    entityType: 'settings',
    entityId: null,
    actorId: actor.id,
    data: { changes: diff(before, next) },
  });
  return next;
}
