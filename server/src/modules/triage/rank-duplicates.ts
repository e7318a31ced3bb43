import { type SQL, sql } from 'drizzle-orm';
import { isTransaction, type Queryable } from '../../platform/db/database.ts';
import {
  type AlsoCandidates,
  describingTerms,
  findIndexedTicketTexts,
  type OpenTicketsRead,
  rankOpenTickets,
  rankTickets,
  readOpenTickets,
} from '../search/index.ts';
import { parseTicketFields, sharedFields, type TicketFields } from './duplicate-fields.ts';
import {
  analyseText,
  DUPLICATE_WEIGHTS,
  type DuplicateWeights,
  duplicateFeatures,
  type ScoredCandidate,
  sameProblem,
  type TextAnalysis,
} from './duplicate-score.ts';
import { OPEN_STATUSES } from './suggest-triage.ts';

/** How many of the best text matches are scored again with the structured fields and time. */
export const DUPLICATE_CANDIDATES = 50;
/**
 * With a `scope`, how many of the newest open tickets of the window are matched word by word
 * (beside every open ticket with one of the ticket's rare words, and the requester's open
 * tickets). Each costs a random page read. At 1M seeded tickets 2,000 cost a third less CPU
 * than 5,000 but changed the top five for most tickets (the seeded history repeats its texts:
 * an older exact repetition was no longer found); 5,000 gives the same lists as before
 * (docs/performance.md, issue 16, third round).
 */
export const DUPLICATE_RECENT_WINDOW = 5_000;
/**
 * With a scope: how many window tickets that share a word are kept (those with the ticket's
 * commoner words first), and how many candidates the first pass (ts_rank) keeps for BM25F.
 */
export const DUPLICATE_FIRST_PASS = { recentCap: 400, rerank: 200 };
/** Most open tickets of the requester taken as candidates beside the window. */
const REQUESTER_CANDIDATES = 200;

/** Where possible duplicates are looked for: open tickets the caller may see, of the requester or filed since `since`. */
export interface DuplicateScope {
  /** Who may find what: only this requester's tickets, or (null) every ticket (staff; `ticketsFindableOwner`). */
  visibleOwner: number | null;
  requesterId: number;
  since: Date;
  /**
   * `window` (default): every open ticket of the window that shares a word, ranked in this process
   * over term vectors it keeps (`rankOpenTickets`, issue 16 fourth round); `sql`: the third
   * round's candidate query (the newest `recentWindow` of the window), kept for comparison.
   */
  engine?: 'window' | 'sql';
  /** `sql` engine: newest open tickets of the window matched word by word (default `DUPLICATE_RECENT_WINDOW`). */
  recentWindow?: number;
  /** How many of those are kept, and how many candidates the first pass keeps (defaults `DUPLICATE_FIRST_PASS`). */
  recentCap?: number;
  rerank?: number;
}

export interface RankedDuplicate {
  id: number;
  number: number;
  subject: string;
  status: string;
  createdAt: Date;
  /** Plain BM25F score for the ticket's describing terms. */
  score: number;
  /** `score` as a share of the ticket's score against its own text, 0-1. */
  similarity: number;
  /** Probability that it reports the same problem (`duplicate-score.ts`). */
  sameProblem: number;
  /** Error codes, hosts, versions and references both name. */
  shared: TicketFields;
  requesterId: number | null;
  organizationId: number | null;
  /** The inputs of `sameProblem`, in `FEATURE_NAMES` order (for evaluation and calibration). */
  features: number[];
}

/**
 * The tickets (within `filter`, a condition on search_documents `d`, or within `scope`) most
 * likely to report the same problem as ticket `ticketId`, best first: the `DUPLICATE_CANDIDATES`
 * best text matches, scored again by the learned same-problem score.
 */
export async function rankDuplicates(
  tx: Queryable,
  options: ({ filter: SQL } | { scope: DuplicateScope }) & {
    ticketId: number;
    candidates?: number;
    weights?: DuplicateWeights;
  },
): Promise<{ selfScore: number; organizationId: number | null; items: RankedDuplicate[] }> {
  const { ticketId } = options;
  const windowed = 'scope' in options && options.scope.engine !== 'sql' ? options.scope : null;
  // The window's read does not depend on the ticket's words: outside a transaction (one
  // connection) it runs beside the ticket's text and its words' frequencies.
  let read: Promise<OpenTicketsRead> | undefined;
  if (windowed && !isTransaction(tx)) {
    read = readOpenTickets(tx, {
      ticketId,
      since: windowed.since,
      requesterId: windowed.requesterId,
      openStatuses: OPEN_STATUSES,
    });
    // Awaited below; when the ticket is not found it is not, and its failure is no one's.
    read.catch(() => undefined);
  }
  const self = await loadTexts(tx, [ticketId]);
  const own = self.get(ticketId);
  if (!own) return { selfScore: 0, organizationId: null, items: [] };
  const organizationId = own.organizationId;
  const { concepts, frequencies } = await describingTerms(tx, { title: own.subject, body: own.description });
  const limit = options.candidates ?? DUPLICATE_CANDIDATES;
  if (windowed) {
    const ranked = await rankOpenTickets(
      tx,
      {
        concepts,
        ticketId,
        since: windowed.since,
        requesterId: windowed.requesterId,
        openStatuses: OPEN_STATUSES,
        visibleOwner: windowed.visibleOwner,
        limit,
        frequencies,
      },
      read,
    );
    const items = await scoreCandidates(
      tx,
      own,
      ranked.selfScore,
      ranked.items.map((r) => ({ id: r.sourceId, number: r.number ?? 0, status: r.status, score: r.score })),
      options.weights,
    );
    return { selfScore: ranked.selfScore, organizationId, items };
  }
  // The ticket itself is ranked with its candidates (one query): its own score scales theirs.
  // Each document's score is its own, so the others' ranks are as without it.
  const all = await rankTickets(tx, {
    concepts,
    ...('scope' in options
      ? scopedCandidates(ticketId, options.scope)
      : { filter: sql`((${options.filter}) and d.source_id <> ${ticketId}) or d.source_id = ${ticketId}` }),
    limit: limit + 1,
    // The texts are read below; a snippet for each of 50 candidates cost 10 ms at 1M tickets.
    withSnippets: false,
  });
  let selfScore = all.find((r) => r.id === ticketId)?.score;
  if (selfScore === undefined) {
    const [own] = await rankTickets(tx, { concepts, filter: sql`d.source_id = ${ticketId}`, limit: 1 });
    selfScore = own?.score ?? 0;
  }
  const ranked = all.filter((r) => r.id !== ticketId).slice(0, limit);
  const items = await scoreCandidates(tx, own, selfScore, ranked, options.weights);
  return { selfScore, organizationId, items };
}

