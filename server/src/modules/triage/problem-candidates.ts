import { desc, eq, type SQL, sql } from 'drizzle-orm';
import type { ProblemCandidateDto, TriageSettingsDto } from '../../../../contracts/triage.ts';
import { problemCandidates } from '../../db/schema.ts';
import type { Queryable, Tx } from '../../platform/db/database.ts';
import { idArray } from '../../platform/db/id-array.ts';
import { AppError } from '../../platform/http/errors.ts';
import { recordEvent, recordEvents } from '../audit/index.ts';
import { type Actor, assertCan } from '../identity/index.ts';
import {
  type Concept,
  describingTermsOf,
  findIndexedDocuments,
  rankTickets,
  scoreTicketsHolding,
  scoreTicketsThemselves,
  type TicketTextsRead,
  ticketTermFrequencies,
} from '../search/index.ts';
import { findTicketRecords } from '../tickets/index.ts';
import { fieldsSharedByGroup, loadCandidateTicketFields } from './candidate-fields.ts';

/** Two incidents are "the same" when one scores at least this share of the ticket's score against itself. */
export const SAME_INCIDENT_RATIO = 0.5;

/**
 * MX-3: when `recurringCount` similar incidents (this one included) arrive within
 * `recurringDays`, they are proposed as one problem for the team lead; a later one joins
 * the open proposal instead of making another.
 */
export async function proposeProblemCandidate(options: {
  tx: Tx;
  ticketId: number;
  now: Date;
  settings: TriageSettingsDto;
}): Promise<number | null> {
  const found = await recurringIncidents(options);
  return found ? recordProblemCandidate(options.tx, found, options.now) : null;
}

/** A new incident and the similar recent ones it recurs with: what `recordProblemCandidate` proposes. */
export interface RecurringIncidents {
  ticketId: number;
  title: string;
  teamId: number | null;
  group: number[];
}

/**
 * Whether a new incident recurs (MX-3): it and the similar incidents of the last `recurringDays`
 * (at least half its score against itself) number `recurringCount` or more. Reads only, so that
 * a caller triaging several tickets in one transaction can rank them all first and take the
 * proposals' row locks only at its end (`recordProblemCandidate`).
 */
export async function recurringIncidents(options: {
  tx: Tx;
  ticketId: number;
  now: Date;
  settings: TriageSettingsDto;
}): Promise<RecurringIncidents | null> {
  const [found] = await recurringIncidentsOf({ ...options, ticketIds: [options.ticketId] });
  return found ?? null;
}

export interface NewIncident {
  id: number;
  title: string;
  teamId: number | null;
  concepts: Concept[];
}

/**
 * `recurringIncidents` for several new incidents at once (issue 18). A storm of one fault brings
 * many near-identical tickets: those whose describing terms are the same, apart from the terms
 * no other ticket has (their numbers), would each find the same similar incidents, so one of
 * them (the first) is ranked for the group and each other member takes that list with itself
 * in its place (the representative standing where the member stood), against its own score.
 * A ranking costs tens of milliseconds of PostgreSQL in a storm; this makes it one per group
 * instead of one per ticket. Tickets of different text are ranked apart, never merged.
 */
