/**
 * The one HTTP client Newsdesk fetches feeds and pages with, built on undici 7.
 *
 * Safety: only http(s), no credentials in URLs, and (unless `allowPrivate`) no loopback,
 * private, link-local, multicast, CGNAT or cloud-metadata addresses. The address check runs
 * inside the DNS lookup hook of every connection and again on the socket's actual remote
 * address, so it holds for every redirect hop and cannot be dodged by DNS rebinding or by a
 * hostname that merely looks public. Limits: connect and total timeouts, a body cap enforced
 * while streaming (on the wire and after decompression), at most `maxRedirects` redirects with
 * loop detection, a per-host concurrency limit. Content: gzip/deflate/brotli, character set from
 * BOM, header or document ({@link decodeCharset}), conditional GET with ETag/Last-Modified.
 */
import dns from 'node:dns';
import type { LookupAddress } from 'node:dns';
import type { LookupFunction, Socket } from 'node:net';
import { Transform, Writable } from 'node:stream';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { Agent, buildConnector, request } from 'undici';
import { NewsdeskError, UserError } from '../errors.js';
import { classifyAddress, isIpLiteral, type AddressCategory } from './address-guard.js';
import { decodeCharset } from './decode-charset.js';
import { createHostLimiter } from './host-limiter.js';

/** The User-Agent Newsdesk identifies itself with. */
export const DEFAULT_USER_AGENT = 'Newsdesk/0.1 (+https://github.com/newsdesk)';

/** Options of {@link createHttpClient}. */
export interface HttpClientOptions {
  /** Allow loopback and private addresses (NEWSDESK_ALLOW_PRIVATE_URLS); false in production. */
  allowPrivate: boolean;
  userAgent?: string;
  /** Largest body accepted, in bytes, both as received and after decompression. Default 5 MB. */
  maxBytes?: number;
  /** Milliseconds to establish a connection (TCP + TLS). Default 10 000. */
  connectTimeoutMs?: number;
  /** Milliseconds for the whole fetch, redirects and body included. Default 30 000. */
  totalTimeoutMs?: number;
  /** Redirects followed before giving up. Default 5. */
  maxRedirects?: number;
  /** Concurrent requests per host. Default 2. */
  perHostConcurrency?: number;
  /** DNS lookup to use instead of the system resolver (tests map names to 127.0.0.1). */
  lookup?: LookupFunction;
  /**
   * Host names exempt from the internal-address refusal, matched exactly and case-insensitively
   * (an intranet feed server named by the operator). Redirects to other names are still checked.
   */
  allowHosts?: string[];
}

/** Per-request options of {@link HttpClient.fetchText}. */
export interface FetchTextOptions {
  /** ETag from the previous fetch, sent as If-None-Match. */
  etag?: string;
  /** Last-Modified from the previous fetch, sent as If-Modified-Since. */
  lastModified?: string;
  /** Accept header; defaults to feeds first, then HTML. */
  accept?: string;
}

/** Result of a successful fetch. */
export interface FetchTextResult {
  /** 200 for any 2xx answer; 304 when the conditional request found nothing new. */
  status: 200 | 304;
  /** Final URL after redirects. */
  url: string;
  /** Decoded body; absent on 304. */
  text?: string;
  contentType?: string;
  /** Character set the body was decoded with. */
  charset?: string;
  etag?: string;
  lastModified?: string;
  /** Content-Language header, when sent (a default language for feeds that declare none). */
  contentLanguage?: string;
  /** Body bytes received on the wire (before decompression); 0 on 304. */
  bytes: number;
}

/** What {@link createHttpClient} returns. */
export interface HttpClient {
  /**
   * Fetches `url` as text. Throws `UserError` with code URL_REFUSED, FETCH_TIMEOUT,
   * FETCH_TOO_LARGE, FETCH_REDIRECTS, FETCH_STATUS (details.status) or FETCH_FAILED.
   */
  fetchText(url: string, opts?: FetchTextOptions): Promise<FetchTextResult>;
  /** Closes idle connections. */
  close(): Promise<void>;
}

const DEFAULT_ACCEPT =
  'application/rss+xml, application/atom+xml, application/feed+json, application/rdf+xml;q=0.9, application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, text/html;q=0.8, */*;q=0.5';
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

function hostOf(url: URL | string): string {
  try {
    return typeof url === 'string' ? new URL(url).host : url.host;
  } catch {
    return String(url);
  }
}

