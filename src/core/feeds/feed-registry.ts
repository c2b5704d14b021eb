/**
 * The feed registry: which feeds each scope follows and how each feed is doing.
 *
 * A scope is `console:local`, `discord:<guild>` or `slack:<team>` ({@link feedScope}). A feed URL
 * is stored and polled once however many scopes follow it; removing it from its last scope
 * deletes it (its stored articles stay). Each feed carries its status: last fetch, last new item,
 * items stored, last error, failures in a row, next poll, ETag/Last-Modified, ill-formed flag and
 * health. Stored in the store's SQLite database.
 */
import type { ChannelRef } from '../model.js';
import type { SqliteStore } from '../store/sqlite-store.js';
import type { Clock } from '../ports.js';
import type { FetchTextResult, HttpClient } from '../ingest/http-client.js';
import { NewsdeskError, UserError } from '../errors.js';
import { FEED_SCHEMA_SQL } from '../store/migrations-feeds.js';
import { parseOpml, toOpml } from '../ingest/opml.js';
import { detectInput } from '../parse/detect.js';
import { discoverFeeds } from './discover-feeds.js';
import { DEFAULT_BACKOFF, feedBackoff, type BackoffPolicy } from './feed-backoff.js';

/** Most feeds one scope may follow. */
export const MAX_FEEDS_PER_SCOPE = 500;

/** `healthy` after a success; `failing` after a few failures; `unhealthy` after `unhealthyAfter` in a row; `new` before the first poll. */
export type FeedHealth = 'new' | 'healthy' | 'failing' | 'unhealthy';

/** A feed with its polling status. Times are ISO instants. */
export interface FeedStatus {
  id: number;
  url: string;
  /** The feed's own title, or the title given at import. */
  title?: string;
  /** The feed's home page. */
  siteUrl?: string;
  /** Fetch the full page of teaser-only items (default true). */
  fullText: boolean;
  createdAt: string;
  lastFetchAt?: string;
  lastSuccessAt?: string;
  /** Last time a poll stored at least one new item. */
  lastNewItemAt?: string;
  itemsStored: number;
  lastError?: string;
  lastErrorCode?: string;
  /** Failures in a row (0 after any success or 304). */
  failures: number;
  nextPollAt: string;
  etag?: string;
  lastModified?: string;
  /** The last fetched document was not well-formed and was read leniently. */
  illFormed: boolean;
  health: FeedHealth;
  /** Since when the feed is unhealthy. */
  unhealthySince?: string;
  /** Scopes following the feed. */
  scopes: string[];
}

/** Result of {@link FeedRegistry.add}. */
export interface AddFeedResult {
  /** False when the scope already followed this feed. */
  added: boolean;
  feed: FeedStatus;
  /** Items in the feed when it was checked. */
  items?: number;
}

/** Result of an OPML import. */
export interface ImportReport {
  added: FeedStatus[];
  /** Feeds the scope already followed. */
  existing: FeedStatus[];
  /** Outlines skipped, with why. */
  skipped: { url: string; reason: string }[];
}

/** What a successful fetch-and-store of a feed records (see {@link FeedRegistry.recordSuccess}). */
export interface FeedSuccess {
  etag?: string;
  lastModified?: string;
  title?: string;
  siteUrl?: string;
  illFormed: boolean;
  /** Items stored by this poll. */
  stored: number;
  /** Item keys handled by this poll (stored, duplicate or without text). */
  seenKeys: string[];
  /**
   * Keys of every item in the fetched document. Seen keys older than the retention and no longer
   * in the document are forgotten (the store's guid, link and text dedup still guards them).
   */
  currentKeys?: string[];
}

