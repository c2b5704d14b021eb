import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { extractHtml, skipAbsentNames } from '../../src/core/parse/html.js';
import { indexPage } from '../../src/core/parse/page-index.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Dom = any;

const SAMPLE = readFileSync(new URL('../../seeds/030_sample-page.html', import.meta.url), 'utf8');

const para = (n: number) =>
  Array.from({ length: n }, (_, i) => `<p>Paragraph ${i + 1} of the report describes what the committee heard from residents, engineers and the two contractors bidding for the work on the bridge.</p>`).join('\n');

describe('extractHtml on a news article page', () => {
  const page = extractHtml(SAMPLE, { url: 'https://gazette.example/news/2025/06/port-elsie-tidal-pilot?utm_source=x' });

  it('reads title, byline, site name, dates, canonical URL, image and language from JSON-LD, OpenGraph and meta', () => {
    expect(page.hasArticle).toBe(true);
    expect(page.title).toBe('Harbour town opens tidal energy pilot to power 900 homes');
    expect(page.byline).toBe('Mara Lindqvist');
    expect(page.publisher).toBe('The Eastbay Gazette');
    expect(page.publishedAt).toBe('2025-06-02T06:30:00.000Z');
    expect(page.updatedAt).toBe('2025-06-02T10:05:00.000Z');
    expect(page.url).toBe('https://gazette.example/news/2025/06/port-elsie-tidal-pilot');
    expect(page.image).toBe('https://gazette.example/images/port-elsie-turbine.jpg');
    expect(page.language).toBe('en-GB');
    expect(page.categories).toContain('tidal power');
    expect(page.teaser).toBe(false);
  });

  it('keeps the body with h2/h3 sub-headings as heading blocks and drops the page chrome', () => {
    expect(page.headings).toEqual(['How the pilot works', 'Fishermen and wildlife', 'What it costs']);
    expect(page.blocks.filter((b) => b.kind === 'heading').map((b) => b.text)).toEqual(page.headings);
    const text = page.blocks.map((b) => b.text).join('\n');
    expect(text).toContain('Two underwater turbines anchored in the channel');
    expect(text).toContain('apply for permission to install ten more by 2029');
    for (const chrome of ['We use cookies', 'All rights reserved', 'Share on social media', 'Manage settings']) {
      expect(text).not.toContain(chrome);
    }
  });
});

describe('extractHtml recognises pages without an article', () => {
  it('flags a JavaScript shell', () => {
    const html = `<!doctype html><html><head><title>App</title><script src="/app.js"></script></head>
      <body><noscript>You need to enable JavaScript to run this app.</noscript><div id="root"></div></body></html>`;
    const page = extractHtml(html, { url: 'https://app.example/story/1' });
    expect(page.hasArticle).toBe(false);
    expect(page.reason).toBe('javascript-required');
    expect(page.blocks).toEqual([]);
  });

  it('flags a paywall that leaves only a lead, as a teaser', () => {
    const html = `<!doctype html><html><head><title>Budget row deepens</title>
      <script type="application/ld+json">{"@type":"NewsArticle","headline":"Budget row deepens","isAccessibleForFree":false}</script></head>
      <body><article><h1>Budget row deepens</h1><p>The finance committee met again on Thursday as the dispute over the transport budget entered its third week.</p>
      <div class="paywall"><p>Subscribe to continue reading. Already a subscriber? Log in.</p></div></article></body></html>`;
    const page = extractHtml(html, { url: 'https://paper.example/politics/budget-row' });
    expect(page.hasArticle).toBe(false);
    expect(page.reason).toBe('paywall');
    expect(page.teaser).toBe(true);
    expect(page.title).toBe('Budget row deepens');
  });

  it('flags a home page that lists headlines', () => {
    const links = Array.from({ length: 30 }, (_, i) => `<li><h3><a href="/news/story-${i}">Headline number ${i} about the town and its council meeting</a></h3></li>`).join('');
    const html = `<!doctype html><html><head><title>Eastbay Gazette</title><meta property="og:type" content="website"></head>
      <body><main><ul>${links}</ul></main></body></html>`;
    const page = extractHtml(html, { url: 'https://gazette.example/' });
    expect(page.hasArticle).toBe(false);
    expect(page.reason).toBe('index-page');
  });

  it('says there is no article text for an empty or tiny page, and never throws on junk', () => {
    expect(extractHtml('', {}).reason).toBe('no-article-text');
    expect(extractHtml('<html><body><p>Hi.</p></body></html>', {}).hasArticle).toBe(false);
    expect(() => extractHtml('<<<>>><div><p>unclosed <b>tags', {})).not.toThrow();
  });
});

