import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { desc, eq } from 'drizzle-orm';
import {
  type AlertSourceDto,
  AlertSourceSettings,
  type AlertSourceWithToken,
  type CreateAlertSourceInput,
  type SeverityTarget,
  type UpdateAlertSourceInput,
} from '../../../../contracts/alerts.ts';
import { alertSources } from '../../db/schema/alerts.ts';
import type { Queryable, Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import { recordEvent } from '../audit/index.ts';
import { type Actor, assertCan, findTeam } from '../identity/index.ts';

type SourceRow = typeof alertSources.$inferSelect;

/**
 * Ingest tokens start with their own prefix, never the API tokens' (`sdt_`): the app's auth
 * hook reads `Bearer sdt_…` as a user's API token, while this one is checked by the ingest
 * route against its source alone.
 */
export const INGEST_TOKEN_PREFIX = 'sda_';

/** Common severity words of Alertmanager rules, Grafana and Zabbix, to priorities. */
export const DEFAULT_SEVERITY_MAP: Record<string, SeverityTarget> = {
  critical: 'P1',
  disaster: 'P1',
  fatal: 'P1',
  emergency: 'P1',
  p1: 'P1',
  high: 'P2',
  error: 'P2',
  major: 'P2',
  p2: 'P2',
  average: 'P3',
  warning: 'P3',
  warn: 'P3',
  minor: 'P3',
  p3: 'P3',
  info: 'P4',
  information: 'P4',
  low: 'P4',
  'not classified': 'P4',
  none: 'P4',
  p4: 'P4',
};

export const DEFAULT_SETTINGS: AlertSourceSettings = {
  dedupeBy: 'fingerprint',
  resolveAfterSeconds: 0,
  flapWindowSeconds: 3600,
  stormThreshold: { count: 20, minutes: 5 },
  severityLabel: 'severity',
  severityMap: {},
  categoryLabel: 'category',
  defaultCategory: null,
  defaultTeamId: null,
  mapping: null,
  assetLabels: ['asset', 'asset_serial', 'instance', 'host'],
};

/** The stored settings over the defaults (a stored value the code cannot read falls back). */
export function sourceSettings(stored: Record<string, unknown>): AlertSourceSettings {
  const merged = AlertSourceSettings.safeParse({ ...DEFAULT_SETTINGS, ...stored });
  return merged.success ? merged.data : DEFAULT_SETTINGS;
}

export function digestToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function newToken(): { token: string; digest: string } {
  const token = INGEST_TOKEN_PREFIX + randomBytes(32).toString('base64url');
  return { token, digest: digestToken(token) };
}

/** Compares a presented token with a source's digest in constant time. */
export function tokenMatches(presented: string, digest: string): boolean {
  const a = Buffer.from(digestToken(presented), 'hex');
  const b = Buffer.from(digest, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

export const ingestUrl = (publicUrl: string, id: number) =>
  `${publicUrl.replace(/\/+$/, '')}/api/v1/alert-sources/${id}/ingest`;

function present(row: SourceRow, publicUrl: string): AlertSourceDto {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    active: row.active,
    ingestUrl: ingestUrl(publicUrl, row.id),
    settings: sourceSettings(row.settings),
    lastReceivedAt: row.lastReceivedAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

type SettingsPatch = Partial<AlertSourceSettings>;

function settingsOf(input: SettingsPatch): SettingsPatch {
  const keys = Object.keys(DEFAULT_SETTINGS) as (keyof AlertSourceSettings)[];
  return Object.fromEntries(keys.filter((k) => input[k] !== undefined).map((k) => [k, input[k]]));
}

async function assertValid(tx: Queryable, kind: SourceRow['kind'], settings: AlertSourceSettings) {
  if (kind === 'generic' && !settings.mapping) {
    throw new AppError('alert_source.mapping_required', { field: 'mapping' });
  }
  if (settings.defaultTeamId !== null) {
    if (!(await findTeam(tx, settings.defaultTeamId)))
      throw new AppError('team.not_found', { field: 'defaultTeamId' });
  }
}

export async function createAlertSource(options: {
  tx: Tx;
  actor: Actor;
  input: CreateAlertSourceInput;
  publicUrl: string;
}): Promise<AlertSourceWithToken> {
  const { tx, actor, input } = options;
  assertCan(actor, 'settings.manage');
  const settings = settingsOf(input);
  await assertValid(tx, input.kind, { ...DEFAULT_SETTINGS, ...settings });
  const { token, digest } = newToken();
  const [row] = await tx
    .insert(alertSources)
    .values({ name: input.name, kind: input.kind, tokenHash: digest, settings, createdBy: actor.id })
    .returning();
  if (!row) throw new Error('insert returned no row');
  await recordEvent(tx, {
    kind: 'alert_source.created',
    entityType: 'alert_source',
    entityId: row.id,
    actorId: actor.id,
    data: { name: row.name, kind: row.kind },
  });
  return { ...present(row, options.publicUrl), token };
}

export async function listAlertSources(options: {
  tx: Queryable;
  actor: Actor;
  publicUrl: string;
}): Promise<{ items: AlertSourceDto[] }> {
  assertCan(options.actor, 'settings.manage');
  const rows = await options.tx
    .select()
    .from(alertSources)
    .orderBy(desc(alertSources.active), alertSources.name, alertSources.id);
  return { items: rows.map((row) => present(row, options.publicUrl)) };
}

async function findSource(tx: Queryable, id: number, forUpdate = false): Promise<SourceRow> {
  if (!Number.isSafeInteger(id)) throw new AppError('alert_source.not_found');
  const query = tx.select().from(alertSources).where(eq(alertSources.id, id));
  const [row] = forUpdate ? await query.for('update') : await query;
  if (!row) throw new AppError('alert_source.not_found');
  return row;
}

export async function getAlertSource(options: {
  tx: Queryable;
  actor: Actor;
  id: number;
  publicUrl: string;
}): Promise<AlertSourceDto> {
  assertCan(options.actor, 'settings.manage');
  return present(await findSource(options.tx, options.id), options.publicUrl);
}

/** Changes what the edit names and keeps the rest (settings included, key by key). */
export async function updateAlertSource(options: {
  tx: Tx;
  actor: Actor;
  id: number;
  input: UpdateAlertSourceInput;
  publicUrl: string;
}): Promise<AlertSourceDto> {
  const { tx, actor, id, input } = options;
  assertCan(actor, 'settings.manage');
  const before = await findSource(tx, id, true);
  const patch = settingsOf(input);
  const settings = { ...before.settings, ...patch };
  await assertValid(tx, before.kind, sourceSettings(settings));
  const [row] = await tx
    .update(alertSources)
    .set({
      ...(input.name === undefined ? {} : { name: input.name }),
      ...(input.active === undefined ? {} : { active: input.active }),
      settings,
      updatedAt: new Date(),
    })
    .where(eq(alertSources.id, id))
    .returning();
  if (!row) throw new AppError('alert_source.not_found');
  await recordEvent(tx, {
    kind: 'alert_source.updated',
    entityType: 'alert_source',
    entityId: id,
    actorId: actor.id,
    data: {
      ...(input.name === undefined ? {} : { name: { from: before.name, to: row.name } }),
      ...(input.active === undefined ? {} : { active: { from: before.active, to: row.active } }),
      settings: Object.keys(patch),
    },
  });
  return present(row, options.publicUrl);
}

/** Deactivates a source: its token stops working; its incidents stay. */
export async function deactivateAlertSource(options: { tx: Tx; actor: Actor; id: number }): Promise<void> {
  const { tx, actor, id } = options;
  assertCan(actor, 'settings.manage');
  const before = await findSource(tx, id, true);
  if (!before.active) return;
  await tx.update(alertSources).set({ active: false, updatedAt: new Date() }).where(eq(alertSources.id, id));
  await recordEvent(tx, {
    kind: 'alert_source.deactivated',
    entityType: 'alert_source',
    entityId: id,
    actorId: actor.id,
    data: { name: before.name },
  });
}

/** A new token; the old one stops working at once. */
export async function rotateAlertSourceToken(options: {
  tx: Tx;
  actor: Actor;
  id: number;
  publicUrl: string;
}): Promise<AlertSourceWithToken> {
  const { tx, actor, id } = options;
  assertCan(actor, 'settings.manage');
  await findSource(tx, id, true);
  const { token, digest } = newToken();
  const [row] = await tx
    .update(alertSources)
    .set({ tokenHash: digest, updatedAt: new Date() })
    .where(eq(alertSources.id, id))
    .returning();
  if (!row) throw new AppError('alert_source.not_found');
  await recordEvent(tx, {
    kind: 'alert_source.token_rotated',
    entityType: 'alert_source',
    entityId: id,
    actorId: actor.id,
  });
  return { ...present(row, options.publicUrl), token };
}
