import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSqliteStore, type SqliteStore } from '../../src/core/store/sqlite-store.js';
import { createNewsdesk, type Newsdesk } from '../../src/core/newsdesk.js';
import { silentLog, type Clock } from '../../src/core/ports.js';
import { createHttpClient, type HttpClient } from '../../src/core/ingest/http-client.js';
import { createFeedRegistry, type FeedRegistry } from '../../src/core/feeds/feed-registry.js';
import { pollAll, pollFeed } from '../../src/core/feeds/poll-feed.js';
import { ingestUrl } from '../../src/core/ingest/ingest-url.js';
import { createCommandRunner } from '../../src/app/command-runner.js';
import { createPoller } from '../../src/app/poller.js';
import { COMMANDS } from '../../commands/index.js';
import type { Reply } from '../../src/core/model.js';
import { startFixtureServer, type FixtureServer } from '../support/http-fixture-server.js';
import { articlePage, articleParagraphs, fullTextRss, homePage, JS_SHELL, teaserRss } from './poll-fixtures.js';

const SCOPE = 'console:local';
const MIN = 60_000;

function mutableClock(start: string): Clock & { set(iso: string | number): void; advance(ms: number): void } {
  let t = Date.parse(start);
  return {
    now: () => new Date(t),
    set: (v) => {
      t = typeof v === 'number' ? v : Date.parse(v);
    },
    advance: (ms) => {
      t += ms;
    },
  };
}

const textOf = (r: Reply) => (r.kind === 'text' ? [r.title, ...r.lines].filter(Boolean).join('\n') : JSON.stringify(r));

/** A route answering RSS with ETag/Last-Modified validators and 304 when they match. */
function conditionalFeed(body: () => string, version: () => string) {
  return (req: IncomingMessage, res: ServerResponse) => {
    const etag = `"${version()}"`;
    const lastModified = 'Tue, 01 Jul 2025 10:00:00 GMT';
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, { etag, 'last-modified': lastModified });
      res.end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', etag, 'last-modified': lastModified });
    res.end(body());
  };
}

