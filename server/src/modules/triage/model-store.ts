import { desc, sql } from 'drizzle-orm';
import type { TriageFieldQuality, TriageSettingsDto } from '../../../../contracts/triage.ts';
import { triageModels, triageSettings } from '../../db/schema.ts';
import type { Queryable } from '../../platform/db/database.ts';
import { type AnyClassifier, predict } from './classifier.ts';

/** Three classifiers learned from the organisation's resolved tickets. */
export interface TriageModel {
  category: AnyClassifier;
  priority: AnyClassifier;
  team: AnyClassifier;
  /** Measured at training (absent from models trained before it was). */
  quality?: Record<'category' | 'priority' | 'team', TriageFieldQuality>;
}

export interface LoadedModel {
  id: number;
  model: TriageModel;
  trainedAt: Date;
  sampleCount: number;
}

let cached: LoadedModel | null = null;

/** The newest trained model (cached per process until a newer one exists). */
export async function latestModel(tx: Queryable): Promise<LoadedModel | null> {
  const [head] = await tx
    .select({ id: triageModels.id })
    .from(triageModels)
    .orderBy(desc(triageModels.id))
    .limit(1);
  if (!head) return null;
  if (cached?.id === head.id) return cached;
  const result = await tx.execute<{ model: TriageModel; trained_at: Date | string; sample_count: number }>(
    sql`select model, trained_at, sample_count from triage_models where id = ${head.id}`,
  );
  const row = result.rows[0];
  if (!row) return null;
  const loaded: LoadedModel = {
    id: head.id,
    model: row.model,
    trainedAt: new Date(row.trained_at),
    sampleCount: Number(row.sample_count),
  };
  // Another process trained it: its structures are built here, once, before it is used.
  swapInModel(loaded);
  return loaded;
}

/**
 * Loads and builds the newest model ahead of need (at start-up, after listening), so that the first
 * suggestion of a fresh process does not pay 0.5-2 s for it on a person's request. True if a model
 * exists.
 */
export async function preloadModel(db: Queryable): Promise<boolean> {
  return (await latestModel(db)) !== null;
}

/**
 * Makes a model just stored the one this process uses, its look-up structures built before it is
 * (a classifier builds its term index and neighbour postings on first use: about half a second
 * at 50,000 samples). Without it the first suggestion after a retraining read the model back
 * (15 MB of JSON at 50,000 samples), parsed it and built those, all on a request (issue 16).
 * `model` is as stored: the JSON it was written as, read back (what `latestModel` would read).
 */
export function swapInModel(loaded: LoadedModel): void {
  warm(loaded.model);
  cached = loaded;
}

function warm(model: TriageModel): void {
  for (const classifier of [model.category, model.priority, model.team]) predict(classifier, []);
}

const DEFAULTS: TriageSettingsDto = {
  autoApply: true,
  autoApplyThreshold: 0.85,
  duplicateWindowDays: 7,
  recurringCount: 5,
  recurringDays: 7,
};

export async function loadSettings(tx: Queryable): Promise<TriageSettingsDto> {
  const [row] = await tx.select().from(triageSettings).limit(1);
  if (!row) return DEFAULTS;
  return {
    autoApply: row.autoApply,
    autoApplyThreshold: row.autoApplyThreshold,
    duplicateWindowDays: row.duplicateWindowDays,
    recurringCount: row.recurringCount,
    recurringDays: row.recurringDays,
  };
}

export async function saveSettings(tx: Queryable, settings: TriageSettingsDto): Promise<void> {
  await tx
    .insert(triageSettings)
    .values({ id: 1, ...settings, updatedAt: new Date() })
    .onConflictDoUpdate({ target: triageSettings.id, set: { ...settings, updatedAt: new Date() } });
}