/** The registry service. */
export interface FeedRegistry {
  /**
   * Checks that `url` is a feed (one fetch through the guarded client) and makes `scope` follow
   * it. Throws UserError: URL_REFUSED/FETCH_* from the client, FEED_INVALID when the URL is a
   * page or text rather than a feed (naming the feed the page links to, if any), BAD_OPTION when
   * the scope follows too many feeds. A feed the scope already follows gives `added: false`.
   * The first poll happens at the next pass (the validators are not kept, so it fetches in full).
   */
  add(scope: string, url: string, opts?: { fullText?: boolean; addedBy?: string }): Promise<AddFeedResult>;
  /** Makes `scope` follow `url` without fetching it (OPML import). Throws URL_REFUSED on a non-http(s) URL. */
  register(scope: string, url: string, opts?: { title?: string; fullText?: boolean; addedBy?: string }): AddFeedResult;
  /** Stops `scope` following feed `id`; returns the feed as it was, or undefined when the scope does not follow it. */
  remove(scope: string, id: number): FeedStatus | undefined;
  /** The scope's feeds, oldest first. */
  list(scope: string): FeedStatus[];
  get(id: number): FeedStatus | undefined;
  /** Every feed. */
  all(): FeedStatus[];
  /** Feeds whose next poll is at or before `now`, most overdue first. */
  due(now: Date, limit?: number): FeedStatus[];
  /** Registers every feed of an OPML document for `scope`. Throws INPUT_UNRECOGNISED when it is not OPML. */
  importOpml(scope: string, opml: string, addedBy?: string): ImportReport;
  /** The scope's feeds as an OPML 2.0 document. */
  exportOpml(scope: string): string;
  /** Whether feed `id` has already offered the item with this key. */
  seen(id: number, key: string): boolean;
  /**
   * Records a successful poll at `at`: validators, title, counters, seen keys, next poll. Call it
   * inside the transaction that stores the items, so the validators never move on without them.
   */
  recordSuccess(id: number, at: Date, s: FeedSuccess): void;
  /** Records a 304 at `at`: nothing changed; the feed is healthy again. */
  recordNotModified(id: number, at: Date, v: { etag?: string; lastModified?: string }): void;
  /** Records a failure at `at` and schedules the next try with backoff; returns the new status. */
  recordFailure(id: number, at: Date, err: { code: string; message: string }): FeedStatus;
  /** Fetches a document on a scope's behalf (an OPML file) through the same guarded client. */
  fetchText(url: string): Promise<FetchTextResult>;
  /** The backoff policy in force. */
  readonly policy: BackoffPolicy;
}

/** Options of {@link createFeedRegistry}. */
export interface FeedRegistryOptions {
  store: SqliteStore;
  clock: Clock;
  /** The guarded HTTP client used by {@link FeedRegistry.add}. */
  client: HttpClient;
  policy?: Partial<BackoffPolicy>;
  /** Jitter source in [0, 1) (tests pass a fixed one). */
  random?: () => number;
  /** How long a seen item key is kept after it left its feed, in ms. Default 30 days. */
  seenRetentionMs?: number;
}

/** The registry scope of a channel: `console:local`, `discord:<guild>`, `slack:<team>`. */
export function feedScope(channel: ChannelRef): string {
  return `${channel.platform}:${channel.scope}`;
}

/** A URL as typed in chat: `<https://x>` and Slack's escaped `<https://x|x>` become `https://x`. */
export function unwrapUrl(raw: string): string {
  const t = raw.trim();
  const m = /^<([^|>]+)(?:\|[^>]*)?>$/.exec(t);
  return m ? m[1].trim() : t;
}

