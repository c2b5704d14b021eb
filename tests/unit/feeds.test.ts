import { describe, expect, it } from 'vitest';
import { createSqliteStore } from '../../src/core/store/sqlite-store.js';
import { createNewsdesk } from '../../src/core/newsdesk.js';
import { silentLog, type Clock } from '../../src/core/ports.js';
import type { FetchTextOptions, FetchTextResult, HttpClient } from '../../src/core/ingest/http-client.js';
import { UserError } from '../../src/core/errors.js';
import { createFeedRegistry, feedScope, normaliseFeedUrl } from '../../src/core/feeds/feed-registry.js';
import { DEFAULT_BACKOFF, feedBackoff } from '../../src/core/feeds/feed-backoff.js';
import { discoverFeeds } from '../../src/core/feeds/discover-feeds.js';
import { itemKey, pollAll } from '../../src/core/feeds/poll-feed.js';
import { describeFeed, relativeTime } from '../../commands/feeds.js';
import { ingestDocument } from '../../src/core/ingest/ingest-document.js';
import { articleParagraphs, fullTextRss } from '../e2e/poll-fixtures.js';

const MIN = 60_000;

/** An HttpClient answering from a table; records every request. */
function fakeClient(routes: Record<string, string | Error | (() => string | Error)>) {
  const calls: { url: string; opts: FetchTextOptions }[] = [];
  const client: HttpClient = {
    async fetchText(url, opts = {}) {
      calls.push({ url, opts });
      const r = routes[url];
      const v = typeof r === 'function' ? r() : r;
      if (v === undefined) throw new UserError('FETCH_STATUS', `${new URL(url).host} answered HTTP 404.`, { details: { status: 404 } });
      if (v instanceof Error) throw v;
      const res: FetchTextResult = { status: 200, url, text: v, bytes: v.length };
      return res;
    },
    async close() {},
  };
  return { client, calls };
}

function setup(routes: Record<string, string | Error | (() => string | Error)> = {}) {
  let t = Date.parse('2025-07-01T12:00:00Z');
  const clock: Clock & { advance(ms: number): void } = { now: () => new Date(t), advance: (ms) => void (t += ms) };
  const store = createSqliteStore(':memory:');
  const newsdesk = createNewsdesk({ store, clock, log: silentLog });
  const fake = fakeClient(routes);
  const registry = createFeedRegistry({ store, clock, client: fake.client, random: () => 0.5 });
  return { clock, store, newsdesk, registry, ...fake, deps: { registry, newsdesk, client: fake.client, log: silentLog } };
}

describe('feed backoff', () => {
  it('given failures in a row, the delay doubles from 5 min, is jittered between half and all of it, and is capped at 24 h', () => {
    expect([1, 2, 3, 4].map((n) => feedBackoff(n, DEFAULT_BACKOFF, () => 0.999999))).toEqual([5, 10, 20, 40].map((m) => Math.round(m * MIN - 0.000001 * m * MIN / 2)));
    expect([1, 2, 3].map((n) => feedBackoff(n, DEFAULT_BACKOFF, () => 0))).toEqual([2.5 * MIN, 5 * MIN, 10 * MIN]);
    expect(feedBackoff(30, DEFAULT_BACKOFF, () => 0.5)).toBe(0.75 * 24 * 60 * MIN);
    expect(feedBackoff(1000, DEFAULT_BACKOFF, () => 1)).toBe(24 * 60 * MIN);
    const spread = new Set(Array.from({ length: 50 }, (_, i) => feedBackoff(3, DEFAULT_BACKOFF, () => i / 50)));
    expect(spread.size).toBe(50);
  });
});

describe('feed discovery', () => {
  it('given a page head with alternate links, lists RSS, Atom and JSON feeds resolved against the page, once each, http(s) only', () => {
    const html = `<html><head>
      <link rel="stylesheet" href="/s.css">
      <link rel="alternate" type="application/rss+xml" title="All news" href="/feed.xml">
      <link rel="alternate" type="application/atom+xml" href="https://other.test/atom">
      <link rel="alternate" type="application/feed+json" href="feed.json">
      <link rel="alternate" type="application/rss+xml" href="/feed.xml">
      <link rel="alternate" type="application/rss+xml" href="javascript:alert(1)">
      <link rel="alternate" hreflang="fr" href="/fr/">
    </head><body></body></html>`;
    expect(discoverFeeds(html, 'https://news.test/section/page.html')).toEqual([
      { url: 'https://news.test/feed.xml', title: 'All news', type: 'application/rss+xml' },
      { url: 'https://other.test/atom', type: 'application/atom+xml' },
      { url: 'https://news.test/section/feed.json', type: 'application/feed+json' },
    ]);
    expect(discoverFeeds('<html><body>no feeds</body></html>')).toEqual([]);
  });
});

