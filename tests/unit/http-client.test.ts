import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { classifyAddress } from '../../src/core/ingest/address-guard.js';
import { charsetFromContentType, decodeCharset } from '../../src/core/ingest/decode-charset.js';
import { createHostLimiter } from '../../src/core/ingest/host-limiter.js';
import { createHttpClient } from '../../src/core/ingest/http-client.js';

describe('classifyAddress', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['::1', 'loopback'],
    ['10.0.0.1', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['fc00::1', 'private'],
    ['fd12:3456::1', 'private'],
    ['169.254.1.1', 'link-local'],
    ['fe80::1', 'link-local'],
    ['224.0.0.1', 'multicast'],
    ['ff02::1', 'multicast'],
    ['0.0.0.0', 'unspecified'],
    ['::', 'unspecified'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['100.127.255.254', 'carrier-grade NAT'],
    ['169.254.169.254', 'cloud metadata'],
    ['fd00:ec2::254', 'cloud metadata'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:169.254.169.254', 'cloud metadata'],
    ['[::ffff:10.0.0.1]', 'private'],
    ['64:ff9b::a00:1', 'private'],
    ['2002:7f00:1::', 'loopback'],
    ['255.255.255.255', 'reserved'],
    ['not-an-ip', 'reserved'],
  ])('%s is %s', (ip, category) => {
    expect(classifyAddress(ip)).toBe(category);
  });

  it.each(['93.184.216.34', '8.8.8.8', '172.32.0.1', '100.128.0.1', '2606:4700::1111', '::ffff:8.8.8.8'])('%s is public', (ip) => {
    expect(classifyAddress(ip)).toBeUndefined();
  });
});

describe('decodeCharset', () => {
  it('prefers a BOM, then the header charset, then the document declaration', () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('<rss>é</rss>', 'utf16le')]);
    expect(decodeCharset(utf16, 'text/xml; charset=iso-8859-1')).toMatchObject({ text: '<rss>é</rss>', charset: 'utf-16le', source: 'bom' });
    const cp1251 = iconv.encode('<html><head><meta charset="windows-1251"></head><body>Привет</body></html>', 'windows-1251');
    expect(decodeCharset(cp1251).text).toContain('Привет');
    expect(decodeCharset(cp1251, 'text/html; charset=windows-1251').source).toBe('header');
    const sjis = iconv.encode('<?xml version="1.0" encoding="Shift_JIS"?><rss><title>日本語</title></rss>', 'Shift_JIS');
    expect(decodeCharset(sjis)).toMatchObject({ charset: 'shift_jis', source: 'document' });
    expect(decodeCharset(sjis).text).toContain('日本語');
  });

  it('reads ISO-8859-1 as windows-1252 (smart quotes survive), falls back to UTF-8 then windows-1252', () => {
    const bytes = Buffer.from([0x93, 0x68, 0x69, 0x94, 0x20, 0xe9]);
    expect(decodeCharset(bytes, 'text/plain; charset=ISO-8859-1').text).toBe('\u201chi\u201d é');
    expect(decodeCharset(Buffer.from('héllo', 'utf8')).charset).toBe('utf-8');
    expect(decodeCharset(Buffer.from([0x68, 0xe9])).text).toBe('hé');
  });

  it('ignores unknown charset labels', () => {
    expect(decodeCharset(Buffer.from('abc'), 'text/html; charset=x-bogus').charset).toBe('utf-8');
    expect(charsetFromContentType("application/xml;charset= 'us-ascii'")).toBe('us-ascii');
    expect(charsetFromContentType('text/xml; qs=0.9')).toBeUndefined();
  });
});

describe('createHostLimiter', () => {
  it('grants slots per host in arrival order and frees them on release', async () => {
    const limiter = createHostLimiter(2);
    const order: string[] = [];
    const a = await limiter.acquire('a.test');
    const b = await limiter.acquire('A.test');
    const c = limiter.acquire('a.test').then((r) => (order.push('c'), r));
    const d = limiter.acquire('a.test').then((r) => (order.push('d'), r));
    const other = await limiter.acquire('b.test');
    expect(limiter.active('a.test')).toBe(2);
    a();
    a(); // releasing twice frees one slot only
    const rc = await c;
    expect(order).toEqual(['c']);
    b();
    const rd = await d;
    expect(order).toEqual(['c', 'd']);
    rc();
    rd();
    other();
    expect(limiter.active('a.test')).toBe(0);
  });

  it('rejects a waiting caller when its signal aborts', async () => {
    const limiter = createHostLimiter(1);
    const held = await limiter.acquire('h');
    const controller = new AbortController();
    const waiting = limiter.acquire('h', controller.signal);
    controller.abort(new Error('stop'));
    await expect(waiting).rejects.toThrow('stop');
    held();
    expect(limiter.active('h')).toBe(0);
  });
});

describe('createHttpClient URL checks (no network)', () => {
  const client = createHttpClient({ allowPrivate: false });
  it.each([
    ['ftp://example.com/feed.xml', /only http and https/],
    ['javascript:alert(1)', /only http and https/],
    ['https://user:secret@example.com/feed', /user name or password/],
    ['http://[::1]/', /loopback/],
    ['http://169.254.169.254/latest/meta-data/', /cloud metadata/],
    ['http://100.64.1.1/', /carrier-grade NAT/],
    ['::not a url', /not a valid URL/],
  ])('refuses %s with URL_REFUSED', async (url, message) => {
    await expect(client.fetchText(url)).rejects.toMatchObject({ code: 'URL_REFUSED', message: expect.stringMatching(message) });
  });
});
