import type { Multipart } from '@fastify/multipart';
import { Id } from '../../../../contracts/common.ts';
import type { AttachmentDto } from '../../../../contracts/tickets.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import type { FileStore } from '../../platform/storage/file-store.ts';
import type { Actor } from '../identity/index.ts';
import { addAttachment } from './attachments.ts';

/**
 * POST /tickets/:id/attachments: reads the multipart upload (an optional `messageId` field
 * before the one `file` part; other parts are skipped) and attaches the file. No multipart
 * body, or none with a file, is 400 `attachment.missing`.
 */
export async function uploadAttachment(options: {
  db: Db;
  store: FileStore;
  actor: Actor;
  ticketId: number;
  /** The upload's parts (null when the request is not multipart). */
  parts: AsyncIterable<Multipart> | null;
  maxBytes: number;
}): Promise<AttachmentDto> {
  const { parts, ...rest } = options;
  if (!parts) throw new AppError('attachment.missing', { field: 'file' });
  let messageId: number | undefined;
  for await (const part of parts) {
    if (part.type === 'field') {
      if (part.fieldname === 'messageId') {
        const parsed = Id.safeParse(part.value);
        if (!parsed.success)
          throw new AppError('validation.invalid', { field: 'messageId', params: { detail: 'messageId' } });
        messageId = parsed.data;
      }
      continue;
    }
    if (part.fieldname !== 'file') {
      part.file.resume();
      continue;
    }
    return addAttachment({
      ...rest,
      file: { filename: part.filename, mimetype: part.mimetype, stream: part.file },
      ...(messageId !== undefined ? { messageId } : {}),
    });
  }
  throw new AppError('attachment.missing', { field: 'file' });
}