describe('extractHtml teaser and fallbacks', () => {
  it('marks a short but real article as a teaser', () => {
    const html = `<html><head><title>Short</title></head><body><article><h1>Short</h1>
      <p>The library will open on Sundays from next month, the council said on Tuesday, after residents asked for longer hours.</p>
      <p>Opening hours will be ten until four.</p></article></body></html>`;
    const page = extractHtml(html, { url: 'https://x.example/a/b' });
    expect(page.hasArticle).toBe(true);
    expect(page.teaser).toBe(true);
  });

  it('uses JSON-LD articleBody when the HTML body carries much less text', () => {
    const body = Array.from({ length: 8 }, (_, i) => `Sentence group ${i + 1} explains the new timetable for buses on the coast road in some detail.`).join('\\n');
    const html = `<html><head><title>Buses</title><script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":"Bus timetable changes","articleBody":"${body}"}</script></head>
      <body><div id="app"><p>Loading the story about buses and the timetable for the coast road...</p></div></body></html>`;
    const page = extractHtml(html, { url: 'https://x.example/news/buses' });
    expect(page.hasArticle).toBe(true);
    expect(page.blocks.length).toBe(8);
    expect(page.title).toBe('Bus timetable changes');
  });

  it('extracts a long plain article without metadata and resolves nothing it cannot', () => {
    const page = extractHtml(`<html><body><article><h1>Bridge</h1>${para(8)}</article></body></html>`, {});
    expect(page.hasArticle).toBe(true);
    expect(page.blocks.length).toBeGreaterThanOrEqual(8);
    expect(page.url).toBeUndefined();
  });
});

describe('htmlToBlocks', () => {
  it('keeps h2–h4 as headings, splits paragraphs on block elements and double <br>, drops scripts and hidden elements', async () => {
    const { htmlToBlocks } = await import('../../src/core/parse/html-blocks.js');
    const html = `<div>Intro &amp; more<br>same line<br><br>next para</div><h3>Sub <em>head</em></h3>
      <script>var x = 1;</script><p hidden>secret</p><p style="display: none">gone</p><ul><li>one</li><li>two</li></ul><p>Tail.</p>`;
    expect(htmlToBlocks(html)).toEqual([
      { kind: 'paragraph', text: 'Intro & more same line' },
      { kind: 'paragraph', text: 'next para' },
      { kind: 'heading', text: 'Sub head' },
      { kind: 'paragraph', text: 'one' },
      { kind: 'paragraph', text: 'two' },
      { kind: 'paragraph', text: 'Tail.' },
    ]);
    expect(htmlToBlocks('Plain text\n\nsecond paragraph')).toEqual([
      { kind: 'paragraph', text: 'Plain text' },
      { kind: 'paragraph', text: 'second paragraph' },
    ]);
    expect(htmlToBlocks('   ')).toEqual([]);
  });
});

