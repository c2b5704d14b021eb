/**
 * A local feed and page server for end-to-end fetch tests: 127.0.0.1, port 0, one route per
 * situation a feed fetcher meets in the wild (each format, compression, legacy character sets,
 * huge and slow bodies, redirect loops, errors, conditional GET, an entity-expansion bomb).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';
import iconv from 'iconv-lite';

/** A request the server received. */
export interface SeenRequest {
  path: string;
  headers: IncomingMessage['headers'];
}

/** A running fixture server. */
export interface FixtureServer {
  port: number;
  /** `http://127.0.0.1:<port><path>` */
  url(path: string): string;
  /** Every request received, in order. */
  requests: SeenRequest[];
  /** Adds or replaces a route (for tests that need one more situation). */
  route(path: string, handler: (req: IncomingMessage, res: ServerResponse) => void): void;
  close(): Promise<void>;
}

export const RSS = `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Fixture RSS</title><link>http://news.test/</link>
<item><title>First RSS item</title><link>http://news.test/a/1</link><guid>rss-1</guid><pubDate>Mon, 02 Jun 2025 07:30:00 GMT</pubDate><description>One.</description></item>
<item><title>Second RSS item</title><link>http://news.test/a/2</link><guid>rss-2</guid><pubDate>Mon, 02 Jun 2025 08:30:00 GMT</pubDate><description>Two.</description></item>
</channel></rss>`;

export const ATOM = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Fixture Atom</title><id>urn:fixture</id><updated>2025-06-02T00:00:00Z</updated>
<entry><title>Atom entry</title><id>urn:fixture:1</id><link href="/atom/1"/><updated>2025-06-02T09:00:00Z</updated><summary>Atom summary.</summary></entry>
</feed>`;

export const RDF = `<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">
<channel rdf:about="http://news.test/"><title>Fixture RDF</title><link>http://news.test/</link><description>d</description></channel>
<item rdf:about="http://news.test/rdf/1"><title>RDF item</title><link>http://news.test/rdf/1</link></item>
</rdf:RDF>`;

export const JSON_FEED = JSON.stringify({
  version: 'https://jsonfeed.org/version/1.1',
  title: 'Fixture JSON',
  items: [{ id: 'j1', url: 'http://news.test/j/1', title: 'JSON item', content_text: 'Body.' }],
});

/** "Новости дня" and a sentence in Russian, for the windows-1251 page. */
export const CYRILLIC_TITLE = 'Новости дня';
export const CYRILLIC_TEXT = 'Городской совет утвердил бюджет на следующий год после долгого обсуждения.';
/** "Today's news" in Japanese, for the Shift_JIS feed. */
export const JAPANESE_TITLE = '今日のニュース';

const BOMB = `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<rss version="2.0"><channel><title>&lol9;</title><item><title>&lol9;</title></item></channel></rss>`;

/** Starts the server on 127.0.0.1 and an OS-chosen port. */
export async function startFixtureServer(): Promise<FixtureServer> {
  const requests: SeenRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const routes = new Map<string, (req: IncomingMessage, res: ServerResponse) => void>();
  let base = '';

  const send = (res: ServerResponse, type: string, body: string | Buffer, extra: Record<string, string> = {}) => {
    res.writeHead(200, { 'content-type': type, ...extra });
    res.end(body);
  };

  routes.set('/rss.xml', (_q, r) => send(r, 'application/rss+xml; charset=utf-8', RSS));
  routes.set('/atom.xml', (_q, r) => send(r, 'application/atom+xml', ATOM));
  routes.set('/rdf.xml', (_q, r) => send(r, 'application/rdf+xml', RDF));
  routes.set('/feed.json', (_q, r) => send(r, 'application/feed+json', JSON_FEED));
  routes.set('/gzip.xml', (_q, r) => send(r, 'application/rss+xml', zlib.gzipSync(RSS), { 'content-encoding': 'gzip' }));
  routes.set('/br.xml', (_q, r) => send(r, 'application/rss+xml', zlib.brotliCompressSync(RSS), { 'content-encoding': 'br' }));
  routes.set('/deflate.xml', (_q, r) => send(r, 'application/rss+xml', zlib.deflateSync(RSS), { 'content-encoding': 'deflate' }));
  routes.set('/raw-deflate.xml', (_q, r) => send(r, 'application/rss+xml', zlib.deflateRawSync(RSS), { 'content-encoding': 'deflate' }));
  routes.set('/cp1251.html', (_q, r) => {
    const html = `<!DOCTYPE html><html lang="ru"><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1251"><title>${CYRILLIC_TITLE}</title></head>
      <body><article><h1>${CYRILLIC_TITLE}</h1>${`<p>${CYRILLIC_TEXT}</p>`.repeat(8)}</article></body></html>`;
    // No charset in the header: the client must find it in the page.
    send(r, 'text/html', iconv.encode(html, 'windows-1251'));
  });
  routes.set('/sjis.xml', (_q, r) => {
    const xml = `<?xml version="1.0" encoding="Shift_JIS"?>
