import { eq } from 'drizzle-orm';
import { ImapFlow } from 'imapflow';
import { z } from 'zod';
import { mailboxes } from '../../../db/schema.ts';
import type { Db } from '../../../platform/db/database.ts';
import { defineJob, enqueue } from '../../../platform/jobs/jobs.ts';
import { channelSettings } from '../channel-settings.ts';
import { storeInbound } from './store-inbound.ts';

export interface PollOutcome {
  fetched: number;
  ingested: number;
  duplicates: number;
}

/**
 * Reads new mail from an IMAP mailbox: messages after the last UID seen (all of them again
 * if the UIDVALIDITY changed). Each is stored through the same exactly-once step as SMTP
 * mail, so a message seen twice (a re-poll, a copy, a duplicate delivery) is ingested once.
 */
export async function pollMailbox(db: Db, mailboxId: number): Promise<PollOutcome> {
  const [box] = await db.select().from(mailboxes).where(eq(mailboxes.id, mailboxId));
  if (box?.kind !== 'imap' || !box.imapHost || !box.imapUser || !box.imapPasswordEnc) {
    return { fetched: 0, ingested: 0, duplicates: 0 };
  }
  const client = new ImapFlow({
    host: box.imapHost,
    port: box.imapPort ?? 993,
    secure: box.imapTls,
    auth: { user: box.imapUser, pass: channelSettings().secrets.open(box.imapPasswordEnc) },
    logger: false,
    connectionTimeout: 15_000,
    greetingTimeout: 10_000,
  });
  const outcome: PollOutcome = { fetched: 0, ingested: 0, duplicates: 0 };
  try {
    await client.connect();
    const lock = await client.getMailboxLock(box.imapFolder);
    try {
      const opened = client.mailbox;
      const uidValidity = opened ? String(opened.uidValidity) : null;
      const sameEpoch = uidValidity !== null && uidValidity === box.lastUidValidity;
      let lastUid = sameEpoch ? (box.lastUid ?? 0) : 0;
      const messages = client.fetch(`${lastUid + 1}:*`, { uid: true, source: true }, { uid: true });
      for await (const message of messages) {
        if (message.uid <= lastUid || !message.source) continue;
        outcome.fetched += 1;
        const stored = await storeInbound(db, {
          mailboxId: box.id,
          raw: message.source,
          envelopeTo: [box.address],
        });
        if (stored.duplicate) outcome.duplicates += 1;
        else outcome.ingested += 1;
        lastUid = message.uid;
        await db
          .update(mailboxes)
          .set({ lastUid, lastUidValidity: uidValidity })
          .where(eq(mailboxes.id, box.id));
      }
      await db
        .update(mailboxes)
        .set({ lastUidValidity: uidValidity, lastPolledAt: new Date(), lastError: null })
        .where(eq(mailboxes.id, box.id));
    } finally {
      lock.release();
    }
    await client.logout();
  } catch (error) {
    client.close();
    const message = error instanceof Error ? error.message : String(error);
    await db
      .update(mailboxes)
      .set({ lastError: message.slice(0, 500), lastPolledAt: new Date() })
      .where(eq(mailboxes.id, box.id));
    throw error;
  }
  return outcome;
}

/** Polls a mailbox and schedules its next poll (IMAP_POLL_SECONDS later), whatever happened. */
export const pollMailboxJob = defineJob<{ mailboxId: number }>({
  id: 'channels.poll_mailbox',
  version: 1,
  payload: z.object({ mailboxId: z.number().int().positive() }),
  async run(payload, context) {
    try {
      const outcome = await pollMailbox(context.db, payload.mailboxId);
      if (outcome.fetched > 0)
        context.logger.info(
          { category: 'channels.email', mailboxId: payload.mailboxId, ...outcome },
          'mailbox polled',
        );
    } catch (error) {
      context.logger.warn(
        { category: 'channels.email', mailboxId: payload.mailboxId, err: error },
        'mailbox poll failed',
      );
    }
    const [box] = await context.db
      .select({ active: mailboxes.active })
      .from(mailboxes)
      .where(eq(mailboxes.id, payload.mailboxId));
    if (!box?.active) return;
    const next = new Date(context.now.getTime() + channelSettings().config.IMAP_POLL_SECONDS * 1000);
    await enqueue(context.db, pollMailboxJob, payload, {
      runAt: next,
      jobKey: `mailbox-poll:${payload.mailboxId}`,
      maxAttempts: 5,
    });
  },
});
