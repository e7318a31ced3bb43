import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db, Queryable } from '../../platform/db/database.ts';
import { defineJob, enqueue } from '../../platform/jobs/jobs.ts';
import { loadPolicies } from './policy-loader.ts';
import { recomputeClocks } from './recompute.ts';

const BATCH = 2000;
/** Two batches in flight: one computing in Node while the other writes in PostgreSQL. */
const PARALLEL = 2;

export interface BulkRecomputeResult {
  tickets: number;
  rowsWritten: number;
  timersAdded: number;
  timersRemoved: number;
  batches: number;
}

/**
 * Recomputes the clocks of every ticket that is not closed or cancelled, after a calendar or
 * policy change: batches of tickets by id, each batch in its own transaction (two at a time),
 * the policies (and their compiled calendars) loaded once. Rows and timers that did not
 * change are not written.
 */
export async function recomputeOpenTickets(
  db: Db,
  now: number,
  options: { batchSize?: number; parallel?: number } = {},
): Promise<BulkRecomputeResult> {
  const batchSize = options.batchSize ?? BATCH;
  const policies = await loadPolicies(db);
  const result: BulkRecomputeResult = {
    tickets: 0,
    rowsWritten: 0,
    timersAdded: 0,
    timersRemoved: 0,
    batches: 0,
  };
  let after = 0;
  let exhausted = false;
  // The next batch of ids; callers take turns, so batches never overlap.
  let paging: Promise<number[]> = Promise.resolve([]);
  const nextBatch = () => {
    paging = paging.then(async () => {
      if (exhausted) return [];
      const page = await db.execute<{ id: number }>(sql`
        select id from tickets_v where id > ${after} and status not in ('closed', 'cancelled')
         order by id limit ${batchSize}`);
      const ids = page.rows.map((row) => row.id);
      if (ids.length === 0) exhausted = true;
      else after = ids[ids.length - 1] as number;
      return ids;
    });
    return paging;
  };
  const worker = async () => {
    for (let ids = await nextBatch(); ids.length > 0; ids = await nextBatch()) {
      const batch = await db.transaction((tx) => recomputeClocks(tx, ids, now, { policies }));
      result.tickets += batch.tickets;
      result.rowsWritten += batch.rowsWritten;
      result.timersAdded += batch.timersAdded;
      result.timersRemoved += batch.timersRemoved;
      result.batches += 1;
    }
  };
  await Promise.all(Array.from({ length: options.parallel ?? PARALLEL }, worker));
  return result;
}

export const slaRecomputeJob = defineJob<{ reason: string }>({
  id: 'sla.recompute',
  version: 1,
  payload: z.object({ reason: z.string() }),
  async run(payload, { db, logger, now }) {
    const started = performance.now();
    const result = await recomputeOpenTickets(db, now.getTime());
    logger.info(
      { category: 'sla', reason: payload.reason, ...result, ms: Math.round(performance.now() - started) },
      'clocks recomputed',
    );
  },
});

/**
 * Asks for every open ticket's clocks to be recomputed, in the transaction of the change that
 * needs it. One job key: several edits in a row coalesce into one recompute.
 */
export async function scheduleRecompute(tx: Queryable, reason: string): Promise<void> {
  await enqueue(
    tx,
    slaRecomputeJob,
    { reason },
    { jobKey: 'sla:recompute-all', runAt: new Date(Date.now() + 1000) },
  );
}
