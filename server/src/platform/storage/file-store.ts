import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { type Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export class FileTooLargeError extends Error {}

/**
 * Attachments on the local disk under `<dataDir>/attachments`. Keys are made here (a date
 * and a UUID), never from a file name, so no upload can choose where it is written.
 * An S3-compatible store can implement the same three methods.
 */
export class FileStore {
  readonly #root: string;

  constructor(dataDir: string) {
    this.#root = path.resolve(dataDir, 'attachments');
  }

  async put(source: Readable, maxBytes: number): Promise<{ key: string; size: number; sha256: string }> {
    const now = new Date();
    const key = `${now.getUTCFullYear()}/${String(now.getUTCMonth() + 1).padStart(2, '0')}/${randomUUID()}`;
    const target = this.#resolve(key);
    await mkdir(path.dirname(target), { recursive: true });
    const hash = createHash('sha256');
    let size = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        size += chunk.length;
        if (size > maxBytes) return callback(new FileTooLargeError());
        hash.update(chunk);
        callback(null, chunk);
      },
    });
    try {
      await pipeline(source, meter, createWriteStream(target, { flags: 'wx' }));
    } catch (error) {
      await rm(target, { force: true });
      throw error;
    }
    return { key, size, sha256: hash.digest('hex') };
  }

  open(key: string): Readable {
    return createReadStream(this.#resolve(key));
  }

  async remove(key: string): Promise<void> {
    await rm(this.#resolve(key), { force: true });
  }

  #resolve(key: string): string {
    if (!/^\d{4}\/\d{2}\/[0-9a-f-]{36}$/.test(key)) throw new Error(`bad storage key ${key}`);
    return path.join(this.#root, key);
  }
}
