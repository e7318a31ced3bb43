// The resolution module's public surface. Read models it publishes for joins other modules must make
// in one SQL statement (contract: docs/read-models.md; declared in db/schema/resolution.ts):
// resolution_records_v.
export { autoCloseIfDue, autoCloseJob } from './auto-close.ts';
export { listResolutionCodes } from './codes.ts';
export { confirmResolution } from './confirm-resolution.ts';
export {
  RESOLUTION_REPORT_TEMPLATE,
  type RenderedMail,
  resolutionReportReplacesResolvedMail,
} from './report-mail.ts';
export { resolutionRoutes } from './resolution.routes.ts';
export { resolutionTicketHook } from './resolution-hook.ts';
export { latestResolution } from './resolutions.ts';
export { resolveTicket } from './resolve-ticket.ts';
export { resolveVerifiedByMonitoring } from './resolve-verified-by-monitoring.ts';
export { isTimeZone, loadResolutionSettings, saveResolutionSettings } from './settings.ts';
