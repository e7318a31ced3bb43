import { EventEmitter } from 'node:events';
import chardet from 'chardet';
import iconv from 'iconv-lite';

/**
 * Charsets as old and broken mailers send them: a declared charset that does not decode
 * falls back to detection, and raw 8-bit header bytes (Big5, GBK, Latin-1 without RFC 2047
 * encoding, as Foxmail 5, Outlook Express and many webmails of the 2000s send them) become
 * UTF-8 before mailparser reads them. Decoding uses WHATWG TextDecoder (full ICU in Node) in
 * fatal mode, so "does not decode" is a fact, not a guess; iconv-lite covers labels WHATWG
 * lacks (UTF-7, CP437, CP949 ...).
 */

/** The charset label text parts get when they declare UTF-8, US-ASCII or nothing. */
export const AUTO_CHARSET = 'x-sd-auto';

const WESTERN = /^(us-?ascii|ascii|iso[-_]?8859[-_]?(1|15)|latin-?1|l1|windows-1252|cp1252|cp819|ibm819)$/i;
const CJK_MULTIBYTE =
  /^(gb[-_]?2312|gbk|gb[-_]?18030|cp936|x-gbk|euc-cn|big5(-hkscs)?|cp950|x-x-big5|euc-(jp|kr|tw)|shift[-_]?jis|sjis|cp932|ks_c_5601-1987|cp949|iso-2022-(jp|kr|cn))$/i;

function isAscii(bytes: Uint8Array): boolean {
  for (const byte of bytes) if (byte >= 0x80 || byte === 0x1b) return false;
  return true;
}

/** The text, or null if the bytes are not valid in that charset (or the charset is unknown). */
export function strictDecode(bytes: Uint8Array, label: string): string | null {
  let decoder: TextDecoder | null = null;
  try {
    decoder = new TextDecoder(label, { fatal: true });
  } catch {
    decoder = null;
  }
  if (decoder) {
    try {
      return decoder.decode(bytes);
    } catch {
      return null;
    }
  }
  if (!iconv.encodingExists(label)) return null;
  const text = iconv.decode(Buffer.from(bytes), label);
  return text.includes('\ufffd') ? null : text;
}

/**
 * Between GB (GBK/GB18030) and Big5 for short Chinese text, where statistical detectors guess:
 * scores the double-byte pairs by where the common characters of each set live (GB2312
 * hanzi: lead B0-F7, trail A1-FE; Big5 frequent hanzi: lead A4-C6, trail 40-7E or A1-FE),
 * among charsets the bytes are valid in. Null if neither fits well, or if the bytes look like
 * Latin text.
 */
export function guessChinese(bytes: Uint8Array): 'gb18030' | 'big5' | null {
  let gb = 0;
  let big5 = 0;
  let pairs = 0;
  let highTrail = 0;
  let chained = 0;
  for (let i = 0; i < bytes.length - 1; i++) {
    const lead = bytes[i] ?? 0;
    if (lead < 0x81) continue;
    const trail = bytes[i + 1] ?? 0;
    pairs += 1;
    if (trail >= 0xa1) highTrail += 1;
    if ((bytes[i + 2] ?? 0) >= 0x81) chained += 1;
    if (lead >= 0xb0 && lead <= 0xf7 && trail >= 0xa1 && trail <= 0xfe) gb += 1;
    else if (lead >= 0xa1 && lead <= 0xa3 && trail >= 0xa1) gb += 0.8;
    if (lead >= 0xa4 && lead <= 0xc6 && ((trail >= 0x40 && trail <= 0x7e) || trail >= 0xa1)) big5 += 1;
    else if (lead >= 0xc9 && lead <= 0xf9 && ((trail >= 0x40 && trail <= 0x7e) || trail >= 0xa1)) big5 += 0.5;
    else if (lead >= 0xa1 && lead <= 0xa3) big5 += 0.8;
    i += 1;
  }
  // Latin text makes "pairs" of an accented letter and the ASCII letter after it, each on its
  // own; Chinese characters come in runs (a pair followed by another lead byte) or have both
  // bytes high (GB2312 always, Big5 often).
  const half = Math.max(1, pairs / 2);
  if (pairs === 0 || (highTrail < half && chained < half)) return null;
  const gbValid = strictDecode(bytes, 'gb18030') !== null;
  const big5Valid = strictDecode(bytes, 'big5') !== null;
  const gbScore = gbValid ? gb / pairs : 0;
  const big5Score = big5Valid ? big5 / pairs : 0;
  if (Math.max(gbScore, big5Score) < 0.5) return null;
  return gbScore >= big5Score ? 'gb18030' : 'big5';
}

