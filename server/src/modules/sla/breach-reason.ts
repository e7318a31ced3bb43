/**
 * The reasons the SLA engine writes on a ticket (priority reason, escalation reason): codes that
 * each reader's interface puts into words, so no stored text mixes two languages.
 */
export const SLA_BREACH_REASON = {
  firstResponse: 'sla.first_response_breached',
  resolution: 'sla.resolution_breached',
} as const;

const WORDS: Record<string, { 'zh-CN': string; en: string }> = {
  [SLA_BREACH_REASON.firstResponse]: { 'zh-CN': 'SLA：响应超时', en: 'SLA: first response target breached' },
  [SLA_BREACH_REASON.resolution]: { 'zh-CN': 'SLA：解决超时', en: 'SLA: resolution target breached' },
};

/** A reason in one reader's language: a known code in words, anything a person typed as it is. */
export function reasonText(reason: string, locale: 'zh-CN' | 'en'): string {
  return WORDS[reason]?.[locale] ?? reason;
}