export async function recurringIncidentsOf(options: {
  tx: Tx;
  ticketIds: readonly number[];
  now: Date;
  settings: TriageSettingsDto;
}): Promise<RecurringIncidents[]> {
  const { tx, ticketIds, now, settings } = options;
  const records = new Map((await findTicketRecords(tx, ticketIds)).map((t) => [t.id, t]));
  const incidentIds = ticketIds.filter((id) => records.get(id)?.type === 'incident');
  const docs = await findIndexedDocuments(tx, 'ticket', incidentIds);
  const indexed = incidentIds.flatMap((id) => {
    const self = docs.get(id);
    return self ? [{ id, self }] : [];
  });
  // The corpus' size and the frequencies of every describing term, read once here and taken by
  // the grouping and each ranking below (which read them again each, two statements a group).
  const described = await describingTermsOf(
    tx,
    indexed.map(({ self }) => ({ title: self.title, body: self.body })),
  );
  const incidents: NewIncident[] = indexed.map(({ id, self }, i) => ({
    id,
    title: self.title,
    teamId: records.get(id)?.teamId ?? null,
    concepts: described.concepts[i] ?? [],
  }));
  const groups = await groupsOfNearIdentical(tx, incidents, described.frequencies, (key) =>
    recurringRankings.holds(`${settings.recurringDays}:${key}`),
  );
  const since = new Date(now.getTime() - settings.recurringDays * 86_400_000).toISOString();
  const recent = sql`d.created_at >= ${since}::timestamptz and d.status <> 'cancelled'
    and d.source_id in (select id from tickets_v where type = 'incident')`;
  const wanted = settings.recurringCount * 4;
  const found: RecurringIncidents[] = [];
  for (const { key, members: group, extras } of groups) {
    const [first] = group;
    if (!first) continue;
    // Room for the members, which each leave the list that they take; at least a batch's worth,
    // so that the ranking serves the group's later batches too (only the first `wanted` count).
    const limit = wanted + Math.max(group.length, RANKING_ROOM) - 1;
    const rank = () => {
      recurringRankings.stats.ranked += 1;
      const left = new Set((extras.get(first.id) ?? []).map(conceptKey));
      return rankTickets(tx, {
        concepts: first.concepts.filter((c) => !left.has(conceptKey(c))),
        filter: sql`d.source_id <> ${first.id} and ${recent}`,
        limit,
        withSnippets: false,
        known: described,
      }).then((ranked) => ranked.map((s) => ({ id: s.id, score: s.score })));
    };
    const { representative, similar } =
      key === null
        ? { representative: first.id, similar: await rank() }
        : await recurringRankings.get(`${settings.recurringDays}:${key}`, first.id, limit, rank);
    // Each incident's score against its own text, as ranking it alone scores it.
    const own = await scoreTicketsThemselves(tx, group, described);
    const holding = await scoresOfExtras(tx, group, extras, recent, described);
    for (const incident of group) {
      const ownScore = own.get(incident.id);
      if (ownScore === undefined) continue;
      const taken =
        incident.id === representative
          ? similar
          : similar.map((s) => (s.id === incident.id ? { id: representative, score: s.score } : s));
      const list = withExactScores(taken, holding.get(incident.id));
      const ids = [
        incident.id,
        ...list
          .slice(0, wanted)
          .filter((s) => s.score >= ownScore * SAME_INCIDENT_RATIO)
          .map((s) => s.id),
      ];
      if (ids.length >= settings.recurringCount)
        found.push({ ticketId: incident.id, title: incident.title, teamId: incident.teamId, group: ids });
    }
  }
  return found;
}

/** A concept as text: its terms and boost (a ranking weighs nothing else of it). */
const conceptKey = (c: Concept) => JSON.stringify([c.terms, c.boost]);

/**
 * A member's scores for the tickets holding its extra words (exact), in place of the group's
 * ranking's scores for them, best first; the group's scores stand for every other ticket, which
 * holds none of those words and so scores for the member exactly what it scores for the group.
 */
function withExactScores(
  list: readonly { id: number; score: number }[],
  exact: readonly { id: number; score: number }[] | undefined,
): { id: number; score: number }[] {
  if (!exact) return [...list];
  const replaced = new Set(exact.map((s) => s.id));
  return [...list.filter((s) => !replaced.has(s.id)), ...exact].sort(
    (x, y) => y.score - x.score || x.id - y.id,
  );
}

/**
 * Each member's exact scores for the recent incidents holding its extra words (not itself), with
 * all its concepts: one read of those incidents for the group, scored in this process.
 */
