import { type SQL, sql } from 'drizzle-orm';
import type { Priority } from '../../../../contracts/tickets.ts';
import type { TriageSuggestInput, TriageSuggestion } from '../../../../contracts/triage.ts';
import type { Queryable } from '../../platform/db/database.ts';
import { type Actor, isStaff } from '../identity/index.ts';
import {
  describingConcepts,
  findableBy,
  findIndexedDocuments,
  planQuery,
  rankTickets,
  searchArticles,
} from '../search/index.ts';
import { keepsLatinBigrams, predictEach, type StructuredFields } from './classifier.ts';
import { type LoadedModel, latestModel, loadSettings } from './model-store.ts';
import { ticketTerms } from './train-triage.ts';

export const OPEN_STATUSES = [
  'new',
  'open',
  'in_progress',
  'pending_requester',
  'pending_vendor',
  'pending_approval',
];

/** What the model learned from history says of a text: the fields and their confidence (CL-4). */
export async function predictFields(
  tx: Queryable,
  input: TriageSuggestInput,
  fields: StructuredFields = {},
  /** The model, when the caller triages several tickets in one transaction and read it once. */
  model?: LoadedModel | null,
): Promise<PredictedFields> {
  const loaded = model === undefined ? await latestModel(tx) : model;
  const models = loaded ? [loaded.model.category, loaded.model.priority, loaded.model.team] : [];
  const terms = ticketTerms(input.subject, input.description, fields, {
    latin: models.some(keepsLatinBigrams),
  });
  // One neighbour search for the fields whose models share their neighbours (the same history).
  const [category, priority, team] = loaded ? predictEach(models, terms) : [null, null, null];
  const confidences = {
    category: category?.probability ?? 0,
    priority: priority?.probability ?? 0,
    team: team?.probability ?? 0,
  };
  return {
    category: category?.label ?? null,
    priority: (priority?.label as Priority | undefined) ?? null,
    teamId: team ? Number(team.label) : null,
    confidence: loaded ? Math.min(confidences.category, confidences.priority, confidences.team) : 0,
    confidences,
    modelId: loaded?.id ?? null,
  };
}

export type PredictedFields = Pick<
  TriageSuggestion,
  'category' | 'priority' | 'teamId' | 'confidence' | 'confidences' | 'modelId'
>;

/**
 * For a ticket being written (or just opened): category, priority and team learned from
 * history with their confidence (CL-4), matching articles, and open tickets that may be the
 * same problem: the same requester's, or anybody's within the recent window.
 */
export async function suggestTriage(options: {
  tx: Queryable;
  actor: Actor;
  input: TriageSuggestInput;
  /** Whose request it is (defaults to the caller); and the ticket itself, when it exists. */
  requesterId?: number;
  ticketId?: number;
  now?: Date;
}): Promise<TriageSuggestion> {
  const { tx, actor, input } = options;
  const now = options.now ?? new Date();
  const requesterId = options.requesterId ?? actor.id;
  const settings = await loadSettings(tx);
  const fields = await predictFields(tx, input);
  const articles = await searchArticles(
    tx,
    actor,
    await planQuery(tx, 'article', `${input.subject}\n${input.description}`),
    5,
  );
  const concepts = await describingConcepts(tx, { title: input.subject, body: input.description });
  const since = new Date(now.getTime() - settings.duplicateWindowDays * 86_400_000).toISOString();
  const self: SQL = options.ticketId ? sql` and d.source_id <> ${options.ticketId}` : sql``;
  const scope = isStaff(actor)
    ? sql`(d.owner_id = ${requesterId} or d.created_at >= ${since}::timestamptz)`
    : sql`d.owner_id = ${actor.id}`;
  const duplicates = await rankTickets(tx, {
    concepts,
    filter: sql`${findableBy(actor, 'ticket')} and d.status in ${OPEN_STATUSES} and ${scope}${self}`,
    limit: 5,
    near: now,
  });
  const owners = await ownersOf(
    tx,
    duplicates.map((d) => d.id),
  );
  return {
    ...fields,
    articles,
    possibleDuplicates: duplicates.map((d) => ({
      id: d.id,
      number: d.number,
      subject: d.subject,
      score: d.score,
      status: d.status,
      reason: owners.get(d.id) === requesterId ? ('same_requester' as const) : ('recent' as const),
    })),
  };
}

async function ownersOf(tx: Queryable, ticketIds: number[]): Promise<Map<number, number>> {
  if (!ticketIds.length) return new Map();
  const docs = await findIndexedDocuments(tx, 'ticket', ticketIds);
  return new Map([...docs.values()].map((d) => [d.sourceId, Number(d.ownerId)]));
}
