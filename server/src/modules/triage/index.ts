export { applyTriage, applyTriageJob, triageOnTicketChange } from './apply-triage.ts';
export { suggestTriage } from './suggest-triage.ts';
export { retrainJob, trainTriage } from './train-triage.ts';
export { triageRoutes } from './triage.routes.ts';
