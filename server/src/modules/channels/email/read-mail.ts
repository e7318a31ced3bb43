import { type Attachment, type MailParserOptions, type ParsedMail, simpleParser } from 'mailparser';
import { autoCharsetIconv, declaredCharsets, prepareForParser } from './charsets.ts';
import { htmlToPlainText } from './html-text.ts';
import { rawHeaderBlock, readHeaders } from './mail-headers.ts';
import { isTnef, unpackTnef } from './tnef.ts';

/** A parsed inbound message, read as far as it can be. */
export interface ReadMail {
  parsed: ParsedMail;
  /** The message's text: its text part, or the text made from its HTML when it has none. */
  text: string;
  /** Whether the text was made from HTML. */
  fromHtml: boolean;
  /** The attachments, winmail.dat unpacked into the files it carries. */
  attachments: Attachment[];
}

/**
 * Parses a raw message with mailparser after making its charsets readable (8-bit headers,
 * declared charsets that do not decode), makes text from the HTML of an HTML-only message,
 * and unpacks TNEF attachments. A message mailparser cannot parse still gives the subject and
 * text the raw bytes hold.
 */
export async function readMail(raw: Buffer): Promise<ReadMail> {
  const parsed = await parseLeniently(raw);
  const ownText = (parsed.text ?? '').trim();
  const htmlText = !ownText && typeof parsed.html === 'string' ? htmlToPlainText(parsed.html) : '';
  return {
    parsed,
    text: ownText || htmlText,
    fromHtml: !ownText && htmlText.length > 0,
    attachments: expandTnef(parsed.attachments ?? []),
  };
}

/** The decoded subject alone (the header block is parsed, the body is not). */
export async function readSubject(raw: Buffer): Promise<string | undefined> {
  const end = raw.subarray(0, Math.min(raw.length, 256 * 1024)).indexOf('\r\n\r\n');
  const lfEnd = end === -1 ? raw.indexOf('\n\n') : end;
  const head = lfEnd === -1 ? raw.subarray(0, 256 * 1024) : raw.subarray(0, lfEnd);
  const parsed = await parseLeniently(Buffer.concat([head, Buffer.from('\r\n\r\n')]));
  return parsed.subject;
}

async function parseLeniently(raw: Buffer): Promise<ParsedMail> {
  const hints = declaredCharsets(raw);
  let prepared = raw;
  try {
    prepared = prepareForParser(raw, hints);
  } catch {
    prepared = raw;
  }
  try {
    return await simpleParser(prepared, {
      // mailparser calls `new Iconv(charset, target)` (lib/mail-parser.js IconvDecoder); its
      // published types describe an instance instead of the constructor.
      Iconv: autoCharsetIconv(hints) as unknown as MailParserOptions['Iconv'],
      skipImageLinks: true,
      skipTextLinks: true,
      skipHtmlToText: true,
      keepDeliveryStatus: true,
      maxHtmlLengthToParse: 5_000_000,
    });
  } catch {
    const text = prepared.toString('utf8');
    const split = text.search(/\r?\n\r?\n/);
    const headers = readHeaders(rawHeaderBlock(prepared));
    const subject = headers.get('subject')?.[0];
    return {
      attachments: [],
      headers: new Map(),
      headerLines: [],
      html: false,
      text: split === -1 ? '' : text.slice(split).trim(),
      ...(subject ? { subject } : {}),
    } as ParsedMail;
  }
}

/** Each winmail.dat replaced by the files inside it; one that cannot be read stays as it is. */
function expandTnef(attachments: Attachment[]): Attachment[] {
  const out: Attachment[] = [];
  for (const attachment of attachments) {
    const tnefType =
      /^application\/(vnd\.)?ms-tnef$/i.test(attachment.contentType ?? '') ||
      /^winmail\.dat$/i.test(attachment.filename ?? '');
    const files = tnefType && isTnef(attachment.content) ? unpackTnef(attachment.content) : null;
    if (!files) {
      out.push(attachment);
      continue;
    }
    for (const file of files) {
      out.push({
        type: 'attachment',
        content: file.content,
        contentType: file.contentType || contentTypeOf(file.filename),
        contentDisposition: 'attachment',
        filename: file.filename,
        headers: new Map(),
        headerLines: [],
        checksum: '',
        size: file.content.length,
        related: false,
      } as Attachment);
    }
  }
  return out;
}

const TYPES: Record<string, string> = {
  pdf: 'application/pdf',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xls: 'application/vnd.ms-excel',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  ppt: 'application/vnd.ms-powerpoint',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  txt: 'text/plain',
  log: 'text/plain',
  csv: 'text/csv',
  xml: 'application/xml',
  htm: 'text/html',
  html: 'text/html',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  bmp: 'image/bmp',
  zip: 'application/zip',
  rar: 'application/vnd.rar',
  '7z': 'application/x-7z-compressed',
  msg: 'application/vnd.ms-outlook',
  eml: 'message/rfc822',
};

function contentTypeOf(filename: string): string {
  const ext = /\.([a-z0-9]{1,5})$/i.exec(filename)?.[1]?.toLowerCase() ?? '';
  return TYPES[ext] ?? 'application/octet-stream';
}
