/**
 * The training thread's entry (`trainFromHistoryInThread`): the history rows in, the model as
 * stored (JSON) and the label counts out.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { type HistoryRow, trainFromHistory } from './train-triage.ts';

const { model, counts } = trainFromHistory(workerData as HistoryRow[]);
parentPort?.postMessage({ json: JSON.stringify(model), counts });
