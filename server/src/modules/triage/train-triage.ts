import { Worker } from 'node:worker_threads';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { TrainResult, TriageFieldQuality, TriageQualityDto } from '../../../../contracts/triage.ts';
import { triageModels } from '../../db/schema.ts';
import type { Db, Queryable } from '../../platform/db/database.ts';
import { defineJob, enqueueDebounced } from '../../platform/jobs/jobs.ts';
import { recordEvent } from '../audit/index.ts';
import { type Actor, assertCan } from '../identity/index.ts';
import { tokenize } from '../search/index.ts';
import {
  characterNgrams,
  fieldTerms,
  type Sample,
  type StructuredFields,
  textBigrams,
  train,
} from './classifier.ts';
import { latestModel, swapInModel, type TriageModel } from './model-store.ts';

/** The newest resolved tickets a model learns from. */
const MAX_SAMPLES = 50_000;

/**
 * A ticket as the classifier sees it: its words (jieba for Chinese, Porter stems for English;
 * the subject counts twice), character n-grams of the text, the structured fields, and for
 * Chinese text the whole text's character bigrams (seen by the neighbour vote only).
 */
export function ticketTerms(
  subject: string,
  description: string,
  fields: StructuredFields = {},
  /** `latin: false`: without the bigrams of text that has no Chinese (a query for models that dropped them). */
  options: { latin?: boolean } = {},
): string[] {
  const title = tokenize(subject, { mode: 'index' });
  return [
    ...title,
    ...title,
    ...tokenize(description, { mode: 'index' }),
    ...characterNgrams(`${subject}\n${description}`),
    ...textBigrams(`${subject}\n${description}`, options),
    ...fieldTerms(fields),
  ];
}

export interface HistoryRow extends Record<string, unknown> {
  subject: string;
  description: string;
  category: string | null;
  priority: string;
  team_id: number | null;
  error_code?: string | null;
  environment?: string | null;
  channel?: string | null;
  organization_id?: number | null;
  /** What automatic triage set on the ticket (the newest `triage.applied` event), if anything. */
  applied?: { category?: string; teamId?: number; priority?: string } | null;
}

/** An agent's correction of an automatically applied field counts this many times in training. */
export const CORRECTION_WEIGHT = 3;

/** The triage module's read of history: resolved and closed tickets, imported ones included, newest first. */
export async function trainingHistory(tx: Queryable, limit = MAX_SAMPLES): Promise<HistoryRow[]> {
  const result = await tx.execute<HistoryRow>(sql`
    select t.subject, t.description, c.path as category, t.priority, t.team_id,
           t.error_code, t.environment, t.channel, t.organization_id,
           (select e.data -> 'applied' from audit_events_v e
             where e.ticket_id = t.id and e.kind = 'triage.applied'
             order by e.at desc, e.id desc limit 1) as applied
      from tickets_v t left join ticket_categories_v c on c.id = t.category_id
     where t.status in ('resolved', 'closed')
     order by coalesce(t.resolved_at, t.updated_at) desc, t.id desc limit ${limit}`);
  return result.rows;
}

type Field = 'category' | 'priority' | 'team';
const FIELDS: Field[] = ['category', 'priority', 'team'];

