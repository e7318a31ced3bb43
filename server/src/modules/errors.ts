import {
  type ErrorCode,
  type ErrorEntry,
  type PlatformErrorCode,
  registerErrors,
} from '../platform/http/errors.ts';
import { alertErrors } from './alerts/errors.ts';
import { approvalErrors } from './approvals/errors.ts';
import { assetErrors } from './assets/errors.ts';
import { automationErrors } from './automation/errors.ts';
import { catalogErrors } from './catalog/errors.ts';
import { changeErrors } from './changes/errors.ts';
import { channelErrors } from './channels/errors.ts';
import { escalationErrors } from './escalation/errors.ts';
import { identityErrors } from './identity/errors.ts';
import { knowledgeErrors } from './knowledge/errors.ts';
import { notificationErrors } from './notifications/errors.ts';
import { problemErrors } from './problems/errors.ts';
import { remoteErrors } from './remote/errors.ts';
import { reportErrors } from './reports/errors.ts';
import { resolutionErrors } from './resolution/errors.ts';
import { routingErrors } from './routing/errors.ts';
import { runbookErrors } from './runbooks/errors.ts';
import { searchErrors } from './search/errors.ts';
import { slaErrors } from './sla/errors.ts';
import { surveyErrors } from './surveys/errors.ts';
import { ticketErrors } from './tickets/errors.ts';
import { triageErrors } from './triage/errors.ts';

/**
 * Every module's error codes, in one catalogue beside the platform's generic ones. The type
 * says that every code a module declares (and may throw) is here, so none can be left out.
 */
export const moduleErrors: Record<Exclude<ErrorCode, PlatformErrorCode>, ErrorEntry> = {
  ...identityErrors,
  ...ticketErrors,
  ...resolutionErrors,
  ...surveyErrors,
  ...reportErrors,
  ...knowledgeErrors,
  ...searchErrors,
  ...triageErrors,
  ...notificationErrors,
  ...channelErrors,
  ...slaErrors,
  ...routingErrors,
  ...escalationErrors,
  ...alertErrors,
  ...remoteErrors,
  ...runbookErrors,
  ...approvalErrors,
  ...catalogErrors,
  ...automationErrors,
  ...assetErrors,
  ...problemErrors,
  ...changeErrors,
};

/** Puts the modules' codes into the platform's catalogue (registry.ts and the test setup). */
export function registerModuleErrors(): void {
  registerErrors(moduleErrors);
}
