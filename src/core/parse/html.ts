/**
 * Web page → article: @mozilla/readability (the extractor behind Firefox Reader View) over
 * linkedom (a fast, dependency-light DOM), plus metadata from JSON-LD, OpenGraph and meta tags,
 * and a verdict on whether the page holds an article at all.
 *
 * Why linkedom rather than jsdom: on the 130 pages of Readability's own test suite, Readability
 * over linkedom reaches the same body F1 as Readability's published figures while parsing each
 * page in tens of milliseconds, and jsdom would add a large dependency tree for no measured gain
 * (see `npm run bench:quality`). Both run with small speed patches (`patches/`, applied on install:
 * listener maps made on demand in linkedom, less text reading in Readability) that change no
 * result; `tests/quality/extraction.test.ts` compares them with the published packages.
 */
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import type { Block, ParsedArticle } from '../model.js';
import { parseFeedDate } from './feed-date.js';
import { collapseWhitespace, elementToBlocks } from './html-blocks.js';
import { readPageMetadata, type PageMetadata } from './html-metadata.js';
import { indexPage } from './page-index.js';
import { judgePage, type NoArticleReason } from './html-verdict.js';

/** Result of {@link extractHtml}: the article plus the verdict on the page. */
export type ExtractedPage = ParsedArticle & {
  /** False for home pages, paywalls, JavaScript shells and pages without article text. */
  hasArticle: boolean;
  /** Why there is no article (only when `hasArticle` is false). */
  reason?: NoArticleReason;
  /** Explanation safe to show (only when `hasArticle` is false). */
  message?: string;
};

/** Options of {@link extractHtml}. */
export interface ExtractHtmlOptions {
  /** Address of the page: the base for relative links and the fallback canonical URL. */
  url?: string;
  /**
   * Keep the extracted blocks of a page judged to hold no article (`hasArticle` false), for
   * callers that judge pages themselves, such as the extraction quality benchmark. Ingestion
   * never sets it: nothing junk is stored.
   */
  keepRefused?: boolean;
}

/** Largest page handed to the DOM; bigger inputs are cut (the article is never that far in). */
const MAX_HTML_CHARS = 6_000_000;

// linkedom's DOM types differ from lib.dom's; the extractor uses the common subset.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Dom = any;

function visibleText(el: Dom): string {
  return collapseWhitespace(el?.textContent ?? '');
}

/** Share of an element's text that sits inside links. */
function linkDensity(el: Dom): number {
  const all = visibleText(el).length;
  if (all === 0) return 0;
  let links = 0;
  for (const a of Array.from(el.querySelectorAll('a')) as Dom[]) links += visibleText(a).length;
  return links / all;
}

/**
 * Markup that never holds article text: comments, scripts (JSON-LD metadata excepted), styles,
 * templates and inline SVG. Cut from the source before the DOM is built, so the parser and the
 * extractor never walk it; the extractor would drop all of it anyway.
 */
const INERT_MARKUP = /<!--[\s\S]*?-->|<(script|style|template|svg)\b([^>]*)>[\s\S]*?<\/\1\s*>/gi;

function stripInertMarkup(html: string): string {
  return html.replace(INERT_MARKUP, (whole, tag: string | undefined, attrs: string | undefined) =>
    tag?.toLowerCase() === 'script' && /application\/ld\+json/i.test(attrs ?? '') ? whole : ' ',
  );
}

/** Elements cut from the document before extraction (JSON-LD stays for Readability's metadata). */
function removeNonContent(nonContent: Dom[]): void {
  for (const el of nonContent) el.remove();
}

/** Tags Readability 0.6 creates itself (`createElement`, `_setNodeTag`, `_replaceNodeTags`). */
const CREATED_BY_READABILITY = new Set(['div', 'p', 'span', 'img', 'h2']);

/**
 * Readability looks for elements by name about forty times a page, most of those over the whole
 * document or article, and many for elements the page has none of (style, font, noscript,
 * object, iframe, form fields …). `present` holds the name of every element the page was parsed
 * with, so a search whose names are all absent from it, and that Readability never creates,
 * returns the empty list it would have found without walking. Any other search walks as before.
 */
