/**
 * A small, bounded reader of TNEF (`winmail.dat`, application/ms-tnef) as Outlook and Exchange
 * send it, after [MS-OXTNEF]: the attachments inside become files. Reads the legacy attributes
 * (attAttachRendData starts an attachment, attAttachTitle names it, attAttachData holds its
 * bytes) and the attachment's MAPI properties in attAttachment (PR_ATTACH_LONG_FILENAME,
 * PR_ATTACH_FILENAME, PR_DISPLAY_NAME, PR_ATTACH_MIME_TAG, PR_ATTACH_DATA_BIN). Every length is
 * checked against what is left; any inconsistency ends the read and the caller keeps the
 * winmail.dat as it came. Never throws. Pure.
 */

export interface TnefFile {
  filename: string;
  contentType: string | null;
  content: Buffer;
}

const SIGNATURE = 0x223e9f78;
const LEVEL_MESSAGE = 0x01;
const LEVEL_ATTACHMENT = 0x02;
// Attribute ids (type in the high word, id in the low word), [MS-OXTNEF] 2.1.3.2.
const ATT_ATTACH_RENDDATA = 0x00069002;
const ATT_ATTACH_TITLE = 0x00018010;
const ATT_ATTACH_DATA = 0x0006800f;
const ATT_ATTACHMENT = 0x00069005;
const ATT_OEM_CODEPAGE = 0x00069007;
// MAPI property ids and types, [MS-OXPROPS] / [MS-OXCDATA].
const PR_ATTACH_DATA = 0x3701;
const PR_ATTACH_FILENAME = 0x3704;
const PR_ATTACH_LONG_FILENAME = 0x3707;
const PR_ATTACH_MIME_TAG = 0x370e;
const PR_DISPLAY_NAME = 0x3001;
const PT_STRING8 = 0x001e;
const PT_UNICODE = 0x001f;
const PT_BINARY = 0x0102;
const PT_OBJECT = 0x000d;
const MV_FLAG = 0x1000;
const FIXED_SIZES: Record<number, number> = {
  2: 4, // PT_SHORT, padded to 4
  3: 4, // PT_LONG
  4: 4, // PT_FLOAT
  5: 8, // PT_DOUBLE
  6: 8, // PT_CURRENCY
  7: 8, // PT_APPTIME
  10: 4, // PT_ERROR
  11: 4, // PT_BOOLEAN, padded to 4
  20: 8, // PT_I8
  64: 8, // PT_SYSTIME
  72: 16, // PT_CLSID
};

const MAX_ATTACHMENTS = 100;
const MAX_PROPERTIES = 10_000;

export interface TnefLimits {
  /** Largest winmail.dat read at all. */
  maxInput: number;
  /** Largest total of the files unpacked. */
  maxOutput: number;
}

const DEFAULT_LIMITS: TnefLimits = { maxInput: 50 * 1024 * 1024, maxOutput: 50 * 1024 * 1024 };

class Truncated extends Error {}

class Reader {
  offset = 0;
  readonly buffer: Buffer;
  readonly end: number;
  constructor(buffer: Buffer, start = 0, end = buffer.length) {
    this.buffer = buffer;
    this.offset = start;
    this.end = end;
  }
  need(n: number): void {
    if (n < 0 || this.offset + n > this.end) throw new Truncated();
  }
  u8(): number {
    this.need(1);
    const value = this.buffer.readUInt8(this.offset);
    this.offset += 1;
    return value;
  }
  u16(): number {
    this.need(2);
    const value = this.buffer.readUInt16LE(this.offset);
    this.offset += 2;
    return value;
  }
  u32(): number {
    this.need(4);
    const value = this.buffer.readUInt32LE(this.offset);
    this.offset += 4;
    return value;
  }
  bytes(n: number): Buffer {
    this.need(n);
    const value = this.buffer.subarray(this.offset, this.offset + n);
    this.offset += n;
    return value;
  }
  skip(n: number): void {
    this.need(n);
    this.offset += n;
  }
  get left(): number {
    return this.end - this.offset;
  }
}

interface Pending {
  title: string | null;
  data: Buffer | null;
  longName: string | null;
  shortName: string | null;
  displayName: string | null;
  mimeTag: string | null;
  dataBin: Buffer | null;
}

const empty = (): Pending => ({
  title: null,
  data: null,
  longName: null,
  shortName: null,
  displayName: null,
  mimeTag: null,
  dataBin: null,
});

/** Whether the bytes start with the TNEF signature. */
export function isTnef(content: Buffer): boolean {
  return content.length >= 6 && content.readUInt32LE(0) === SIGNATURE;
}

/**
 * The files inside a winmail.dat, or null when it is not TNEF, is malformed, exceeds the
 * limits, or holds no attachment (a winmail.dat that only carries the RTF body stays as it is).
 */
