import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseFeed } from '../../src/core/parse/feed.js';
import { parseFeedDate } from '../../src/core/parse/feed-date.js';
import { hasCode } from '../../src/core/errors.js';

const SAMPLE = readFileSync(new URL('../../seeds/020_sample-feed.xml', import.meta.url), 'utf8');
const NOW = new Date('2025-06-10T00:00:00Z');

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return (err as { code?: string }).code;
  }
  return undefined;
}

describe('parseFeedDate', () => {
  it.each([
    ['Sat, 07 Sep 2002 00:00:01 GMT', '2002-09-07T00:00:01.000Z'],
    ['Mon, 02 Jun 2025 07:30:00 +0100', '2025-06-02T06:30:00.000Z'],
    ['7 Sep 02 9:05 EDT', '2002-09-07T13:05:00.000Z'],
    ['Tue, 3 Jun 2025 08:40 PST', '2025-06-03T16:40:00.000Z'],
    ['Wed, 04 Jun 2025 10:00:00 +05:30', '2025-06-04T04:30:00.000Z'],
    ['2003-12-13T18:30:02Z', '2003-12-13T18:30:02.000Z'],
    ['2003-12-13T18:30:02.25+01:00', '2003-12-13T17:30:02.250Z'],
    ['2003-12-13', '2003-12-13T00:00:00.000Z'],
    ['2003-12', '2003-12-01T00:00:00.000Z'],
    ['20031213T183002Z', '2003-12-13T18:30:02.000Z'],
    ['June 3, 2025 4:15 PM', undefined],
    ['Sun Sep  7 00:00:01 2002', '2002-09-07T00:00:01.000Z'],
  ])('%s → %s', (input, expected) => {
    if (expected === undefined) {
      // Falls through to the JavaScript parser: a date, in the local zone of the machine.
      expect(parseFeedDate(input)).toMatch(/^2025-06-0[34]T/);
    } else {
      expect(parseFeedDate(input)).toBe(expected);
    }
  });

  it('refuses non-dates and impossible days', () => {
    expect(parseFeedDate('yesterday')).toBeUndefined();
    expect(parseFeedDate('12345')).toBeUndefined();
    expect(parseFeedDate('2025-02-31')).toBeUndefined();
    expect(parseFeedDate('')).toBeUndefined();
  });
});

describe('parseFeed on the sample RSS feed', () => {
  const { feed, items } = parseFeed(SAMPLE, { url: 'https://gazette.example/rss', now: NOW });

  it('reads the channel', () => {
    expect(feed).toEqual({ title: 'The Eastbay Gazette – Latest', link: 'https://gazette.example/', language: 'en-gb', illFormed: false });
  });

  it('normalises every item: guid, link, byline, ISO dates, categories, image', () => {
    expect(items).toHaveLength(4);
    const [first, second, third] = items;
    expect(first.guid).toBe('gazette-2025-06-0412');
    expect(first.url).toBe('https://gazette.example/news/2025/06/port-elsie-tidal-pilot');
    expect(first.byline).toBe('Mara Lindqvist');
    expect(first.publishedAt).toBe('2025-06-02T06:30:00.000Z');
    expect(first.categories).toEqual(['Environment', 'Energy']);
    expect(first.image).toBe('https://gazette.example/images/port-elsie-turbine-thumb.jpg');
    expect(first.publisher).toBe('The Eastbay Gazette – Latest');
    expect(first.language).toBe('en-gb');
    expect(third.image).toBe('https://gazette.example/images/robotics-team.jpg');
    expect(second.blocks).toEqual([
      { kind: 'paragraph', text: 'The morning crossings to Gull Island were cancelled on Tuesday after the Island Belle reported an engine fault. A replacement boat is expected by the afternoon.' },
    ]);
  });

  it('turns content:encoded HTML into paragraph and heading blocks, and flags summary-only items as teasers', () => {
    const [first, second] = items;
    expect(first.headings).toEqual(['How the pilot works']);
    expect(first.blocks.map((b) => b.kind)).toEqual(['paragraph', 'paragraph', 'heading', 'paragraph', 'paragraph']);
    expect(first.teaser).toBe(false);
    expect(second.teaser).toBe(true);
  });
});

