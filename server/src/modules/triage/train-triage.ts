import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { TrainResult } from '../../../../contracts/triage.ts';
import { triageModels } from '../../db/schema.ts';
import type { Db, Queryable } from '../../platform/db/database.ts';
import { defineJob, enqueueDebounced } from '../../platform/jobs/jobs.ts';
import { recordEvent } from '../audit/index.ts';
import { type Actor, assertCan } from '../identity/index.ts';
import { tokenize } from '../search/index.ts';
import { characterNgrams, fieldTerms, type Sample, type StructuredFields, train } from './classifier.ts';
import type { TriageModel } from './model-store.ts';

/** The newest resolved tickets a model learns from. */
const MAX_SAMPLES = 50_000;

/**
 * A ticket as the classifier sees it: its words (jieba for Chinese, Porter stems for English;
 * the subject counts twice), character n-grams of the text, and the structured fields.
 */
export function ticketTerms(subject: string, description: string, fields: StructuredFields = {}): string[] {
  const title = tokenize(subject, { mode: 'index' });
  return [
    ...title,
    ...title,
    ...tokenize(description, { mode: 'index' }),
    ...characterNgrams(`${subject}\n${description}`),
    ...fieldTerms(fields),
  ];
}

interface HistoryRow extends Record<string, unknown> {
  subject: string;
  description: string;
  category: string | null;
  priority: string;
  team_id: number | null;
}

/** The triage module's read of history: resolved and closed tickets, imported ones included. */
export async function trainingHistory(tx: Queryable, limit = MAX_SAMPLES): Promise<HistoryRow[]> {
  const result = await tx.execute<HistoryRow>(sql`
    select t.subject, t.description, c.path as category, t.priority, t.team_id
      from tickets t left join categories c on c.id = t.category_id
     where t.status in ('resolved', 'closed')
     order by coalesce(t.resolved_at, t.updated_at) desc, t.id desc limit ${limit}`);
  return result.rows;
}

export function trainFromHistory(rows: readonly HistoryRow[]): {
  model: TriageModel;
  counts: TrainResult['labels'];
} {
  const category: Sample[] = [];
  const priority: Sample[] = [];
  const team: Sample[] = [];
  for (const row of rows) {
    const terms = ticketTerms(row.subject, row.description);
    if (row.category) category.push({ terms, label: row.category });
    priority.push({ terms, label: row.priority });
    if (row.team_id !== null) team.push({ terms, label: String(row.team_id) });
  }
  const model = { category: train(category), priority: train(priority), team: train(team) };
  return {
    model,
    counts: {
      category: model.category.labels.length,
      priority: model.priority.labels.length,
      team: model.team.labels.length,
    },
  };
}

/** Retrains from the resolved and closed tickets now, and answers when the new model is in use. */
export async function trainTriage(options: {
  db: Db;
  actor: Actor | null;
  now?: Date;
}): Promise<TrainResult> {
  const { db, actor } = options;
  const now = options.now ?? new Date();
  if (actor) assertCan(actor, 'triage.manage');
  const rows = await trainingHistory(db);
  const { model, counts } = trainFromHistory(rows);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(triageModels)
      .values({
        trainedAt: now,
        trainedBy: actor?.id ?? null,
        sampleCount: rows.length,
        model: model as unknown as Record<string, unknown>,
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
      data: { samples: rows.length, labels: counts },
    });
    return { modelId: row.id, samples: rows.length, trainedAt: now.toISOString(), labels: counts };
  });
}

export const retrainJob = defineJob({
  id: 'triage.retrain',
  version: 1,
  payload: z.object({}),
  async run(_payload, { db, now }) {
    await trainTriage({ db, actor: null, now });
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