/** The charset bytes of unknown origin are most likely in. */
function detect(bytes: Uint8Array, hints: readonly string[]): string {
  if (strictDecode(bytes, 'utf-8') !== null) return 'utf-8';
  for (const hint of hints)
    if (CJK_MULTIBYTE.test(hint) && strictDecode(bytes, hint) !== null && guessChinese(bytes) !== null)
      return hint;
  if (bytes.length >= 64) {
    for (const match of chardet.analyse(bytes)) {
      if (match.confidence < 50) break;
      if (strictDecode(bytes, match.name) !== null) return match.name;
    }
  }
  const chinese = guessChinese(bytes);
  if (chinese) return chinese;
  for (const hint of hints) if (strictDecode(bytes, hint) !== null) return hint;
  return 'windows-1252';
}

/**
 * Text from bytes that claim a charset: the declared one when the bytes are valid in it
 * (except a Western single-byte label on bytes that are really UTF-8 or CJK, a common
 * mislabel), otherwise the detected one. Never throws.
 */
export function decodeText(
  bytes: Uint8Array,
  declared: string | null,
  hints: readonly string[] = [],
): string {
  let label = declared?.trim().replace(/^"|"$/g, '') ?? '';
  if (label.toLowerCase().startsWith(AUTO_CHARSET)) label = '';
  // Charsets whose text is made of ASCII bytes but is not ASCII (ISO-2022, UTF-7, HZ, UTF-16/32).
  if (isAscii(bytes) && !/2022|utf-?7|hz-gb|utf-?(16|32)|ucs-?[24]/i.test(label))
    return Buffer.from(bytes).toString('latin1');
  if (label && !WESTERN.test(label)) {
    const text = strictDecode(bytes, label);
    if (text !== null) return text;
  }
  if (label && WESTERN.test(label)) {
    if (strictDecode(bytes, 'utf-8') !== null) return Buffer.from(bytes).toString('utf8');
    const detected = detect(bytes, hints);
    if (CJK_MULTIBYTE.test(detected) || /^(gb18030|big5)$/i.test(detected))
      return strictDecode(bytes, detected) ?? new TextDecoder('windows-1252').decode(bytes);
    return new TextDecoder('windows-1252').decode(bytes);
  }
  const detected = detect(bytes, label ? [label, ...hints] : hints);
  return strictDecode(bytes, detected) ?? new TextDecoder('windows-1252').decode(bytes);
}

/**
 * The stream mailparser's `Iconv` option expects (`new Iconv(from, to)`, write, end, data/end
 * events): buffers the part and decodes it at the end with {@link decodeText}. The part is
 * already bounded by the inbound size limit.
 */
export function autoCharsetIconv(hints: readonly string[]) {
  return class AutoCharsetStream extends EventEmitter {
    readonly charset: string;
    readonly chunks: Buffer[] = [];
    constructor(charset: string) {
      super();
      this.charset = charset;
    }
    write(chunk: Buffer): boolean {
      this.chunks.push(chunk);
      return true;
    }
    end(): void {
      const text = decodeText(Buffer.concat(this.chunks), this.charset, hints);
      this.emit('data', Buffer.from(text, 'utf8'));
      this.emit('end');
    }
  };
}

/** The charsets a message declares anywhere (Content-Type parameters, encoded words), in order. */
export function declaredCharsets(raw: Buffer): string[] {
  const head = raw.subarray(0, Math.min(raw.length, 512 * 1024)).toString('latin1');
  const found: string[] = [];
  for (const match of head.matchAll(
    /charset\s*=\s*"?([A-Za-z0-9_.:-]{2,40})|=\?([A-Za-z0-9_.:-]{2,40})\?[bBqQ]\?/g,
  )) {
    const label = (match[1] ?? match[2] ?? '').toLowerCase();
    if (!label || /^(utf-?8|us-ascii|ascii)$/.test(label) || label.startsWith(AUTO_CHARSET)) continue;
    if (!found.includes(label)) found.push(label);
  }
  return found;
}

