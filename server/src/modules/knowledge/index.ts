export { CAPTURE_OVERDUE_EVENT, captureReminderJob, trackCaptureOnResolve } from './capture.ts';
export { createArticle } from './create-article.ts';
export { getArticle } from './get-article.ts';
export { flagStaleJob, reindexAllArticles } from './jobs.ts';
export { knowledgeRoutes } from './knowledge.routes.ts';
