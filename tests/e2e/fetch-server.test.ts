import type { ServerResponse } from 'node:http';
import type { LookupFunction } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createHttpClient, DEFAULT_USER_AGENT, type HttpClient } from '../../src/core/ingest/http-client.js';
import { detectInput } from '../../src/core/parse/detect.js';
import { parseFeed } from '../../src/core/parse/feed.js';
import { extractHtml } from '../../src/core/parse/html.js';
import type { ParsedArticle } from '../../src/core/model.js';
import { CYRILLIC_TEXT, CYRILLIC_TITLE, JAPANESE_TITLE, startFixtureServer, type FixtureServer } from '../support/http-fixture-server.js';

/** Maps test host names to 127.0.0.1, in both callback shapes Node uses. */
function fakeDns(names: Record<string, string>): LookupFunction {
  return ((hostname: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    const ip = names[hostname];
    if (!ip) {
      callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }));
      return;
    }
    if (options?.all) callback(null, [{ address: ip, family: ip.includes(':') ? 6 : 4 }]);
    else callback(null, ip, ip.includes(':') ? 6 : 4);
  }) as unknown as LookupFunction;
}

async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
  } catch (err) {
    return (err as { code?: string }).code;
  }
  return undefined;
}

/** Fetch → recognise → parse, as the ingest path does. */
async function ingest(client: HttpClient, url: string): Promise<ParsedArticle[]> {
  const res = await client.fetchText(url);
  const text = res.text ?? '';
  const kind = detectInput(text, { name: res.url, contentType: res.contentType });
  if (kind === 'feed') return parseFeed(text, { url: res.url }).items;
  if (kind === 'html') return [extractHtml(text, { url: res.url })];
  throw new Error(`unexpected kind ${kind}`);
}

