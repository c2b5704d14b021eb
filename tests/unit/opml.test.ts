import { describe, expect, it } from 'vitest';
import { parseOpml, toOpml } from '../../src/core/ingest/opml.js';
import { hasCode } from '../../src/core/errors.js';

const SAMPLE = `<?xml version="1.0" encoding="UTF-8"?>
<opml version="1.0"><head><title>Mine</title></head><body>
  <outline text="News">
    <outline text="Example &amp; Co" type="rss" xmlUrl="https://example.com/feed.xml" htmlUrl="https://example.com/"/>
    <outline title="Second" xmlurl="http://news.example.org/rss"/>
  </outline>
  <outline text="duplicate" xmlUrl="https://example.com/feed.xml"/>
  <outline text="no feed url" htmlUrl="https://example.com/"/>
  <outline text="bad scheme" xmlUrl="ftp://example.com/x"/>
</body></opml>`;

describe('parseOpml', () => {
  it('reads nested outlines in order, decodes entities, skips duplicates and non-http URLs', () => {
    expect(parseOpml(SAMPLE)).toEqual([
      { title: 'Example & Co', url: 'https://example.com/feed.xml' },
      { title: 'Second', url: 'http://news.example.org/rss' },
    ]);
  });
  it('refuses a document that is not OPML with INPUT_UNRECOGNISED', () => {
    let err: unknown;
    try {
      parseOpml('<rss><channel/></rss>');
    } catch (e) {
      err = e;
    }
    expect(hasCode(err, 'INPUT_UNRECOGNISED')).toBe(true);
  });
});

describe('toOpml', () => {
  it('round-trips through parseOpml with escaping of titles and URLs', () => {
    const feeds = [
      { title: 'A <b> & "c"', url: 'https://example.com/feed?x=1&y=2' },
      { url: 'https://example.org/atom' },
    ];
    const xml = toOpml(feeds, 'My feeds & more');
    expect(xml).toContain('<title>My feeds &amp; more</title>');
    expect(parseOpml(xml)).toEqual([feeds[0], { title: 'https://example.org/atom', url: 'https://example.org/atom' }]);
  });
});
