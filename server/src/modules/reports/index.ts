export { markTicketReportDays, rebuildAllFacts, refreshTicketFacts, reportFactsFollowUp } from './facts.ts';
export { reportRoutes } from './reports.routes.ts';
export { nightlyRollupJob, rebuildAllRollups, rollupJob, sumDirtyDays } from './rollup-job.ts';
export { getReportSummary } from './summary.ts';
export { buildWeeklyReport } from './weekly.ts';
export { sendWeeklyReport, weeklyEmailJob } from './weekly-job.ts';
export { WEEKLY_REPORT_TEMPLATE } from './weekly-mail.ts';
