import type { FormField } from '../../../../contracts/catalog.ts';

/** What is wrong with a form definition, and where (the field path of the 400). */
export interface DefinitionProblem {
  field: string;
  reason: { en: string; zh: string };
}

const CHOICE_TYPES = new Set(['select', 'multiselect']);

/**
 * Checks a form the way a requester will meet it: unique keys, options on (and only on) the
 * choice fields, each showIf pointing at another field that comes before it, and its value
 * one of that field's options when it has options. Pure; returns the first problem.
 */
export function formProblem(form: readonly FormField[]): DefinitionProblem | null {
  const seen = new Map<string, FormField>();
  for (const [index, field] of form.entries()) {
    const at = `form.${index}`;
    if (seen.has(field.key)) {
      return {
        field: `${at}.key`,
        reason: { en: `the key "${field.key}" is used twice`, zh: `字段键“${field.key}”重复` },
      };
    }
    const options = field.options ?? [];
    if (CHOICE_TYPES.has(field.type)) {
      if (options.length === 0) {
        return {
          field: `${at}.options`,
          reason: {
            en: `the ${field.type} "${field.key}" has no options`,
            zh: `选择字段“${field.key}”没有选项`,
          },
        };
      }
      const values = new Set<string>();
      for (const [o, option] of options.entries()) {
        if (values.has(option.value)) {
          return {
            field: `${at}.options.${o}.value`,
            reason: { en: `the option "${option.value}" is listed twice`, zh: `选项“${option.value}”重复` },
          };
        }
        values.add(option.value);
      }
    } else if (options.length > 0) {
      return {
        field: `${at}.options`,
        reason: { en: `a ${field.type} field takes no options`, zh: `${field.type} 类型的字段不能设置选项` },
      };
    }
    if (field.type === 'attachment' && field.required) {
      return {
        field: `${at}.required`,
        reason: {
          en: 'an attachment field cannot be required: files are added to the ticket once it is open',
          zh: '附件字段不能设为必填：附件在工单创建后上传到工单',
        },
      };
    }
    if (field.showIf) {
      const target = seen.get(field.showIf.key);
      if (!target) {
        return {
          field: `${at}.showIf.key`,
          reason: {
            en: `showIf points at "${field.showIf.key}", which is not a field before this one`,
            zh: `显示条件引用的“${field.showIf.key}”不是此前的字段`,
          },
        };
      }
      const targetOptions = target.options ?? [];
      if (targetOptions.length > 0 && !targetOptions.some((o) => o.value === String(field.showIf?.equals))) {
        return {
          field: `${at}.showIf.equals`,
          reason: {
            en: `"${String(field.showIf.equals)}" is not an option of "${target.key}"`,
            zh: `“${String(field.showIf.equals)}”不是“${target.key}”的选项`,
          },
        };
      }
    }
    seen.set(field.key, field);
  }
  return null;
}
