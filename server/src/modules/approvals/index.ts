// The approval engine's public surface (issue 13, AU-1): other modules ask for a yes with
// `requestApproval` and hear the end through the `approval.decided` event (audit `onEvent`).
export { approvalRoutes } from './approvals.routes.ts';
export { cancelApprovalsOf } from './cancel-approval.ts';
export {
  APPROVAL_DECIDED_NOTICE,
  APPROVAL_DECIDED_TEMPLATE,
  APPROVAL_REMINDER_NOTICE,
  APPROVAL_REMINDER_TEMPLATE,
  APPROVAL_REQUESTED_NOTICE,
  APPROVAL_REQUESTED_TEMPLATE,
} from './notice-templates.ts';
export { type ApprovalRequest, requestApproval } from './request-approval.ts';
export { assertApproverRules } from './resolve-approvers.ts';
export { approvalExpiryJob, approvalReminderJob } from './timers.ts';