describe('parseFeed on other formats', () => {
  it('reads Atom with xml:base on feed and entry, relative links, content over summary, updated/published', () => {
    const xml = `<?xml version="1.0" encoding="utf-8"?>
      <feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://blog.example/" xml:lang="fr">
        <title type="html">Le &lt;b&gt;blog&lt;/b&gt;</title>
        <link rel="alternate" href="/"/><link rel="self" href="/atom.xml"/>
        <entry xml:base="posts/">
          <title>Premier</title><id>tag:blog.example,2025:1</id>
          <link rel="alternate" type="text/html" href="premier.html"/>
          <author><name>Anne</name></author>
          <published>2025-05-01T10:00:00+02:00</published><updated>2025-05-02T10:00:00Z</updated>
          <summary>Court.</summary>
          <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Un.</p><h3>Deux</h3><p>Trois.</p></div></content>
        </entry>
      </feed>`;
    const { feed, items } = parseFeed(xml, { url: 'https://elsewhere.example/feed', now: NOW });
    expect(feed.title).toBe('Le blog');
    expect(feed.link).toBe('https://blog.example/');
    expect(feed.language).toBe('fr');
    expect(items[0]).toMatchObject({
      title: 'Premier',
      guid: 'tag:blog.example,2025:1',
      url: 'https://blog.example/posts/premier.html',
      byline: 'Anne',
      publishedAt: '2025-05-01T08:00:00.000Z',
      updatedAt: '2025-05-02T10:00:00.000Z',
      language: 'fr',
      headings: ['Deux'],
    });
    expect(items[0].blocks.map((b) => b.text)).toEqual(['Un.', 'Deux', 'Trois.']);
  });

  it('reads RSS 1.0 (RDF) with Dublin Core dates and rdf:about as guid', () => {
    const xml = `<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
      <channel rdf:about="https://r.example/"><title>R</title><link>https://r.example/</link><description>d</description></channel>
      <item rdf:about="https://r.example/1"><title>One</title><link>https://r.example/1</link><dc:date>2025-01-02T03:04:05-05:00</dc:date><dc:creator>Bo</dc:creator></item>
    </rdf:RDF>`;
    const { items } = parseFeed(xml, { now: NOW });
    expect(items[0]).toMatchObject({ title: 'One', url: 'https://r.example/1', guid: 'https://r.example/1', publishedAt: '2025-01-02T08:04:05.000Z', byline: 'Bo' });
  });

  it('reads JSON Feed 1.1', () => {
    const json = JSON.stringify({
      version: 'https://jsonfeed.org/version/1.1',
      title: 'J',
      home_page_url: 'https://j.example/',
      language: 'en_US',
      items: [{ id: '1', url: '/a', title: 'A', content_html: '<p>Body one.</p><p>Body two.</p>', date_published: '2025-03-01T00:00:00Z', authors: [{ name: 'Cy' }], tags: ['x'], image: 'https://j.example/a.png' }],
    });
    const { feed, items } = parseFeed(json, { url: 'https://j.example/feed.json', now: NOW });
    expect(feed).toMatchObject({ title: 'J', link: 'https://j.example/', language: 'en-US', illFormed: false });
    expect(items[0]).toMatchObject({ guid: '1', url: 'https://j.example/a', byline: 'Cy', categories: ['x'], image: 'https://j.example/a.png', publishedAt: '2025-03-01T00:00:00.000Z' });
    expect(items[0].blocks.map((b) => b.text)).toEqual(['Body one.', 'Body two.']);
  });

  it('takes the language of the kept text from element-level xml:lang, and the Content-Language header as the last default', () => {
    const xml = `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="fr"><title>t</title>
      <entry><title>Un</title><id>1</id><summary xml:lang="de">Kurz.</summary><content type="html" xml:lang="en">&lt;p&gt;Long English body.&lt;/p&gt;</content></entry>
      <entry><title>Deux</title><id>2</id><summary xml:lang="">Sans langue.</summary></entry>
      <entry><title>Trois</title><id>3</id><summary>Résumé.</summary></entry></feed>`;
    expect(parseFeed(xml, { now: NOW }).items.map((i) => i.language)).toEqual(['en', undefined, 'fr']);
    const plain = '<rss version="2.0"><channel><title>t</title><item><title>x</title></item></channel></rss>';
    const withHeader = parseFeed(plain, { now: NOW, language: 'nl' });
    expect(withHeader.feed.language).toBe('nl');
    expect(withHeader.items[0].language).toBe('nl');
  });

  it('reads a well-formed feed without items as an empty feed', () => {
    expect(parseFeed('<rss version="2.0"><channel></channel></rss>', { now: NOW })).toEqual({ feed: { illFormed: false }, items: [] });
  });

  it('drops dates more than a day in the future', () => {
    const xml = `<rss version="2.0"><channel><title>t</title><item><title>x</title><pubDate>Fri, 01 Jan 2100 00:00:00 GMT</pubDate></item></channel></rss>`;
    expect(parseFeed(xml, { now: NOW }).items[0].publishedAt).toBeUndefined();
  });
});

describe('parseFeed on ill-formed and hostile input', () => {
  it('recovers a truncated feed with a bare ampersand and flags it ill-formed', () => {
    const xml = `<rss version="2.0"><channel><title>Tom & Jerry</title><item><title>One</title><link>https://x.example/1</link></item><item><title>Two</title>`;
    const { feed, items } = parseFeed(xml, { now: NOW });
    expect(feed.illFormed).toBe(true);
    expect(feed.title).toBe('Tom & Jerry');
    expect(items.map((i) => i.title)).toEqual(['One', 'Two']);
  });

  it('refuses an entity-expansion bomb with FEED_INVALID before any parser expands it', () => {
    const bomb = `<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>
      <rss version="2.0"><channel><title>&c;</title></channel></rss>`;
    expect(codeOf(() => parseFeed(bomb, { now: NOW }))).toBe('FEED_INVALID');
  });

  it('expands plain internal entities once and ignores external ones', () => {
    const xml = `<!DOCTYPE rss [<!ENTITY site "Gazette"><!ENTITY ext SYSTEM "file:///etc/passwd">]><rss version="2.0"><channel><title>&site; &ext;</title></channel></rss>`;
    const { feed } = parseFeed(xml, { now: NOW });
    expect(feed.title).toContain('Gazette');
    expect(feed.title).not.toContain('root');
  });

  it('throws FEED_INVALID for an HTML page or empty text, never anything else', () => {
    expect(codeOf(() => parseFeed('<html><body>Moved</body></html>', { now: NOW }))).toBe('FEED_INVALID');
    expect(codeOf(() => parseFeed('   ', { now: NOW }))).toBe('FEED_INVALID');
    expect(codeOf(() => parseFeed('{"not":"a feed"}', { now: NOW }))).toBe('FEED_INVALID');
    expect(hasCode(new Error('x'), 'FEED_INVALID')).toBe(false);
  });
});
