import type { Multipart } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { AppError } from './errors.ts';
import { assertValidText } from './valid-text.ts';

/** A broken multipart body is the client's fault: a 400 `request.malformed`, not a 500. */
function asClientFault(error: unknown): unknown {
  if (error instanceof AppError) return error;
  if (error instanceof Error && !('statusCode' in error)) Object.assign(error, { statusCode: 400 });
  return error;
}

/**
 * The parts of a multipart upload, under the edge's rules: field values are valid text (no
 * NUL, no lone surrogate), and a malformed or truncated body, found while parsing or while
 * a file is read, answers 400.
 */
export async function* uploadParts(
  request: FastifyRequest,
  options: Parameters<FastifyRequest['parts']>[0],
): AsyncGenerator<Multipart> {
  const iterator = request.parts(options);
  while (true) {
    let next: IteratorResult<Multipart>;
    try {
      next = await iterator.next();
    } catch (error) {
      throw asClientFault(error);
    }
    if (next.done) return;
    const part = next.value;
    if (part.type === 'field') {
      assertValidText({ [part.fieldname]: part.value });
    } else {
      // A file's name is not refused: the attachment use case keeps a safe form of it.
      // The body may already have broken off while this part waited in the queue.
      if (part.file.errored) asClientFault(part.file.errored);
      part.file.once('error', asClientFault);
    }
    yield part;
  }
}