<rss version="2.0"><channel><title>${JAPANESE_TITLE}</title><link>http://news.test/</link>
<item><title>${JAPANESE_TITLE}：天気</title><link>http://news.test/jp/1</link><guid>jp-1</guid></item></channel></rss>`;
    send(r, 'text/xml', iconv.encode(xml, 'Shift_JIS'));
  });
  routes.set('/latin1.xml', (_q, r) => {
    const xml = `<rss version="2.0"><channel><title>Café crème à la française</title><item><title>Élection</title></item></channel></rss>`;
    send(r, 'application/rss+xml; charset=ISO-8859-1', iconv.encode(xml, 'latin1'));
  });
  routes.set('/huge', (req, res) => {
    // 50 MB, streamed in 64 KB chunks without Content-Length; stops as soon as the client goes away.
    res.writeHead(200, { 'content-type': 'application/rss+xml' });
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    let sent = 0;
    const total = 50 * 1024 * 1024;
    const pump = () => {
      while (sent < total && !res.destroyed) {
        sent += chunk.length;
        if (!res.write(chunk)) {
          res.once('drain', pump);
          return;
        }
      }
      if (!res.destroyed) res.end();
    };
    req.socket.on('close', () => res.destroy());
    pump();
  });
  let bomb: Buffer | undefined;
  routes.set('/gzip-bomb', (_q, r) => {
    // About 20 KB on the wire, 20 MB once decompressed.
    bomb ??= zlib.gzipSync(Buffer.alloc(20 * 1024 * 1024, 0x20));
    send(r, 'application/rss+xml', bomb, { 'content-encoding': 'gzip' });
  });
  routes.set('/huge-declared', (_q, res) => {
    res.writeHead(200, { 'content-type': 'application/rss+xml', 'content-length': String(50 * 1024 * 1024) });
    res.write('<rss>');
    // The client must refuse on the header alone; the rest never comes.
  });
  routes.set('/slow', (req, res) => {
    res.writeHead(200, { 'content-type': 'application/rss+xml' });
    const t = setInterval(() => {
      if (res.destroyed) return;
      res.write('<');
    }, 1000);
    timers.add(t);
    req.socket.on('close', () => {
      clearInterval(t);
      timers.delete(t);
    });
  });
  routes.set('/loop-a', (_q, r) => {
    r.writeHead(302, { location: '/loop-b' });
    r.end();
  });
  routes.set('/loop-b', (_q, r) => {
    r.writeHead(301, { location: `${base}/loop-a` });
    r.end();
  });
  for (let i = 0; i < 10; i++) {
    routes.set(`/chain/${i}`, (_q, r) => {
      r.writeHead(307, { location: `/chain/${i + 1}` });
      r.end();
    });
  }
  routes.set('/moved', (_q, r) => {
    r.writeHead(301, { location: '/rss.xml' });
    r.end();
  });
  routes.set('/to-loopback-literal', (_q, r) => {
    r.writeHead(302, { location: `${base}/rss.xml` });
    r.end();
  });
  routes.set('/to-internal-name', (req, r) => {
    const port = new URL(base).port;
    r.writeHead(302, { location: `http://internal.test:${port}/rss.xml` });
    r.end();
    void req;
  });
  routes.set('/to-metadata', (_q, r) => {
    r.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' });
    r.end();
  });
  routes.set('/500', (_q, r) => {
    r.writeHead(500, { 'content-type': 'text/plain' });
    r.end('oops');
  });
  routes.set('/etag.xml', (req, res) => {
    const etag = '"v1"';
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, { etag });
      res.end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/rss+xml', etag, 'last-modified': 'Mon, 02 Jun 2025 10:00:00 GMT' });
    res.end(RSS);
  });
  routes.set('/bomb.xml', (_q, r) => send(r, 'application/rss+xml', BOMB));
  routes.set('/ua', (req, r) => send(r, 'text/plain', String(req.headers['user-agent'] ?? '')));

  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    requests.push({ path, headers: req.headers });
    const handler = routes.get(path);
    if (!handler) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
      return;
    }
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;

  return {
    port,
    url: (path) => `${base}${path}`,
    requests,
    route: (path, handler) => routes.set(path, handler),
    close: async () => {
      for (const t of timers) clearInterval(t);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