/**
 * The raw message made readable for mailparser: 8-bit bytes in header blocks (the message's
 * and each MIME part's) that are not UTF-8 are converted to UTF-8 from their detected charset,
 * and text parts that declare UTF-8, US-ASCII or no charset are labelled {@link AUTO_CHARSET},
 * so that their bytes are checked and detected if they are not what they claim. The stored raw
 * message is never changed; this copy is only parsed.
 */
export function prepareForParser(raw: Buffer, hints: readonly string[]): Buffer {
  const text = raw.toString('latin1');
  const lines = text.split('\n');
  const out: string[] = [];
  const boundaries = new Set<string>();
  let block: string[] = [];
  let inHeader = true;
  let top = true;
  const flush = () => {
    out.push(...rewriteHeaderBlock(block, top, boundaries, hints));
    block = [];
    top = false;
  };
  for (const line of lines) {
    if (inHeader) {
      if (line === '' || line === '\r') {
        flush();
        out.push(line);
        inHeader = false;
      } else block.push(line);
      continue;
    }
    out.push(line);
    const trimmed = line.replace(/\s+$/, '');
    if (trimmed.startsWith('--') && boundaries.has(trimmed.slice(2))) inHeader = true;
  }
  if (inHeader) flush();
  return Buffer.from(out.join('\n'), 'latin1');
}

function rewriteHeaderBlock(
  block: string[],
  top: boolean,
  boundaries: Set<string>,
  hints: readonly string[],
): string[] {
  // Lines that are valid UTF-8 stay; the others are read in the charset detected over all of them.
  const latin = (line: string) => Buffer.from(line, 'latin1');
  const foreign = block.filter(
    (line) => /[\x80-\xff]/.test(line) && strictDecode(latin(line), 'utf-8') === null,
  );
  let lines = block;
  if (foreign.length > 0) {
    const charset = detect(latin(foreign.join('\n')), hints);
    lines = block.map((line) =>
      foreign.includes(line)
        ? Buffer.from(
            strictDecode(latin(line), charset) ?? new TextDecoder('windows-1252').decode(latin(line)),
            'utf8',
          ).toString('latin1')
        : line,
    );
  }
  // The Content-Type field: its boundary, and the charset label of a text part.
  const start = lines.findIndex((line) => /^content-type\s*:/i.test(line));
  if (start === -1) {
    // A message without MIME headers is text/plain in whatever its mailer used.
    const crlf = (lines[0] ?? '').endsWith('\r');
    return top ? [...lines, `Content-Type: text/plain; charset=${AUTO_CHARSET}${crlf ? '\r' : ''}`] : lines;
  }
  let end = start + 1;
  while (end < lines.length && /^[ \t]/.test(lines[end] ?? '')) end += 1;
  const crlf = (lines[start] ?? '').endsWith('\r');
  const field = lines
    .slice(start, end)
    .map((line) => line.replace(/\r$/, ''))
    .join(' ');
  const value = field.slice(field.indexOf(':') + 1).trim();
  const boundary = /boundary\s*=\s*(?:"([^"]+)"|([^\s;]+))/i.exec(value);
  const boundaryValue = boundary?.[1] ?? boundary?.[2];
  if (boundaryValue) boundaries.add(boundaryValue);
  if (!/^text\//i.test(value)) return lines;
  const charset = /charset\s*=\s*"?([^";\s]*)"?/i.exec(value);
  const label = charset?.[1]?.toLowerCase() ?? '';
  if (charset && !/^(utf-?8|us-ascii|ascii)$/.test(label)) return lines;
  const rewritten = charset
    ? value.replace(charset[0], `charset=${AUTO_CHARSET}-${label}`)
    : `${value.replace(/;\s*$/, '')}; charset=${AUTO_CHARSET}`;
  return [...lines.slice(0, start), `Content-Type: ${rewritten}${crlf ? '\r' : ''}`, ...lines.slice(end)];
}
