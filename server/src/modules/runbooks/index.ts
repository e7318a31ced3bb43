export { runbooksOnApprovalDecided } from './on-approval-decided.ts';
export { runbookRoutes } from './runbooks.routes.ts';
export { sendRunbookJobHandler } from './send-job.ts';
export { startRunbook } from './start-runbook.ts';