async function scoresOfExtras(
  tx: Tx,
  group: readonly NewIncident[],
  extras: ReadonlyMap<number, Concept[]>,
  recent: SQL,
  known: Pick<TicketTextsRead, 'frequencies' | 'stats'>,
): Promise<Map<number, { id: number; score: number }[]>> {
  const members = group.filter((incident) => extras.has(incident.id));
  if (!members.length) return new Map();
  const scored = await scoreTicketsHolding(tx, {
    queries: members.map((incident) => ({
      concepts: incident.concepts,
      holding: extras.get(incident.id) ?? [],
    })),
    filter: recent,
    limit: extraWords.groupBudget,
    known,
  });
  return new Map(
    members.map((incident, i) => [incident.id, (scored[i] ?? []).filter((s) => s.id !== incident.id)]),
  );
}

/** Incidents whose describing concepts are the same apart from those only the ticket itself has. */
export async function groupNearIdentical(
  tx: Tx,
  incidents: readonly NewIncident[],
): Promise<NewIncident[][]> {
  return (await groupsOfNearIdentical(tx, incidents)).map((g) => g.members);
}

/**
 * Extra words (`groupsOfNearIdentical`): describing words that other tickets hold, but each at most
 * `maxDf` of them (a host's or an error's number that earlier tickets also carry), together at
 * most `budget` tickets for an incident and `groupBudget` for a group (the tickets holding them
 * are read once, for the group).
 */
const extraWords = { maxDf: 100, budget: 200, groupBudget: 2_000 };

/** Sets the extra words' limits (tests: a storm of more than `maxDf` tickets is slow to file); returns the previous. */
export function setExtraWordLimits(limits: typeof extraWords): typeof extraWords {
  const previous = { ...extraWords };
  Object.assign(extraWords, limits);
  return previous;
}

/**
 * `groupNearIdentical` with each group's key: its shared concepts (null for a ticket that shares
 * none, and for a lone ticket, which is ranked as it always was).
 *
 * A storm's tickets often carry a word that a few earlier tickets hold too (a host's number, an
 * error count, a date): grouped by every shared word, each would be a group of its own, ranked
 * alone (issue 18: 25-60 ms of PostgreSQL a ticket). So an incident's rare shared words (its
 * extras: see `extraWords`) are left out of its key when another incident of the batch has the
 * same key without them, or a ranking for that key is kept (`ranked`): the group is ranked by
 * the representative's concepts without its extras, and each member's scores for the few tickets
 * holding its extras are computed exactly (`scoresOfExtras`). A ranking sums over concepts, so a
 * ticket holding none of a member's extras scores the same for the member as for the group.
 */
async function groupsOfNearIdentical(
  tx: Tx,
  incidents: readonly NewIncident[],
  /** The frequencies of every one of the incidents' terms, when the caller read them (absent: 0). */
  known?: ReadonlyMap<string, number>,
  /** Whether a ranking for a key is kept from an earlier batch. */
  ranked: (key: string) => boolean = () => false,
): Promise<{ key: string | null; members: NewIncident[]; extras: Map<number, Concept[]> }[]> {
  const df =
    known ??
    (await ticketTermFrequencies(tx, [
      ...new Set(incidents.flatMap((i) => i.concepts.flatMap((c) => c.terms))),
    ]));
  const frequency = (c: Concept) => Math.max(0, ...c.terms.map((t) => df.get(t) ?? 0));
  // The concepts in a fixed order: a ranking sums over them in any order, and a storm's words are
  // near-tied in weight, so their order by weight changes from one batch to the next while the
  // set stays the same.
  const keyOf = (concepts: readonly Concept[]) =>
    concepts.length ? JSON.stringify(concepts.map(conceptKey).sort()) : null;
  const described = incidents.map((incident) => {
    // Nothing shared: it finds no other incident, alone or not.
    const shared = incident.concepts.filter((c) => frequency(c) > 1);
    const rare = shared.filter((c) => frequency(c) <= extraWords.maxDf);
    const budget = rare.reduce((sum, c) => sum + frequency(c), 0);
    const core =
      budget <= extraWords.budget ? keyOf(shared.filter((c) => frequency(c) > extraWords.maxDf)) : null;
    return { incident, key: keyOf(shared), core, extras: rare, budget };
  });
  const sharing = new Map<string, number>();
  for (const { core, key } of described) {
    const k = core ?? key;
    if (k !== null) sharing.set(k, (sharing.get(k) ?? 0) + 1);
  }
  type Group = { key: string | null; members: NewIncident[]; extras: Map<number, Concept[]>; budget: number };
  const groups = new Map<string, Group>();
  for (const { incident, key, core, extras, budget } of described) {
    const held = core === null ? undefined : groups.get(core);
    const split =
      core !== null &&
      extras.length > 0 &&
      ((sharing.get(core) ?? 0) > 1 || ranked(core)) &&
      (held?.budget ?? 0) + budget <= extraWords.groupBudget;
    // A lone ticket is ranked as it always was, unless its group's ranking is kept.
    const groupKey = split ? core : incidents.length < 2 ? null : key;
    const id = groupKey ?? `own:${incident.id}`;
    const group: Group = groups.get(id) ?? { key: groupKey, members: [], extras: new Map(), budget: 0 };
    group.members.push(incident);
    if (split) {
      group.extras.set(incident.id, extras);
      group.budget += budget;
    }
    groups.set(id, group);
  }
  return [...groups.values()].map(({ key, members, extras }) => ({ key, members, extras }));
}

