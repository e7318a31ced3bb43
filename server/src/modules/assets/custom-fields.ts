import type { AssetTypeField } from '../../../../contracts/assets.ts';
import { AppError } from '../../platform/http/errors.ts';

export type FieldValues = Record<string, string | number | null>;

const INVALID = {
  text: 'asset.field_not_text',
  number: 'asset.field_not_number',
  date: 'asset.field_not_date',
  select: 'asset.field_not_option',
} as const;

function isDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

/**
 * Checks an asset's custom field values against its type's fields and returns them cleaned
 * (empty values dropped, numbers given as text read as numbers). The first fault throws a 400
 * naming the field (`customFields.<key>`).
 */
export function validateCustomFields(
  fields: readonly AssetTypeField[],
  values: FieldValues,
  options: { lenientNumbers?: boolean } = {},
): FieldValues {
  const byKey = new Map(fields.map((f) => [f.key, f]));
  for (const key of Object.keys(values)) {
    if (!byKey.has(key))
      throw new AppError('asset.field_unknown', { field: `customFields.${key}`, params: { key } });
  }
  const clean: FieldValues = {};
  for (const field of fields) {
    const raw = values[field.key];
    const fieldPath = `customFields.${field.key}`;
    if (raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '')) {
      if (field.required)
        throw new AppError('asset.field_required', { field: fieldPath, params: { key: field.key } });
      continue;
    }
    const invalid = () => new AppError(INVALID[field.type], { field: fieldPath, params: { key: field.key } });
    switch (field.type) {
      case 'number': {
        const value =
          typeof raw === 'number' ? raw : options.lenientNumbers ? Number(raw.trim()) : Number.NaN;
        if (!Number.isFinite(value)) throw invalid();
        clean[field.key] = value;
        break;
      }
      case 'date':
        if (typeof raw !== 'string' || !isDate(raw.trim())) throw invalid();
        clean[field.key] = raw.trim();
        break;
      case 'select':
        if (typeof raw !== 'string' || !(field.options ?? []).includes(raw.trim())) throw invalid();
        clean[field.key] = raw.trim();
        break;
      default:
        if (typeof raw !== 'string') throw invalid();
        clean[field.key] = raw.trim();
    }
  }
  return clean;
}
