// The surveys module's public surface. Read models it publishes for joins other modules must make in
// one SQL statement (contract: docs/read-models.md; declared in db/schema/surveys.ts): surveys_csat_v,
// surveys_nps_invitations_v (scores and times, no tokens).
export { answerCsatInPortal } from './answer-csat.ts';
export { answerNpsInPortal } from './answer-nps.ts';
export { recordCallback } from './callbacks.ts';
export { csatTicketHook } from './csat-hook.ts';
export { onCsatAnswered, openCsatSurvey } from './csat-surveys.ts';
export { createNpsCampaign } from './nps-campaigns.ts';
export { NPS_COUNTS_SQL, npsFromCounts, npsFromScores } from './nps-score.ts';
export {
  CSAT_INVITATION_TEMPLATE,
  NPS_INVITATION_TEMPLATE,
  surveyReplacesClosedMail,
} from './survey-mail.ts';
export { surveyRoutes } from './surveys.routes.ts';
