/**
 * Polling: fetch a feed with a conditional GET (a 304 costs nothing), keep only the items it has
 * not offered before and the store does not already hold (guid, link and content), fetch the full
 * page of teaser-only items when the feed asks for it, then analyse and store them in one
 * transaction together with the feed's new validators and seen items.
 *
 * One boundary per feed: whatever goes wrong with one feed is recorded on that feed (last error,
 * failures in a row, backoff, unhealthy after several) and never stops the others. Nothing stored
 * before is touched by a failing poll, and the validators only move on with the items they cover.
 */
import { createHash } from 'node:crypto';
import type { ParsedArticle } from '../model.js';
import type { Log } from '../ports.js';
import type { Newsdesk } from '../newsdesk.js';
import type { HttpClient } from '../ingest/http-client.js';
import { NewsdeskError, UserError } from '../errors.js';
import { detectInput } from '../parse/detect.js';
import { parseFeed } from '../parse/feed.js';
import { extractHtml } from '../parse/html.js';
import { storeArticles } from './store-articles.js';
import type { FeedHealth, FeedRegistry, FeedStatus } from './feed-registry.js';

/** What polling needs. */
export interface PollDeps {
  registry: FeedRegistry;
  newsdesk: Newsdesk;
  client: HttpClient;
  log: Log;
}

/** Options of {@link pollFeed} and {@link pollAll}. */
export interface PollOptions {
  /** Poll time (default: the newsdesk clock). */
  now?: Date;
  /** Most new items taken from one feed in one poll (the rest wait for the next). Default 100. */
  maxNewItems?: number;
  /** Full pages fetched at once for one feed. Default 4. */
  pageConcurrency?: number;
  /**
   * Most full pages fetched for one feed in one poll (default 30); further teaser items wait for
   * the next poll, so one slow site cannot hold a pass for long.
   */
  maxPages?: number;
}

/** What one poll of one feed did. */
export interface FeedPollResult {
  feedId: number;
  url: string;
  title?: string;
  outcome: 'stored' | 'not-modified' | 'failed';
  /** New items stored. */
  stored: number;
  /** Items the store already held (same guid, link or text). */
  duplicates: number;
  /** Items without body text, not stored. */
  skipped: number;
  /** Full pages fetched for teaser-only items, and how many of those gave a fuller text. */
  pagesFetched: number;
  pagesUsed: number;
  /** Titles of the stored items. */
  titles: string[];
  error?: { code: string; message: string };
  health: FeedHealth;
  failures: number;
  nextPollAt: string;
}

/** What a pass over the feeds did. */
export interface PollReport {
  feeds: FeedPollResult[];
  stored: number;
  notModified: number;
  failed: number;
}

/** A guid that is not a URI is only unique within its feed: qualify it with the feed's URL. */
function qualifiedGuid(guid: string | undefined, feedUrl: string): string | undefined {
  if (!guid) return undefined;
  return /^[a-z][a-z0-9+.-]*:\S/i.test(guid) ? guid : `${feedUrl}#${guid}`;
}

/** The key that identifies an item within its feed: guid, else link, else a hash of its text. */
export function itemKey(item: Pick<ParsedArticle, 'guid' | 'url' | 'title' | 'blocks'>): string {
  if (item.guid) return `g:${item.guid}`;
  if (item.url) return `u:${item.url}`;
  const text = `${item.title}\n${item.blocks.map((b) => b.text).join('\n')}`;
  return `h:${createHash('sha256').update(text).digest('hex').slice(0, 32)}`;
}

function textLength(a: ParsedArticle): number {
  return a.blocks.reduce((n, b) => n + (b.kind === 'paragraph' ? b.text.length : 0), 0);
}

function needsPage(item: ParsedArticle): boolean {
  return !!item.url && /^https?:/i.test(item.url) && (item.teaser === true || !item.blocks.some((b) => b.kind === 'paragraph'));
}

/** Runs `fn` over `items` with at most `limit` at once, keeping order. */
async function mapLimit<T, R>(items: T[], limit: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return out;
}

