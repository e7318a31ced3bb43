import { sql } from 'drizzle-orm';
import type { Queryable } from '../../platform/db/database.ts';
import { recentLinks } from '../tickets/index.ts';
import { calibrateThreshold } from './duplicate-learning.ts';
import { rankDuplicates } from './rank-duplicates.ts';

/** The newest this many duplicate-of links calibrate the threshold. */
export const CALIBRATION_LINKS = 30;
/** A linked pair's score is reused for this long (the corpus around it changes slowly). */
const REFRESH_MS = 60 * 60_000;

/** Same-problem score of each linked pair, by link id, with when it was computed. */
const linkScores = new Map<number, { score: number; at: number }>();

/**
 * The same-problem score from which a possible duplicate is shown, calibrated on the desk's
 * own duplicate-of links (agents' "mark as duplicate" and merges): each of the newest linked
 * pairs is scored as the duplicate search would score it (a linked ticket the text search
 * does not find scores 0), and `calibrateThreshold` keeps four in five of such pairs above
 * it. With few links, the default chosen on the development pairs. A pair's score is kept
 * per process for an hour, so a new link costs one duplicate search, once.
 */
export async function duplicateThreshold(
  tx: Queryable,
  now = Date.now(),
): Promise<{ value: number; links: number }> {
  const links = await recentLinks(tx, 'duplicate_of', CALIBRATION_LINKS);
  const scores: number[] = [];
  for (const link of links) {
    const id = link.id;
    const known = linkScores.get(id);
    if (known && now - known.at < REFRESH_MS) {
      scores.push(known.score);
      continue;
    }
    const ranked = await rankDuplicates(tx, { ticketId: link.fromTicketId, filter: sql`true` });
    const score = ranked.items.find((item) => item.id === link.toTicketId)?.sameProblem ?? 0;
    linkScores.set(id, { score, at: now });
    scores.push(score);
  }
  // Forget links that are no longer among the newest (deleted or superseded).
  const current = new Set(links.map((l) => l.id));
  for (const id of linkScores.keys()) if (!current.has(id)) linkScores.delete(id);
  return calibrateThreshold(scores);
}
