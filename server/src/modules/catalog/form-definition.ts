import type { FormField } from '../../../../contracts/catalog.ts';
import type { ErrorCode } from '../../platform/http/errors.ts';

/** What is wrong with a form definition, and where (the field path of the 400). */
export interface DefinitionProblem {
  field: string;
  code: ErrorCode;
  params: Record<string, string>;
}

const CHOICE_TYPES = new Set(['select', 'multiselect']);

/**
 * Checks a form the way a requester will meet it: unique keys, options on (and only on) the
 * choice fields, each showIf pointing at another field that comes before it, and its value
 * one of that field's options when it has options; attachment fields are never required
 * (files go to the ticket once it is open). Pure; returns the first problem.
 */
export function formProblem(form: readonly FormField[]): DefinitionProblem | null {
  const seen = new Map<string, FormField>();
  for (const [index, field] of form.entries()) {
    const at = `form.${index}`;
    const key = field.key;
    if (seen.has(key)) return { field: `${at}.key`, code: 'catalog.duplicate_key', params: { key } };
    const options = field.options ?? [];
    if (CHOICE_TYPES.has(field.type)) {
      if (options.length === 0)
        return { field: `${at}.options`, code: 'catalog.options_required', params: { key } };
      const values = new Set<string>();
      for (const [o, option] of options.entries()) {
        if (values.has(option.value)) {
          return {
            field: `${at}.options.${o}.value`,
            code: 'catalog.option_repeated',
            params: { value: option.value },
          };
        }
        values.add(option.value);
      }
    } else if (options.length > 0) {
      return { field: `${at}.options`, code: 'catalog.options_not_allowed', params: { key } };
    }
    if (field.type === 'attachment' && field.required) {
      return { field: `${at}.required`, code: 'catalog.attachment_required', params: {} };
    }
    if (field.showIf) {
      const target = seen.get(field.showIf.key);
      if (!target)
        return {
          field: `${at}.showIf.key`,
          code: 'catalog.show_if_unknown',
          params: { key: field.showIf.key },
        };
      const wanted = String(field.showIf.equals);
      const targetOptions = target.options ?? [];
      if (targetOptions.length > 0 && !targetOptions.some((o) => o.value === wanted)) {
        return {
          field: `${at}.showIf.equals`,
          code: 'catalog.show_if_value',
          params: { value: wanted, key: target.key },
        };
      }
    }
    seen.set(key, field);
  }
  return null;
}
