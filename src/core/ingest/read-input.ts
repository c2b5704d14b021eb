/**
 * Turns the bytes of a user-supplied file (pasted page text, a dropped file) into a string,
 * refusing input that cannot be an article with a {@link UserError} that says what to do.
 */
import { isUtf8 } from 'node:buffer';
import { UserError } from '../errors.js';

/** Default largest input accepted: 10 MB. A copied news page is a few hundred kilobytes at most. */
export const DEFAULT_MAX_INPUT_BYTES = 10 * 1024 * 1024;

/** How many leading bytes are inspected for binary content. */
const SNIFF_BYTES = 8192;

/** Share of control characters (other than tab, newline, carriage return, form feed) above which input is binary. */
const MAX_CONTROL_RATIO = 0.1;

/** Options of {@link decodeInput}. */
export interface DecodeInputOptions {
  /** Largest accepted size in bytes; default {@link DEFAULT_MAX_INPUT_BYTES}. */
  maxBytes?: number;
  /** File name or label used in error messages; default "the input". */
  name?: string;
}

/**
 * Decodes UTF-8 text input, stripping a byte-order mark.
 *
 * Checks run cheapest first, so a huge file is refused before any decoding:
 * size (`INPUT_TOO_LARGE`), binary content in the first 8 KB (`INPUT_BINARY`: NUL bytes or more
 * than 10 % control characters, e.g. a PNG or gzip file), strict UTF-8 (`INPUT_ENCODING`),
 * then emptiness (`INPUT_EMPTY`: nothing but whitespace).
 *
 * @throws UserError with one of the codes above; the message names the file and the remedy.
 */
export function decodeInput(bytes: Uint8Array, opts: DecodeInputOptions = {}): string {
  const name = opts.name ?? 'the input';
  const label = opts.name ? `"${name}"` : name;
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_INPUT_BYTES;

  if (bytes.byteLength > maxBytes) {
    throw new UserError(
      'INPUT_TOO_LARGE',
      `${capitalise(label)} is ${formatBytes(bytes.byteLength)}, more than the ${formatBytes(maxBytes)} limit. ` +
        'Copy only the article text, or split the file, and try again.',
      { details: { name, bytes: bytes.byteLength, maxBytes } },
    );
  }

  let body = bytes;
  if (body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) body = body.subarray(3);

  if (looksBinary(body)) {
    throw new UserError(
      'INPUT_BINARY',
      `${capitalise(label)} looks like a binary file (an image, archive or document), not text. ` +
        'Paste or upload the article as plain text (.txt), e.g. by selecting the page and copying it.',
      { details: { name } },
    );
  }

  // isUtf8 validates at memory speed (simdutf); the decoder after it then has nothing to reject.
  if (!isUtf8(body)) {
    throw new UserError(
      'INPUT_ENCODING',
      `${capitalise(label)} is not valid UTF-8 text. Save it as UTF-8 (most editors offer this under "Save as" or "Encoding") and try again.`,
      { details: { name } },
    );
  }
  const text = Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8');

  if (!/\S/.test(text)) {
    throw new UserError(
      'INPUT_EMPTY',
      `${capitalise(label)} is empty or holds only whitespace. Paste the text of a news article and try again.`,
      { details: { name } },
    );
  }
  return text;
}

/** NUL bytes or too many control characters in the first {@link SNIFF_BYTES} bytes. */
function looksBinary(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.byteLength, SNIFF_BYTES);
  if (n === 0) return false;
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i]!;
    if (b === 0) return true;
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) control++;
    else if (b === 0x7f) control++;
  }
  return control / n > MAX_CONTROL_RATIO;
}

function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1).replace(/\.0$/, '')} KB`;
  return `${n} bytes`;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