/** How long a group's ranking of similar recent incidents serves later batches of the same group. */
export const RANKING_REUSE_MS = 5_000;
/** Members a group's ranking leaves room for at least (TRIAGE_BATCH). */
const RANKING_ROOM = 50;
/** Groups whose rankings are kept at most (a storm has a few; the oldest go first). */
const RANKINGS_KEPT = 200;

interface Ranking {
  /** The incident ranked (the group's first when it was ranked); it is not in its own list. */
  representative: number;
  similar: { id: number; score: number }[];
}

/**
 * The similar-incident rankings of the last few seconds, by group (issue 18): a storm's
 * near-identical incidents arrive in many batches, concurrent ones among them, and each batch
 * ranked its groups again (a ranking reads every recent incident of the storm: 50-60 ms of
 * PostgreSQL each). A group ranked less than RANKING_REUSE_MS ago, or being ranked right now by
 * another batch, takes that ranking: the representative ranked then stands where a member
 * stood, as within one batch. What a ranking that is a few seconds old cannot see are the
 * incidents that came since; each of those is triaged and joins the proposal itself. Reads
 * only (no lock is involved); per process, so several workers each rank once per window.
 */
class RecentRankings {
  private readonly entries = new Map<string, { at: number; limit: number; ranking: Promise<Ranking> }>();
  /** Rankings run and rankings reused, since the process started (tests and benchmarks). */
  readonly stats = { ranked: 0, reused: 0 };
  /** How long a ranking serves (a test that must not depend on the machine's speed widens it). */
  reuseMs = RANKING_REUSE_MS;

  async get(
    key: string,
    representative: number,
    limit: number,
    rank: () => Promise<{ id: number; score: number }[]>,
  ): Promise<Ranking> {
    const now = Date.now();
    const entry = this.fresh(key, now);
    if (entry && entry.limit >= limit) {
      try {
        const ranking = await entry.ranking;
        this.stats.reused += 1;
        return ranking;
      } catch {
        // That batch's ranking failed: this one ranks for itself.
      }
    }
    const ranking = rank().then((similar) => ({ representative, similar }));
    this.entries.delete(key);
    this.entries.set(key, { at: now, limit, ranking });
    ranking.catch(() => {
      if (this.entries.get(key)?.ranking === ranking) this.entries.delete(key);
    });
    while (this.entries.size > RANKINGS_KEPT) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
    return ranking;
  }

  /** Whether a ranking for the key would be taken now (one kept, or being ranked, within the window). */
  holds(key: string): boolean {
    return this.fresh(key, Date.now()) !== undefined;
  }

  /** The key's entry while it serves (younger than `reuseMs`). */
  private fresh(key: string, now: number) {
    const entry = this.entries.get(key);
    return entry && now - entry.at < this.reuseMs ? entry : undefined;
  }

  clear(): void {
    this.entries.clear();
  }
}

