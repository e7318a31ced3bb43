import { z } from 'zod';
import { jobSpec } from '../../platform/jobs/jobs.ts';

/** One attempt of a run's call (the handler is send-job.ts). */
export const sendRunbookJob = jobSpec<{ runId: number; attempt: number }>({
  id: 'runbooks.send',
  version: 1,
  payload: z.object({ runId: z.number().int().positive(), attempt: z.number().int().min(1).max(10) }),
});
