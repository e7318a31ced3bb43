import type { Db } from '../../../platform/db/database.ts';
import { AppError } from '../../../platform/http/errors.ts';
import type { Actor } from '../../identity/index.ts';
import { pollMailbox } from './imap-poll.ts';
import { getMailbox } from './mailboxes.ts';

/**
 * POST /channels/mailboxes/:id/poll: an administrator reads an IMAP mailbox now, while they
 * wait (the same exactly-once ingestion as the scheduled poll). A mailbox that is not IMAP is
 * 409 `channels.mailbox_not_imap`; a server that cannot be reached or refuses the sign-in is
 * 502 `channels.mailbox_poll_failed` with its reason.
 */
export async function pollMailboxNow(options: { db: Db; actor: Actor; mailboxId: number }) {
  const { db, actor } = options;
  const mailbox = await getMailbox({ tx: db, actor, mailboxId: options.mailboxId });
  if (mailbox.kind !== 'imap') throw new AppError('channels.mailbox_not_imap');
  try {
    return await pollMailbox(db, mailbox.id);
  } catch (error) {
    throw new AppError('channels.mailbox_poll_failed', {
      params: { detail: error instanceof Error ? error.message : String(error) },
    });
  }
}