describe('feed registry', () => {
  const FEED = 'https://news.test/feed.xml';

  it('given two scopes following one URL, the feed is stored once, each scope lists it, and it is deleted only with its last scope', async () => {
    const { registry, calls } = setup({ [FEED]: fullTextRss('https://news.test', [0]) });
    const a = await registry.add('discord:G1', FEED);
    expect(a).toMatchObject({ added: true, items: 1, feed: { id: 1, title: 'Fixture News', siteUrl: 'https://news.test/', health: 'new', fullText: true } });
    const again = await registry.add('discord:G1', `${FEED}#top`);
    expect(again).toMatchObject({ added: false, feed: { id: 1 } });
    expect(calls).toHaveLength(1);
    const b = await registry.add('slack:T1', FEED);
    expect(b).toMatchObject({ added: true, feed: { id: 1, scopes: ['discord:G1', 'slack:T1'] } });
    expect(registry.list('console:local')).toEqual([]);
    expect(registry.remove('console:local', 1)).toBeUndefined();
    expect(registry.remove('discord:G1', 1)?.id).toBe(1);
    expect(registry.get(1)?.scopes).toEqual(['slack:T1']);
    registry.remove('slack:T1', 1);
    expect(registry.get(1)).toBeUndefined();
  });

  it('given a URL that is not a feed, add refuses it with FEED_INVALID; a bad scheme is refused before any fetch', async () => {
    const { registry, calls } = setup({ 'https://news.test/text': 'Just some words, nothing else.' });
    await expect(registry.add('console:local', 'https://news.test/text')).rejects.toMatchObject({ code: 'FEED_INVALID' });
    await expect(registry.add('console:local', 'file:///etc/passwd')).rejects.toMatchObject({ code: 'URL_REFUSED' });
    await expect(registry.add('console:local', 'not a url')).rejects.toMatchObject({ code: 'URL_REFUSED' });
    expect(calls).toHaveLength(1);
    expect(registry.all()).toEqual([]);
  });

  it('given failures, health goes new → failing → unhealthy after 5 in a row with the last error kept; a 304 or success makes it healthy', () => {
    const { registry, clock } = setup();
    const { feed } = registry.register('console:local', FEED);
    expect(feed.health).toBe('new');
    let s = feed;
    for (let i = 1; i <= 6; i++) {
      s = registry.recordFailure(feed.id, clock.now(), { code: 'FETCH_STATUS', message: `news.test answered HTTP 50${i}.` });
      if (i === 5) expect(s.unhealthySince).toBe(clock.now().toISOString());
      clock.advance(MIN);
    }
    expect(s).toMatchObject({ health: 'unhealthy', failures: 6, lastError: 'news.test answered HTTP 506.', lastErrorCode: 'FETCH_STATUS', unhealthySince: '2025-07-01T12:04:00.000Z' });
    // Still scheduled, never dropped: the capped delay with jitter 0.5 is 0.75 × 160 min.
    expect(Date.parse(s.nextPollAt) - Date.parse('2025-07-01T12:05:00Z')).toBe(120 * MIN);
    expect(registry.due(new Date(Date.parse(s.nextPollAt)))).toHaveLength(1);
    registry.recordNotModified(feed.id, clock.now(), { etag: '"x"' });
    expect(registry.get(feed.id)).toMatchObject({ health: 'healthy', failures: 0, etag: '"x"' });
    expect(registry.get(feed.id)?.lastError).toBeUndefined();
  });

  it('given an OPML import, titles and nested outlines are kept, bad URLs skipped, and the export reads back the same feeds', () => {
    const { registry } = setup();
    const opml = `<opml version="1.0"><body><outline text="News">
      <outline text="One" xmlUrl="https://a.test/rss"/><outline title="Two" xmlUrl="https://b.test/atom"/></outline>
      <outline text="Mail" xmlUrl="mailto:x@y.test"/></body></opml>`;
    const r = registry.importOpml('slack:T1', opml, 'U1');
    expect(r.added.map((f) => [f.title, f.url])).toEqual([
      ['One', 'https://a.test/rss'],
      ['Two', 'https://b.test/atom'],
    ]);
    expect(registry.importOpml('slack:T1', opml).existing).toHaveLength(2);
    const round = setup().registry;
    round.importOpml('console:local', registry.exportOpml('slack:T1'));
    expect(round.list('console:local').map((f) => [f.title, f.url])).toEqual([
      ['One', 'https://a.test/rss'],
      ['Two', 'https://b.test/atom'],
    ]);
    expect(() => registry.importOpml('slack:T1', '<rss></rss>')).toThrow(/not OPML/);
  });

  it('given a title a scope gave at import, it stays that scope\'s name after polls; other views show the feed\'s own title', () => {
    const { registry, clock } = setup();
    registry.importOpml('slack:T1', '<opml><body><outline text="My name" xmlUrl="https://a.test/rss"/></body></opml>');
    registry.register('discord:G1', 'https://a.test/rss');
    registry.recordSuccess(1, clock.now(), { title: 'Feed Own Title', illFormed: false, stored: 0, seenKeys: [] });
    expect(registry.list('slack:T1')[0].title).toBe('My name');
    expect(registry.list('discord:G1')[0].title).toBe('Feed Own Title');
    expect(registry.get(1)?.title).toBe('Feed Own Title');
  });

  it('given seen item keys older than the retention and gone from the feed, they are forgotten; keys still in the feed stay', () => {
    const { registry, clock } = setup();
    const { feed } = registry.register('console:local', 'https://a.test/rss');
    registry.recordSuccess(feed.id, clock.now(), { illFormed: false, stored: 2, seenKeys: ['g:old', 'g:kept'] });
    clock.advance(31 * 86_400_000);
    registry.recordSuccess(feed.id, clock.now(), { illFormed: false, stored: 1, seenKeys: ['g:new'], currentKeys: ['g:kept', 'g:new'] });
    expect(['g:old', 'g:kept', 'g:new'].map((k) => registry.seen(feed.id, k))).toEqual([false, true, true]);
  });

  it('given a database whose schema version was counted before the feed tables, the registry creates them', () => {
    const store = createSqliteStore(':memory:');
    store.db.exec('DROP TABLE feed_seen; DROP TABLE feed_scopes; DROP TABLE feeds;');
    const registry = createFeedRegistry({ store, clock: { now: () => new Date() }, client: fakeClient({}).client });
    expect(registry.register('console:local', 'https://a.test/rss').added).toBe(true);
  });

  it('given channels, the scope is the platform and server or workspace; URLs are stored without fragments', () => {
    expect(feedScope({ platform: 'discord', scope: '123', channel: '9' })).toBe('discord:123');
    expect(feedScope({ platform: 'console', scope: 'local', channel: 'main' })).toBe('console:local');
    expect(normaliseFeedUrl(' <https://Example.test/feed#x> ')).toBe('https://example.test/feed');
    expect(normaliseFeedUrl('<https://example.test/rss?a=1|example.test/rss>')).toBe('https://example.test/rss?a=1');
  });
});