describe('fetching from a local feed server', () => {
  let server: FixtureServer;
  let open: HttpClient;

  beforeAll(async () => {
    server = await startFixtureServer();
    open = createHttpClient({ allowPrivate: true, totalTimeoutMs: 5000, connectTimeoutMs: 2000 });
  });
  afterAll(async () => {
    await open.close();
    await server.close();
  });

  it('parses each feed format into items', async () => {
    expect((await ingest(open, server.url('/rss.xml'))).map((i) => i.guid)).toEqual(['rss-1', 'rss-2']);
    const atom = await ingest(open, server.url('/atom.xml'));
    expect(atom[0]).toMatchObject({ title: 'Atom entry', url: server.url('/atom/1'), guid: 'urn:fixture:1' });
    expect((await ingest(open, server.url('/rdf.xml')))[0].url).toBe('http://news.test/rdf/1');
    expect((await ingest(open, server.url('/feed.json')))[0].title).toBe('JSON item');
  });

  it('decompresses gzip, brotli, deflate and raw deflate bodies and reports wire bytes', async () => {
    for (const path of ['/gzip.xml', '/br.xml', '/deflate.xml', '/raw-deflate.xml']) {
      const res = await open.fetchText(server.url(path));
      expect(res.status).toBe(200);
      expect(res.bytes).toBeGreaterThan(0);
      expect(res.bytes).toBeLessThan((res.text ?? '').length);
      expect(parseFeed(res.text ?? '', {}).items).toHaveLength(2);
    }
    expect(server.requests.find((r) => r.path === '/gzip.xml')?.headers['accept-encoding']).toBe('gzip, deflate, br');
  });

  it('decodes a windows-1251 page declared only in <meta>, a Shift_JIS feed declared only in <?xml?>, and ISO-8859-1 from the header', async () => {
    const page = await open.fetchText(server.url('/cp1251.html'));
    expect(page.charset).toBe('windows-1251');
    const [article] = await ingest(open, server.url('/cp1251.html'));
    expect(article.title).toBe(CYRILLIC_TITLE);
    expect(article.blocks[0].text).toBe(CYRILLIC_TEXT);

    const sjis = await open.fetchText(server.url('/sjis.xml'));
    expect(sjis.charset).toBe('shift_jis');
    const feed = parseFeed(sjis.text ?? '', {});
    expect(feed.feed.title).toBe(JAPANESE_TITLE);
    expect(feed.items[0].title).toBe(`${JAPANESE_TITLE}：天気`);

    const latin = parseFeed((await open.fetchText(server.url('/latin1.xml'))).text ?? '', {});
    expect(latin.feed.title).toBe('Café crème à la française');
    expect(latin.items[0].title).toBe('Élection');
  });

  it('sends a real User-Agent', async () => {
    expect((await open.fetchText(server.url('/ua'))).text).toBe(DEFAULT_USER_AGENT);
  });

  it('stops a 50 MB body at the 5 MB cap while streaming, refuses a declared 50 MB body at once, and stops a gzip bomb', async () => {
    expect(await codeOf(open.fetchText(server.url('/huge')))).toBe('FETCH_TOO_LARGE');
    expect(await codeOf(open.fetchText(server.url('/huge-declared')))).toBe('FETCH_TOO_LARGE');
    // A compression bomb is stopped by the cap on decompressed bytes.
    expect(await codeOf(open.fetchText(server.url('/gzip-bomb')))).toBe('FETCH_TOO_LARGE');
  });

  it('ends a one-byte-per-second body at the total timeout', async () => {
    const quick = createHttpClient({ allowPrivate: true, totalTimeoutMs: 1500 });
    let err: unknown;
    try {
      await quick.fetchText(server.url('/slow'));
    } catch (e) {
      err = e;
    }
    await quick.close();
    expect((err as { code?: string }).code).toBe('FETCH_TIMEOUT');
    // The whole-request limit stopped it (not the connect or the idle limit).
    expect((err as Error).message).toBe(`Fetching from 127.0.0.1:${server.port} took longer than 1.5 s and was stopped.`);
  });

  it('detects a redirect loop and a chain longer than 5 redirects, and follows a single redirect to the final URL', async () => {
    expect(await codeOf(open.fetchText(server.url('/loop-a')))).toBe('FETCH_REDIRECTS');
    expect(await codeOf(open.fetchText(server.url('/chain/0')))).toBe('FETCH_REDIRECTS');
    const chainSeen = server.requests.filter((r) => r.path.startsWith('/chain/')).length;
    expect(chainSeen).toBe(6);
    const moved = await open.fetchText(server.url('/moved'));
    expect(moved.url).toBe(server.url('/rss.xml'));
  });

  it('turns 404 and 500 into FETCH_STATUS with the status', async () => {
    for (const [path, status] of [['/missing', 404], ['/500', 500]] as const) {
      let err: { code?: string; details?: { status?: number } } | undefined;
      try {
        await open.fetchText(server.url(path));
      } catch (e) {
        err = e as typeof err;
      }
      expect(err?.code).toBe('FETCH_STATUS');
      expect(err?.details?.status).toBe(status);
    }
  });

  it('answers 304 to a conditional GET after an ETag, at no body cost', async () => {
    const first = await open.fetchText(server.url('/etag.xml'));
    expect(first).toMatchObject({ status: 200, etag: '"v1"', lastModified: 'Mon, 02 Jun 2025 10:00:00 GMT' });
    const second = await open.fetchText(server.url('/etag.xml'), { etag: first.etag, lastModified: first.lastModified });
    expect(second).toEqual({ status: 304, url: server.url('/etag.xml'), bytes: 0, etag: '"v1"', lastModified: 'Mon, 02 Jun 2025 10:00:00 GMT' });
    const sent = server.requests.filter((r) => r.path === '/etag.xml').at(-1)?.headers;
    expect(sent?.['if-none-match']).toBe('"v1"');
    expect(sent?.['if-modified-since']).toBe('Mon, 02 Jun 2025 10:00:00 GMT');
  });

  it('fetches an XML entity-expansion bomb and refuses it with FEED_INVALID without expanding it', async () => {
    const res = await open.fetchText(server.url('/bomb.xml'));
    expect(() => parseFeed(res.text ?? '', { url: res.url })).toThrow(expect.objectContaining({ code: 'FEED_INVALID' }));
  });

  it('refuses non-http schemes, credentials and invalid URLs before connecting', async () => {
    expect(await codeOf(open.fetchText('ftp://example.com/feed'))).toBe('URL_REFUSED');
    expect(await codeOf(open.fetchText('file:///etc/passwd'))).toBe('URL_REFUSED');
    expect(await codeOf(open.fetchText(`http://user:pw@127.0.0.1:${server.port}/rss.xml`))).toBe('URL_REFUSED');
    expect(await codeOf(open.fetchText('not a url'))).toBe('URL_REFUSED');
  });

  it('runs at most perHostConcurrency requests to one host at a time', async () => {
    const held: ServerResponse[] = [];
    let active = 0;
    let peak = 0;
    server.route('/hold', (_req, res) => {
      active++;
      peak = Math.max(peak, active);
      res.on('close', () => active--);
      held.push(res);
    });
    const limited = createHttpClient({ allowPrivate: true, perHostConcurrency: 2, totalTimeoutMs: 5000 });
    const all = Promise.all([1, 2, 3, 4].map((n) => limited.fetchText(server.url(`/hold?n=${n}`))));
    const releaseAll = async () => {
      let released = 0;
      while (released < 4) {
        await vi.waitFor(() => expect(held.length).toBeGreaterThan(released), { timeout: 3000, interval: 5 });
        const res = held[released++];
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end('ok');
      }
    };
    await Promise.all([all, releaseAll()]);
    await limited.close();
    expect(peak).toBe(2);
  });
});

