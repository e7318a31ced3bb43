import { stem } from './porter-stemmer.ts';

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

/**
 * A short excerpt of `text` around the densest cluster of query terms, HTML-escaped, with
 * each matching word wrapped in <mark>. Works on the original wording, so Chinese words and
 * English inflections ("printing" for the query "printer") are highlighted as written.
 */
export function buildSnippet(text: string, terms: ReadonlySet<string>, maxLength = 160): string {
  // Segmenting a very long text for one excerpt costs more than it gives: its start will do.
  // Shown as written (full-width punctuation stays full-width); matched on the NFKC form,
  // as the index tokenizes it ("ＶＰＮ" finds "vpn").
  const source = text.slice(0, 8000).replace(/\s+/g, ' ').trim();
  const hits = findHitsAsWritten(source, terms);
  if (hits.length === 0) {
    const head = source.slice(0, maxLength);
    return escapeHtml(head) + (source.length > maxLength ? '…' : '');
  }
  // The window of maxLength characters that covers the most hits.
  let best = 0;
  let bestCount = 0;
  let right = 0;
  for (let left = 0; left < hits.length; left++) {
    const from = hits[left]?.start ?? 0;
    while (right < hits.length && (hits[right]?.end ?? 0) - from <= maxLength) right++;
    if (right - left > bestCount) {
      bestCount = right - left;
      best = left;
    }
  }
  const firstHit = hits[best]?.start ?? 0;
  let start = Math.max(0, firstHit - Math.floor(maxLength / 4));
  const end = Math.min(source.length, start + maxLength);
  if (end - start < maxLength) start = Math.max(0, end - maxLength);
  const marks = mergeRanges(
    hits.filter((h) => h.start >= start && h.end <= end).map((h) => [h.start, h.end] as [number, number]),
  );
  let out = start > 0 ? '…' : '';
  let cursor = start;
  for (const [from, to] of marks) {
    out += `${escapeHtml(source.slice(cursor, from))}<mark>${escapeHtml(source.slice(from, to))}</mark>`;
    cursor = to;
  }
  out += escapeHtml(source.slice(cursor, end));
  return end < source.length ? `${out}…` : out;
}

function mergeRanges(ranges: [number, number][]): [number, number][] {
  const sorted = ranges.sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const range of sorted) {
    const last = out.at(-1);
    if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1]);
    else out.push([...range]);
  }
  return out;
}

/** Hits found in the text's NFKC form, mapped back to where they are in the text as written. */
function findHitsAsWritten(text: string, terms: ReadonlySet<string>): { start: number; end: number }[] {
  let normalized = '';
  // origin[i]: where in `text` the character that became normalized[i] starts.
  const origin: number[] = [];
  for (let i = 0; i < text.length; ) {
    const char = String.fromCodePoint(text.codePointAt(i) ?? 0);
    const form = char.normalize('NFKC');
    for (let k = 0; k < form.length; k++) origin.push(i);
    normalized += form;
    i += char.length;
  }
  const endOf = (normalizedEnd: number) => {
    const from = origin[normalizedEnd - 1] ?? 0;
    return from + String.fromCodePoint(text.codePointAt(from) ?? 0).length;
  };
  return findHits(normalized, terms).map((hit) => ({ start: origin[hit.start] ?? 0, end: endOf(hit.end) }));
}

const LATIN_WORD = /[A-Za-z0-9]+(?:[-_.][A-Za-z0-9]+)*/g;
const HAS_CJK = /[\u3400-\u9fff\uf900-\ufaff]/;

/**
 * Where the query's terms occur, without segmenting the text again: Chinese terms are found
 * as substrings, Latin words by their stem, codes whole or by part.
 */
function findHits(text: string, terms: ReadonlySet<string>): { start: number; end: number }[] {
  const hits: { start: number; end: number }[] = [];
  for (const match of text.matchAll(LATIN_WORD)) {
    const word = match[0].toLowerCase();
    const parts = word.split(/[-_.]/);
    const matches =
      terms.has(word) ||
      parts.some((part) => terms.has(part) || (/^[a-z]+$/.test(part) && terms.has(stem(part))));
    if (matches) hits.push({ start: match.index, end: match.index + match[0].length });
  }
  for (const term of terms) {
    if (!HAS_CJK.test(term)) continue;
    for (let at = text.indexOf(term); at >= 0; at = text.indexOf(term, at + term.length)) {
      hits.push({ start: at, end: at + term.length });
    }
  }
  return hits.sort((a, b) => a.start - b.start || b.end - a.end);
}
