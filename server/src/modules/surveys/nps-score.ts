import type { NpsResult } from '../../../../contracts/surveys.ts';

/**
 * Net Promoter Score (FB-2): 9-10 promoters, 7-8 passives, 0-6 detractors; the score is the
 * share of promoters minus the share of detractors, in points from -100 to 100 (one decimal).
 */
export function npsFromCounts(promoters: number, passives: number, detractors: number): NpsResult {
  const responses = promoters + passives + detractors;
  return {
    responses,
    promoters,
    passives,
    detractors,
    score: responses === 0 ? null : Math.round(((promoters - detractors) / responses) * 1000) / 10,
  };
}

export function npsFromScores(scores: readonly number[]): NpsResult {
  let promoters = 0;
  let passives = 0;
  let detractors = 0;
  for (const score of scores) {
    if (score >= 9) promoters += 1;
    else if (score >= 7) passives += 1;
    else detractors += 1;
  }
  return npsFromCounts(promoters, passives, detractors);
}

/** The same split in SQL, over a column `score` (null while unanswered, matching none). */
export const NPS_COUNTS_SQL = `count(*) filter (where score >= 9)::int as promoters,
  count(*) filter (where score between 7 and 8)::int as passives,
  count(*) filter (where score <= 6)::int as detractors`;