export function skipAbsentNames(reader: Readability<Dom>, present: Set<string>): void {
  const r = reader as unknown as { _getAllNodesWithTag(node: Dom, tagNames: string[]): Dom[] };
  const walk = r._getAllNodesWithTag;
  r._getAllNodesWithTag = function (node: Dom, tagNames: string[]) {
    for (const tag of tagNames) {
      const name = tag.toLowerCase();
      if (present.has(name) || CREATED_BY_READABILITY.has(name)) return walk.call(this, node, tagNames);
    }
    return [];
  };
}

/** Readability's settings; the article comes back as an element. */
const READABILITY_OPTIONS = { charThreshold: 500, serializer: (el: Dom) => el };

/**
 * Readability serialises the whole body (`body.innerHTML`) before its first attempt, only to
 * assign it back when an attempt finds too little text and it tries again with looser rules.
 * Serialising costs about half as much as parsing the page, and nine pages in ten never retry
 * (14 of the 130 pages of Readability's own test suite do). So this body hands out a token
 * instead of its HTML, and when the token is assigned back, the body is rebuilt from the source
 * with the same preparation the first attempt started from: the same parse, the same elements
 * removed, and Readability's own preparation steps. Any other read or write of `innerHTML`
 * behaves as usual.
 */
function deferPageCache(body: Dom, source: string): void {
  const token = `\u0000newsdesk-page-cache-${Math.random()}`;
  let proto = Object.getPrototypeOf(body);
  let native: PropertyDescriptor | undefined;
  while (proto && !(native = Object.getOwnPropertyDescriptor(proto, 'innerHTML'))) proto = Object.getPrototypeOf(proto);
  if (!native?.get || !native.set) return;
  const { get, set } = native;
  let handedOut = false;
  Object.defineProperty(body, 'innerHTML', {
    configurable: true,
    get() {
      if (handedOut) return get.call(this);
      handedOut = true;
      return token;
    },
    set(value: string) {
      if (value !== token) return set.call(this, value);
      const { document: fresh } = parseHTML(source) as { document: Dom };
      removeNonContent(indexPage(fresh).nonContent);
      // The steps Readability's parse() runs before its first attempt (Readability 0.6).
      const prep = new Readability<Dom>(fresh, READABILITY_OPTIONS) as unknown as Record<string, (d?: Dom) => void>;
      prep._unwrapNoscriptImages(fresh);
      prep._removeScripts(fresh);
      prep._prepDocument();
      this.replaceChildren(...Array.from(fresh.body.childNodes as Iterable<Dom>));
    },
  });
}

function pathOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).pathname;
  } catch {
    return undefined;
  }
}

function bodyFromArticleBody(text: string): Block[] {
  return text
    .split(/\n\s*\n|\n/)
    .map((p) => collapseWhitespace(p))
    .filter(Boolean)
    .map((t) => ({ kind: 'paragraph' as const, text: t }));
}

function sameText(a: string, b: string): boolean {
  const norm = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
  return norm(a) === norm(b);
}

function languageTag(v: string | null | undefined): string | undefined {
  if (!v) return undefined;
  const m = /^([a-z]{2,3})(?:[-_]([a-z0-9]{2,8}))?/i.exec(v.trim());
  if (!m) return undefined;
  return m[2] ? `${m[1].toLowerCase()}-${m[2].length === 2 ? m[2].toUpperCase() : m[2]}` : m[1].toLowerCase();
}

/**
 * Extracts the main article of an HTML page with its metadata.
 *
 * Never throws on bad HTML. When the page holds no article, `hasArticle` is false, `reason` and
 * `message` say why, and `blocks` is empty so that nothing junk is stored. `teaser` is true when
 * only a short text (a teaser, a paywalled lead) is available.
 */
