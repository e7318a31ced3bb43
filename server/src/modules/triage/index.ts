export { applyTriage, applyTriageBatchJob, applyTriageJob, triageOnTicketChanges } from './apply-triage.ts';
export { preloadModel as preloadTriageModel } from './model-store.ts';
export { takeProblemCandidate } from './problem-candidates.ts';
export {
  onStandardRequest,
  readOncePerBatch,
  type StandardAnswerer,
  type StandardBatch,
  standardBatch,
  titleCoverage,
} from './standard-requests.ts';
export { suggestTriage } from './suggest-triage.ts';
export { retrainJob, trainTriage } from './train-triage.ts';
export { triageRoutes } from './triage.routes.ts';
