import { createHash } from 'node:crypto';
import { normalizeMessageId } from '../../notifications/index.ts';
import { hasControlCharacters } from './mail-content.ts';

/** The raw header block of a message (everything before the first empty line), read as latin1. */
export function rawHeaderBlock(raw: Buffer): string {
  const limit = Math.min(raw.length, 256 * 1024);
  const head = raw.subarray(0, limit).toString('latin1');
  const end = head.search(/\r?\n\r?\n/);
  return end === -1 ? head : head.slice(0, end);
}

/** Header fields by lower-case name, folded lines joined. Tolerant of anything malformed. */
export function readHeaders(block: string): Map<string, string[]> {
  const headers = new Map<string, string[]>();
  const lines = block.split(/\r?\n/);
  let current: { name: string; value: string } | null = null;
  const flush = () => {
    if (!current) return;
    const list = headers.get(current.name) ?? [];
    list.push(current.value.trim());
    headers.set(current.name, list);
  };
  for (const line of lines) {
    if (/^[ \t]/.test(line) && current) {
      current.value += ` ${line.trim()}`;
      continue;
    }
    flush();
    const colon = line.indexOf(':');
    current =
      colon > 0 ? { name: line.slice(0, colon).trim().toLowerCase(), value: line.slice(colon + 1) } : null;
  }
  flush();
  return headers;
}

export function firstHeader(headers: Map<string, string[]>, name: string): string | undefined {
  return headers.get(name)?.[0];
}

/**
 * The Message-ID the message is known by; a message without one gets an id made from its
 * content digest, so that the same message delivered twice (even through another relay) is
 * still recognised.
 */
export function messageIdOf(raw: Buffer, headers: Map<string, string[]>): string {
  const value = firstHeader(headers, 'message-id');
  const id = value ? (/<[^<>\s]+>/.exec(value)?.[0] ?? value.trim().split(/\s+/)[0]) : undefined;
  if (id && id.length > 2 && id.length < 900 && !hasControlCharacters(id)) return normalizeMessageId(id);
  return `<sha256.${contentDigest(raw, headers)}@no-message-id>`;
}

/**
 * What makes two deliveries the same message: the From, Subject and Content-Type headers and
 * the body, with line endings and trailing spaces normalised. Trace headers (Received,
 * Return-Path, Delivered-To, DKIM/ARC signatures added on the way) are left out on purpose,
 * so a redelivery through another relay is recognised. Pure.
 */
export function contentDigest(raw: Buffer, headers: Map<string, string[]>): string {
  const hash = createHash('sha256');
  for (const name of ['from', 'subject', 'content-type']) {
    const value = (headers.get(name) ?? []).join('\n').replace(/\s+/g, ' ').trim();
    hash.update(`${name}:${value}\n`);
  }
  hash.update('\n');
  hash.update(normalisedBody(raw));
  return hash.digest('hex');
}

function normalisedBody(raw: Buffer): Buffer {
  const limit = Math.min(raw.length, 256 * 1024);
  const head = raw.subarray(0, limit).toString('latin1');
  const match = /\r?\n\r?\n/.exec(head);
  if (!match) return Buffer.alloc(0);
  const body = raw.subarray(match.index + match[0].length).toString('latin1');
  const normalised = body
    .split(/\r?\n/)
    .map((line) => line.replace(/[ \t]+$/, ''))
    .join('\n')
    .replace(/\n+$/, '');
  return Buffer.from(normalised, 'latin1');
}

/** `user@host` inside `Name <user@host>` (or the value itself), lower-cased. */
export function addressIn(value: string | undefined): string | null {
  if (!value) return null;
  const match = /<([^<>\s]*)>/.exec(value)?.[1] ?? /[^\s<>"',;]+@[^\s<>"',;]+/.exec(value)?.[0];
  return match ? match.toLowerCase() : null;
}
