import { type SQL, sql } from 'drizzle-orm';
import { type Queryable, readTogether } from '../../platform/db/database.ts';
import { describingConcepts, findIndexedDocuments, rankTickets } from '../search/index.ts';
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

/** How many of the best text matches are scored again with the structured fields and time. */
export const DUPLICATE_CANDIDATES = 50;

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
 * The tickets (within `filter`, a condition on search_documents `d`) most likely to report
 * the same problem as ticket `ticketId`, best first: the `DUPLICATE_CANDIDATES` best text
 * matches, scored again by the learned same-problem score.
 */
export async function rankDuplicates(
  tx: Queryable,
  options: { ticketId: number; filter: SQL; candidates?: number; weights?: DuplicateWeights },
): Promise<{ selfScore: number; organizationId: number | null; items: RankedDuplicate[] }> {
  const { ticketId } = options;
  const self = await loadTexts(tx, [ticketId]);
  const own = self.get(ticketId);
  if (!own) return { selfScore: 0, organizationId: null, items: [] };
  const organizationId = own.organizationId;
  const concepts = await describingConcepts(tx, { title: own.subject, body: own.description });
  const limit = options.candidates ?? DUPLICATE_CANDIDATES;
  // The ticket itself is ranked with its candidates (one query): its own score scales theirs.
  // Each document's score is its own, so the others' ranks are as without it.
  const all = await rankTickets(tx, {
    concepts,
    filter: sql`((${options.filter}) and d.source_id <> ${ticketId}) or d.source_id = ${ticketId}`,
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
  if (selfScore <= 0 || !ranked.length) return { selfScore, organizationId, items: [] };
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
    sameProblem:
      Math.round(sameProblem(features[i] ?? [], options.weights ?? DUPLICATE_WEIGHTS) * 1000) / 1000,
    shared: sharedFields(ownFields, cachedAnalysis(c).fields),
    requesterId: c.requesterId,
    organizationId: c.organizationId,
    features: features[i] ?? [],
  }));
  items.sort((a, b) => b.sameProblem - a.sameProblem || b.score - a.score);
  return { selfScore, organizationId, items };
}

/** Analysed texts of recent candidates, newest use last (a ticket's text rarely changes; its length is checked). */
const analyses = new Map<string, TextAnalysis>();
const ANALYSES_KEPT = 5_000;

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
  const [documents, tickets] = await readTogether(tx, [
    () => findIndexedDocuments(tx, 'ticket', ids),
    () =>
      tx.execute<{
        id: number;
        created_at: string | Date;
        requester_id: number | null;
        organization_id: number | null;
      }>(sql`select id, created_at, requester_id, organization_id from tickets_v where id in ${ids}`),
  ] as const);
  const texts = new Map<number, TicketText>();
  for (const r of tickets.rows) {
    const document = documents.get(Number(r.id));
    if (!document) continue;
    texts.set(Number(r.id), {
      subject: document.title,
      description: document.body ?? '',
      createdAt: r.created_at instanceof Date ? r.created_at : new Date(r.created_at),
      requesterId: r.requester_id === null ? null : Number(r.requester_id),
      organizationId: r.organization_id === null ? null : Number(r.organization_id),
    });
  }
  return texts;
}