describe('collapseWhitespace', () => {
  it('given any mix of spaces, tabs, line breaks, non-breaking and zero-width spaces, leaves one space per run and trims, as replacing every run would', async () => {
    const { collapseWhitespace } = await import('../../src/core/parse/html-blocks.js');
    expect(collapseWhitespace('  One\u00a0\u00a0two\tthree\n\nfour \u200b five\u2028 ')).toBe('One two three four five');
    expect(collapseWhitespace('single spaces only')).toBe('single spaces only');
    let seed = 11;
    const r = () => ((seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0) / 4_294_967_296);
    const chars = [' ', ' ', '\t', '\n', '\r', '\u00a0', '\u200b', '\u2028', '\ufeff', '\u3000', 'a', 'b', 'é'];
    for (let i = 0; i < 20_000; i++) {
      let s = '';
      for (let n = Math.floor(r() * 14); n > 0; n--) s += chars[Math.floor(r() * chars.length)];
      expect(collapseWhitespace(s), JSON.stringify(s)).toBe(s.replace(/[\s\u00a0\u200b]+/g, ' ').trim());
    }
  });
});

describe('extractHtml when Readability needs a second attempt', () => {
  // The only text sits in a block whose class Readability's first attempt strips as unlikely,
  // so the first attempt finds too little and Readability starts again from the body as it was.
  const RETRY_PAGE = `<!doctype html><html><head><title>Bridge works</title></head><body>
    <nav><a href="/">Home</a> <a href="/news">News</a></nav>
    <div class="comment-sidebar"><h2>Council report</h2>${para(6)}<p>Contact: <a href="/x">desk</a></p></div>
    <script>var x = 1;</script><br><br><footer>© Gazette</footer></body></html>`;

  it('rebuilds the body for the retry and gets the same article as Readability on an untouched document', async () => {
    // The published packages, not the patched copies extraction runs on.
    const { Readability } = await import('readability-pristine');
    const { parseHTML } = await import('linkedom-pristine');
    const page = extractHtml(RETRY_PAGE, { url: 'https://gazette.example/news/bridge', keepRefused: true });
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const reader = new Readability(parseHTML(RETRY_PAGE).document as any, { charThreshold: 500 });
    const plain = reader.parse();
    expect((reader as unknown as { _attempts: unknown[] })._attempts.length).toBeGreaterThan(0);
    const text = page.blocks.map((b) => b.text).join(' ');
    expect(text).toContain('Paragraph 6 of the report');
    // textContent runs blocks together: compared without white space.
    const squeeze = (s: string) => s.replace(/\s+/g, '');
    expect(squeeze(text)).toBe(squeeze(plain!.textContent!));
  });

  it('leaves innerHTML working as usual for every other read and write', () => {
    const page = extractHtml(`<html><body><article>${para(8)}</article></body></html>`, { url: 'https://gazette.example/a' });
    expect(page.hasArticle).toBe(true);
    expect(page.blocks).toHaveLength(8);
  });
});

describe('skipAbsentNames: Readability skips searches for element names the page lacks', () => {
  const para = 'The committee heard from residents, engineers and the two contractors bidding for the work on the old bridge over the river.';
  // No <p> and no <h2> in the source: Readability makes both (paragraphs from <br> runs, <h1> → <h2>)
  // and then searches for them, so they must never be taken as absent.
  const pages = [
    `<html><body><div id="main"><h1>Bridge plans</h1>${Array.from({ length: 6 }, () => `${para}<br><br>${para}`).join('<br><br>')}<br><br> <br><br></div></body></html>`,
    `<html><body><div class="content">${Array.from({ length: 8 }, (_, i) => `<div>${para} ${i}</div>`).join('')}<div> </div><h1>Other</h1></div><iframe src="/x"></iframe></body></html>`,
  ];

  it('gives the article a full search gives, including elements Readability creates itself', () => {
    for (const html of pages) {
      const read = (skip: boolean) => {
        const { document } = parseHTML(html) as { document: Dom };
        const index = indexPage<Dom>(document);
        const reader = new Readability(document, { charThreshold: 500 });
        if (skip) skipAbsentNames(reader, index.names);
        return reader.parse()?.content;
      };
      const full = read(false);
      expect(full).toContain('<p>');
      expect(read(true)).toBe(full);
    }
  });
});