/** The URL as stored: absolute http(s), no fragment. Throws URL_REFUSED otherwise. */
export function normaliseFeedUrl(raw: string): string {
  const trimmed = unwrapUrl(raw);
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    throw new UserError('URL_REFUSED', `“${trimmed.slice(0, 200)}” is not a URL. Give the feed's full address, e.g. https://example.com/feed.xml.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UserError('URL_REFUSED', `Only http and https feeds can be followed, not ${url.protocol.replace(/:$/, '')}.`);
  }
  url.hash = '';
  return url.href;
}

interface Row {
  id: number;
  url: string;
  title: string | null;
  site_url: string | null;
  full_text: number;
  created_at: string;
  etag: string | null;
  last_modified: string | null;
  last_fetch_at: string | null;
  last_success_at: string | null;
  last_new_item_at: string | null;
  items_stored: number;
  last_error: string | null;
  last_error_code: string | null;
  failures: number;
  next_poll_at: string;
  ill_formed: number;
  unhealthy_since: string | null;
  scopes: string | null;
  scope_title?: string | null;
}

const opt = <T>(v: T | null | undefined): T | undefined => (v === null ? undefined : v);

/** Creates the registry over the store's database. */
export function createFeedRegistry(opts: FeedRegistryOptions): FeedRegistry {
  const { store, clock, client } = opts;
  const db = store.db;
  const policy: BackoffPolicy = { ...DEFAULT_BACKOFF, ...opts.policy };
  const random = opts.random ?? Math.random;
  const seenRetentionMs = opts.seenRetentionMs ?? 30 * 86_400_000;
  // A database whose schema version was counted before the feed steps existed lacks the tables.
  db.exec(FEED_SCHEMA_SQL);

  const SELECT = `SELECT f.*, (SELECT group_concat(scope, ' ') FROM feed_scopes s WHERE s.feed_id = f.id) AS scopes FROM feeds f`;
  const q = {
    byUrl: db.prepare<[string], { id: number }>('SELECT id FROM feeds WHERE url = ?'),
    byId: db.prepare<[number], Row>(`${SELECT} WHERE f.id = ?`),
    all: db.prepare<[], Row>(`${SELECT} ORDER BY f.id`),
    due: db.prepare<[string, number], Row>(`${SELECT} WHERE f.next_poll_at <= ? ORDER BY f.next_poll_at, f.id LIMIT ?`),
    inScope: db.prepare<[string], Row>(
      `SELECT f.*, s.title AS scope_title, (SELECT group_concat(scope, ' ') FROM feed_scopes x WHERE x.feed_id = f.id) AS scopes
       FROM feed_scopes s JOIN feeds f ON f.id = s.feed_id WHERE s.scope = ? ORDER BY s.added_at, f.id`,
    ),
    oneInScope: db.prepare<[string, number], Row>(
      `SELECT f.*, s.title AS scope_title, (SELECT group_concat(scope, ' ') FROM feed_scopes x WHERE x.feed_id = f.id) AS scopes
       FROM feed_scopes s JOIN feeds f ON f.id = s.feed_id WHERE s.scope = ? AND f.id = ?`,
    ),
    countScope: db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM feed_scopes WHERE scope = ?'),
    insertFeed: db.prepare<[string, string | null, string | null, number, string, string]>(
      'INSERT INTO feeds (url, title, site_url, full_text, created_at, next_poll_at) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    insertScope: db.prepare<[number, string, string | null, string, string | null]>(
      'INSERT OR IGNORE INTO feed_scopes (feed_id, scope, title, added_at, added_by) VALUES (?, ?, ?, ?, ?)',
    ),
    setFullText: db.prepare<[number, number]>('UPDATE feeds SET full_text = ? WHERE id = ?'),
    deleteScope: db.prepare<[string, number]>('DELETE FROM feed_scopes WHERE scope = ? AND feed_id = ?'),
    scopesLeft: db.prepare<[number], { n: number }>('SELECT count(*) AS n FROM feed_scopes WHERE feed_id = ?'),
    deleteFeed: db.prepare<[number]>('DELETE FROM feeds WHERE id = ?'),
    seen: db.prepare<[number, string], { n: number }>('SELECT 1 AS n FROM feed_seen WHERE feed_id = ? AND item_key = ?'),
    forget: db.prepare<[number, string, string]>(
      'DELETE FROM feed_seen WHERE feed_id = ? AND seen_at < ? AND item_key NOT IN (SELECT value FROM json_each(?))',
    ),
    markSeen: db.prepare<[number, string, string]>('INSERT OR IGNORE INTO feed_seen (feed_id, item_key, seen_at) VALUES (?, ?, ?)'),
    success: db.prepare(
      `UPDATE feeds SET etag = ?, last_modified = ?, title = coalesce(?, title), site_url = coalesce(?, site_url), ill_formed = ?,
         last_fetch_at = ?, last_success_at = ?, last_new_item_at = CASE WHEN ? > 0 THEN ? ELSE last_new_item_at END,
         items_stored = items_stored + ?, failures = 0, last_error = NULL, last_error_code = NULL, unhealthy_since = NULL, next_poll_at = ?
       WHERE id = ?`,
    ),
    notModified: db.prepare(
      `UPDATE feeds SET etag = coalesce(?, etag), last_modified = coalesce(?, last_modified), last_fetch_at = ?, last_success_at = ?,
         failures = 0, last_error = NULL, last_error_code = NULL, unhealthy_since = NULL, next_poll_at = ? WHERE id = ?`,
    ),
    failure: db.prepare(
      `UPDATE feeds SET last_fetch_at = ?, failures = ?, last_error = ?, last_error_code = ?, next_poll_at = ?,
         unhealthy_since = CASE WHEN ? THEN coalesce(unhealthy_since, ?) ELSE NULL END WHERE id = ?`,
    ),
  };

  function toStatus(r: Row): FeedStatus {
    const unhealthy = r.failures >= policy.unhealthyAfter;
    const health: FeedHealth = unhealthy ? 'unhealthy' : r.failures > 0 ? 'failing' : r.last_success_at ? 'healthy' : 'new';
    const s: FeedStatus = {
      id: r.id,
      url: r.url,
      fullText: r.full_text === 1,
      createdAt: r.created_at,
      itemsStored: r.items_stored,
      failures: r.failures,
      nextPollAt: r.next_poll_at,
      illFormed: r.ill_formed === 1,
      health,
      scopes: r.scopes ? r.scopes.split(' ') : [],
    };
    const title = opt(r.scope_title) ?? opt(r.title);
    if (title) s.title = title;
    const fields: [keyof FeedStatus, string | null][] = [
      ['siteUrl', r.site_url],
      ['lastFetchAt', r.last_fetch_at],
      ['lastSuccessAt', r.last_success_at],
      ['lastNewItemAt', r.last_new_item_at],
      ['lastError', r.last_error],
      ['lastErrorCode', r.last_error_code],
      ['etag', r.etag],
      ['lastModified', r.last_modified],
      ['unhealthySince', r.unhealthy_since],
    ];
    for (const [k, v] of fields) if (v !== null) (s as unknown as Record<string, unknown>)[k] = v;
    return s;
  }

  function get(id: number): FeedStatus | undefined {
    const r = q.byId.get(id);
    return r ? toStatus(r) : undefined;
  }

  function mustGet(id: number): FeedStatus {
    const s = get(id);
    if (!s) throw new NewsdeskError('NOT_FOUND', `No feed #${id}.`);
    return s;
  }

  const registerTx = db.transaction(
    (scope: string, url: string, o: { scopeTitle?: string; feedTitle?: string; siteUrl?: string; fullText?: boolean; addedBy?: string }): AddFeedResult => {
      const now = clock.now().toISOString();
      let id = q.byUrl.get(url)?.id;
      const known = id !== undefined ? inScope(scope, id) : undefined;
      if (known) return { added: false, feed: known };
      if ((q.countScope.get(scope)?.n ?? 0) >= MAX_FEEDS_PER_SCOPE) {
        throw new UserError('BAD_OPTION', `This ${scopeWord(scope)} already follows ${MAX_FEEDS_PER_SCOPE} feeds, the most it can. Remove some with /feeds remove.`);
      }
      if (id === undefined) {
        id = Number(q.insertFeed.run(url, o.feedTitle ?? o.scopeTitle ?? null, o.siteUrl ?? null, o.fullText === false ? 0 : 1, now, now).lastInsertRowid);
      } else if (o.fullText !== undefined) {
        q.setFullText.run(o.fullText ? 1 : 0, id);
      }
      q.insertScope.run(id, scope, o.scopeTitle ?? null, now, o.addedBy ?? null);
      return { added: true, feed: inScope(scope, id) ?? mustGet(id) };
    },
  );

  function register(scope: string, rawUrl: string, o: { title?: string; fullText?: boolean; addedBy?: string } = {}): AddFeedResult {
    return registerTx.immediate(scope, normaliseFeedUrl(rawUrl), { scopeTitle: o.title, fullText: o.fullText, addedBy: o.addedBy });
  }

  /** The feed as `scope` sees it (with the scope's own title, if it gave one). */
  function inScope(scope: string, id: number): FeedStatus | undefined {
    const r = q.oneInScope.get(scope, id);
    return r ? toStatus(r) : undefined;
  }

  function followed(scope: string, url: string): FeedStatus | undefined {
    const id = q.byUrl.get(url)?.id;
    return id !== undefined ? inScope(scope, id) : undefined;
  }

  return {
    policy,
    async add(scope, rawUrl, o = {}) {
      const url = normaliseFeedUrl(rawUrl);
      const known = followed(scope, url);
      if (known) {
        // Adding again with another full-text setting changes the setting.
        if (o.fullText !== undefined && o.fullText !== known.fullText) q.setFullText.run(o.fullText ? 1 : 0, known.id);
        return { added: false, feed: inScope(scope, known.id) ?? known };
      }
      const res = await client.fetchText(url);
      const text = res.text ?? '';
      const kind = detectInput(text, { name: res.url, contentType: res.contentType });
      if (kind !== 'feed') throw notAFeed(url, kind, text, res.url);
      // The feed parser (fast-xml-parser, feedsmith) loads on first use, not with every command.
      const { parseFeed } = await import('../parse/feed.js');
      const parsed = parseFeed(text, { url: res.url, now: clock.now(), language: res.contentLanguage });
      // A URL that redirects to a feed the scope already follows is that feed.
      const finalKnown = res.url !== url ? followed(scope, normaliseFeedUrl(res.url)) : undefined;
      if (finalKnown) return { added: false, feed: finalKnown, items: parsed.items.length };
      const result = registerTx.immediate(scope, url, { feedTitle: parsed.feed.title, siteUrl: parsed.feed.link, fullText: o.fullText, addedBy: o.addedBy });
      return { ...result, items: parsed.items.length };
    },
    register,
    remove(scope, id) {
      return db.transaction(() => {
        const before = inScope(scope, id);
        if (!before) return undefined;
        q.deleteScope.run(scope, id);
        if ((q.scopesLeft.get(id)?.n ?? 0) === 0) q.deleteFeed.run(id);
        return before;
      }).immediate();
    },
    list: (scope) => q.inScope.all(scope).map(toStatus),
    get,
    all: () => q.all.all().map(toStatus),
    due: (now, limit = 10_000) => q.due.all(now.toISOString(), limit).map(toStatus),
    importOpml(scope, opml, addedBy) {
      const entries = parseOpml(opml);
      const report: ImportReport = { added: [], existing: [], skipped: [] };
      for (const e of entries) {
        try {
          const r = register(scope, e.url, { title: e.title, addedBy });
          (r.added ? report.added : report.existing).push(r.feed);
        } catch (err) {
          if (!(err instanceof UserError)) throw err;
          report.skipped.push({ url: e.url, reason: err.message });
        }
      }
      return report;
    },
    exportOpml(scope) {
      const feeds = q.inScope.all(scope).map(toStatus);
      return toOpml(feeds.map((f) => (f.title ? { title: f.title, url: f.url } : { url: f.url })), `Newsdesk feeds (${scope})`);
    },
    seen: (id, key) => !!q.seen.get(id, key),
    recordSuccess(id, at, s) {
      const iso = at.toISOString();
      const next = new Date(at.getTime() + policy.refreshMs).toISOString();
      q.success.run(s.etag ?? null, s.lastModified ?? null, s.title ?? null, s.siteUrl ?? null, s.illFormed ? 1 : 0, iso, iso, s.stored, iso, s.stored, next, id);
      for (const key of s.seenKeys) q.markSeen.run(id, key, iso);
      if (s.currentKeys) q.forget.run(id, new Date(at.getTime() - seenRetentionMs).toISOString(), JSON.stringify(s.currentKeys));
    },
    recordNotModified(id, at, v) {
      const iso = at.toISOString();
      q.notModified.run(v.etag ?? null, v.lastModified ?? null, iso, iso, new Date(at.getTime() + policy.refreshMs).toISOString(), id);
    },
    recordFailure(id, at, err) {
      const before = mustGet(id);
      const failures = before.failures + 1;
      const next = new Date(at.getTime() + feedBackoff(failures, policy, random)).toISOString();
      const iso = at.toISOString();
      q.failure.run(iso, failures, err.message.slice(0, 500), err.code, next, failures >= policy.unhealthyAfter ? 1 : 0, iso, id);
      return mustGet(id);
    },
    fetchText: (url) => client.fetchText(url, { accept: 'text/x-opml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5' }),
  };
}

function scopeWord(scope: string): string {
  return scope.startsWith('slack:') ? 'workspace' : scope.startsWith('discord:') ? 'server' : 'terminal';
}

/** The error for a URL that answered with something other than a feed. */
function notAFeed(url: string, kind: 'html' | 'text', text: string, finalUrl: string): UserError {
  if (kind === 'html') {
    const links = discoverFeeds(text, finalUrl);
    if (links.length) {
      const list = links.slice(0, 3).map((l) => `${l.url}${l.title ? ` (${l.title})` : ''}`).join(', ');
      return new UserError('FEED_INVALID', `${url} is a web page, not a feed. It links to ${links.length === 1 ? 'a feed' : 'feeds'}: ${list}. Add it with /feeds add ${links[0].url}`, {
        details: { suggestions: links.map((l) => l.url) },
      });
    }
    return new UserError('FEED_INVALID', `${url} is a web page, not a feed, and it links to no feed. To store this one page, paste it to ingest instead.`);
  }
  return new UserError('FEED_INVALID', `${url} is not an RSS, Atom, RDF or JSON feed.`);
}
