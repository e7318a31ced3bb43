import type { Answers, AnswerValue, FormField } from '../../../../contracts/catalog.ts';

/** An answer at fault: the field path (`answers.<key>`), the field and why. */
export interface AnswerProblem {
  field: string;
  label: FormField['label'];
  reason: { en: string; zh: string };
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Whether a field is shown, given the answers so far (fields only look at fields before them). */
export function isShown(field: FormField, answers: Answers): boolean {
  if (!field.showIf) return true;
  const answer = answers[field.showIf.key];
  const wanted = String(field.showIf.equals);
  if (Array.isArray(answer)) return answer.includes(wanted);
  return answer !== undefined && String(answer) === wanted;
}

const empty = (value: AnswerValue | undefined) =>
  value === undefined ||
  (typeof value === 'string' && value.trim() === '') ||
  (Array.isArray(value) && value.length === 0);

function problemOf(field: FormField, value: AnswerValue): { en: string; zh: string } | null {
  const options = new Set((field.options ?? []).map((o) => o.value));
  switch (field.type) {
    case 'text':
      return typeof value === 'string' && value.length <= 2000 && !value.includes('\n')
        ? null
        : { en: 'one line of text, at most 2,000 characters', zh: '应为单行文本，最多 2000 字' };
    case 'textarea':
      return typeof value === 'string' ? null : { en: 'text expected', zh: '应为文本' };
    case 'select':
      return typeof value === 'string' && options.has(value)
        ? null
        : { en: 'not one of the options', zh: '不是可选项之一' };
    case 'multiselect':
      return Array.isArray(value) &&
        value.every((v) => options.has(v)) &&
        new Set(value).size === value.length
        ? null
        : { en: 'a list of distinct options expected', zh: '应为不重复的可选项列表' };
    case 'date': {
      if (typeof value !== 'string' || !DATE.test(value))
        return { en: 'a date YYYY-MM-DD expected', zh: '应为日期（YYYY-MM-DD）' };
      const parsed = new Date(`${value}T00:00:00Z`);
      return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(value)
        ? null
        : { en: 'no such date', zh: '日期不存在' };
    }
    case 'number':
      return typeof value === 'number' && Number.isFinite(value)
        ? null
        : { en: 'a number expected', zh: '应为数字' };
    case 'attachment':
      // The file goes to the ticket once it is open (POST /tickets/{id}/attachments).
      return {
        en: 'upload the file to the ticket after sending the request',
        zh: '请在提交申请后将文件上传到工单',
      };
    case 'user':
      return typeof value === 'number' && Number.isSafeInteger(value) && value > 0
        ? null
        : { en: 'a user id expected', zh: '应为用户编号' };
  }
}

/**
 * Checks answers against the form (pure): a field counts only when shown (showIf); a shown
 * required field needs an answer; each answer has its field's type and options. Answers to
 * unknown fields are refused; answers to hidden fields are dropped. Returns the answers kept,
 * or the first problem.
 */
export function checkAnswers(
  form: readonly FormField[],
  answers: Answers,
): { ok: true; answers: Answers } | { ok: false; problem: AnswerProblem } {
  const keys = new Set(form.map((f) => f.key));
  for (const key of Object.keys(answers)) {
    if (!keys.has(key)) {
      return {
        ok: false,
        problem: {
          field: `answers.${key}`,
          label: { 'zh-CN': key, en: key },
          reason: { en: 'no such field', zh: '没有这个字段' },
        },
      };
    }
  }
  const kept: Answers = {};
  for (const field of form) {
    if (!isShown(field, kept)) continue;
    const value = answers[field.key];
    const at = { field: `answers.${field.key}`, label: field.label };
    if (value === undefined || empty(value)) {
      if (field.required) return { ok: false, problem: { ...at, reason: { en: 'required', zh: '必填' } } };
      continue;
    }
    const reason = problemOf(field, value);
    if (reason) return { ok: false, problem: { ...at, reason } };
    kept[field.key] = typeof value === 'string' ? value.trim() : value;
  }
  return { ok: true, answers: kept };
}
