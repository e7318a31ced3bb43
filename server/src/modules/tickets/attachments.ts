import type { Readable } from 'node:stream';
import { and, asc, eq } from 'drizzle-orm';
import type { AttachmentDto } from '../../../../contracts/tickets.ts';
import { attachments, ticketMessages } from '../../db/schema.ts';
import type { Db, Queryable, Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import { type FileStore, FileTooLargeError } from '../../platform/storage/file-store.ts';
import { type Actor, isStaff } from '../identity/index.ts';
import { attachStoredFile } from './attach-stored-file.ts';
import { presentAttachment } from './attachment-presenter.ts';
import { assertTicketVisible } from './get-ticket.ts';
import { isFinal } from './status-machine.ts';

type StoredFile = { key: string; size: number; sha256: string };

/**
 * Stores an upload on a ticket the actor may see. The file is written first and the row
 * after; if the transaction fails, the file is removed again.
 */
export async function addAttachment(options: {
  db: Db;
  store: FileStore;
  actor: Actor;
  ticketId: number;
  file: { filename: string; mimetype: string; stream: Readable };
  messageId?: number;
  maxBytes: number;
}): Promise<AttachmentDto> {
  const { db, store, actor, ticketId, file } = options;
  const ticket = await assertTicketVisible(db, actor, ticketId);
  if (!isStaff(actor) && isFinal(ticket.status)) {
    throw new AppError('ticket.closed', { params: { status: ticket.status } });
  }
  let internal = false;
  if (options.messageId !== undefined) {
    const [message] = await db
      .select()
      .from(ticketMessages)
      .where(and(eq(ticketMessages.id, options.messageId), eq(ticketMessages.ticketId, ticketId)));
    if (!message || (message.internal && !isStaff(actor)))
      throw new AppError('not_found', { field: 'messageId' });
    internal = message.internal;
  }
  return storeUpload({
    db,
    store,
    stream: file.stream,
    maxBytes: options.maxBytes,
    record: (tx, stored) =>
      attachStoredFile(tx, {
        ticketId,
        messageId: options.messageId ?? null,
        filename: file.filename,
        contentType: file.mimetype,
        stored,
        uploadedBy: actor.id,
        internal,
      }),
  });
}

/**
 * Writes an uploaded stream to the file store (413 `attachment.too_large` past `maxBytes`),
 * then runs `record` in a transaction to make it an attachment; if that transaction fails, the
 * file is removed again. For every upload that becomes a ticket's attachment.
 */
export async function storeUpload<T>(options: {
  db: Db;
  store: FileStore;
  stream: Readable;
  maxBytes: number;
  record: (tx: Tx, stored: StoredFile) => Promise<T>;
}): Promise<T> {
  const { db, store, stream, maxBytes } = options;
  let stored: StoredFile;
  try {
    stored = await store.put(stream, maxBytes);
  } catch (error) {
    if (error instanceof FileTooLargeError) {
      stream.resume();
      throw new AppError('attachment.too_large', { field: 'file', params: { max: maxBytes } });
    }
    throw error;
  }
  try {
    return await db.transaction((tx) => options.record(tx, stored));
  } catch (error) {
    await store.remove(stored.key);
    throw error;
  }
}

export async function listAttachments(options: { tx: Queryable; actor: Actor; ticketId: number }) {
  const { tx, actor, ticketId } = options;
  await assertTicketVisible(tx, actor, ticketId);
  const rows = await tx
    .select()
    .from(attachments)
    .where(
      and(eq(attachments.ticketId, ticketId), isStaff(actor) ? undefined : eq(attachments.internal, false)),
    )
    .orderBy(asc(attachments.id));
  return { items: rows.map(presentAttachment) };
}

export async function findAttachment(options: {
  tx: Queryable;
  actor: Actor;
  ticketId: number;
  attachmentId: number;
}) {
  const { tx, actor, ticketId, attachmentId } = options;
  await assertTicketVisible(tx, actor, ticketId);
  const [row] = await tx
    .select()
    .from(attachments)
    .where(and(eq(attachments.id, attachmentId), eq(attachments.ticketId, ticketId)));
  if (!row || (row.internal && !isStaff(actor))) throw new AppError('attachment.not_found');
  return row;
}
