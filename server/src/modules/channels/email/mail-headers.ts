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
 * bytes, so that the same message delivered twice is still recognised.
 */
export function messageIdOf(raw: Buffer, headers: Map<string, string[]>): string {
  const value = firstHeader(headers, 'message-id');
  const id = value ? (/<[^<>\s]+>/.exec(value)?.[0] ?? value.trim().split(/\s+/)[0]) : undefined;
  if (id && id.length > 2 && id.length < 900 && !hasControlCharacters(id)) return normalizeMessageId(id);
  return `<sha256.${createHash('sha256').update(raw).digest('hex')}@no-message-id>`;
}

/** `user@host` inside `Name <user@host>` (or the value itself), lower-cased. */
export function addressIn(value: string | undefined): string | null {
  if (!value) return null;
  const match = /<([^<>\s]*)>/.exec(value)?.[1] ?? /[^\s<>"',;]+@[^\s<>"',;]+/.exec(value)?.[0];
  return match ? match.toLowerCase() : null;
}

/**
 * Why a message is automatic and must not open a ticket (auto-replies, bounces, loops,
 * bulk mail), or null for a message a person wrote. Pure.
 */
export function automaticReason(
  headers: Map<string, string[]>,
  context: {
    ownAddresses: readonly string[];
    ownMessageId: (id: string) => boolean;
    envelopeFrom?: string | null;
  },
): string | null {
  const get = (name: string) => firstHeader(headers, name)?.toLowerCase().trim();
  const autoSubmitted = get('auto-submitted');
  if (autoSubmitted && !autoSubmitted.startsWith('no')) return `auto-submitted: ${autoSubmitted}`;
  const contentType = get('content-type') ?? '';
  if (contentType.startsWith('multipart/report')) return 'delivery or read report (multipart/report)';
  const messageId = get('message-id');
  if (messageId && context.ownMessageId(messageId)) return 'our own mail came back (loop)';
  for (const loop of headers.get('x-loop') ?? []) {
    const value = loop.toLowerCase();
    if (context.ownAddresses.some((own) => value.includes(own))) return 'x-loop: our own address';
  }
  const precedence = get('precedence');
  if (precedence && ['bulk', 'junk', 'list', 'auto_reply', 'auto-reply'].includes(precedence))
    return `precedence: ${precedence}`;
  if (get('x-autoreply') === 'yes' || headers.has('x-autorespond') || get('x-auto-response') !== undefined)
    return 'auto-reply header';
  if (get('x-failed-recipients') !== undefined) return 'bounce (x-failed-recipients)';
  const from = addressIn(firstHeader(headers, 'from'));
  if (from && /^(mailer-daemon|postmaster)@/.test(from)) return `bounce from ${from}`;
  if (from && context.ownAddresses.includes(from)) return 'sent by the desk itself (loop)';
  if (context.envelopeFrom === '') return 'null sender (bounce)';
  const returnPath = get('return-path');
  if (returnPath !== undefined && /^<\s*>$/.test(returnPath)) return 'null return path (bounce)';
  return null;
}
