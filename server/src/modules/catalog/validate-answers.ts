import type { Answers, AnswerValue, FormField } from '../../../../contracts/catalog.ts';
import type { ErrorCode } from '../../platform/http/errors.ts';

/** An answer at fault: the field path (`answers.<key>`) and the error code that says why. */
export interface AnswerProblem {
  field: string;
  code: ErrorCode;
  params: Record<string, string>;
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

function problemOf(field: FormField, value: AnswerValue): ErrorCode | null {
  const options = new Set((field.options ?? []).map((o) => o.value));
  switch (field.type) {
    case 'text':
      return typeof value === 'string' && value.length <= 2000 && !value.includes('\n')
        ? null
        : 'catalog.answer_text';
    case 'textarea':
      return typeof value === 'string' ? null : 'catalog.answer_text';
    case 'select':
      return typeof value === 'string' && options.has(value) ? null : 'catalog.answer_option';
    case 'multiselect':
      return Array.isArray(value) &&
        value.every((v) => options.has(v)) &&
        new Set(value).size === value.length
        ? null
        : 'catalog.answer_option';
    case 'date': {
      if (typeof value !== 'string' || !DATE.test(value)) return 'catalog.answer_date';
      const parsed = new Date(`${value}T00:00:00Z`);
      return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(value)
        ? null
        : 'catalog.answer_date';
    }
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? null : 'catalog.answer_number';
    case 'attachment':
      // The file goes to the ticket once it is open (POST /tickets/{id}/attachments).
      return 'catalog.answer_attachment';
    case 'user':
      return typeof value === 'number' && Number.isSafeInteger(value) && value > 0
        ? null
        : 'catalog.answer_user';
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
        problem: { field: `answers.${key}`, code: 'catalog.answer_unknown', params: { key } },
      };
    }
  }
  const kept: Answers = {};
  for (const field of form) {
    if (!isShown(field, kept)) continue;
    const value = answers[field.key];
    const at = `answers.${field.key}`;
    if (value === undefined || empty(value)) {
      if (field.required)
        return { ok: false, problem: { field: at, code: 'catalog.answer_required', params: {} } };
      continue;
    }
    const code = problemOf(field, value);
    if (code) return { ok: false, problem: { field: at, code, params: {} } };
    kept[field.key] = typeof value === 'string' ? value.trim() : value;
  }
  return { ok: true, answers: kept };
}
