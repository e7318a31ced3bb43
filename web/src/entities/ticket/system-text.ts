import type { TFunction } from 'i18next';

/**
 * Reasons the system writes (an SLA breach raising a priority or escalating, a major incident,
 * automatic triage) are stored as codes;
 * here they become words in the reader's language. Anything a person typed is shown as written.
 */
export function systemText(t: TFunction, text: string | null | undefined): string {
  if (!text) return '';
  const incident = /^major_incident:(\d+)$/.exec(text);
  if (incident) return t('shell.reason.majorIncident', { id: incident[1] });
  const triage = /^triage:(\d+)$/.exec(text);
  if (triage) return t('shell.reason.triage', { confidence: triage[1] });
  switch (text) {
    case 'sla.first_response_breached':
      return t('shell.reason.firstResponseBreached');
    case 'sla.resolution_breached':
      return t('shell.reason.resolutionBreached');
    default:
      return text;
  }
}
