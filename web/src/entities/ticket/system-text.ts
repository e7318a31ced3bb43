import type { TFunction } from 'i18next';

/**
 * Reasons the system writes (an SLA breach raising a priority or escalating) are stored as codes;
 * here they become words in the reader's language. Anything a person typed is shown as written.
 */
export function systemText(t: TFunction, text: string | null | undefined): string {
  if (!text) return '';
  switch (text) {
    case 'sla.first_response_breached':
      return t('shell.reason.firstResponseBreached');
    case 'sla.resolution_breached':
      return t('shell.reason.resolutionBreached');
    default:
      return text;
  }
}