describe('internal addresses refused unless allowed', () => {
  let server: FixtureServer;

  beforeAll(async () => {
    server = await startFixtureServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it('refuses a public-looking name that resolves to 127.0.0.1, checking the resolved address', async () => {
    const client = createHttpClient({ allowPrivate: false, lookup: fakeDns({ 'news.test': '127.0.0.1' }) });
    let err: Error | undefined;
    try {
      await client.fetchText(`http://news.test:${server.port}/rss.xml`);
    } catch (e) {
      err = e as Error;
    }
    await client.close();
    expect((err as { code?: string }).code).toBe('URL_REFUSED');
    expect(err?.message).toContain('news.test');
    expect(err?.message).toContain('127.0.0.1');
    expect(err?.message).toContain('loopback');
    expect(server.requests).toHaveLength(0);
  });

  it('refuses IP literals of loopback, metadata and IPv4-mapped IPv6 before connecting', async () => {
    const client = createHttpClient({ allowPrivate: false });
    for (const url of [`http://127.0.0.1:${server.port}/rss.xml`, 'http://169.254.169.254/latest/', 'http://[::ffff:127.0.0.1]/', 'http://[fd00:ec2::254]/', 'http://10.1.2.3/']) {
      expect(await codeOf(client.fetchText(url)), url).toBe('URL_REFUSED');
    }
    await client.close();
    expect(server.requests).toHaveLength(0);
  });

  it('checks every redirect hop: a reachable allowed host redirecting to 127.0.0.1, to a name resolving to it, or to cloud metadata is refused', async () => {
    // news.test is the operator-exempted host; internal.test is an ordinary name that resolves to loopback.
    const client = createHttpClient({
      allowPrivate: false,
      allowHosts: ['news.test'],
      lookup: fakeDns({ 'news.test': '127.0.0.1', 'internal.test': '127.0.0.1' }),
    });
    const ok = await client.fetchText(`http://news.test:${server.port}/rss.xml`);
    expect(parseFeed(ok.text ?? '', {}).items).toHaveLength(2);
    for (const path of ['/to-loopback-literal', '/to-internal-name', '/to-metadata']) {
      let err: Error | undefined;
      try {
        await client.fetchText(`http://news.test:${server.port}${path}`);
      } catch (e) {
        err = e as Error;
      }
      expect((err as { code?: string }).code, path).toBe('URL_REFUSED');
    }
    await client.close();
    // The redirect targets were never requested: only the allowed host's own paths reached the server.
    expect(server.requests.map((r) => r.path)).toEqual(['/rss.xml', '/to-loopback-literal', '/to-internal-name', '/to-metadata']);
  });

  it('fetches the same server when private addresses are allowed', async () => {
    const client = createHttpClient({ allowPrivate: true, lookup: fakeDns({ 'news.test': '127.0.0.1' }) });
    const res = await client.fetchText(`http://news.test:${server.port}/to-internal-name`).catch((e: { code?: string }) => e);
    await client.close();
    // internal.test is unknown to this resolver: a DNS failure, not a refusal.
    expect((res as { code?: string }).code).toBe('FETCH_FAILED');
  });
});
