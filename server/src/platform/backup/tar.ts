import { once } from 'node:events';
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, open } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/**
 * The few parts of POSIX tar (ustar) a backup needs: regular files with names of up to 100
 * bytes, written in sequence and read back by offset. Any `tar` lists and extracts the
 * result (`tar -tvf backup.tar`).
 */

const BLOCK = 512;

function header(name: string, size: number, mtime: Date, mode = 0o644): Buffer {
  const nameBytes = Buffer.from(name, 'utf8');
  if (nameBytes.length > 100) throw new Error(`tar: name longer than 100 bytes: ${name}`);
  const block = Buffer.alloc(BLOCK, 0);
  nameBytes.copy(block, 0);
  const octal = (value: number, length: number) => value.toString(8).padStart(length - 1, '0');
  block.write(octal(mode, 8), 100, 'ascii');
  block.write(octal(0, 8), 108, 'ascii');
  block.write(octal(0, 8), 116, 'ascii');
  block.write(octal(size, 12), 124, 'ascii');
  block.write(octal(Math.floor(mtime.getTime() / 1000), 12), 136, 'ascii');
  block.write('        ', 148, 'ascii');
  block.write('0', 156, 'ascii');
  block.write('ustar\u000000', 257, 'ascii');
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(`${sum.toString(8).padStart(6, '0')}\u0000 `, 148, 'ascii');
  return block;
}

export class TarWriter {
  readonly #out: WriteStream;

  constructor(file: string) {
    this.#out = createWriteStream(file, { flags: 'wx', mode: 0o600 });
  }

  #write(chunk: Buffer): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#out.write(chunk, (error) => (error ? reject(error) : resolve()));
    });
  }

  async addBuffer(name: string, data: Buffer, mode = 0o644): Promise<void> {
    await this.#write(header(name, data.length, new Date(), mode));
    await this.#write(data);
    await this.#pad(data.length);
  }

  /** Adds the first `size` bytes of a file (its size when it was listed: a file still growing is cut there). */
  async addFile(name: string, file: string, size: number, mtime: Date): Promise<void> {
    await this.#write(header(name, size, mtime));
    if (size > 0) {
      const source = createReadStream(file, { start: 0, end: size - 1 });
      for await (const chunk of source) await this.#write(chunk as Buffer);
    }
    await this.#pad(size);
  }

  async #pad(size: number): Promise<void> {
    const rest = size % BLOCK;
    if (rest) await this.#write(Buffer.alloc(BLOCK - rest, 0));
  }

  /** Two zero blocks end the archive. */
  async finish(): Promise<void> {
    await this.#write(Buffer.alloc(BLOCK * 2, 0));
    await new Promise<void>((resolve, reject) => {
      this.#out.once('error', reject);
      this.#out.end(resolve);
    });
  }

  async abort(): Promise<void> {
    const closed = once(this.#out, 'close');
    this.#out.destroy();
    await closed;
  }
}

export interface TarEntry {
  name: string;
  size: number;
  /** Byte offset of the entry's data in the archive. */
  offset: number;
}

/** Lists a tar file's regular files. */
export async function listTar(file: string): Promise<TarEntry[]> {
  const handle = await open(file, 'r');
  try {
    const entries: TarEntry[] = [];
    const { size: total } = await handle.stat();
    const block = Buffer.alloc(BLOCK);
    let offset = 0;
    while (offset + BLOCK <= total) {
      await handle.read(block, 0, BLOCK, offset);
      if (block.every((byte) => byte === 0)) break;
      const text = (start: number, length: number) =>
        block
          .subarray(start, start + length)
          .toString('utf8')
          .replace(/\0.*$/s, '');
      const prefix = text(345, 155);
      const name = prefix ? `${prefix}/${text(0, 100)}` : text(0, 100);
      const size = Number.parseInt(text(124, 12).trim() || '0', 8);
      const type = text(156, 1);
      if (!Number.isFinite(size) || size < 0)
        throw new Error(`not a backup file (bad tar header at ${offset})`);
      if (type === '0' || type === '') entries.push({ name, size, offset: offset + BLOCK });
      offset += BLOCK + Math.ceil(size / BLOCK) * BLOCK;
    }
    return entries;
  } finally {
    await handle.close();
  }
}

/** Copies one entry's bytes to `target`. */
export async function extractEntry(file: string, entry: TarEntry, target: string): Promise<void> {
  await mkdir(path.dirname(target), { recursive: true });
  await pipeline(readEntry(file, entry), createWriteStream(target, { flags: 'wx' }));
}

/** An entry's bytes as a stream. */
export function readEntry(file: string, entry: TarEntry): Readable {
  if (entry.size === 0) return Readable.from([]);
  return createReadStream(file, { start: entry.offset, end: entry.offset + entry.size - 1 });
}
