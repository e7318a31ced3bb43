import { randomBytes } from 'node:crypto';

/**
 * The product's own Message-ID: `<sd.{ticketId}.{token}@{domain}>`. A reply whose
 * In-Reply-To or References carries one is matched to its ticket before anything else;
 * the random token makes the id unguessable.
 */
export function newMessageId(domain: string, ticketId: number | null | undefined): string {
  const token = `${Date.now().toString(36)}${randomBytes(6).toString('hex')}`;
  return `<sd.${ticketId ?? 0}.${token}@${domain}>`;
}

const OWN_ID = /^<?sd\.(\d+)\.[0-9a-z]{8,40}@([^>\s]+)>?$/i;

/** Whether the id is in the product's format for one of its domains. */
export function isOwnMessageId(id: string, domains: readonly string[]): boolean {
  const match = OWN_ID.exec(id.trim());
  return Boolean(match?.[2] && domains.includes(match[2].toLowerCase()));
}

/** The ticket id carried by one of the product's own Message-IDs, or null. */
export function ticketIdFromOwnMessageId(id: string, domains: readonly string[]): number | null {
  const match = OWN_ID.exec(id.trim());
  if (!match?.[1] || !match[2] || !domains.includes(match[2].toLowerCase())) return null;
  const ticketId = Number(match[1]);
  return ticketId > 0 ? ticketId : null;
}

/** `<a@b>` for any of `a@b`, ` <a@b> `; ids are compared in this form. */
export function normalizeMessageId(id: string): string {
  const trimmed = id.trim();
  const inner = /^<(.*)>$/.exec(trimmed)?.[1] ?? trimmed;
  return `<${inner.trim()}>`;
}

/** The ids in an In-Reply-To or References header value (space or comma separated). */
export function parseMessageIdList(value: string | string[] | undefined): string[] {
  if (!value) return [];
  const text = Array.isArray(value) ? value.join(' ') : value;
  const bracketed = text.match(/<[^<>\s]+>/g);
  if (bracketed) return bracketed.map(normalizeMessageId);
  return text
    .split(/[\s,]+/)
    .filter((part) => part.includes('@'))
    .map(normalizeMessageId);
}
