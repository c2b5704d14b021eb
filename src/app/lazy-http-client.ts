/**
 * An HTTP client that loads the real one (undici, the address guard) on its first fetch, so a
 * process that starts, answers lookups and never fetches does not pay for loading it.
 */
import type { HttpClient, HttpClientOptions } from '../core/ingest/http-client.js';

/** Same contract as `createHttpClient`; the client is built on the first `fetchText`. */
export function createLazyHttpClient(opts: HttpClientOptions): HttpClient {
  let client: Promise<HttpClient> | undefined;
  const get = () => (client ??= import('../core/ingest/http-client.js').then((m) => m.createHttpClient(opts)));
  return {
    fetchText: async (url, o) => (await get()).fetchText(url, o),
    async close() {
      // Never built (or failed to load, already reported by the fetch that tried): nothing to
      // close, and nothing to load just to close it.
      const built = await client?.catch(() => undefined);
      await built?.close();
    },
  };
}
