import type { Readable } from 'node:stream';
import type { AttachmentDto } from '../../../../contracts/tickets.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import type { FileStore } from '../../platform/storage/file-store.ts';
import type { Actor } from '../identity/index.ts';
import { attachStoredFile, storeUpload } from '../tickets/index.ts';
import { loadSession } from './sessions.ts';

/** Checks, before any byte is stored, that the actor may keep a recording of this session. */
export async function assertMayRecord(db: Db, actor: Actor, sessionId: number): Promise<void> {
  const { row, side } = await loadSession(db, actor, sessionId);
  if (side !== 'agent') throw new AppError('remote.not_party');
  if (!row.recordingConsent || !row.consentedAt) throw new AppError('remote.recording_not_allowed');
}

/**
 * Keeps the agent's browser recording (WebM) of a session as an attachment of its ticket,
 * only when the requester agreed to a recording: the consent is checked here, not only in
 * the page. The requester sees the attachment too (it is their screen).
 */
export async function saveRecording(options: {
  db: Db;
  store: FileStore;
  actor: Actor;
  sessionId: number;
  file: { mimetype: string; stream: Readable };
  maxBytes: number;
}): Promise<AttachmentDto> {
  const { db, store, actor, sessionId, file } = options;
  await assertMayRecord(db, actor, sessionId);
  if (!/^video\/webm\b/i.test(file.mimetype)) {
    file.stream.resume();
    throw new AppError('validation.invalid', {
      field: 'file',
      params: { detail: 'a recording is video/webm' },
    });
  }
  return storeUpload({
    db,
    store,
    stream: file.stream,
    maxBytes: options.maxBytes,
    record: async (tx, stored) => {
      const { row } = await loadSession(tx, actor, sessionId, { forUpdate: true });
      return attachStoredFile(tx, {
        ticketId: row.ticketId,
        messageId: null,
        filename: `remote-session-${row.id}.webm`,
        contentType: 'video/webm',
        stored,
        uploadedBy: actor.id,
      });
    },
  });
}
