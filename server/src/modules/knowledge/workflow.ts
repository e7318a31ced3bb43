import type { ArticleStatus } from '../../../../contracts/knowledge.ts';

/** draft -> review -> published -> archived, with the ways back an editor needs. */
const NEXT: Record<ArticleStatus, readonly ArticleStatus[]> = {
  draft: ['review', 'published', 'archived'],
  review: ['draft', 'published', 'archived'],
  published: ['review', 'archived'],
  archived: ['draft'],
};

export function canMove(from: ArticleStatus, to: ArticleStatus): boolean {
  return from === to || NEXT[from].includes(to);
}

/** Publishing is a reviewer's decision (kb.publish). */
export function needsPublishRight(to: ArticleStatus): boolean {
  return to === 'published';
}

/** Poor ratings: at least `minVotes` unhelpful and at least half of all ratings. */
export function isPoorlyRated(helpful: number, unhelpful: number, minVotes = 3): boolean {
  return unhelpful >= minVotes && unhelpful * 2 >= helpful + unhelpful;
}

/** Not reviewed for `days`: flagged as stale (KB-4). */
export function isStale(reviewedAt: Date | null, now: Date, days = 180): boolean {
  if (!reviewedAt) return false;
  return now.getTime() - reviewedAt.getTime() > days * 86_400_000;
}
