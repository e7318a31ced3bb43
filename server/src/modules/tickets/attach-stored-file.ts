import type { AttachmentDto } from '../../../../contracts/tickets.ts';
import { attachments } from '../../db/schema.ts';
import type { Tx } from '../../platform/db/database.ts';
import { recordEvent } from '../audit/index.ts';
import { presentAttachment } from './attachment-presenter.ts';

/** Strips directories, control characters and reserved characters from an uploaded name. */
export function safeFilename(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const replaced = [...base]
    .map((ch) => {
      const code = ch.codePointAt(0) ?? 0;
      return code < 0x20 || code === 0x7f || '"<>:|?*'.includes(ch) ? '_' : ch;
    })
    .join('');
  const cleaned = replaced.replace(/^\.+/, '').trim();
  return cleaned.slice(0, 200) || 'file';
}

/**
 * Records a file already written to the FileStore as an attachment of a ticket (and
 * message), inside the caller's transaction. For channels that bring files with a message
 * (inbound email): the caller has checked who sent it; the caller removes the file again
 * if its transaction fails.
 */
export async function attachStoredFile(
  tx: Tx,
  file: {
    ticketId: number;
    messageId: number | null;
    filename: string;
    contentType: string;
    stored: { key: string; size: number; sha256: string };
    uploadedBy: number | null;
    internal?: boolean;
  },
): Promise<AttachmentDto> {
  const [row] = await tx
    .insert(attachments)
    .values({
      ticketId: file.ticketId,
      messageId: file.messageId,
      filename: safeFilename(file.filename),
      contentType: file.contentType || 'application/octet-stream',
      size: file.stored.size,
      sha256: file.stored.sha256,
      storageKey: file.stored.key,
      internal: file.internal ?? false,
      uploadedBy: file.uploadedBy,
    })
    .returning();
  if (!row) throw new Error('insert returned no row');
  await recordEvent(tx, {
    kind: 'attachment.created',
    entityType: 'attachment',
    entityId: row.id,
    ticketId: file.ticketId,
    actorId: file.uploadedBy,
    data: { attachmentId: row.id, filename: row.filename, size: row.size, internal: row.internal },
  });
  return presentAttachment(row);
}