describe('polling dedup (guid, link, content)', () => {
  const body = (i: number) => articleParagraphs(i).map((p) => `<p>${p}</p>`).join('');
  const rss = (items: { guid?: string; link?: string; i: number; title?: string }[]) =>
    `<rss version="2.0"><channel><title>T</title>${items
      .map((x) => `<item><title>${x.title ?? `Story ${x.i}`}</title>${x.link ? `<link>${x.link}</link>` : ''}${x.guid ? `<guid isPermaLink="false">${x.guid}</guid>` : ''}<description><![CDATA[${body(x.i)}]]></description></item>`)
      .join('')}</channel></rss>`;

  it('given two feeds using the same bare guid for different stories, both are stored (bare guids are qualified by feed)', async () => {
    const { registry, deps, store } = setup({ 'https://a.test/rss': rss([{ guid: '1', i: 0 }]), 'https://b.test/rss': rss([{ guid: '1', i: 1 }]) });
    registry.register('console:local', 'https://a.test/rss');
    registry.register('console:local', 'https://b.test/rss');
    expect((await pollAll(deps)).stored).toBe(2);
    expect(store.article(1)?.guid).toBe('https://a.test/rss#1');
  });

  it('given items the store already holds by link or by text, they count as duplicates and are not stored again', async () => {
    const { registry, deps, store, newsdesk } = setup({
      'https://a.test/rss': rss([
        { link: 'https://a.test/story-0', i: 0 },
        { link: 'https://mirror.test/copy', guid: 'copy-1', i: 1, title: 'Story 1' },
        { link: 'https://a.test/story-2', i: 2 },
      ]),
    });
    ingestDocument(store, { text: rss([{ link: 'https://a.test/story-0', i: 0, title: 'Other title' }]), name: 'file.xml', capturedAt: newsdesk.clock.now() }, newsdesk.clock.now());
    ingestDocument(store, { text: rss([{ link: 'https://elsewhere.test/1', i: 1, title: 'Story 1' }]), name: 'file2.xml', capturedAt: newsdesk.clock.now() }, newsdesk.clock.now());
    registry.register('console:local', 'https://a.test/rss');
    const r = await pollAll(deps);
    expect(r.feeds[0]).toMatchObject({ stored: 1, duplicates: 2, titles: ['Story 2'] });
    expect(store.counts().articles).toBe(3);
  });

  it('given an ill-formed feed (bare ampersand, unclosed item), its items are stored, the feed is flagged and /feeds list says so', async () => {
    const broken = `<rss version="2.0"><channel><title>Bits & Pieces</title><item><title>Story 3</title><link>https://c.test/3</link><description><![CDATA[${body(3)}]]></description></item><item><title>Story 4 & more</title><link>https://c.test/4</link><description>${articleParagraphs(4).join(' ')}</description></channel></rss>`;
    const { registry, deps } = setup({ 'https://c.test/rss': broken });
    registry.register('console:local', 'https://c.test/rss');
    const r = await pollAll(deps);
    expect(r.feeds[0]).toMatchObject({ outcome: 'stored', stored: 2 });
    const f = registry.list('console:local')[0];
    expect(f).toMatchObject({ illFormed: true, health: 'healthy', title: 'Bits & Pieces' });
    expect(describeFeed(f, deps.newsdesk.clock.now())[1]).toMatch(/ill-formed \(read leniently\)$/);
  });

  it('given an item without guid or link, its key is a hash of its text, stable across polls', () => {
    const a = { title: 'T', blocks: [{ kind: 'paragraph' as const, text: 'x' }] };
    expect(itemKey(a)).toMatch(/^h:[0-9a-f]{32}$/);
    expect(itemKey(a)).toBe(itemKey({ ...a }));
    expect(itemKey({ ...a, url: 'https://a.test/1' })).toBe('u:https://a.test/1');
    expect(itemKey({ ...a, url: 'https://a.test/1', guid: 'g' })).toBe('g:g');
  });
});