/** The text matches scored again by the same-problem score, best first. */
async function scoreCandidates(
  tx: Queryable,
  own: TicketText,
  selfScore: number,
  ranked: { id: number; number: number; status: string; score: number }[],
  weights: DuplicateWeights | undefined,
): Promise<RankedDuplicate[]> {
  if (selfScore <= 0 || !ranked.length) return [];
  const texts = await loadTexts(
    tx,
    ranked.map((r) => r.id),
  );
  const candidates = ranked.flatMap((r) => {
    const text = texts.get(r.id);
    return text ? [{ ...r, ...text, score: r.score }] : [];
  });
  const features = duplicateFeatures({ ...own, selfScore }, candidates, cachedAnalysis);
  const ownFields = parseTicketFields(`${own.subject}\n${own.description}`);
  const items = candidates.map((c, i) => ({
    id: c.id,
    number: c.number,
    subject: c.subject,
    status: c.status,
    createdAt: c.createdAt,
    score: c.score,
    similarity: Math.min(1, Math.round((c.score / selfScore) * 100) / 100),
    sameProblem: Math.round(sameProblem(features[i] ?? [], weights ?? DUPLICATE_WEIGHTS) * 1000) / 1000,
    shared: sharedFields(ownFields, cachedAnalysis(c).fields),
    requesterId: c.requesterId,
    organizationId: c.organizationId,
    features: features[i] ?? [],
  }));
  items.sort((a, b) => b.sameProblem - a.sameProblem || b.score - a.score);
  return items;
}

/**
 * The candidates of a scope as three index-friendly parts instead of one condition with ORs
 * (which made PostgreSQL read every ticket of the window, 10,000 at 1M tickets, and sort them):
 * open tickets with a rare word of the ticket (any age within the scope), the newest
 * `recentWindow` open tickets of the window that share a word, the requester's open tickets;
 * and the ticket itself, whose own score scales the others'.
 */
function scopedCandidates(
  ticketId: number,
  scope: DuplicateScope,
): {
  filter: SQL;
  recentFilter: SQL;
  recentWindow: number;
  recentCap: number;
  rerank: number;
  alsoCandidates: AlsoCandidates[];
} {
  const since = scope.since.toISOString();
  const visible = scope.visibleOwner === null ? sql`true` : sql`d.owner_id = ${scope.visibleOwner}`;
  const open = sql`d.status in ${OPEN_STATUSES} and d.source_id <> ${ticketId} and (${visible})`;
  return {
    filter: sql`${open} and (d.owner_id = ${scope.requesterId} or d.created_at >= ${since}::timestamptz)`,
    recentFilter: sql`${open} and d.created_at >= ${since}::timestamptz`,
    recentWindow: scope.recentWindow ?? DUPLICATE_RECENT_WINDOW,
    recentCap: scope.recentCap ?? DUPLICATE_FIRST_PASS.recentCap,
    rerank: scope.rerank ?? DUPLICATE_FIRST_PASS.rerank,
    alsoCandidates: [
      { where: sql`d.owner_id = ${scope.requesterId} and ${open}`, newest: REQUESTER_CANDIDATES },
      { where: sql`d.source_id = ${ticketId}` },
    ],
  };
}

/**
 * Analysed texts of recent candidates, newest use last (a ticket's text rarely changes; its length
 * is checked): more than a window of open tickets holds at 1M tickets (about 8,000).
 */
const analyses = new Map<string, TextAnalysis>();
const ANALYSES_KEPT = 20_000;

function cachedAnalysis(c: ScoredCandidate): TextAnalysis {
  const key = `${c.id}:${c.subject.length}:${c.description.length}`;
  let found = analyses.get(key);
  if (found) analyses.delete(key);
  else found = analyseText(c);
  analyses.set(key, found);
  if (analyses.size > ANALYSES_KEPT) {
    const oldest = analyses.keys().next().value;
    if (oldest !== undefined) analyses.delete(oldest);
  }
  return found;
}

interface TicketText {
  subject: string;
  description: string;
  createdAt: Date;
  requesterId: number | null;
  organizationId: number | null;
}

/** Subject and indexed text (public conversation included) of tickets, with requester and organisation. */
async function loadTexts(tx: Queryable, ids: number[]): Promise<Map<number, TicketText>> {
  const texts = new Map<number, TicketText>();
  for (const [id, t] of await findIndexedTicketTexts(tx, ids))
    texts.set(id, {
      subject: t.title,
      description: t.body,
      createdAt: t.createdAt,
      requesterId: t.requesterId,
      organizationId: t.organizationId,
    });
  return texts;
}