export function extractHtml(html: string, opts: ExtractHtmlOptions = {}): ExtractedPage {
  try {
    return extract(html, opts);
  } catch {
    // A DOM or extractor failure on hostile markup must not take the caller down.
    const page: ExtractedPage = { title: '', headings: [], blocks: [], hasArticle: false, reason: 'no-article-text', message: 'The page could not be read.', teaser: false };
    if (opts.url) page.source = opts.url;
    return page;
  }
}

function extract(html: string, opts: ExtractHtmlOptions): ExtractedPage {
  let source = stripInertMarkup(html.length > MAX_HTML_CHARS ? html.slice(0, MAX_HTML_CHARS) : html);
  // linkedom needs a document element; fragments and empty input get a minimal document around them.
  if (!/<html[\s>]/i.test(source)) source = `<!doctype html><html><head></head><body>${source}</body></html>`;
  const { document } = parseHTML(source) as { document: Dom };
  const elements = indexPage<Dom>(document);
  const meta: PageMetadata = readPageMetadata(elements, opts.url);
  const docTitle = collapseWhitespace(elements.title?.textContent ?? '') || undefined;

  const noscriptText = elements.noscripts.map((n) => n.textContent ?? '').join(' ');
  removeNonContent(elements.nonContent);
  const pageText = visibleText(document.body ?? document.documentElement);

  // The article comes back as an element (no HTML serialised to be parsed again).
  let result: ReturnType<Readability<Dom>['parse']> = null;
  try {
    if (document.body) deferPageCache(document.body, source);
    const reader = new Readability<Dom>(document, READABILITY_OPTIONS);
    skipAbsentNames(reader, elements.names);
    result = reader.parse();
  } catch {
    result = null;
  }

  let blocks = result?.content ? elementToBlocks(result.content) : [];
  let textLength = blocks.reduce((n, b) => n + b.text.length, 0);
  // Some sites ship the whole text only in JSON-LD (client-rendered pages); use it when it is longer.
  if (meta.articleBody && meta.articleBody.length > Math.max(500, textLength * 1.5)) {
    blocks = bodyFromArticleBody(meta.articleBody);
    textLength = blocks.reduce((n, b) => n + b.text.length, 0);
  }
  const verdict = judgePage({
    pageTextLength: pageText.length,
    pageText: pageText.slice(0, 20_000),
    noscriptText,
    articleTextLength: textLength,
    articleLinkDensity: result?.content ? linkDensity(result.content) : 0,
    paragraphs: blocks.filter((b) => b.kind === 'paragraph').length,
    path: pathOf(opts.url ?? meta.canonicalUrl),
    meta,
  });
  if (!verdict.hasArticle && !opts.keepRefused) blocks = [];

  const title = collapseWhitespace(result?.title ?? '') || meta.title || docTitle || '';
  // The article's own <h1> often opens the extracted body; the title is kept apart from the body.
  if (blocks.length > 1 && title && sameText(blocks[0].text, title)) blocks = blocks.slice(1);
  const byline = collapseWhitespace(result?.byline ?? '').replace(/^by\s+/i, '').trim() || meta.byline;
  const publisher = collapseWhitespace(result?.siteName ?? '') || meta.siteName;
  const publishedAt = parseFeedDate(result?.publishedTime ?? undefined) ?? meta.publishedAt;

  const page: ExtractedPage = {
    title,
    headings: blocks.filter((b) => b.kind === 'heading').map((b) => b.text),
    blocks,
    hasArticle: verdict.hasArticle,
    teaser: verdict.teaser,
  };
  if (publisher) page.publisher = publisher;
  if (byline) page.byline = byline;
  const url = meta.canonicalUrl ?? opts.url;
  if (url) page.url = url;
  if (publishedAt) page.publishedAt = publishedAt;
  if (meta.updatedAt) page.updatedAt = meta.updatedAt;
  const language = meta.language ?? languageTag(result?.lang);
  if (language) page.language = language;
  if (meta.keywords) page.categories = meta.keywords;
  if (meta.image) page.image = meta.image;
  if (opts.url) page.source = opts.url;
  if (!verdict.hasArticle) {
    page.reason = verdict.reason;
    page.message = verdict.message;
  }
  return page;
}
