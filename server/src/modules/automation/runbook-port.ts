import type { Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import type { Actor } from '../identity/index.ts';

/** Starts a runbook on a ticket: the runbooks module's `startRunbook`, plugged in by registry.ts. */
export type RunbookRunner = (
  tx: Tx,
  input: { runbookId: number; ticketId: number; actor: Actor },
) => Promise<{ id: number }>;

let runner: RunbookRunner | null = null;

/** The registry plugs the runbooks module in here (null unplugs it, for tests). */
export function setRunbookRunner(fn: RunbookRunner | null): void {
  runner = fn;
}

/** The runner, or the clear error that no runbooks module is there. */
export function runbookRunner(): RunbookRunner {
  if (!runner) throw new AppError('automation.runbooks_unavailable', { field: 'runbookId' });
  return runner;
}

export function hasRunbookRunner(): boolean {
  return runner !== null;
}
