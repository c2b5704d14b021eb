import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { indexPage } from '../../src/core/parse/page-index.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Dom = any;

const PAGE = `<!doctype html><html lang="en-GB"><head>
  <title>First title</title><title>Second title</title>
  <meta property="og:title" content="OG"><META name="author" content="Mara">
  <script type="Application/LD+JSON">{"@type":"NewsArticle","headline":"LD"}</script>
  <script type="application/ld+json ">{"broken": </script>
  <script>var x = 1;</script><script type="module">import('x')</script>
  <link rel="stylesheet" href="/s.css"><link rel="Alternate Canonical" href="/first"><link rel="canonical" href="/second">
  <style>p { color: red }</style>
</head><body>
  <template><meta name="inside" content="template"><time datetime="2020-01-01">no</time><script>ignored()</script></template>
  <noscript><p>Please enable JavaScript</p></noscript>
  <article><time>no datetime</time><time datetime="2026-01-02T03:04:05Z">Jan 2</time><time datetime="2027-01-01">later</time>
  <p>Body <font>old</font></p></article>
</body></html>`;

describe('indexPage: one walk in place of the extractor’s selector queries', () => {
  it('finds what each CSS selector it replaces finds, in document order', () => {
    const { document } = parseHTML(PAGE) as { document: Dom };
    const index = indexPage<Dom>(document);
    const all = (selector: string) => Array.from(document.querySelectorAll(selector));
    expect(index.metas).toEqual(all('meta'));
    expect(index.jsonLd).toEqual(all('script[type="application/ld+json"]'));
    expect(index.canonical).toBe(all('link[rel~="canonical"]')[0]);
    expect(index.time).toBe(all('time[datetime]')[0]);
    expect(index.title).toBe(document.querySelector('title'));
    expect(index.noscripts).toEqual(all('noscript'));
    expect(index.nonContent).toEqual(all('script:not([type="application/ld+json"]),style,template,noscript'));
    expect(index.root).toBe(document.documentElement);
  });

  it('reads the cases selectors decide: type and rel without case, nothing inside a template, the first title', () => {
    const { document } = parseHTML(PAGE) as { document: Dom };
    const index = indexPage<Dom>(document);
    expect(index.metas.map((m: Dom) => m.getAttribute('content'))).toEqual(['OG', 'Mara']);
    expect(index.jsonLd).toHaveLength(1);
    expect(index.canonical?.getAttribute('href')).toBe('/first');
    expect(index.time?.getAttribute('datetime')).toBe('2026-01-02T03:04:05Z');
    expect(index.title?.textContent).toBe('First title');
  });

  it('names every element of the page, template contents included, and no other', () => {
    const { document } = parseHTML(PAGE) as { document: Dom };
    const { names } = indexPage<Dom>(document);
    for (const name of ['html', 'head', 'body', 'meta', 'script', 'link', 'style', 'template', 'noscript', 'article', 'time', 'p', 'font', 'title']) expect(names.has(name), name).toBe(true);
    for (const name of ['iframe', 'object', 'div', 'form']) expect(names.has(name), name).toBe(false);
  });
});
