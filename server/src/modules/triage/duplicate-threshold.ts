import { sql } from 'drizzle-orm';
import type { Queryable } from '../../platform/db/database.ts';
import { calibrateThreshold } from './duplicate-learning.ts';
import { rankDuplicates } from './rank-duplicates.ts';

/** The newest this many duplicate-of links calibrate the threshold (each costs one duplicate search). */
export const CALIBRATION_LINKS = 30;
/** A calibrated threshold is reused while no link is added or removed, for at most this long. */
const REFRESH_MS = 60 * 60_000;

let cached: { key: string; at: number; value: number; links: number } | null = null;

/**
 * The same-problem score from which a possible duplicate is shown, calibrated on the desk's
 * own duplicate-of links (agents' "mark as duplicate" and merges): each linked pair is
 * scored as the duplicate search would score it (a linked ticket the text search does not
 * find scores 0), and `calibrateThreshold` keeps four in five of such pairs above it. With
 * few links, the default chosen on the development pairs. Cached per process.
 */
export async function duplicateThreshold(
  tx: Queryable,
  now = Date.now(),
): Promise<{ value: number; links: number }> {
  const head = await tx.execute<{ n: number; last: number | null }>(sql`
    select count(*)::int as n, max(id) as last from ticket_links where kind = 'duplicate_of'`);
  const key = `${head.rows[0]?.n ?? 0}:${head.rows[0]?.last ?? 0}`;
  if (cached?.key === key && now - cached.at < REFRESH_MS)
    return { value: cached.value, links: cached.links };
  const links = await tx.execute<{ from_ticket_id: number; to_ticket_id: number }>(sql`
    select from_ticket_id, to_ticket_id from ticket_links where kind = 'duplicate_of'
     order by id desc limit ${CALIBRATION_LINKS}`);
  const scores: number[] = [];
  for (const link of links.rows) {
    const ranked = await rankDuplicates(tx, { ticketId: Number(link.from_ticket_id), filter: sql`true` });
    const found = ranked.items.find((item) => item.id === Number(link.to_ticket_id));
    scores.push(found?.sameProblem ?? 0);
  }
  const threshold = calibrateThreshold(scores);
  cached = { key, at: now, ...threshold };
  return threshold;
}

/** Forgets the cached threshold (tests). */
export function resetDuplicateThreshold(): void {
  cached = null;
}
