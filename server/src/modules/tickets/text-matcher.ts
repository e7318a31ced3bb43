import type { Queryable } from '../../platform/db/database.ts';
import type { Actor } from '../identity/index.ts';

/**
 * Finds the tickets whose text matches a query, best first, for the queue's text filter.
 * The search module provides one (jieba-segmented Chinese, stemmed English); without one,
 * or for text that substring matching serves well, the queue matches subjects itself.
 */
export type TicketTextMatcher = (
  tx: Queryable,
  actor: Actor,
  text: string,
  limit: number,
) => Promise<number[]>;

let matcher: TicketTextMatcher | null = null;

/** Registered once at start by the module registry. */
export function setTicketTextMatcher(next: TicketTextMatcher): void {
  matcher = next;
}

export function ticketTextMatcher(): TicketTextMatcher | null {
  return matcher;
}

/**
 * Chinese has no spaces and its words are often two characters, which trigram indexes
 * cannot serve (a two-character ILIKE over a million subjects is a full scan); such text
 * goes to the word index instead.
 */
export function needsWordIndex(text: string): boolean {
  return /[\u3400-\u9fff\uf900-\ufaff]/.test(text);
}