export function unpackTnef(content: Buffer, limits: TnefLimits = DEFAULT_LIMITS): TnefFile[] | null {
  if (!isTnef(content) || content.length > limits.maxInput) return null;
  try {
    const reader = new Reader(content, 6); // signature + legacy key
    const done: Pending[] = [];
    let current: Pending | null = null;
    let codepage = 'windows-1252';
    while (reader.left > 0) {
      const level = reader.u8();
      const id = reader.u32();
      const length = reader.u32();
      const data = reader.bytes(length);
      const checksum = reader.u16();
      if (level !== LEVEL_MESSAGE && level !== LEVEL_ATTACHMENT) return null;
      if (sum16(data) !== checksum) return null;
      if (id === ATT_OEM_CODEPAGE && data.length >= 4) codepage = windowsCodepage(data.readUInt32LE(0));
      if (level !== LEVEL_ATTACHMENT) continue;
      if (id === ATT_ATTACH_RENDDATA) {
        if (current) done.push(current);
        if (done.length >= MAX_ATTACHMENTS) return null;
        current = empty();
        continue;
      }
      current ??= empty();
      if (id === ATT_ATTACH_TITLE) current.title = zeroTerminated(data, codepage);
      else if (id === ATT_ATTACH_DATA) current.data = data;
      else if (id === ATT_ATTACHMENT) applyAttachmentProps(readMapiProperties(data, codepage), current);
    }
    if (current) done.push(current);
    const files: TnefFile[] = [];
    let total = 0;
    for (const [index, pending] of done.entries()) {
      const body = pending.dataBin ?? pending.data;
      if (!body) continue; // an embedded message or OLE object: left in the winmail.dat
      total += body.length;
      if (total > limits.maxOutput) return null;
      const filename =
        pending.longName ||
        pending.displayName ||
        pending.title ||
        pending.shortName ||
        `attachment-${index + 1}`;
      files.push({ filename: safeName(filename), contentType: pending.mimeTag, content: Buffer.from(body) });
    }
    return files.length > 0 ? files : null;
  } catch {
    return null;
  }
}

export interface MapiProperty {
  id: number;
  type: number;
  /** The first value of a string or binary property (strings decoded); null for other types. */
  value: string | Buffer | null;
}

/**
 * A MAPI property list as TNEF stores it ([MS-OXTNEF] 2.1.3.5: attMAPIProps, attAttachment):
 * a count, then each property's type and id, the name of a named property (GUID + id or
 * string), and its value(s), every value padded to 4 bytes. Throws on anything inconsistent.
 */
export function readMapiProperties(data: Buffer, codepage = 'windows-1252'): MapiProperty[] {
  const reader = new Reader(data);
  const count = reader.u32();
  if (count > MAX_PROPERTIES) throw new Truncated();
  const props: MapiProperty[] = [];
  for (let i = 0; i < count; i++) {
    const type = reader.u16();
    const id = reader.u16();
    if (id >= 0x8000) {
      reader.skip(16); // the property set GUID
      const kind = reader.u32();
      if (kind === 0) reader.skip(4);
      else if (kind === 1) reader.skip(padded(reader.u32()));
      else throw new Truncated();
    }
    const multi = (type & MV_FLAG) !== 0;
    const base = type & ~MV_FLAG;
    const fixed = FIXED_SIZES[base];
    if (fixed !== undefined) {
      const values = multi ? reader.u32() : 1;
      if (values > MAX_PROPERTIES) throw new Truncated();
      reader.skip(fixed * values);
      props.push({ id, type, value: null });
      continue;
    }
    if (base !== PT_STRING8 && base !== PT_UNICODE && base !== PT_BINARY && base !== PT_OBJECT)
      throw new Truncated(); // an unknown type: its size cannot be known
    const values = reader.u32();
    if (values > MAX_PROPERTIES) throw new Truncated();
    let first: string | Buffer | null = null;
    for (let v = 0; v < values; v++) {
      const size = reader.u32();
      const value = reader.bytes(size);
      reader.skip(padded(size) - size);
      if (v > 0 || base === PT_OBJECT) continue;
      first =
        base === PT_UNICODE ? utf16(value) : base === PT_STRING8 ? zeroTerminated(value, codepage) : value;
    }
    props.push({ id, type, value: first });
  }
  if (reader.left !== 0) throw new Truncated();
  return props;
}

function applyAttachmentProps(props: MapiProperty[], into: Pending): void {
  for (const { id, type, value } of props) {
    if ((type & MV_FLAG) !== 0 || value === null) continue;
    if (typeof value === 'string') {
      if (id === PR_ATTACH_LONG_FILENAME) into.longName = value;
      else if (id === PR_ATTACH_FILENAME) into.shortName = value;
      else if (id === PR_DISPLAY_NAME) into.displayName = value;
      else if (id === PR_ATTACH_MIME_TAG) into.mimeTag = value;
    } else if (id === PR_ATTACH_DATA) into.dataBin = value;
  }
}

function padded(size: number): number {
  return size + ((4 - (size % 4)) % 4);
}

function sum16(data: Buffer): number {
  let sum = 0;
  for (const byte of data) sum = (sum + byte) & 0xffff;
  return sum;
}

function zeroTerminated(data: Buffer, codepage: string): string {
  const end = data.indexOf(0);
  const bytes = end === -1 ? data : data.subarray(0, end);
  try {
    return new TextDecoder(codepage).decode(bytes);
  } catch {
    return bytes.toString('latin1');
  }
}

function utf16(data: Buffer): string {
  const even = data.subarray(0, data.length - (data.length % 2));
  return even.toString('utf16le').replace(/\0+$/, '');
}

/** The WHATWG label of a Windows code page (attOemCodepage); Western when unknown. */
function windowsCodepage(codepage: number): string {
  const known: Record<number, string> = {
    936: 'gbk',
    950: 'big5',
    932: 'shift_jis',
    949: 'euc-kr',
    65001: 'utf-8',
    1250: 'windows-1250',
    1251: 'windows-1251',
    1252: 'windows-1252',
    1253: 'windows-1253',
    1254: 'windows-1254',
    1255: 'windows-1255',
    1256: 'windows-1256',
    1257: 'windows-1257',
    1258: 'windows-1258',
    54936: 'gb18030',
  };
  return known[codepage] ?? 'windows-1252';
}

/** A file name without directories or control characters. */
function safeName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  let cleaned = '';
  for (const ch of base) {
    const code = ch.codePointAt(0) ?? 0;
    if (code >= 0x20 && code !== 0x7f) cleaned += ch;
  }
  cleaned = cleaned.trim();
  return cleaned.slice(0, 200) || 'attachment';
}
