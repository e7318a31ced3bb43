// TEMPORARY until the merge of i14-problems: the problems module's index functions this module uses.
import type { Tx } from '../../platform/db/database.ts';

export async function assertProblem(_tx: Tx, _id: number, _field?: string): Promise<void> {}
export async function resolveProblemByChange(
  _tx: Tx,
  _input: { problemId: number; changeId: number; summary: string },
): Promise<void> {}
