import type { AttachmentDto } from '../../../../contracts/tickets.ts';
import type { attachments } from '../../db/schema.ts';

export function presentAttachment(row: typeof attachments.$inferSelect): AttachmentDto {
  return {
    id: row.id,
    ticketId: row.ticketId,
    messageId: row.messageId,
    filename: row.filename,
    contentType: row.contentType,
    size: row.size,
    createdAt: row.createdAt.toISOString(),
    uploadedBy: row.uploadedBy,
  };
}