describe('/feeds list wording', () => {
  it('given feeds in each state, each line says its health, counts and times relative to now', () => {
    const now = new Date('2025-07-01T12:00:00Z');
    expect(relativeTime('2025-07-01T11:55:00Z', now)).toBe('5 min ago');
    expect(relativeTime('2025-07-01T15:00:00Z', now)).toBe('in 3 h');
    expect(relativeTime('2025-06-28T12:00:00Z', now)).toBe('3 d ago');
    expect(relativeTime(undefined, now)).toBe('never');
    const base = { id: 2, url: 'https://a.test/rss', fullText: true, createdAt: '', itemsStored: 7, failures: 0, nextPollAt: '2025-07-01T12:05:00Z', illFormed: false, scopes: [] };
    expect(describeFeed({ ...base, health: 'new' }, now)).toEqual(['#2 https://a.test/rss', '  new, not polled yet · next poll in 5 min']);
    expect(describeFeed({ ...base, title: 'A', health: 'healthy', illFormed: true, lastFetchAt: '2025-07-01T11:50:00Z' }, now)[1]).toBe(
      '  healthy · fetched 10 min ago · last new item never · 7 stored · next poll in 5 min · ill-formed (read leniently)',
    );
    expect(
      describeFeed({ ...base, health: 'unhealthy', failures: 6, lastError: 'a.test answered HTTP 500.', unhealthySince: '2025-07-01T10:00:00Z', nextPollAt: '2025-07-01T14:00:00Z' }, now)[1],
    ).toBe('  UNHEALTHY since 2 h ago (6 failures in a row): a.test answered HTTP 500. · last success never · 7 stored · retry in 2 h');
  });
});


