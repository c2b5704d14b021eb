import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/core/errors.js';
import { decodeInput, DEFAULT_MAX_INPUT_BYTES } from '../../src/core/ingest/read-input.js';

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

function failure(fn: () => unknown): UserError {
  try {
    fn();
  } catch (err) {
    if (err instanceof UserError) return err;
    throw err;
  }
  throw new Error('expected a UserError');
}

describe('decodeInput', () => {
  it('given UTF-8 text, returns it unchanged', () => {
    expect(decodeInput(utf8('Kyiv — “quoted” café\nline two'))).toBe('Kyiv — “quoted” café\nline two');
  });

  it('given a byte-order mark, strips it', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('Title\nBody')]);
    expect(decodeInput(bytes)).toBe('Title\nBody');
  });

  it('given empty input or only whitespace, throws INPUT_EMPTY naming the file', () => {
    for (const bytes of [new Uint8Array(), utf8('  \n\t \r\n'), new Uint8Array([0xef, 0xbb, 0xbf])]) {
      const err = failure(() => decodeInput(bytes, { name: 'page.txt' }));
      expect(err.code).toBe('INPUT_EMPTY');
      expect(err.message).toContain('"page.txt"');
      expect(err.message).toMatch(/empty/);
      expect(err.message).toMatch(/Paste/);
    }
  });

  it('given a PNG header, throws INPUT_BINARY', () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]);
    const err = failure(() => decodeInput(png, { name: 'photo.png' }));
    expect(err.code).toBe('INPUT_BINARY');
    expect(err.message).toContain('"photo.png"');
    expect(err.message).toMatch(/plain text/);
  });

  it('given gzip bytes, throws INPUT_BINARY', () => {
    const gz = new Uint8Array([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0x4b, 0x4c, 0x4a, 0x06, 0x00]);
    expect(failure(() => decodeInput(gz)).code).toBe('INPUT_BINARY');
  });

  it('given text with many control characters but no NUL, throws INPUT_BINARY', () => {
    const bytes = new Uint8Array(200).map((_, i) => (i % 3 === 0 ? 0x01 : 0x41));
    expect(failure(() => decodeInput(bytes)).code).toBe('INPUT_BINARY');
  });

  it('given a few form feeds and tabs in text, accepts it', () => {
    expect(decodeInput(utf8('Title\f\n\tBody text here.'))).toContain('Body');
  });

  it('given Latin-1 bytes (invalid UTF-8), throws INPUT_ENCODING with the remedy', () => {
    const latin1 = new Uint8Array([...utf8('Caf'), 0xe9, ...utf8(' in Montr'), 0xe9, ...utf8('al')]);
    const err = failure(() => decodeInput(latin1, { name: 'news.txt' }));
    expect(err.code).toBe('INPUT_ENCODING');
    expect(err.message).toContain('"news.txt"');
    expect(err.message).toMatch(/UTF-8/);
  });

  it('given a 20 MB file, throws INPUT_TOO_LARGE before decoding', () => {
    const big = new Uint8Array(20 * 1024 * 1024).fill(0x41);
    // An invalid byte at the end proves the size check runs first: decoding would fail differently.
    big[big.length - 1] = 0xff;
    const err = failure(() => decodeInput(big, { name: 'dump.txt' }));
    expect(err.code).toBe('INPUT_TOO_LARGE');
    expect(err.message).toContain('"dump.txt"');
    expect(err.message).toContain('20 MB');
    expect(err.message).toContain('10 MB');
    expect(DEFAULT_MAX_INPUT_BYTES).toBe(10 * 1024 * 1024);
  });

  it('given a custom maxBytes, applies it', () => {
    expect(failure(() => decodeInput(utf8('x'.repeat(101)), { maxBytes: 100 })).code).toBe('INPUT_TOO_LARGE');
    expect(decodeInput(utf8('x'.repeat(100)), { maxBytes: 100 })).toHaveLength(100);
  });

  it('given no name, speaks of "the input"', () => {
    expect(failure(() => decodeInput(new Uint8Array())).message).toMatch(/^The input is empty/);
  });
});
