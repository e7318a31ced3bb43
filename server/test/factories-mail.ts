import iconv from 'iconv-lite';

/**
 * TNEF (winmail.dat) built byte by byte after [MS-OXTNEF] 2.1.3 (no public test vector with
 * attachments could be fetched as binary): signature, legacy key, then attributes of
 * level (1 message, 2 attachment), id, length, data and a 16-bit checksum of the data.
 */
export function tnefAttribute(level: 1 | 2, id: number, data: Buffer, checksum?: number): Buffer {
  const head = Buffer.alloc(9);
  head.writeUInt8(level, 0);
  head.writeUInt32LE(id >>> 0, 1);
  head.writeUInt32LE(data.length, 5);
  let sum = 0;
  for (const byte of data) sum = (sum + byte) & 0xffff;
  const tail = Buffer.alloc(2);
  tail.writeUInt16LE(checksum ?? sum, 0);
  return Buffer.concat([head, data, tail]);
}

const u16 = (n: number) => {
  const b = Buffer.alloc(2);
  b.writeUInt16LE(n, 0);
  return b;
};
const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n >>> 0, 0);
  return b;
};
const pad = (b: Buffer) => Buffer.concat([b, Buffer.alloc((4 - (b.length % 4)) % 4)]);

/** One MAPI property of a variable-size type (count 1, length, value padded to 4). */
export function mapiVariable(type: number, id: number, value: Buffer): Buffer {
  return Buffer.concat([u16(type), u16(id), u32(1), u32(value.length), pad(value)]);
}
export function mapiLong(id: number, value: number): Buffer {
  return Buffer.concat([u16(0x0003), u16(id), u32(value)]);
}
/** A named boolean property (PS_PUBLIC_STRINGS-like GUID, MNID_STRING name). */
export function mapiNamedBoolean(name: string, value: boolean): Buffer {
  const guid = Buffer.from('0820060000000000c000000000000046', 'hex');
  const nameBytes = Buffer.from(`${name}\0`, 'utf16le');
  return Buffer.concat([
    u16(0x000b),
    u16(0x8000),
    guid,
    u32(1),
    u32(nameBytes.length),
    pad(nameBytes),
    u16(value ? 1 : 0),
    u16(0),
  ]);
}
export function mapiMultiLong(id: number, values: number[]): Buffer {
  return Buffer.concat([u16(0x1003), u16(id), u32(values.length), ...values.map(u32)]);
}
export function mapiProps(props: Buffer[]): Buffer {
  return Buffer.concat([u32(props.length), ...props]);
}

const RENDDATA = 0x00069002;
const TITLE = 0x00018010;
const DATA = 0x0006800f;
const ATTACHMENT = 0x00069005;

/** A winmail.dat as Outlook writes one with two files (one by legacy attributes, one by MAPI properties). */
export function buildWinmailDat(): Buffer {
  const rend = Buffer.concat([u16(1), u32(0xffffffff), u16(0), u16(0), u32(0)]);
  const report = Buffer.from('打印机 P-12 报错 E-05\r\n', 'utf8');
  const png = Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
    'base64',
  );
  return Buffer.concat([
    u32(0x223e9f78),
    u16(0x0001),
    tnefAttribute(1, 0x00089006, u32(0x00010000)), // attTnefVersion
    tnefAttribute(1, 0x00069007, Buffer.concat([u32(936), u32(0)])), // attOemCodepage: GBK
    tnefAttribute(1, 0x00078008, Buffer.from('IPM.Microsoft Mail.Note\0', 'latin1')), // attMessageClass
    tnefAttribute(1, 0x00018004, Buffer.from('printer\0', 'latin1')), // attSubject
    // Attachment 1: the file in attAttachData, a short title, the long name in MAPI properties.
    tnefAttribute(2, RENDDATA, rend),
    tnefAttribute(2, TITLE, Buffer.from('REPORT~1.TXT\0', 'latin1')),
    tnefAttribute(2, DATA, report),
    tnefAttribute(
      2,
      ATTACHMENT,
      mapiProps([
        mapiVariable(0x001f, 0x3707, Buffer.from('故障报告.txt\0', 'utf16le')), // PR_ATTACH_LONG_FILENAME
        mapiVariable(0x001e, 0x370e, Buffer.from('text/plain\0', 'latin1')), // PR_ATTACH_MIME_TAG
        mapiLong(0x0e21, 0), // PR_ATTACH_NUM
        mapiNamedBoolean('x-flag', true),
        mapiMultiLong(0x6800, [1, 2, 3]),
      ]),
    ),
    // Attachment 2: only MAPI properties (PR_ATTACH_DATA_BIN), the name in the OEM code page.
    tnefAttribute(2, RENDDATA, rend),
    tnefAttribute(
      2,
      ATTACHMENT,
      mapiProps([
        mapiVariable(0x001e, 0x3707, Buffer.concat([iconv.encode('截图.png', 'gbk'), Buffer.from([0])])),
        mapiVariable(0x0102, 0x3701, png), // PR_ATTACH_DATA_BIN
      ]),
    ),
  ]);
}
