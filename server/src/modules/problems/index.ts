// The problems module's public surface (issue 14, 问题管理). Read models it publishes for joins
// other modules must make in one SQL statement (contract: docs/read-models.md; declared in
// db/schema/problems.ts): problems_v, problem_tickets_v.
export { publishKnownError } from './known-error.ts';
export { problemRoutes } from './problems.routes.ts';
export { type ProblemFixes, setProblemFixes } from './problems.ts';
export { assertProblemId, resolveProblemByChange } from './resolve-by-change.ts';
