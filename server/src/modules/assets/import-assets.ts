import { sql } from 'drizzle-orm';
import {
  ASSET_STATUSES,
  type AssetImportResultDto,
  type AssetStatus,
  type AssetTypeField,
  CRITICALITIES,
  type Criticality,
  type LocalizedText,
} from '../../../../contracts/assets.ts';
import { assets, assetTypes } from '../../db/schema.ts';
import type { Tx } from '../../platform/db/database.ts';
import { AppError, type ErrorCode, errorMessage, type MessageLocale } from '../../platform/http/errors.ts';
import { findInvalidText } from '../../platform/http/valid-text.ts';
import { recordEvent, recordEvents } from '../audit/index.ts';
import { type Actor, assertCan } from '../identity/index.ts';
import { decodeUtf8, parseCsv } from './csv.ts';
import { validateCustomFields } from './custom-fields.ts';

/** The most rows one import takes. */
export const MAX_IMPORT_ROWS = 5000;

type Column = 'name' | 'type' | 'serialNumber' | 'location' | 'ownerEmail' | 'status' | 'criticality';

/** Header names (after `norm`) in English and Chinese for each standard column. */
const HEADERS: Record<Column, string[]> = {
  name: ['name', '名称', '资产名称', '配置项名称'],
  type: ['type', '类型', '资产类型'],
  serialNumber: ['serialnumber', 'serial', 'sn', '序列号', '序列号sn'],
  location: ['location', '位置', '存放位置', '地点'],
  ownerEmail: ['owner', 'owneremail', '责任人', '责任人邮箱', '使用人', '使用人邮箱'],
  status: ['status', '状态'],
  criticality: ['criticality', '重要性', '重要程度', '关键程度'],
};

export const STATUS_NAMES: Record<AssetStatus, string[]> = {
  in_use: ['在用', '使用中', 'in use'],
  in_stock: ['库存', '在库', 'in stock'],
  in_repair: ['维修中', '维修', 'in repair'],
  retired: ['已退役', '退役', 'retired'],
  disposed: ['已报废', '报废', 'disposed'],
};
export const CRITICALITY_NAMES: Record<Criticality, string[]> = {
  low: ['低'],
  medium: ['中'],
  high: ['高'],
  critical: ['关键', '极高'],
};

const norm = (text: string) =>
  text
    .trim()
    .toLowerCase()
    .replace(/[\s_\-()（）]/g, '');

function fromNames<T extends string>(
  values: readonly T[],
  names: Record<T, string[]>,
  raw: string,
): T | null {
  const wanted = norm(raw);
  for (const value of values) {
    if (norm(value) === wanted || names[value].some((n) => norm(n) === wanted)) return value;
  }
  return null;
}

interface ImportError {
  row: number;
  column: string | null;
  code: string;
  message: string;
}

/**
 * Imports assets from CSV (UTF-8, with or without a BOM; headers in English or Chinese; custom
 * fields as columns named by their key or label). Every row is checked first; with any error
 * nothing is written (all or nothing). A dry run only checks, and shows each error with its row
 * (the file's line, the header being line 1) and column.
 */
