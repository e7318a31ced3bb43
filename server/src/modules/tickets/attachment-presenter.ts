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

/** Content types a browser may show inline; everything else is a download. */
const INLINE_TYPES = new Set([
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'application/pdf',
  'text/plain',
]);

/**
 * The headers an attachment is served with: shown inline only when a browser displays the
 * type safely, never sniffed, sandboxed, and named in ASCII plus RFC 5987 UTF-8.
 */
export function attachmentDownloadHeaders(row: typeof attachments.$inferSelect): Record<string, string> {
  const inline = INLINE_TYPES.has(row.contentType);
  const ascii = row.filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return {
    'Content-Type': inline ? row.contentType : 'application/octet-stream',
    'Content-Length': String(row.size),
    'Content-Disposition': `${inline ? 'inline' : 'attachment'}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(row.filename)}`,
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': "default-src 'none'; sandbox",
    'Cache-Control': 'private, max-age=0',
  };
}
