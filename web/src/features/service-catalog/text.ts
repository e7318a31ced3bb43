import type { Answers, Bilingual, FormField } from '../../../../contracts/catalog.ts';

/** The text in the reader's language, the other one when it is empty. */
export function localized(text: Bilingual | { 'zh-CN': string; en: string }, lang: string): string {
  return (lang === 'en' ? text.en || text['zh-CN'] : text['zh-CN'] || text.en) ?? '';
}

/** Whether a field is shown given the answers so far (server: catalog/validate-answers.ts). */
export function isShownField(field: FormField, answers: Answers): boolean {
  if (!field.showIf) return true;
  const answer = answers[field.showIf.key];
  const wanted = String(field.showIf.equals);
  if (Array.isArray(answer)) return answer.includes(wanted);
  return answer !== undefined && String(answer) === wanted;
}