export const recurringRankings = new RecentRankings();

/** Proposes a recurring incident as a problem, or adds it to the open proposal its group shares tickets with. */
export async function recordProblemCandidate(tx: Tx, found: RecurringIncidents, now: Date): Promise<number> {
  const { ticketId, group } = found;
  const existing = await tx.execute<{ id: number; ticket_ids: number[] }>(sql`
    select id, ticket_ids from problem_candidates
     where status = 'proposed' and ticket_ids && ${sql.param(group)}::bigint[] order by id limit 1 for update`);
  const open = existing.rows[0];
  let id: number;
  if (open) {
    const merged = [...new Set([...open.ticket_ids.map(Number), ...group])];
    await tx
      .update(problemCandidates)
      .set({ ticketIds: merged, updatedAt: now })
      .where(eq(problemCandidates.id, Number(open.id)));
    id = Number(open.id);
  } else {
    const [row] = await tx
      .insert(problemCandidates)
      .values({ title: found.title, teamId: found.teamId, ticketIds: group, createdAt: now, updatedAt: now })
      .returning({ id: problemCandidates.id });
    if (!row) throw new Error('insert returned no row');
    id = row.id;
  }
  await recordEvent(tx, {
    kind: 'problem.candidate_proposed',
    entityType: 'problem_candidate',
    entityId: id,
    ticketId,
    actorId: null,
    at: now,
    data: { internal: true, candidateId: id, tickets: group.length },
  });
  return id;
}

/**
 * `recordProblemCandidate` for each of these recurring incidents in turn, with the same result
 * (the same proposals, merged the same way, and one event per incident in this order), in a
 * few statements instead of three per incident (issue 18): the open proposals any of them can
 * join are read and locked at once, the merging done here, and each proposal written once.
 */
export async function recordProblemCandidates(
  tx: Tx,
  found: readonly RecurringIncidents[],
  now: Date,
): Promise<number[]> {
  if (found.length === 0) return [];
  const everyId = [...new Set(found.flatMap((f) => f.group))];
  const existing = await tx.execute<{ id: number; ticket_ids: number[] }>(sql`
    select id, ticket_ids from problem_candidates
     where status = 'proposed' and ticket_ids && ${idArray(everyId)} order by id for update`);
  interface Proposal {
    id: number | null;
    ticketIds: number[];
    members: Set<number>;
    changed: boolean;
    title: string;
    teamId: number | null;
  }
  // Existing proposals first (by id), then new ones in the order they are made: the order in
  // which "the first open proposal sharing a ticket" finds them.
  const open: Proposal[] = existing.rows.map((row) => {
    const ticketIds = row.ticket_ids.map(Number);
    return {
      id: Number(row.id),
      ticketIds,
      members: new Set(ticketIds),
      changed: false,
      title: '',
      teamId: null,
    };
  });
  const joined: Proposal[] = [];
  for (const incident of found) {
    let proposal = open.find((p) => incident.group.some((id) => p.members.has(id)));
    if (proposal) {
      for (const id of incident.group) {
        if (proposal.members.has(id)) continue;
        proposal.members.add(id);
        proposal.ticketIds.push(id);
      }
      proposal.changed = true;
    } else {
      proposal = {
        id: null,
        ticketIds: [...incident.group],
        members: new Set(incident.group),
        changed: false,
        title: incident.title,
        teamId: incident.teamId,
      };
      open.push(proposal);
    }
    joined.push(proposal);
  }
  for (const proposal of open) {
    if (proposal.id === null) {
      const [row] = await tx
        .insert(problemCandidates)
        .values({
          title: proposal.title,
          teamId: proposal.teamId,
          ticketIds: proposal.ticketIds,
          createdAt: now,
          updatedAt: now,
        })
        .returning({ id: problemCandidates.id });
      if (!row) throw new Error('insert returned no row');
      proposal.id = row.id;
    } else if (proposal.changed) {
      await tx
        .update(problemCandidates)
        .set({ ticketIds: proposal.ticketIds, updatedAt: now })
        .where(eq(problemCandidates.id, proposal.id));
    }
  }
  const ids = joined.map((p) => Number(p.id));
  await recordEvents(
    tx,
    found.map((incident, i) => ({
      kind: 'problem.candidate_proposed',
      entityType: 'problem_candidate',
      entityId: ids[i] ?? 0,
      ticketId: incident.ticketId,
      actorId: null,
      at: now,
      data: { internal: true, candidateId: ids[i] ?? 0, tickets: incident.group.length },
    })),
  );
  return ids;
}