describe('feed polling against a local server', () => {
  let server: FixtureServer;
  let store: SqliteStore;
  let newsdesk: Newsdesk;
  let client: HttpClient;
  let registry: FeedRegistry;
  let clock: ReturnType<typeof mutableClock>;
  const deps = () => ({ registry, newsdesk, client, log: silentLog });
  const hits = (path: string) => server.requests.filter((r) => r.path === path);

  beforeAll(async () => {
    server = await startFixtureServer();
  });
  afterAll(async () => {
    await server.close();
  });
  beforeEach(() => {
    clock = mutableClock('2025-07-01T12:00:00Z');
    store = createSqliteStore(':memory:');
    newsdesk = createNewsdesk({ store, clock, log: silentLog });
    // NEWSDESK_ALLOW_PRIVATE_URLS=true semantics: the 127.0.0.1 server may be fetched.
    client = createHttpClient({ allowPrivate: true, totalTimeoutMs: 1500, connectTimeoutMs: 1000 });
    registry = createFeedRegistry({ store, clock, client, random: () => 0.5 });
    server.requests.length = 0;
  });
  afterEach(async () => {
    await client.close();
    store.close();
  });

  it('given a feed polled twice, the second poll sends If-None-Match and If-Modified-Since, gets 304 and stores nothing', async () => {
    server.route('/cond.xml', conditionalFeed(() => fullTextRss(server.url(''), [0, 1, 2]), () => 'v1'));
    const { feed } = registry.register(SCOPE, server.url('/cond.xml'));

    const first = await pollAll(deps());
    expect(first.feeds[0]).toMatchObject({ outcome: 'stored', stored: 3, health: 'healthy' });
    expect(store.counts().articles).toBe(3);
    expect(hits('/cond.xml')[0].headers['if-none-match']).toBeUndefined();

    clock.advance(15 * MIN);
    const second = await pollAll(deps());
    expect(second.feeds[0]).toMatchObject({ outcome: 'not-modified', stored: 0 });
    expect(store.counts().articles).toBe(3);
    const req = hits('/cond.xml')[1].headers;
    expect(req['if-none-match']).toBe('"v1"');
    expect(req['if-modified-since']).toBe('Tue, 01 Jul 2025 10:00:00 GMT');
    const status = registry.get(feed.id)!;
    expect(status).toMatchObject({ itemsStored: 3, etag: '"v1"', health: 'healthy', lastNewItemAt: '2025-07-01T12:00:00.000Z' });
    expect(status.lastFetchAt).toBe('2025-07-01T12:15:00.000Z');
  });

  it('given a server that ignores validators, the second poll stores nothing new and analyses nothing again; a new item alone is stored', async () => {
    let ids = [0, 1];
    server.route('/plain.xml', (_q, r) => {
      r.writeHead(200, { 'content-type': 'application/rss+xml' });
      r.end(fullTextRss(server.url(''), ids));
    });
    registry.register(SCOPE, server.url('/plain.xml'));
    expect((await pollAll(deps())).stored).toBe(2);
    clock.advance(15 * MIN);
    const again = await pollAll(deps());
    expect(again.feeds[0]).toMatchObject({ outcome: 'stored', stored: 0, duplicates: 0 });
    ids = [0, 1, 3];
    clock.advance(15 * MIN);
    const third = await pollAll(deps());
    expect(third.feeds[0]).toMatchObject({ stored: 1, titles: [expect.stringContaining('(4)')] });
    expect(store.counts().articles).toBe(3);
  });

  it('given more new items than one poll takes, the rest come with the next poll (no validators kept until then)', async () => {
    server.route('/many.xml', conditionalFeed(() => fullTextRss(server.url(''), [0, 1, 2]), () => 'm1'));
    const { feed } = registry.register(SCOPE, server.url('/many.xml'));
    expect((await pollAll(deps(), { maxNewItems: 2 })).stored).toBe(2);
    expect(registry.get(feed.id)!.etag).toBeUndefined();
    clock.advance(15 * MIN);
    expect((await pollAll(deps(), { maxNewItems: 2 })).stored).toBe(1);
    expect(hits('/many.xml')[1].headers['if-none-match']).toBeUndefined();
    clock.advance(15 * MIN);
    expect((await pollAll(deps(), { maxNewItems: 2 })).feeds[0].outcome).toBe('not-modified');
    expect(store.counts().articles).toBe(3);
  });

  it('given every situation of the fixture server in one pass, each feed ends in stored items or a specific error and the pass completes', async () => {
    // Item links of the shared fixtures point at news.test: map every name to the local server.
    const lookupAll = ((_h: string, o: { all?: boolean }, cb: (...a: unknown[]) => void) =>
      o?.all ? cb(null, [{ address: '127.0.0.1', family: 4 }]) : cb(null, '127.0.0.1', 4)) as unknown as NonNullable<Parameters<typeof createHttpClient>[0]['lookup']>;
    await client.close();
    client = createHttpClient({ allowPrivate: true, totalTimeoutMs: 1500, connectTimeoutMs: 1000, lookup: lookupAll });
    registry = createFeedRegistry({ store, clock, client, random: () => 0.5 });
    const expected: Record<string, string> = {
      '/rss.xml': 'stored',
      '/atom.xml': 'stored',
      '/feed.json': 'stored',
      '/rdf.xml': 'stored',
      '/gzip.xml': 'stored',
      '/br.xml': 'stored',
      '/sjis.xml': 'stored',
      '/huge': 'FETCH_TOO_LARGE',
      '/gzip-bomb': 'FETCH_TOO_LARGE',
      '/slow': 'FETCH_TIMEOUT',
      '/loop-a': 'FETCH_REDIRECTS',
      '/bomb.xml': 'FEED_INVALID',
      '/missing.xml': 'FETCH_STATUS',
      '/500': 'FETCH_STATUS',
      '/cp1251.html': 'FEED_INVALID',
    };
    for (const path of Object.keys(expected)) registry.register(SCOPE, server.url(path));
    const report = await pollAll(deps(), { concurrency: 8 });
    const got = Object.fromEntries(report.feeds.map((f) => [new URL(f.url).pathname, f.outcome === 'failed' ? f.error!.code : f.outcome]));
    expect(got).toEqual(expected);
    const byPath = (p: string) => report.feeds.find((f) => f.url.endsWith(p))!;
    // The same two items arrive plain, gzipped and brotli-compressed: stored once, then duplicates by link.
    expect(byPath('/rss.xml').stored + byPath('/gzip.xml').stored + byPath('/br.xml').stored).toBe(2);
    expect(byPath('/rss.xml').duplicates + byPath('/gzip.xml').duplicates + byPath('/br.xml').duplicates).toBe(4);
    expect(byPath('/atom.xml').stored).toBe(1);
    expect(byPath('/feed.json').stored).toBe(1);
    // Title-only items have no text to store (their pages are 404 here): seen, skipped, not stored.
    expect(byPath('/sjis.xml')).toMatchObject({ stored: 0, skipped: 1 });
    expect(byPath('/rdf.xml')).toMatchObject({ stored: 0, skipped: 1 });
    expect(registry.get(byPath('/sjis.xml').feedId)!.title).toBe('今日のニュース');
    expect(store.counts().articles).toBe(4);
  });

  it('given teaser-only items, the full page is fetched once through the same client and stored instead of the teaser', async () => {
    server.route('/teasers.xml', (_q, r) => {
      r.writeHead(200, { 'content-type': 'application/rss+xml' });
      r.end(teaserRss(server.url(''), [4, 5]));
    });
    for (const i of [4, 5]) {
      server.route(`/pages/${i}`, (_q, r) => {
        r.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        r.end(articlePage(i));
      });
    }
    registry.register(SCOPE, server.url('/teasers.xml'));
    const report = await pollAll(deps());
    expect(report.feeds[0]).toMatchObject({ stored: 2, pagesFetched: 2, pagesUsed: 2 });
    const article = store.article(1)!;
    expect(article.teaser).toBe(false);
    expect(article.url).toBe(server.url('/pages/4'));
    expect(article.blocks.map((b) => b.text).join(' ')).toContain(articleParagraphs(4)[2].slice(0, 60));
    clock.advance(15 * MIN);
    await pollAll(deps());
    expect(hits('/pages/4')).toHaveLength(1);
  });

  it('given more teasers than pages fetched per poll, the others wait for the next poll instead of being stored as teasers', async () => {
    server.route('/teasers3.xml', (_q, r) => {
      r.writeHead(200, { 'content-type': 'application/rss+xml' });
      r.end(teaserRss(server.url(''), [0, 1, 2]));
    });
    for (const i of [0, 1, 2]) {
      server.route(`/pages/${i}`, (_q, r) => {
        r.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        r.end(articlePage(i));
      });
    }
    registry.register(SCOPE, server.url('/teasers3.xml'));
    expect((await pollAll(deps(), { maxPages: 2 })).feeds[0]).toMatchObject({ stored: 2, pagesUsed: 2 });
    clock.advance(15 * MIN);
    expect((await pollAll(deps(), { maxPages: 2 })).feeds[0]).toMatchObject({ stored: 1, pagesUsed: 1 });
    expect([1, 2, 3].map((id) => store.article(id)!.teaser)).toEqual([false, false, false]);
  });

  it('given a feed added with full text off, teasers are stored as teasers and no page is fetched', async () => {
    server.route('/teasers-off.xml', (_q, r) => {
      r.writeHead(200, { 'content-type': 'application/rss+xml' });
      r.end(teaserRss(server.url(''), [6]));
    });
    registry.register(SCOPE, server.url('/teasers-off.xml'), { fullText: false });
    const report = await pollAll(deps());
    expect(report.feeds[0]).toMatchObject({ stored: 1, pagesFetched: 0 });
    expect(store.article(1)!.teaser).toBe(true);
    expect(hits('/pages/6')).toHaveLength(0);
  });

  it('given failing feeds (500, timeout, junk) beside a good one, the good one is stored and each failure is backed off, then marked unhealthy and listed so', async () => {
    server.route('/good.xml', (_q, r) => {
      r.writeHead(200, { 'content-type': 'application/rss+xml' });
      r.end(fullTextRss(server.url(''), [0, 1]));
    });
    server.route('/junk.xml', (_q, r) => {
      r.writeHead(200, { 'content-type': 'application/rss+xml' });
      r.end('<<< this is not a feed >>> \u0000\u0001 ]]>');
    });
    const good = registry.register(SCOPE, server.url('/good.xml')).feed;
    const broken = registry.register(SCOPE, server.url('/500')).feed;
    const slow = registry.register(SCOPE, server.url('/slow')).feed;
    const junk = registry.register(SCOPE, server.url('/junk.xml')).feed;

    const first = await pollAll(deps());
    const byId = new Map(first.feeds.map((f) => [f.feedId, f]));
    expect(byId.get(good.id)).toMatchObject({ outcome: 'stored', stored: 2 });
    expect(byId.get(broken.id)).toMatchObject({ outcome: 'failed', error: { code: 'FETCH_STATUS' }, health: 'failing', failures: 1 });
    expect(byId.get(slow.id)).toMatchObject({ outcome: 'failed', error: { code: 'FETCH_TIMEOUT' } });
    expect(byId.get(junk.id)).toMatchObject({ outcome: 'failed', error: { code: expect.stringMatching(/FEED_INVALID/) } });
    expect(store.counts().articles).toBe(2);
    // Backoff: first failure waits between half and all of 5 min (random 0.5 → 3.75 min).
    expect(Date.parse(registry.get(broken.id)!.nextPollAt) - clock.now().getTime()).toBe(3.75 * MIN);
    registry.remove(SCOPE, slow.id);

    // One minute later nothing failed is due yet: no request reaches the broken routes.
    clock.advance(MIN);
    const before = hits('/500').length;
    const quiet = await pollAll(deps());
    expect(quiet.feeds.map((f) => f.feedId)).not.toContain(broken.id);
    expect(hits('/500')).toHaveLength(before);

    // Keep failing: each delay doubles until the feed is unhealthy after 5 failures in a row.
    const delays: number[] = [];
    for (let n = 2; n <= 5; n++) {
      const next = Date.parse(registry.get(broken.id)!.nextPollAt);
      clock.set(next);
      await pollAll(deps());
      delays.push(Date.parse(registry.get(broken.id)!.nextPollAt) - next);
    }
    expect(delays).toEqual([7.5 * MIN, 15 * MIN, 30 * MIN, 60 * MIN]);
    const status = registry.get(broken.id)!;
    expect(status).toMatchObject({ health: 'unhealthy', failures: 5, lastErrorCode: 'FETCH_STATUS' });
    expect(status.lastError).toMatch(/HTTP 500/);
    expect(registry.get(junk.id)!.health).toBe('unhealthy');
    expect(registry.get(good.id)!.health).toBe('healthy');

    const runner = createCommandRunner({ commands: COMMANDS, newsdesk, clock, log: silentLog, services: { feeds: registry } });
    const list = textOf(await runner.runText('/feeds list', { channel: { platform: 'console', scope: 'local', channel: 'main' }, caller: { id: 'me', canManage: false } }));
    expect(list).toMatch(new RegExp(`#${broken.id} .*/500\\n\\s+UNHEALTHY since .*5 failures in a row\\): .*HTTP 500`));
    expect(list).toMatch(new RegExp(`#${good.id} Fixture News — .*\\n\\s+healthy · fetched .* · 2 stored`));
    expect(list).toMatch(/2 feeds are unhealthy: they are still retried/);

    // Never dropped: still due again later, and a recovery makes it healthy.
    server.route('/500', (_q, r) => {
      r.writeHead(200, { 'content-type': 'application/rss+xml' });
      r.end(fullTextRss(server.url(''), [2]));
    });
    clock.set(Date.parse(status.nextPollAt));
    const recovered = await pollFeed(deps(), registry.get(broken.id)!);
    expect(recovered).toMatchObject({ outcome: 'stored', stored: 1, health: 'healthy', failures: 0 });
    server.route('/500', (_q, r) => {
      r.writeHead(500, { 'content-type': 'text/plain' });
      r.end('oops');
    });
  });

  it('given a poll that fails midway (the store throws on the second new item), nothing stored before is lost and the items come on the next poll', async () => {
    let ids = [0, 1];
    let version = 'a';
    server.route('/mid.xml', conditionalFeed(() => fullTextRss(server.url(''), ids), () => version));
    const { feed } = registry.register(SCOPE, server.url('/mid.xml'));
    await pollAll(deps());
    expect(store.counts().articles).toBe(2);
    const storedTitles = store.stories(store.allStoryIds()).map((s) => s.title).sort();

    ids = [0, 1, 2, 3];
    version = 'b';
    let calls = 0;
    const failing: SqliteStore = {
      ...store,
      ingest(a, o) {
        if (++calls === 2) throw new Error('disk I/O error');
        return store.ingest(a, o);
      },
    };
    const broken = { ...newsdesk, store: failing };
    clock.advance(15 * MIN);
    const failed = await pollFeed({ ...deps(), newsdesk: broken }, registry.get(feed.id)!);
    expect(failed).toMatchObject({ outcome: 'failed', error: { code: 'INTERNAL' } });
    expect(store.counts().articles).toBe(2);
    expect(store.stories(store.allStoryIds()).map((s) => s.title).sort()).toEqual(storedTitles);
    // The validators did not move on without the items: the next poll fetches in full.
    expect(registry.get(feed.id)!.etag).toBe('"a"');

    clock.advance(15 * MIN);
    const next = await pollFeed(deps(), registry.get(feed.id)!);
    expect(next).toMatchObject({ outcome: 'stored', stored: 2 });
    expect(store.counts().articles).toBe(4);
  });

  it('given a connection cut midway through the body, the poll fails and earlier items stay', async () => {
    let cut = false;
    server.route('/cut.xml', (_q, res) => {
      const body = fullTextRss(server.url(''), [0, 1, 2]);
      if (!cut) {
        res.writeHead(200, { 'content-type': 'application/rss+xml' });
        res.end(fullTextRss(server.url(''), [0]));
        return;
      }
      res.writeHead(200, { 'content-type': 'application/rss+xml', 'content-length': String(body.length) });
      res.write(body.slice(0, body.length / 2));
      setImmediate(() => res.socket?.destroy());
    });
    const { feed } = registry.register(SCOPE, server.url('/cut.xml'));
    await pollAll(deps());
    expect(store.counts().articles).toBe(1);
    cut = true;
    clock.advance(15 * MIN);
    const r = await pollFeed(deps(), registry.get(feed.id)!);
    expect(r.outcome).toBe('failed');
    expect(r.error?.code).toMatch(/^FETCH_/);
    expect(store.counts().articles).toBe(1);
    expect(registry.get(feed.id)!.itemsStored).toBe(1);
  });

  it('given /feeds add, a feed is checked and followed, a duplicate is recognised, a home page names its feed, and other scopes are separate', async () => {
    server.route('/site/feed.xml', (_q, r) => {
      r.writeHead(200, { 'content-type': 'application/rss+xml' });
      r.end(fullTextRss(server.url(''), [0], 'Site Feed'));
    });
    server.route('/site/', (_q, r) => {
      r.writeHead(200, { 'content-type': 'text/html' });
      r.end(homePage('/site/feed.xml'));
    });
    const runner = createCommandRunner({ commands: COMMANDS, newsdesk, clock, log: silentLog, services: { feeds: registry } });
    const admin = { channel: { platform: 'slack' as const, scope: 'T1', channel: 'C1' }, caller: { id: 'U1', canManage: true } };
    const member = { ...admin, caller: { id: 'U2', canManage: false } };

    expect(textOf(await runner.runText(`/feeds add ${server.url('/site/feed.xml')}`, member))).toMatch(/Only people who can manage this workspace/);
    expect(textOf(await runner.runText(`/feeds add ${server.url('/site/feed.xml')}`, admin))).toMatch(/Now following Site Feed .* as feed #1\. It has 1 item now/);
    expect(textOf(await runner.runText(`/feeds add ${server.url('/site/feed.xml')}`, admin))).toMatch(/Already following Site Feed .* as feed #1\.$/);
    expect(textOf(await runner.runText(`/feeds add ${server.url('/site/feed.xml')} fulltext:no`, admin))).toMatch(/Already following .* Full pages for teaser items: off\./);
    expect(registry.get(1)?.fullText).toBe(false);
    const page = textOf(await runner.runText(`/feeds add ${server.url('/site/')}`, admin));
    expect(page).toContain(`is a web page, not a feed. It links to a feed: ${server.url('/site/feed.xml')} (Fixture Post RSS)`);
    expect(textOf(await runner.runText(`/feeds add ${server.url('/nowhere')}`, admin))).toMatch(/answered HTTP 404/);
    expect(textOf(await runner.runText('/feeds add ftp://example.com/feed', admin))).toMatch(/Only http and https/);

    // Adding checks but does not keep the validators, so the first poll fetches the items.
    expect(registry.list('slack:T1')[0].etag).toBeUndefined();
    expect(registry.list('discord:G1')).toEqual([]);
    expect(registry.list('slack:T1').map((f) => f.scopes)).toEqual([['slack:T1']]);
    expect(textOf(await runner.runText('/feeds remove 1', { ...admin, channel: { platform: 'discord', scope: 'G1', channel: 'X' } }))).toMatch(/No feed #1 here/);
    expect(textOf(await runner.runText('/feeds remove 1', admin))).toMatch(/Stopped following feed #1/);
    expect(registry.all()).toEqual([]);
  });

  it('given /feeds import with an OPML URL and /feeds export, the feeds round-trip', async () => {
    const opml = `<?xml version="1.0"?><opml version="2.0"><head><title>Mine</title></head><body>
      <outline text="Tech"><outline text="Good" xmlUrl="${server.url('/rss.xml')}"/><outline text="Atom" xmlUrl="${server.url('/atom.xml')}"/></outline>
      <outline text="Bad" xmlUrl="javascript:alert(1)"/></body></opml>`;
    server.route('/subs.opml', (_q, r) => {
      r.writeHead(200, { 'content-type': 'text/x-opml' });
      r.end(opml);
    });
    const runner = createCommandRunner({ commands: COMMANDS, newsdesk, clock, log: silentLog, services: { feeds: registry } });
    const at = { channel: { platform: 'discord' as const, scope: 'G1', channel: 'C1' }, caller: { id: 'U1', canManage: true } };
    expect(textOf(await runner.runText(`/feeds import ${server.url('/subs.opml')}`, at))).toMatch(/Imported 2 feeds .*; 0 already followed/);
    expect(textOf(await runner.runText(`/feeds import ${server.url('/subs.opml')}`, at))).toMatch(/Imported 0 feeds .*; 2 already followed/);
    expect(textOf(await runner.runText('/feeds import /etc/passwd', at))).toMatch(/files cannot be read from chat/);
    const exported = await runner.runText('/feeds export', at);
    const xml = exported.kind === 'text' ? exported.lines.join('\n') : '';
    expect(xml).toContain(`xmlUrl="${server.url('/rss.xml')}"`);
    expect(xml).toContain('title="Good"');
    expect(xml).toContain(`xmlUrl="${server.url('/atom.xml')}"`);
  });

  it('given a pasted URL, ingestUrl stores an article page and a feed, and refuses a page without an article with the reason', async () => {
    server.route('/articles/9', (_q, r) => {
      r.writeHead(200, { 'content-type': 'text/html' });
      r.end(articlePage(9));
    });
    server.route('/app', (_q, r) => {
      r.writeHead(200, { 'content-type': 'text/html' });
      r.end(JS_SHELL);
    });
    server.route('/f.xml', (_q, r) => {
      r.writeHead(200, { 'content-type': 'text/plain' });
      r.end(fullTextRss(server.url(''), [3, 4]));
    });
    const page = await ingestUrl(newsdesk, client, server.url('/articles/9'));
    expect(page).toMatchObject({ kind: 'html', stored: 1 });
    const feed = await ingestUrl(newsdesk, client, server.url('/f.xml'));
    expect(feed).toMatchObject({ kind: 'feed', stored: 2 });
    await expect(ingestUrl(newsdesk, client, server.url('/app'))).rejects.toMatchObject({ code: 'INPUT_NO_ARTICLE', message: expect.stringMatching(/javascript/i) });
    await expect(ingestUrl(newsdesk, client, server.url('/500'))).rejects.toMatchObject({ code: 'FETCH_STATUS' });
    expect(store.counts().articles).toBe(3);
  });

  it('given the poller, pollOnce polls only due feeds and a started poller runs a first pass on its own', async () => {
    server.route('/poller.xml', conditionalFeed(() => fullTextRss(server.url(''), [5]), () => 'p1'));
    registry.register(SCOPE, server.url('/poller.xml'));
    const poller = createPoller({ registry, newsdesk, client, clock, log: silentLog, cron: '*/15 * * * *', jitterMs: 0 });
    expect((await poller.pollOnce()).stored).toBe(1);
    expect((await poller.pollOnce()).feeds).toHaveLength(0);
    clock.advance(15 * MIN);
    poller.start();
    await expect.poll(() => hits('/poller.xml').length, { timeout: 5000 }).toBe(2);
    await poller.stop();
    expect(hits('/poller.xml')[1].headers['if-none-match']).toBe('"p1"');
    expect(() => createPoller({ registry, newsdesk, client, clock, log: silentLog, cron: 'every minute' })).toThrow(/NEWSDESK_POLL_CRON/);
  });

  it('given a pass still running when the schedule fires, the firing is skipped instead of queued', async () => {
    let release: () => void = () => {};
    const held = new Promise<void>((r) => (release = r));
    server.route('/held.xml', (_q, res) => {
      void held.then(() => {
        res.writeHead(200, { 'content-type': 'application/rss+xml' });
        res.end(fullTextRss(server.url(''), [6]));
      });
    });
    await client.close();
    client = createHttpClient({ allowPrivate: true, totalTimeoutMs: 10_000 });
    registry = createFeedRegistry({ store, clock, client, random: () => 0.5 });
    registry.register(SCOPE, server.url('/held.xml'));
    const messages: string[] = [];
    const log = { ...silentLog, info: (_o: object, m: string) => void messages.push(m), child: () => log };
    const poller = createPoller({ registry, newsdesk, client, clock, log, cron: '0 0 1 1 *', jitterMs: 0 });
    const pass = poller.pollOnce();
    await expect.poll(() => hits('/held.xml').length).toBe(1);
    poller.start();
    await expect.poll(() => messages).toContain('previous feed poll still running; this one is skipped');
    release();
    expect((await pass).stored).toBe(1);
    await poller.stop();
    expect(hits('/held.xml')).toHaveLength(1);
  });
});

describe('feed polling with private addresses refused (NEWSDESK_ALLOW_PRIVATE_URLS off)', () => {
  let server: FixtureServer;
  beforeAll(async () => {
    server = await startFixtureServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it('given a feed on 127.0.0.1, adding, polling and pasting it are refused with URL_REFUSED and nothing is fetched', async () => {
    const clock = mutableClock('2025-07-01T12:00:00Z');
    const store = createSqliteStore(':memory:');
    const newsdesk = createNewsdesk({ store, clock, log: silentLog });
    const client = createHttpClient({ allowPrivate: false });
    const registry = createFeedRegistry({ store, clock, client, random: () => 0.5 });
    try {
      await expect(registry.add(SCOPE, server.url('/rss.xml'))).rejects.toMatchObject({ code: 'URL_REFUSED', message: expect.stringMatching(/loopback/) });
      registry.register(SCOPE, server.url('/rss.xml'));
      const report = await pollAll({ registry, newsdesk, client, log: silentLog });
      expect(report.feeds[0]).toMatchObject({ outcome: 'failed', error: { code: 'URL_REFUSED' } });
      expect(registry.list(SCOPE)[0].lastError).toMatch(/NEWSDESK_ALLOW_PRIVATE_URLS/);
      await expect(ingestUrl(newsdesk, client, server.url('/rss.xml'))).rejects.toMatchObject({ code: 'URL_REFUSED' });
      expect(server.requests).toHaveLength(0);
      expect(store.counts().articles).toBe(0);
    } finally {
      await client.close();
      store.close();
    }
  });
});
