import { and, asc, eq } from 'drizzle-orm';
import type {
  CreateMailboxInput,
  MailboxDto,
  UpdateMailboxInput,
} from '../../../../../contracts/channels.ts';
import { mailboxes } from '../../../db/schema.ts';
import type { Db, Queryable, Tx } from '../../../platform/db/database.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { enqueue } from '../../../platform/jobs/jobs.ts';
import { recordEvent } from '../../audit/index.ts';
import { type Actor, assertCan, isUniqueViolation } from '../../identity/index.ts';
import { channelSettings } from '../channel-settings.ts';
import { pollMailboxJob } from './imap-poll.ts';

type MailboxRow = typeof mailboxes.$inferSelect;

export function presentMailbox(row: MailboxRow): MailboxDto {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    address: row.address,
    imapHost: row.imapHost,
    imapPort: row.imapPort,
    imapTls: row.imapTls,
    imapUser: row.imapUser,
    hasPassword: Boolean(row.imapPasswordEnc),
    imapFolder: row.imapFolder,
    createRequesters: row.createRequesters,
    active: row.active,
    lastPolledAt: row.lastPolledAt?.toISOString() ?? null,
    lastError: row.lastError,
    createdAt: row.createdAt.toISOString(),
  };
}

/** The mailbox row that stands for the SMTP listener of an inbound domain (made on first use). */
export async function ensureSmtpMailbox(db: Queryable, domain: string): Promise<number> {
  const address = `*@${domain.toLowerCase()}`;
  await db
    .insert(mailboxes)
    .values({ name: `SMTP ${domain}`, kind: 'smtp', address, createRequesters: true })
    .onConflictDoNothing();
  const [row] = await db
    .select({ id: mailboxes.id })
    .from(mailboxes)
    .where(and(eq(mailboxes.kind, 'smtp'), eq(mailboxes.address, address)));
  if (!row) throw new Error('smtp mailbox row missing');
  return row.id;
}

export async function listMailboxes(options: { tx: Queryable; actor: Actor }): Promise<MailboxDto[]> {
  assertCan(options.actor, 'settings.manage');
  const rows = await options.tx.select().from(mailboxes).orderBy(asc(mailboxes.id));
  return rows.map(presentMailbox);
}

export async function getMailbox(options: {
  tx: Queryable;
  actor: Actor;
  mailboxId: number;
}): Promise<MailboxDto> {
  assertCan(options.actor, 'settings.manage');
  const [row] = await options.tx.select().from(mailboxes).where(eq(mailboxes.id, options.mailboxId));
  if (!row) throw new AppError('channels.mailbox_not_found');
  return presentMailbox(row);
}

export async function createMailbox(options: {
  tx: Tx;
  actor: Actor;
  input: CreateMailboxInput;
}): Promise<MailboxDto> {
  const { tx, actor, input } = options;
  assertCan(actor, 'settings.manage');
  let row: MailboxRow | undefined;
  try {
    [row] = await tx
      .insert(mailboxes)
      .values({
        name: input.name,
        kind: 'imap',
        address: input.address.toLowerCase(),
        imapHost: input.imapHost,
        imapPort: input.imapPort,
        imapTls: input.imapTls,
        imapUser: input.imapUser,
        imapPasswordEnc: channelSettings().secrets.seal(input.imapPassword),
        imapFolder: input.imapFolder,
        createRequesters: input.createRequesters,
        active: input.active,
      })
      .returning();
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError('channels.mailbox_exists', { field: 'address' });
    throw error;
  }
  if (!row) throw new Error('insert returned no row');
  await recordEvent(tx, {
    kind: 'mailbox.created',
    entityType: 'mailbox',
    entityId: row.id,
    actorId: actor.id,
    data: { address: row.address, host: row.imapHost },
  });
  if (row.active) await schedulePoll(tx, row.id, new Date());
  return presentMailbox(row);
}

export async function updateMailbox(options: {
  tx: Tx;
  actor: Actor;
  mailboxId: number;
  input: UpdateMailboxInput;
}): Promise<MailboxDto> {
  const { tx, actor, mailboxId, input } = options;
  assertCan(actor, 'settings.manage');
  const { imapPassword, ...rest } = input;
  const [row] = await tx
    .update(mailboxes)
    .set({
      ...rest,
      ...(imapPassword !== undefined
        ? { imapPasswordEnc: channelSettings().secrets.seal(imapPassword) }
        : {}),
      lastError: null,
    })
    .where(eq(mailboxes.id, mailboxId))
    .returning();
  if (!row) throw new AppError('channels.mailbox_not_found');
  await recordEvent(tx, {
    kind: 'mailbox.updated',
    entityType: 'mailbox',
    entityId: row.id,
    actorId: actor.id,
    data: { fields: Object.keys(input) },
  });
  if (row.active && row.kind === 'imap') await schedulePoll(tx, row.id, new Date());
  return presentMailbox(row);
}

export async function deleteMailbox(options: { tx: Tx; actor: Actor; mailboxId: number }): Promise<void> {
  const { tx, actor, mailboxId } = options;
  assertCan(actor, 'settings.manage');
  // Mail already received stays (it belongs to tickets); the mailbox is deactivated.
  const [row] = await tx
    .update(mailboxes)
    .set({ active: false })
    .where(eq(mailboxes.id, mailboxId))
    .returning({ id: mailboxes.id });
  if (!row) throw new AppError('channels.mailbox_not_found');
  await recordEvent(tx, {
    kind: 'mailbox.deactivated',
    entityType: 'mailbox',
    entityId: mailboxId,
    actorId: actor.id,
  });
}

/** (Re)schedules a mailbox's poll; the job key keeps one waiting poll per mailbox. */
export async function schedulePoll(tx: Queryable, mailboxId: number, runAt: Date): Promise<void> {
  await enqueue(
    tx,
    pollMailboxJob,
    { mailboxId },
    { runAt, jobKey: `mailbox-poll:${mailboxId}`, maxAttempts: 5 },
  );
}

/** At start: make sure every active IMAP mailbox has a poll scheduled. */
export async function scheduleAllPolls(db: Db): Promise<void> {
  const rows = await db
    .select({ id: mailboxes.id })
    .from(mailboxes)
    .where(and(eq(mailboxes.kind, 'imap'), eq(mailboxes.active, true)));
  for (const row of rows) await schedulePoll(db, row.id, new Date());
}