export async function importAssets(options: {
  tx: Tx;
  actor: Actor;
  body: Uint8Array;
  dryRun: boolean;
  locale: MessageLocale;
}): Promise<AssetImportResultDto> {
  const { tx, actor, dryRun, locale } = options;
  assertCan(actor, 'ticket.work');
  const text = decodeUtf8(options.body);
  if (text === null) throw new AppError('asset.import_encoding', { field: 'file' });
  const records = parseCsv(text.replace(/^\uFEFF/, ''));
  const [header, ...rows] = records;
  if (!header || rows.length === 0) throw new AppError('asset.import_empty', { field: 'file' });
  if (rows.length > MAX_IMPORT_ROWS)
    throw new AppError('asset.import_too_large', { field: 'file', params: { max: MAX_IMPORT_ROWS } });
  if (findInvalidText(records) !== null) throw new AppError('asset.import_encoding', { field: 'file' });

  const types = await tx.select().from(assetTypes);
  const typeOf = (raw: string) =>
    types.find(
      (t) =>
        norm(t.key) === norm(raw) ||
        Object.values(t.label as LocalizedText).some((l) => norm(l) === norm(raw)),
    );
  const fieldByHeader = new Map<string, string>();
  for (const type of types)
    for (const field of type.fields as AssetTypeField[]) {
      fieldByHeader.set(norm(field.key), field.key);
      for (const label of Object.values(field.label)) fieldByHeader.set(norm(label), field.key);
    }

  // Which column holds what.
  const standard = new Map<Column, number>();
  const custom = new Map<string, number>();
  header.fields.forEach((raw, index) => {
    const name = norm(raw);
    if (name === '') return;
    const column = (Object.keys(HEADERS) as Column[]).find((c) => HEADERS[c].includes(name));
    if (column && !standard.has(column)) standard.set(column, index);
    else if (!column && fieldByHeader.has(name)) custom.set(fieldByHeader.get(name) ?? '', index);
    else throw new AppError('asset.import_column_unknown', { field: 'file', params: { column: raw.trim() } });
  });
  for (const required of ['name', 'type'] as const)
    if (!standard.has(required))
      throw new AppError('asset.import_column_missing', { field: 'file', params: { column: required } });

  const headerName = (index: number | undefined) =>
    index === undefined ? null : (header.fields[index] ?? '').trim();
  const columnOf = (field: string): string | null => {
    if (field.startsWith('customFields.')) return headerName(custom.get(field.slice('customFields.'.length)));
    const column = (field === 'ownerId' ? 'ownerEmail' : field) as Column;
    return headerName(standard.get(column));
  };
  const errors: ImportError[] = [];
  const fail = (
    row: number,
    field: string | null,
    code: ErrorCode,
    params: Record<string, string | number> = {},
  ) =>
    errors.push({
      row,
      column: field === null ? null : columnOf(field),
      code,
      message: errorMessage(code, locale, params),
    });

  // Owners by email, in one statement.
  const emails = new Set<string>();
  const ownerIndex = standard.get('ownerEmail');
  if (ownerIndex !== undefined)
    for (const row of rows) {
      const email = row.fields[ownerIndex]?.trim().toLowerCase();
      if (email) emails.add(email);
    }
  const owners = new Map<string, number>();
  if (emails.size) {
    const { rows: found } = await tx.execute<{ id: number; email: string }>(
      sql`select id, lower(email) as email from identity_users_v where active and lower(email) = any(${sql.param([...emails])}::text[])`,
    );
    for (const f of found) owners.set(f.email, Number(f.id));
  }
  // Serial numbers taken already, and repeated in the file.
  const serialIndex = standard.get('serialNumber');
  const serials = new Map<string, number>();
  if (serialIndex !== undefined)
    for (const row of rows) {
      const serial = row.fields[serialIndex]?.trim();
      if (serial) serials.set(serial, (serials.get(serial) ?? 0) + 1);
    }
  const taken = new Set<string>();
  if (serials.size) {
    const { rows: found } = await tx.execute<{ serial_number: string }>(
      sql`select serial_number from assets where serial_number = any(${sql.param([...serials.keys()])}::text[])`,
    );
    for (const f of found) taken.add(f.serial_number);
  }

  const values: (typeof assets.$inferInsert)[] = [];
  const preview: AssetImportResultDto['preview'] = [];
  for (const row of rows) {
    const line = row.line;
    const cell = (column: Column) => {
      const index = standard.get(column);
      return index === undefined ? '' : (row.fields[index] ?? '').trim();
    };
    const before = errors.length;
    const name = cell('name');
    if (!name) fail(line, 'name', 'asset.import_value_required', { column: columnOf('name') ?? 'name' });
    else if (name.length > 200) fail(line, 'name', 'asset.import_value_too_long', { max: 200 });
    const type = typeOf(cell('type'));
    if (!type) fail(line, 'type', 'asset.type_unknown', { type: cell('type') });
    const serial = cell('serialNumber');
    if (serial.length > 100) fail(line, 'serialNumber', 'asset.import_value_too_long', { max: 100 });
    else if (serial && (taken.has(serial) || (serials.get(serial) ?? 0) > 1))
      fail(line, 'serialNumber', 'asset.serial_taken');
    const location = cell('location');
    if (location.length > 200) fail(line, 'location', 'asset.import_value_too_long', { max: 200 });
    const email = cell('ownerEmail').toLowerCase();
    const ownerId = email ? owners.get(email) : undefined;
    if (email && ownerId === undefined) fail(line, 'ownerId', 'asset.owner_invalid');
    const status = cell('status') ? fromNames(ASSET_STATUSES, STATUS_NAMES, cell('status')) : 'in_use';
    if (!status) fail(line, 'status', 'asset.import_value_invalid', { value: cell('status') });
    const criticality = cell('criticality')
      ? fromNames(CRITICALITIES, CRITICALITY_NAMES, cell('criticality'))
      : 'medium';
    if (!criticality) fail(line, 'criticality', 'asset.import_value_invalid', { value: cell('criticality') });
    let customFields: Record<string, string | number | null> = {};
    if (type) {
      const own = new Set((type.fields as AssetTypeField[]).map((f) => f.key));
      const given: Record<string, string> = {};
      for (const [key, index] of custom) {
        const value = (row.fields[index] ?? '').trim();
        // A column of another type's field stays empty for this row's type.
        if (!own.has(key)) {
          if (value) fail(line, `customFields.${key}`, 'asset.field_unknown', { key });
          continue;
        }
        given[key] = value;
      }
      try {
        customFields = validateCustomFields(type.fields as AssetTypeField[], given, { lenientNumbers: true });
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        fail(line, error.field ?? null, error.code, error.params as Record<string, string>);
      }
    }
    if (errors.length > before || !type || !status || !criticality) continue;
    values.push({
      name,
      type: type.key,
      serialNumber: serial || null,
      location: location || null,
      ownerId: ownerId ?? null,
      status,
      criticality,
      customFields,
    });
    preview.push({ row: line, name, type: type.key, serialNumber: serial || null });
  }

  const result = { dryRun, rows: rows.length, created: 0, errors, preview: preview.slice(0, 200) };
  if (dryRun) return result;
  if (errors.length)
    throw new AppError('asset.import_invalid', { field: 'file', params: { count: errors.length } });
  const inserted = (await tx.insert(assets).values(values).returning({ id: assets.id })).sort(
    (a, b) => a.id - b.id,
  );
  await recordEvents(
    tx,
    inserted.map((row, i) => ({
      kind: 'asset.created' as const,
      entityType: 'asset',
      entityId: row.id,
      actorId: actor.id,
      data: {
        name: values[i]?.name ?? '',
        type: values[i]?.type ?? '',
        serialNumber: values[i]?.serialNumber ?? null,
        imported: true,
      },
    })),
  );
  await recordEvent(tx, {
    kind: 'asset.imported',
    entityType: 'asset',
    entityId: null,
    actorId: actor.id,
    data: { rows: rows.length, created: inserted.length },
  });
  return { ...result, created: inserted.length };
}
