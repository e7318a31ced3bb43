import { type Level, type Priority, PriorityMatrix } from '../../../../contracts/tickets.ts';
import type { Queryable, Tx } from '../../platform/db/database.ts';
import { recordEvent } from '../audit/index.ts';
import { type Actor, assertCan, defineSettings } from '../identity/index.ts';

/**
 * Impact (rows) x urgency (columns). P1: the whole business chain is stopped and it cannot
 * wait; P4: one person, and it can wait.
 */
export const DEFAULT_MATRIX: PriorityMatrix = {
  high: { high: 'P1', medium: 'P2', low: 'P3' },
  medium: { high: 'P2', medium: 'P3', low: 'P4' },
  low: { high: 'P3', medium: 'P4', low: 'P4' },
};

const priorityMatrix = defineSettings<PriorityMatrix>(
  'priority_matrix',
  PriorityMatrix,
  () => DEFAULT_MATRIX,
);

export function derivePriority(matrix: PriorityMatrix, impact: Level, urgency: Level): Priority {
  return matrix[impact]?.[urgency] ?? DEFAULT_MATRIX[impact]?.[urgency] ?? 'P4';
}

/**
 * Every ticket creation needs the matrix; it changes rarely. Each process keeps it for a
 * few seconds (a save on this instance applies at once, on others within CACHE_MS).
 */
const CACHE_MS = 5_000;
let cached: { matrix: PriorityMatrix; until: number } | null = null;

export async function loadPriorityMatrix(tx: Queryable, now = Date.now()): Promise<PriorityMatrix> {
  if (cached && cached.until > now) return cached.matrix;
  const matrix = await priorityMatrix.get(tx);
  cached = { matrix, until: now + CACHE_MS };
  return matrix;
}

export async function savePriorityMatrix(options: {
  tx: Tx;
  actor: Actor;
  matrix: PriorityMatrix;
}): Promise<PriorityMatrix> {
  const { tx, actor, matrix } = options;
  assertCan(actor, 'settings.manage');
  cached = null;
  const before = await loadPriorityMatrix(tx);
  cached = null;
  await priorityMatrix.set(tx, matrix);
  await recordEvent(tx, {
    kind: 'settings.priority_matrix_changed',
    entityType: 'settings',
    entityId: null,
    actorId: actor.id,
    data: { from: before, to: matrix },
  });
  return matrix;
}
