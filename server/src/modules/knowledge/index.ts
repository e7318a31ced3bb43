// The knowledge module's public surface. Read models it publishes for joins other modules must make in
// one SQL statement (contract: docs/read-models.md; declared in db/schema/knowledge.ts):
// kb_articles_v.
export { CAPTURE_OVERDUE_EVENT, captureReminderJob, trackCaptureOnResolve } from './capture.ts';
export { createArticle } from './create-article.ts';
export { getArticle } from './get-article.ts';
export { flagStaleJob, reindexAllArticles } from './jobs.ts';
export { knowledgeRoutes } from './knowledge.routes.ts';
export { updateArticle } from './update-article.ts';
