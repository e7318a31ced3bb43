// The catalog module's public surface (issue 13, KB-5): service items with a form, an optional
// approval and fulfilment tasks; requests made from them open service_request tickets.

export { answerFromCatalog } from './answer-standard-request.ts';
export { catalogRoutes } from './catalog.routes.ts';
export { catalogOnApprovalDecided } from './on-approval-decided.ts';
