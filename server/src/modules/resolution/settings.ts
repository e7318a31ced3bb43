import { DEFAULT_RESOLUTION_SETTINGS, ResolutionSettings } from '../../../../contracts/resolution.ts';
import type { Queryable, Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import { diff, recordEvent } from '../audit/index.ts';
import { type Actor, assertCan, defineSettings } from '../identity/index.ts';

/** Stored as given (possibly a part of the settings); read back over the defaults. */
const resolutionSettings = defineSettings<ResolutionSettings>(
  'resolution_settings',
  ResolutionSettings.partial().transform((stored) => ({ ...DEFAULT_RESOLUTION_SETTINGS, ...stored })),
  () => DEFAULT_RESOLUTION_SETTINGS,
);

/** The administrator's settings, with defaults for anything never set. */
export async function loadResolutionSettings(tx: Queryable): Promise<ResolutionSettings> {
  return resolutionSettings.get(tx);
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
  await resolutionSettings.set(tx, next);
  await recordEvent(tx, {
    kind: 'settings.resolution_changed',
    entityType: 'settings',
    entityId: null,
    actorId: actor.id,
    data: { changes: diff(before, next) },
  });
  return next;
}
