import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLazyHttpClient } from '../../src/app/lazy-http-client.js';

describe('lazy HTTP client', () => {
  let server: Server;
  let base: string;
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/etag') {
        res.writeHead(req.headers['if-none-match'] === '"v1"' ? 304 : 200, { etag: '"v1"', 'content-type': 'text/plain' });
        return res.end(req.headers['if-none-match'] ? undefined : 'versioned');
      }
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('hello from the fixture');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('given a first fetch, loads the real client and answers like it, options included', async () => {
    const client = createLazyHttpClient({ allowPrivate: true });
    const r = await client.fetchText(`${base}/page`);
    expect(r).toMatchObject({ status: 200, text: 'hello from the fixture' });
    expect((await client.fetchText(`${base}/etag`, { etag: '"v1"' })).status).toBe(304);
    await client.close();
  });

  it('given the real client refuses private addresses, so does the lazy one', async () => {
    const client = createLazyHttpClient({ allowPrivate: false });
    await expect(client.fetchText(`${base}/page`)).rejects.toMatchObject({ code: 'URL_REFUSED' });
    await client.close();
  });

  it('given no fetch at all, closes without building anything', async () => {
    await expect(createLazyHttpClient({ allowPrivate: false }).close()).resolves.toBeUndefined();
  });
});