export function trainFromHistory(rows: readonly HistoryRow[]): {
  model: TriageModel;
  counts: TrainResult['labels'];
} {
  const samples: Record<Field, Sample[]> = { category: [], priority: [], team: [] };
  const corrections: Record<Field, { applied: number; corrected: number }> = {
    category: { applied: 0, corrected: 0 },
    priority: { applied: 0, corrected: 0 },
    team: { applied: 0, corrected: 0 },
  };
  // One string per distinct term: 50,000 English tickets hold about 22 million terms but only
  // about 14,000 distinct ones (700 MB of strings as made, 180 MB shared).
  const interned = new Map<string, string>();
  const intern = (term: string) => {
    const known = interned.get(term);
    if (known !== undefined) return known;
    interned.set(term, term);
    return term;
  };
  for (const row of rows) {
    const made = ticketTerms(row.subject, row.description, {
      errorCode: row.error_code,
      environment: row.environment,
      channel: row.channel,
      organizationId:
        row.organization_id === null || row.organization_id === undefined
          ? null
          : Number(row.organization_id),
    });
    const terms = made.map(intern);
    const finals: Record<Field, string | null> = {
      category: row.category,
      priority: row.priority,
      team: row.team_id === null ? null : String(row.team_id),
    };
    const applied = row.applied ?? {};
    const suggested: Record<Field, string | undefined> = {
      category: applied.category,
      priority: applied.priority,
      team: applied.teamId === undefined ? undefined : String(applied.teamId),
    };
    for (const field of FIELDS) {
      const label = finals[field];
      if (label === null) continue;
      let weight = 1;
      if (suggested[field] !== undefined) {
        corrections[field].applied++;
        // The agent changed what triage set: the strongest signal there is.
        if (suggested[field] !== label) {
          corrections[field].corrected++;
          weight = CORRECTION_WEIGHT;
        }
      }
      samples[field].push({ terms, label, weight });
    }
  }
  const category = train(samples.category);
  const priority = train(samples.priority);
  const team = train(samples.team);
  const quality = Object.fromEntries(
    FIELDS.map((field) => {
      const m = { category, priority, team }[field];
      const c = corrections[field];
      return [
        field,
        {
          heldOutSamples: m.heldOut?.samples ?? 0,
          accuracy: m.heldOut ? round(m.heldOut.accuracy) : null,
          macroF1: m.heldOut ? round(m.heldOut.macroF1) : null,
          applied: c.applied,
          corrected: c.corrected,
          errorRate: c.applied ? round(c.corrected / c.applied) : null,
        } satisfies TriageFieldQuality,
      ];
    }),
  ) as Record<Field, TriageFieldQuality>;
  const model: TriageModel = { category, priority, team, quality };
  return {
    model,
    counts: {
      category: category.labels.length,
      priority: priority.labels.length,
      team: team.labels.length,
    },
  };
}

const round = (v: number) => Math.round(v * 1000) / 1000;

function trainAsStored(rows: readonly HistoryRow[]): { json: string; counts: TrainResult['labels'] } {
  const { model, counts } = trainFromHistory(rows);
  return { json: JSON.stringify(model), counts };
}

/**
 * From this many tickets of history the training runs in a thread of its own. Below, it holds the
 * process's thread for at most about a second (200 English tickets with 64 teams: 0.9 s on a busy
 * two-core machine; with 10 teams, 500 tickets took as long and 1,000 tickets 1.6 s, which until stop 26
 * still trained on the process's thread, as everything below 2,000 did). The thread costs about a
 * second more in wall time (its modules load first), none of it on the process's thread.
 */
const THREAD_FROM = 200;

/**
 * `trainFromHistory` in a worker thread, answering the model as stored (its JSON) and the label
 * counts. Training 50,000 tickets takes 10-30 s of CPU (more with many English classes): run on the
 * process's own thread, as until stop 25, it held every HTTP request and job of a one-process desk
 * that long, every time the model was retrained.
 */