export async function listProblemCandidates(options: {
  tx: Queryable;
  actor: Actor;
}): Promise<{ items: ProblemCandidateDto[] }> {
  const { tx, actor } = options;
  assertCan(actor, 'problem.read');
  const rows = await tx.select().from(problemCandidates).orderBy(desc(problemCandidates.id)).limit(100);
  const ids = [...new Set(rows.flatMap((r) => r.ticketIds))];
  const tickets = ids.length
    ? await tx.execute<{ id: number; number: number; subject: string; status: string }>(
        sql`select id, number, subject, status from tickets_v where id in ${ids}`,
      )
    : { rows: [] };
  const byId = new Map(tickets.rows.map((t) => [Number(t.id), t]));
  const fields = await loadCandidateTicketFields(tx, ids);
  return {
    items: rows.map((r) => ({
      id: r.id,
      title: r.title,
      teamId: r.teamId,
      status: r.status,
      createdAt: r.createdAt.toISOString(),
      sharedFields: fieldsSharedByGroup(
        r.ticketIds.flatMap((tid) => {
          const f = fields.get(Number(tid));
          return f ? [f] : [];
        }),
      ),
      tickets: r.ticketIds.flatMap((tid) => {
        const t = byId.get(Number(tid));
        return t
          ? [
              {
                id: Number(t.id),
                number: Number(t.number),
                subject: t.subject,
                status: t.status as ProblemCandidateDto['tickets'][number]['status'],
              },
            ]
          : [];
      }),
    })),
  };
}

export async function decideProblemCandidate(options: {
  tx: Tx;
  actor: Actor;
  id: number;
  status: 'accepted' | 'dismissed';
}): Promise<void> {
  const { tx, actor, id, status } = options;
  assertCan(actor, 'problem.read');
  const [row] = await tx
    .update(problemCandidates)
    .set({ status, updatedAt: new Date() })
    .where(eq(problemCandidates.id, id))
    .returning();
  if (!row) throw new AppError('triage.candidate_not_found');
  await recordEvent(tx, {
    kind: `problem.candidate_${status}`,
    entityType: 'problem_candidate',
    entityId: id,
    actorId: actor.id,
    data: { tickets: row.ticketIds },
  });
}

/**
 * A problem is made from a candidate (issue 14, MX-3): the candidate is locked and marked
 * accepted, and its title and incidents handed to the problems module. A candidate already
 * decided answers its status instead, so that it is made into a problem only once.
 */
export async function takeProblemCandidate(
  tx: Tx,
  input: { actorId: number; candidateId: number },
): Promise<
  | { taken: true; title: string; ticketIds: number[]; teamId: number | null }
  | { taken: false; status: string }
> {
  const [row] = await tx
    .select()
    .from(problemCandidates)
    .where(eq(problemCandidates.id, input.candidateId))
    .for('update');
  if (!row) throw new AppError('triage.candidate_not_found', { field: 'candidateId' });
  if (row.status !== 'proposed') return { taken: false, status: row.status };
  const ticketIds = row.ticketIds.map(Number);
  await tx
    .update(problemCandidates)
    .set({ status: 'accepted', updatedAt: new Date() })
    .where(eq(problemCandidates.id, row.id));
  await recordEvent(tx, {
    kind: 'problem.candidate_accepted',
    entityType: 'problem_candidate',
    entityId: row.id,
    actorId: input.actorId,
    data: { tickets: ticketIds },
  });
  return { taken: true, title: row.title, ticketIds, teamId: row.teamId };
}
