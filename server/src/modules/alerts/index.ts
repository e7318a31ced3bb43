export { alertRoutes } from './alerts.routes.ts';
export { ingestAlerts } from './ingest-alerts.ts';
export { resolveAlertJob, resolveHeldAlert } from './resolve-job.ts';
export { STORM_EVENT } from './storm.ts';