export function trainFromHistoryInThread(
  rows: readonly HistoryRow[],
): Promise<{ json: string; counts: TrainResult['labels'] }> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./train-thread.ts', import.meta.url), { workerData: rows });
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the training thread ended (exit code ${code})`)));
  });
}

/** A scheduled retraining waits until history grew by this many tickets, or this share, whichever is more. */
const MIN_GROWTH = { tickets: 50, share: 0.05 };
/** ... and keeps the model in use when the new one measures this much worse on its held-out history. */
const MAX_REGRESSION = 0.05;

function meanAccuracy(quality: TriageModel['quality']): number | null {
  if (!quality) return null;
  const values = FIELDS.map((f) => quality[f].accuracy).filter((v): v is number => v !== null);
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : null;
}

/** Retrains from the resolved and closed tickets now, and answers when the new model is in use. */
export async function trainTriage(options: {
  db: Db;
  actor: Actor | null;
  now?: Date;
  /**
   * A scheduled retraining: skipped while history grew too little since the model in use, and
   * the new model is not used when it measures clearly worse than that one (answers modelId null).
   */
  scheduled?: boolean;
}): Promise<TrainResult> {
  const { db, actor } = options;
  const now = options.now ?? new Date();
  if (actor) assertCan(actor, 'triage.manage');
  const current = options.scheduled ? await latestModel(db) : null;
  const skipped = (samples: number, labels: TrainResult['labels']): TrainResult => ({
    modelId: null,
    samples,
    trainedAt: now.toISOString(),
    labels,
  });
  const noLabels = { category: 0, priority: 0, team: 0 };
  if (current) {
    const [size] = (
      await db.execute<{ n: number }>(sql`
        select count(*)::int as n from (select 1 from tickets_v where status in ('resolved', 'closed') limit ${MAX_SAMPLES}) h`)
    ).rows;
    const grown = Number(size?.n ?? 0) - current.sampleCount;
    if (
      grown < Math.max(MIN_GROWTH.tickets, current.sampleCount * MIN_GROWTH.share) &&
      current.sampleCount < MAX_SAMPLES
    )
      return skipped(Number(size?.n ?? 0), noLabels);
  }
  const rows = await trainingHistory(db);
  const { json, counts } =
    rows.length >= THREAD_FROM ? await trainFromHistoryInThread(rows) : trainAsStored(rows);
  // The model as it is stored and read back (JSON: what `latestModel` would parse): serialised
  // once, for the row and for this process's copy (15 MB at 50,000 samples).
  const model = JSON.parse(json) as TriageModel;
  if (current) {
    const before = meanAccuracy(current.model.quality);
    const after = meanAccuracy(model.quality);
    if (before !== null && after !== null && after < before - MAX_REGRESSION) {
      await db.transaction((tx) =>
        recordEvent(tx, {
          kind: 'triage.retrain_rejected',
          entityType: 'triage_model',
          entityId: current.id,
          actorId: null,
          at: now,
          data: { samples: rows.length, heldOutAccuracy: { before, after } },
        }),
      );
      return skipped(rows.length, counts);
    }
  }
  const result = await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(triageModels)
      .values({
        trainedAt: now,
        trainedBy: actor?.id ?? null,
        sampleCount: rows.length,
        model: sql`${json}::jsonb`,
      })
      .returning({ id: triageModels.id });
    if (!row) throw new Error('insert returned no row');
    await tx.execute(sql`delete from triage_models where id < ${row.id} - 2`);
    await recordEvent(tx, {
      kind: 'triage.trained',
      entityType: 'triage_model',
      entityId: row.id,
      actorId: actor?.id ?? null,
      at: now,
      data: { samples: rows.length, labels: counts, quality: model.quality ?? null },
    });
    return { modelId: row.id, samples: rows.length, trainedAt: now.toISOString(), labels: counts };
  });
  // Committed: this process uses it from now on, its look-up structures already built.
  if (result.modelId !== null)
    swapInModel({ id: result.modelId, model, trainedAt: now, sampleCount: rows.length });
  return result;
}

export const retrainJob = defineJob({
  id: 'triage.retrain',
  version: 1,
  payload: z.object({}),
  async run(_payload, { db, now }) {
    await trainTriage({ db, actor: null, now, scheduled: true });
  },
});

/**
 * Asks for a retraining within the hour after history grew (a ticket resolved, an import).
 * The key keeps one waiting job, and `preserve_run_at` keeps its time, so a busy desk still
 * retrains hourly instead of postponing forever.
 */
export async function scheduleRetraining(tx: Queryable, now: Date): Promise<void> {
  await enqueueDebounced(tx, retrainJob, {
    jobKey: 'triage-retrain',
    runAt: new Date(now.getTime() + 3_600_000),
  });
}

/** The model in use and its per-field quality, as measured when it was trained (the settings page). */
export async function triageQuality(tx: Queryable): Promise<TriageQualityDto> {
  const loaded = await latestModel(tx);
  if (!loaded) return { model: null };
  const empty: TriageFieldQuality = {
    heldOutSamples: 0,
    accuracy: null,
    macroF1: null,
    applied: 0,
    corrected: 0,
    errorRate: null,
  };
  const quality = loaded.model.quality;
  return {
    model: {
      id: loaded.id,
      trainedAt: loaded.trainedAt.toISOString(),
      samples: loaded.sampleCount,
      fields: {
        category: quality?.category ?? empty,
        priority: quality?.priority ?? empty,
        team: quality?.team ?? empty,
      },
    },
  };
}
