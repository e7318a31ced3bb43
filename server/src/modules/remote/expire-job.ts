import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { remoteSessions } from '../../db/schema.ts';
import { defineJob } from '../../platform/jobs/jobs.ts';
import { expireIfDue } from './sessions.ts';

/** Marks an invitation expired when its time is up, so the timeline says so even if nobody looks. */
export const expireInvitationJob = defineJob<{ sessionId: number }>({
  id: 'remote.expire_invitation',
  version: 1,
  payload: z.object({ sessionId: z.number().int().positive() }),
  async run(payload, context) {
    await context.db.transaction(async (tx) => {
      const [row] = await tx
        .select()
        .from(remoteSessions)
        .where(eq(remoteSessions.id, payload.sessionId))
        .for('update');
      if (row) await expireIfDue(tx, row, new Date());
    });
  },
});
