/**
 * The training thread's entry (`trainFromHistoryInThread`): the history rows in, the model as
 * stored (JSON) and the label counts out.
 */
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { type HistoryRow, trainFromHistory } from './train-triage.ts';

/**
 * Training is background work: on a busy machine it should take the cores the requests leave,
 * not share them evenly with the server's event loop. On Linux a thread has a nice value of its
 * own (`setpriority` on its thread id, which /proc/thread-self names); elsewhere, or if refused,
 * it trains at the process's priority.
 */
const TRAINING_NICE = 10;
try {
  const threadId = Number(readlinkSync('/proc/thread-self').split('/').pop());
  if (Number.isInteger(threadId) && threadId > 0) setPriority(threadId, TRAINING_NICE);
} catch {
  // not Linux, or not allowed: the process's own priority
}

const { model, counts } = trainFromHistory(workerData as HistoryRow[]);
parentPort?.postMessage({ json: JSON.stringify(model), counts });