/**
 * Replaces a teaser with the article of its page when the page has a fuller text; keeps the
 * feed's identity (link and guid, so the next poll recognises the item) and its dates.
 */
async function withFullText(deps: PollDeps, item: ParsedArticle, feedUrl: string, counts: { fetched: number; used: number }): Promise<ParsedArticle> {
  counts.fetched++;
  try {
    const res = await deps.client.fetchText(item.url!, { accept: 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.5' });
    if (!res.text || detectInput(res.text, { name: res.url, contentType: res.contentType }) !== 'html') return item;
    const page = extractHtml(res.text, { url: res.url });
    if (!page.hasArticle || textLength(page) <= textLength(item)) return item;
    counts.used++;
    const { hasArticle: _h, reason: _r, message: _m, ...article } = page;
    const merged: ParsedArticle = {
      ...article,
      title: item.title || article.title,
      url: item.url,
      source: feedUrl,
      teaser: article.teaser ?? false,
    };
    for (const k of ['guid', 'publishedAt', 'updatedAt', 'publisher', 'categories', 'language', 'image'] as const) {
      if (item[k] !== undefined) (merged as unknown as Record<string, unknown>)[k] = item[k];
    }
    return merged;
  } catch (err) {
    // The teaser is still worth keeping; the page may come back on another item.
    deps.log.debug({ feedUrl, url: item.url, code: err instanceof NewsdeskError ? err.code : undefined }, 'full page fetch failed');
    return item;
  }
}

function failureOf(err: unknown): { code: string; message: string; internal: boolean } {
  if (err instanceof UserError) return { code: err.code, message: err.message, internal: false };
  if (err instanceof NewsdeskError) return { code: err.code, message: err.message, internal: true };
  return { code: 'INTERNAL', message: `Internal error: ${(err as Error)?.message ?? String(err)}`.slice(0, 300), internal: true };
}

/** Polls one feed. Never throws: every failure is recorded on the feed and returned. */
export async function pollFeed(deps: PollDeps, feed: FeedStatus, opts: PollOptions = {}): Promise<FeedPollResult> {
  const { registry, newsdesk } = deps;
  const now = opts.now ?? newsdesk.clock.now();
  const base = { feedId: feed.id, url: feed.url, title: feed.title, stored: 0, duplicates: 0, skipped: 0, pagesFetched: 0, pagesUsed: 0, titles: [] as string[] };
  const done = (outcome: FeedPollResult['outcome'], extra: Partial<FeedPollResult> = {}): FeedPollResult => {
    const s = registry.get(feed.id) ?? feed;
    return { ...base, title: s.title ?? base.title, ...extra, outcome, health: s.health, failures: s.failures, nextPollAt: s.nextPollAt };
  };
  try {
    const res = await deps.client.fetchText(feed.url, { etag: feed.etag, lastModified: feed.lastModified });
    if (res.status === 304) {
      registry.recordNotModified(feed.id, now, { etag: res.etag, lastModified: res.lastModified });
      return done('not-modified');
    }
    const text = res.text ?? '';
    const kind = detectInput(text, { name: res.url, contentType: res.contentType });
    if (kind !== 'feed') throw new UserError('FEED_INVALID', `${feed.url} no longer answers with a feed (it sent ${kind === 'html' ? 'a web page' : 'something else'}).`);
    const parsed = parseFeed(text, { url: res.url, now, language: res.contentLanguage });

    const seenKeys: string[] = [];
    const currentKeys: string[] = [];
    // Keys met earlier in this document (feeds sometimes repeat an item).
    const handled = new Set<string>();
    const fresh: ParsedArticle[] = [];
    const maxNew = opts.maxNewItems ?? 100;
    const maxPages = opts.maxPages ?? 30;
    let pages = 0;
    let truncated = false;
    for (const raw of parsed.items) {
      const item: ParsedArticle = { ...raw, guid: qualifiedGuid(raw.guid, feed.url), source: feed.url };
      const key = itemKey(item);
      currentKeys.push(key);
      if (handled.has(key) || registry.seen(feed.id, key)) continue;
      handled.add(key);
      if (!item.title.trim()) {
        seenKeys.push(key);
        base.skipped++;
        continue;
      }
      if (newsdesk.store.findDuplicate(item) !== undefined) {
        seenKeys.push(key);
        base.duplicates++;
        continue;
      }
      const page = feed.fullText && needsPage(item);
      if (fresh.length >= maxNew || (page && pages >= maxPages)) {
        truncated = true;
        continue;
      }
      if (page) pages++;
      seenKeys.push(key);
      fresh.push(item);
    }

    const counts = { fetched: 0, used: 0 };
    const ready = feed.fullText
      ? await mapLimit(fresh, opts.pageConcurrency ?? 4, (item) => (needsPage(item) ? withFullText(deps, item, feed.url, counts) : Promise.resolve(item)))
      : fresh;
    base.pagesFetched = counts.fetched;
    base.pagesUsed = counts.used;

    const report = storeArticles(
      newsdesk.store,
      ready,
      { now, origin: feed.url, name: feed.url, kind: 'feed', illFormed: parsed.feed.illFormed },
      (r) =>
        registry.recordSuccess(feed.id, now, {
          // Items left for the next poll must not be hidden behind a 304: keep no validators then.
          etag: truncated ? undefined : res.etag,
          lastModified: truncated ? undefined : res.lastModified,
          title: parsed.feed.title,
          siteUrl: parsed.feed.link,
          illFormed: parsed.feed.illFormed,
          stored: r.stored,
          seenKeys,
          currentKeys,
        }),
    );
    base.stored = report.stored;
    base.duplicates += report.duplicates;
    base.skipped += ready.length - report.articles.length;
    base.titles = report.articles.filter((a) => a.status === 'stored').map((a) => a.title);
    if (parsed.feed.illFormed) deps.log.info({ feedUrl: feed.url }, 'feed is not well-formed; read leniently');
    return done('stored');
  } catch (err) {
    const f = failureOf(err);
    if (f.internal) deps.log.error({ feedUrl: feed.url, feedId: feed.id, err }, 'feed poll failed');
    else deps.log.warn({ feedUrl: feed.url, feedId: feed.id, code: f.code, error: f.message }, 'feed fetch failed');
    let status: FeedStatus | undefined;
    try {
      status = registry.recordFailure(feed.id, now, f);
    } catch (recordErr) {
      // The feed may have been removed meanwhile; the poll result still says what happened.
      deps.log.warn({ feedUrl: feed.url, err: recordErr }, 'feed failure not recorded');
    }
    if (status?.health === 'unhealthy' && status.failures === registry.policy.unhealthyAfter) {
      deps.log.warn({ feedUrl: feed.url, failures: status.failures, error: f.message }, 'feed is now unhealthy');
    }
    return done('failed', { error: { code: f.code, message: f.message } });
  }
}

/**
 * Polls the feeds due at `now` (their backoff respected), or every feed with `all` (a manual
 * pass). At most `concurrency` feeds at once (default 4). Never throws.
 */
export async function pollAll(deps: PollDeps, opts: PollOptions & { all?: boolean; concurrency?: number } = {}): Promise<PollReport> {
  const now = opts.now ?? deps.newsdesk.clock.now();
  const feeds = opts.all ? deps.registry.all() : deps.registry.due(now);
  const results = await mapLimit(feeds, opts.concurrency ?? 4, (f) => pollFeed(deps, f, { ...opts, now }));
  const report: PollReport = {
    feeds: results,
    stored: results.reduce((n, r) => n + r.stored, 0),
    notModified: results.filter((r) => r.outcome === 'not-modified').length,
    failed: results.filter((r) => r.outcome === 'failed').length,
  };
  if (results.length) deps.log.info({ feeds: results.length, stored: report.stored, notModified: report.notModified, failed: report.failed }, 'feeds polled');
  return report;
}