function refusedAddress(host: string, ip: string, category: AddressCategory): UserError {
  return new UserError(
    'URL_REFUSED',
    `URL refused: ${host} resolves to ${ip}, a ${category} address. Internal addresses are not fetched unless NEWSDESK_ALLOW_PRIVATE_URLS=true.`,
    { details: { host, ip, category } },
  );
}

/** Validates a URL before any connection: scheme, credentials and literal addresses. */
function checkUrl(raw: string, allowPrivate: (host: string) => boolean): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UserError('URL_REFUSED', `URL refused: “${raw.slice(0, 200)}” is not a valid URL.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UserError('URL_REFUSED', `URL refused: only http and https URLs are fetched, not ${url.protocol.replace(/:$/, '')} (${url.host || raw.slice(0, 100)}).`);
  }
  if (url.username || url.password) {
    throw new UserError('URL_REFUSED', `URL refused: ${url.host} — URLs with a user name or password are not fetched.`);
  }
  if (!allowPrivate(url.hostname) && isIpLiteral(url.hostname)) {
    const category = classifyAddress(url.hostname);
    if (category) throw refusedAddress(url.host, url.hostname.replace(/^\[|\]$/g, ''), category);
  }
  return url;
}

/** A DNS lookup that refuses names resolving to internal addresses. */
function guardLookup(base: LookupFunction, allowPrivate: (host: string) => boolean): LookupFunction {
  const guarded = (hostname: string, options: unknown, callback?: unknown): void => {
    const cb = (typeof options === 'function' ? options : callback) as (err: Error | null, address?: string | LookupAddress[], family?: number) => void;
    const opts = (typeof options === 'function' ? {} : (options ?? {})) as dns.LookupOptions;
    base(hostname, { ...opts, all: true } as dns.LookupAllOptions, ((err: NodeJS.ErrnoException | null, addresses: string | LookupAddress[], family?: number) => {
      if (err) return cb(err);
      const list: LookupAddress[] = Array.isArray(addresses) ? addresses : [{ address: addresses, family: family ?? (addresses.includes(':') ? 6 : 4) }];
      if (list.length === 0) return cb(Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' }));
      if (!allowPrivate(hostname)) {
        for (const a of list) {
          const category = classifyAddress(a.address);
          if (category) return cb(refusedAddress(hostname, a.address, category));
        }
      }
      if (opts.all) cb(null, list);
      else cb(null, list[0].address, list[0].family);
    }) as never);
  };
  return guarded as LookupFunction;
}

/** Finds a Newsdesk error wrapped somewhere in an error's cause chain. */
function ownError(err: unknown): NewsdeskError | undefined {
  for (let e: unknown = err, i = 0; e && i < 6; e = (e as { cause?: unknown }).cause, i++) {
    if (e instanceof NewsdeskError) return e;
  }
  return undefined;
}

function errCode(err: unknown): string | undefined {
  for (let e: unknown = err, i = 0; e && i < 6; e = (e as { cause?: unknown }).cause, i++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

class TooLarge extends Error {}

function decompressor(encoding: string): Transform | undefined {
  // Truncated compressed streams are decoded as far as they go, as browsers do.
  const flush = { finishFlush: zlib.constants.Z_SYNC_FLUSH };
  switch (encoding) {
    case 'gzip':
    case 'x-gzip':
      return zlib.createGunzip(flush);
    case 'deflate':
      return adaptiveInflate();
    case 'br':
      return zlib.createBrotliDecompress({ finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH });
    default:
      return undefined;
  }
}

/**
 * HTTP "deflate" should be zlib-wrapped, but many servers send raw deflate; the first two bytes
 * tell which (a zlib header is a multiple of 31 with compression method 8).
 */
function adaptiveInflate(): Transform {
  let inner: Transform | undefined;
  const out = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      if (!inner) {
        const zlibHeader = chunk.length >= 2 && (chunk[0] & 0x0f) === 8 && ((chunk[0] << 8) | chunk[1]) % 31 === 0;
        const flush = { finishFlush: zlib.constants.Z_SYNC_FLUSH };
        inner = zlibHeader ? zlib.createInflate(flush) : zlib.createInflateRaw(flush);
        inner.on('data', (d: Buffer) => out.push(d));
        inner.on('error', (err) => out.destroy(err));
      }
      if (inner.write(chunk)) cb();
      else inner.once('drain', () => cb());
    },
    flush(cb) {
      if (!inner) return cb();
      inner.once('end', () => cb());
      inner.end();
    },
  });
  return out;
}

/** Reads a body through the decompressor, never holding more than `maxBytes`. */
async function readCapped(body: Readable, encoding: string, maxBytes: number, signal: AbortSignal): Promise<{ buffer: Buffer; wireBytes: number }> {
  let wireBytes = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      wireBytes += chunk.length;
      if (wireBytes > maxBytes) cb(new TooLarge());
      else cb(null, chunk);
    },
  });
  const chunks: Buffer[] = [];
  let kept = 0;
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      kept += chunk.length;
      if (kept > maxBytes) cb(new TooLarge());
      else {
        chunks.push(chunk);
        cb();
      }
    },
  });
  const stages: (Transform | Writable)[] = [counter];
  const inflate = decompressor(encoding);
  if (inflate) stages.push(inflate);
  stages.push(sink);
  await pipeline([body, ...stages], { signal });
  return { buffer: Buffer.concat(chunks), wireBytes };
}

/** Drops a response body we will not read, without letting its abort error go unhandled. */
function discard(body: Readable): void {
  body.on('error', () => {});
  body.destroy();
}

function header(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** Creates the HTTP client. Call `close()` when done to release connections. */
export function createHttpClient(opts: HttpClientOptions): HttpClient {
  const exempt = new Set((opts.allowHosts ?? []).map((h) => h.toLowerCase()));
  const allowPrivate = (host: string): boolean => opts.allowPrivate || exempt.has(host.toLowerCase());
  const userAgent = opts.userAgent ?? DEFAULT_USER_AGENT;
  const maxBytes = opts.maxBytes ?? 5 * 1024 * 1024;
  const connectTimeoutMs = opts.connectTimeoutMs ?? 10_000;
  const totalTimeoutMs = opts.totalTimeoutMs ?? 30_000;
  const maxRedirects = opts.maxRedirects ?? 5;
  const limiter = createHostLimiter(opts.perHostConcurrency ?? 2);
  const lookup = guardLookup(opts.lookup ?? (dns.lookup as unknown as LookupFunction), allowPrivate);

  const baseConnect = buildConnector({ timeout: connectTimeoutMs, lookup } as buildConnector.BuildOptions);
  const connect: buildConnector.connector = (options, callback) => {
    baseConnect(options, (err, socket) => {
      if (err || !socket) {
        callback(err ?? new Error('connection failed'), null);
        return;
      }
      if (!allowPrivate(options.hostname)) {
        // Second line of defence: the address actually connected to (covers IP literals, which skip DNS).
        const ip = (socket as Socket).remoteAddress;
        const category = ip ? classifyAddress(ip) : 'reserved';
        if (category) {
          socket.destroy();
          callback(refusedAddress(options.hostname, ip ?? 'an unknown address', category), null);
          return;
        }
      }
      callback(null, socket);
    });
  };
  const agent = new Agent({ connect, headersTimeout: totalTimeoutMs, bodyTimeout: totalTimeoutMs });

  async function run(startUrl: string, o: FetchTextOptions, signal: AbortSignal, at: { host: string }): Promise<FetchTextResult> {
    let url = checkUrl(startUrl, allowPrivate);
    at.host = url.host;
    const seen = new Set<string>([url.href]);
    for (let redirects = 0; ; ) {
      const headers: Record<string, string> = {
        'user-agent': userAgent,
        accept: o.accept ?? DEFAULT_ACCEPT,
        'accept-encoding': 'gzip, deflate, br',
      };
      if (o.etag) headers['if-none-match'] = o.etag;
      if (o.lastModified) headers['if-modified-since'] = o.lastModified;

      const release = await limiter.acquire(url.host, signal);
      try {
        const res = await request(url, { method: 'GET', headers, dispatcher: agent, signal });
        const status = res.statusCode;
        const h = res.headers as Record<string, string | string[] | undefined>;
        if (REDIRECTS.has(status)) {
          discard(res.body);
          const location = header(h, 'location');
          if (!location) throw new UserError('FETCH_STATUS', `${url.host} answered ${status} without saying where to go.`, { details: { status, host: url.host } });
          if (++redirects > maxRedirects) {
            throw new UserError('FETCH_REDIRECTS', `${url.host} redirected more than ${maxRedirects} times; giving up.`, { details: { host: url.host } });
          }
          const next = checkUrl(new URL(location, url).href, allowPrivate);
          if (seen.has(next.href)) {
            throw new UserError('FETCH_REDIRECTS', `${url.host} redirects in a loop (back to ${next.href.slice(0, 200)}).`, { details: { host: url.host } });
          }
          seen.add(next.href);
          url = next;
          at.host = url.host;
          continue;
        }
        if (status === 304) {
          discard(res.body);
          const result: FetchTextResult = { status: 304, url: url.href, bytes: 0 };
          const etag = header(h, 'etag') ?? o.etag;
          const lastModified = header(h, 'last-modified') ?? o.lastModified;
          if (etag) result.etag = etag;
          if (lastModified) result.lastModified = lastModified;
          return result;
        }
        if (status < 200 || status > 299) {
          discard(res.body);
          throw new UserError('FETCH_STATUS', `${url.host} answered HTTP ${status}.`, { details: { status, host: url.host, url: url.href } });
        }
        const declared = Number(header(h, 'content-length'));
        if (Number.isFinite(declared) && declared > maxBytes) {
          discard(res.body);
          throw tooLarge(url.host, maxBytes);
        }
        const encoding = (header(h, 'content-encoding') ?? '').trim().toLowerCase();
        let read: { buffer: Buffer; wireBytes: number };
        try {
          read = await readCapped(res.body, encoding, maxBytes, signal);
        } catch (err) {
          discard(res.body);
          if (err instanceof TooLarge) throw tooLarge(url.host, maxBytes);
          throw err;
        }
        const contentType = header(h, 'content-type');
        const decoded = decodeCharset(read.buffer, contentType);
        const result: FetchTextResult = { status: 200, url: url.href, text: decoded.text, charset: decoded.charset, bytes: read.wireBytes };
        if (contentType) result.contentType = contentType;
        const contentLanguage = header(h, 'content-language');
        if (contentLanguage) result.contentLanguage = contentLanguage;
        const etag = header(h, 'etag');
        const lastModified = header(h, 'last-modified');
        if (etag) result.etag = etag;
        if (lastModified) result.lastModified = lastModified;
        return result;
      } finally {
        release();
      }
    }
  }

  function tooLarge(host: string, limit: number): UserError {
    return new UserError('FETCH_TOO_LARGE', `${host} sent more than ${(limit / 1024 / 1024).toFixed(1)} MB; the download was stopped.`, { details: { host, maxBytes: limit } });
  }

  function translate(err: unknown, host: string, timedOut: boolean): NewsdeskError {
    if (timedOut) {
      return new UserError('FETCH_TIMEOUT', `Fetching from ${host} took longer than ${totalTimeoutMs / 1000} s and was stopped.`, { details: { host }, cause: err });
    }
    const own = ownError(err);
    if (own) return own;
    const code = errCode(err);
    if (code === 'UND_ERR_CONNECT_TIMEOUT') {
      return new UserError('FETCH_TIMEOUT', `Connecting to ${host} took longer than ${connectTimeoutMs / 1000} s.`, { details: { host }, cause: err });
    }
    if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
      return new UserError('FETCH_TIMEOUT', `${host} stopped answering.`, { details: { host }, cause: err });
    }
    const reasons: Record<string, string> = {
      ENOTFOUND: 'the name could not be found (DNS)',
      EAI_AGAIN: 'the name could not be resolved right now (DNS)',
      ECONNREFUSED: 'the connection was refused',
      ECONNRESET: 'the connection was reset',
      EHOSTUNREACH: 'the host is unreachable',
      ENETUNREACH: 'the network is unreachable',
      UND_ERR_SOCKET: 'the connection was closed unexpectedly',
      CERT_HAS_EXPIRED: 'its TLS certificate has expired',
      DEPTH_ZERO_SELF_SIGNED_CERT: 'its TLS certificate is self-signed',
      ERR_TLS_CERT_ALTNAME_INVALID: 'its TLS certificate is for another name',
      Z_DATA_ERROR: 'the compressed body is corrupt',
    };
    const why = (code && reasons[code]) ?? (code ? `error ${code}` : 'an unexpected error');
    return new UserError('FETCH_FAILED', `Fetching from ${host} failed: ${why}.`, { details: { host, code }, cause: err });
  }

  return {
    async fetchText(url, o = {}) {
      const controller = new AbortController();
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        controller.abort(new Error('total timeout'));
      }, totalTimeoutMs);
      const at = { host: hostOf(url) };
      try {
        return await run(url, o, controller.signal, at);
      } catch (err) {
        throw translate(err, at.host, timedOut && !(err instanceof NewsdeskError));
      } finally {
        clearTimeout(timer);
      }
    },
    async close() {
      await agent.close();
    },
  };
}
