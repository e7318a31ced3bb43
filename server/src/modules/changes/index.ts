// The changes module's public surface (issue 14, PC-2): change management (变更管理), freeze
// windows (封网), the change calendar. Read models it publishes (docs/read-models.md): changes_v,
// change_tickets_v.
export { changeRoutes } from './changes.routes.ts';
export { CHANGE_REVIEW_NOTICE } from './implement-change.ts';
export { changesOnApprovalDecided } from './on-approval-decided.ts';
