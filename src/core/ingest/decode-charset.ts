/**
 * Bytes → text for fetched pages and feeds, with the character set found the way browsers and
 * feed readers find it: byte-order mark, then the HTTP `charset`, then the document's own
 * declaration (`<?xml encoding?>`, `<meta charset>`, `<meta http-equiv="Content-Type">`), then
 * UTF-16 sniffing, then UTF-8 if the bytes are valid UTF-8, else windows-1252.
 * Decoding uses iconv-lite, so legacy sets (windows-1251, Shift_JIS, EUC-KR, GB18030 …) work.
 */
import iconv from 'iconv-lite';

/** Result of {@link decodeCharset}. */
export interface DecodedText {
  text: string;
  /** Lower-case name of the character set used, e.g. "utf-8", "windows-1251", "shift_jis". */
  charset: string;
  /** Where the character set came from. */
  source: 'bom' | 'header' | 'document' | 'sniffed' | 'default';
}

/** Labels that mean something else in practice (WHATWG Encoding Standard). */
const ALIASES: Record<string, string> = {
  'iso-8859-1': 'windows-1252',
  'iso8859-1': 'windows-1252',
  latin1: 'windows-1252',
  'us-ascii': 'windows-1252',
  ascii: 'windows-1252',
  gb2312: 'gb18030',
  gbk: 'gb18030',
  'x-sjis': 'shift_jis',
  sjis: 'shift_jis',
  'ks_c_5601-1987': 'euc-kr',
  'utf8': 'utf-8',
  'unicode': 'utf-16le',
};

/** Extracts the charset parameter of a Content-Type header value. */
export function charsetFromContentType(contentType: string | undefined): string | undefined {
  if (!contentType) return undefined;
  const m = /;\s*charset\s*=\s*["']?([^"';,\s]+)/i.exec(contentType);
  return m ? m[1].toLowerCase() : undefined;
}

function usable(label: string | undefined): string | undefined {
  if (!label) return undefined;
  const l = label.trim().toLowerCase();
  const name = ALIASES[l] ?? l;
  return iconv.encodingExists(name) ? name : undefined;
}

function bomOf(bytes: Uint8Array): { charset: string; length: number } | undefined {
  const [a, b, c, d] = bytes;
  if (a === 0xef && b === 0xbb && c === 0xbf) return { charset: 'utf-8', length: 3 };
  if (a === 0xff && b === 0xfe && c === 0 && d === 0) return { charset: 'utf-32le', length: 4 };
  if (a === 0 && b === 0 && c === 0xfe && d === 0xff) return { charset: 'utf-32be', length: 4 };
  if (a === 0xff && b === 0xfe) return { charset: 'utf-16le', length: 2 };
  if (a === 0xfe && b === 0xff) return { charset: 'utf-16be', length: 2 };
  return undefined;
}

/** Looks for a declared charset in the first bytes of the document (read as ASCII). */
export function declaredCharset(head: string): string | undefined {
  const xml = /^\s*<\?xml[^>]*\bencoding\s*=\s*["']([^"']+)["']/i.exec(head);
  if (xml) return xml[1].toLowerCase();
  const meta = /<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)/i.exec(head);
  if (meta) return meta[1].toLowerCase();
  return undefined;
}

function isValidUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/**
 * Decodes `bytes` to text. `contentType` is the HTTP Content-Type header when known.
 * The BOM, if any, is removed from the text. Never throws: unknown labels fall through to the
 * next source.
 */
export function decodeCharset(bytes: Uint8Array, contentType?: string): DecodedText {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const bom = bomOf(buf);
  if (bom && iconv.encodingExists(bom.charset)) {
    return { text: iconv.decode(buf.subarray(bom.length), bom.charset, { stripBOM: true }), charset: bom.charset, source: 'bom' };
  }
  const header = usable(charsetFromContentType(contentType));
  if (header) return { text: iconv.decode(buf, header), charset: header, source: 'header' };

  // UTF-16 without BOM: "<?" encoded as 00 3C 00 3F or 3C 00 3F 00.
  if (buf.length >= 4) {
    if (buf[0] === 0 && buf[1] === 0x3c && buf[2] === 0 && buf[3] === 0x3f) return { text: iconv.decode(buf, 'utf-16be'), charset: 'utf-16be', source: 'sniffed' };
    if (buf[0] === 0x3c && buf[1] === 0 && buf[2] === 0x3f && buf[3] === 0) return { text: iconv.decode(buf, 'utf-16le'), charset: 'utf-16le', source: 'sniffed' };
  }
  const head = buf.subarray(0, 4096).toString('latin1');
  const declared = usable(declaredCharset(head));
  // A document that declares UTF-16 but was not sniffed as such is really ASCII-compatible.
  if (declared && !declared.startsWith('utf-16') && !declared.startsWith('utf-32')) {
    return { text: iconv.decode(buf, declared), charset: declared, source: 'document' };
  }
  if (isValidUtf8(buf)) return { text: buf.toString('utf8'), charset: 'utf-8', source: 'default' };
  return { text: iconv.decode(buf, 'windows-1252'), charset: 'windows-1252', source: 'sniffed' };
}
