import sanitizeHtml from 'sanitize-html';

/**
 * Makes a mail's HTML safe to show: no scripts, styles, forms, event handlers or remote
 * content other than plain links and images; `cid:` images point at the stored attachments.
 */
export function sanitizeEmailHtml(html: string, cidUrls: ReadonlyMap<string, string>): string {
  return sanitizeHtml(html, {
    allowedTags: [
      ...sanitizeHtml.defaults.allowedTags.filter((t) => t !== 'style'),
      'img',
      'font',
      'center',
      'u',
      's',
    ],
    allowedAttributes: {
      a: ['href', 'name', 'title'],
      img: ['src', 'alt', 'title', 'width', 'height'],
      td: ['colspan', 'rowspan', 'align', 'valign'],
      th: ['colspan', 'rowspan', 'align', 'valign'],
      table: ['border', 'cellpadding', 'cellspacing', 'width'],
      font: ['color'],
      '*': ['dir', 'lang'],
    },
    allowedSchemes: ['http', 'https', 'mailto'],
    allowedSchemesByTag: { img: ['https', 'data', 'cid'] },
    allowProtocolRelative: false,
    transformTags: {
      a: (tagName, attribs) => ({
        tagName,
        attribs: { ...attribs, rel: 'noopener noreferrer', target: '_blank' },
      }),
      img: (tagName, attribs) => {
        const src = attribs.src ?? '';
        if (src.toLowerCase().startsWith('cid:')) {
          const url = cidUrls.get(src.slice(4).replace(/^<|>$/g, '').toLowerCase());
          return { tagName, attribs: { ...attribs, src: url ?? '' } };
        }
        return { tagName, attribs };
      },
    },
    exclusiveFilter: (frame) => frame.tag === 'img' && !frame.attribs.src,
  });
}

const QUOTE_INTROS: RegExp[] = [
  /^On .{1,300}wrote:\s*$/i,
  /^在.{1,300}写道[:：]?\s*$/,
  /^-{2,}\s*(Original Message|Forwarded message|原始邮件|转发邮件)\s*-{2,}/i,
  /^_{8,}\s*$/,
  /^Le .{1,300}a écrit\s*:\s*$/i,
  /^Am .{1,300}schrieb .{0,200}:\s*$/i,
];
const HEADER_BLOCK = /^(From|发件人|寄件者)\s*[:：]/i;
const HEADER_FOLLOW = /^(Sent|Date|To|Subject|发送时间|时间|日期|收件人|主题)\s*[:：]/i;

/**
 * Splits a reply from the history it quotes: the first line that introduces a quote ("On
 * ... wrote:", "在 ... 写道：", an Outlook header block, "-----Original Message-----") or a
 * run of "> " lines ends the new part. If nothing new is left, the whole text is kept. Pure.
 */
export function foldQuoted(text: string): { reply: string; quoted: string } {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  let cut = -1;
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? '').trim();
    const joined = `${line} ${(lines[i + 1] ?? '').trim()}`;
    if (QUOTE_INTROS.some((re) => re.test(line))) {
      cut = i;
      break;
    }
    if (/^On .{1,300}$/i.test(line) && /wrote:\s*$/i.test(joined) && !/wrote:\s*$/i.test(line)) {
      cut = i;
      break;
    }
    if (HEADER_BLOCK.test(line) && lines.slice(i + 1, i + 5).some((l) => HEADER_FOLLOW.test(l.trim()))) {
      cut = i;
      break;
    }
    if (line.startsWith('>') && lines.slice(i).every((l) => l.trim() === '' || l.trim().startsWith('>'))) {
      cut = i;
      break;
    }
  }
  if (cut <= 0) return { reply: text.trim(), quoted: '' };
  const reply = lines.slice(0, cut).join('\n').trim();
  if (!reply) return { reply: text.trim(), quoted: '' };
  return { reply, quoted: lines.slice(cut).join('\n').trim() };
}

/** A subject without reply/forward prefixes, for a new ticket's subject. */
export function cleanSubject(subject: string | undefined): string {
  const cleaned = (subject ?? '')
    .replace(/[\r\n\t]+/g, ' ')
    .replace(/^(\s*(re|fw|fwd|aw|sv|答复|回复|转发)\s*[:：]\s*)+/i, '')
    .trim();
  return cleaned.slice(0, 200);
}

/** The ticket number in a `[#10234]` subject tag, if any. */
export function subjectTicketNumber(subject: string | undefined): number | null {
  const match = /\[#(\d{1,15})\]/.exec(subject ?? '');
  return match?.[1] ? Number(match[1]) : null;
}

/** Whether a code point is a control character we drop (all but tab and newline), or a non-character. */
function unwanted(code: number): boolean {
  return (
    (code < 0x20 && code !== 0x09 && code !== 0x0a) || code === 0x7f || code === 0xfffe || code === 0xffff
  );
}

/** Text PostgreSQL can store and people can read: no NUL or other control characters but tab and newline. */
export function cleanText(text: string): string {
  const normalized = text.replace(/\r\n?/g, '\n');
  let out = '';
  for (const ch of normalized) if (!unwanted(ch.codePointAt(0) ?? 0)) out += ch;
  return out;
}

/** Whether the text has control characters. */
export function hasControlCharacters(text: string): boolean {
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}
