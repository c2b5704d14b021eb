/**
 * Feed parsing: RSS 0.9x/2.0, RSS 1.0 (RDF), Atom 0.3/1.0 and JSON Feed 1.x → {@link ParsedArticle}s.
 *
 * Built on **feedsmith** (MIT, actively maintained, one dependency-light package for all four
 * formats plus the namespaces real feeds use: content, dc, media, itunes, atom-in-RSS, xml:base).
 * It parses the 31 real feeds of the rss-parser suite with zero failures and runs on
 * fast-xml-parser, which is several times faster than DOM-based feed parsers. What it does not
 * do we add here: it is strict about well-formedness, so ill-formed feeds (truncated documents,
 * unclosed tags, bare ampersands) go through a lenient htmlparser2 re-parse ({@link repairXml})
 * and are flagged `illFormed`; it does not resolve relative links, parse dates or turn HTML into
 * text, which {@link parseFeed} does. DOCTYPEs are removed before parsing by
 * {@link guardXmlEntities} so entity-expansion bombs never reach an XML parser.
 */
import { XMLValidator } from 'fast-xml-parser';
import { parseFeed as parseWithFeedsmith, DetectError, MalformedError } from 'feedsmith';
import { UserError } from '../errors.js';
import type { ParsedArticle } from '../model.js';
import { parseFeedDate } from './feed-date.js';
import { guardXmlEntities } from './feed-guard.js';
import { hasNestedLanguages, scanItemLanguages, type ItemLanguages } from './feed-lang.js';
import { repairXml } from './feed-recover.js';
import { collapseWhitespace, htmlToBlocks } from './html-blocks.js';

/** Feed-level facts returned beside the items. */
export interface ParsedFeedInfo {
  title?: string;
  /** Home page of the feed, absolute. */
  link?: string;
  /** BCP 47 language tag when the feed declares one. */
  language?: string;
  /** True when the document was not well-formed and was recovered leniently. */
  illFormed: boolean;
}

/** Result of {@link parseFeed}. */
export interface ParsedFeed {
  feed: ParsedFeedInfo;
  items: ParsedArticle[];
}

/** Options of {@link parseFeed}. */
export interface ParseFeedOptions {
  /** URL the feed was fetched from: the base for relative links. */
  url?: string;
  /** Current time, used to drop absurd future dates (more than a day ahead). Defaults to now. */
  now?: Date;
  /** Language from the HTTP Content-Language header: the default when the feed declares none. */
  language?: string;
}

/** Below this many characters of text, a summary-only item is a teaser. */
const TEASER_MAX_CHARS = 1200;

// feedsmith's output is typed per format; the normaliser reads all formats through one loose view.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = any;

type Format = 'rss' | 'atom' | 'rdf' | 'json';

function str(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if ('value' in o) return str(o.value);
    if ('#text' in o) return str(o['#text']);
    return undefined;
  }
  const s = String(v);
  return s.trim() ? s : undefined;
}

function resolve(href: string | undefined, base: string | undefined): string | undefined {
  if (!href) return undefined;
  const h = href.trim();
  if (!h) return undefined;
  try {
    return new URL(h, base).href;
  } catch {
    return /^[a-z][a-z0-9+.-]*:/i.test(h) ? h : undefined;
  }
}

function joinBase(parent: string | undefined, xmlBase: string | undefined): string | undefined {
  if (!xmlBase) return parent;
  return resolve(xmlBase, parent) ?? parent;
}

/** Text of a title-like field: entities decoded, tags dropped, whitespace collapsed. */
function plainText(v: unknown): string | undefined {
  const s = str(v);
  if (s === undefined) return undefined;
  const text = /<[a-z!/]|&[#\w]+;/i.test(s) ? htmlToBlocks(s).map((b) => b.text).join(' ') : s;
  const out = collapseWhitespace(text);
  return out || undefined;
}

/** "en_US " → "en-US": BCP 47 uses hyphens; feeds often write POSIX locales. */
function languageTag(value: string): string {
  return value.trim().replace(/_/g, '-');
}

function firstOf<T>(arr: T[] | undefined): T | undefined {
  return Array.isArray(arr) && arr.length > 0 ? arr[0] : undefined;
}

function personName(p: Loose): string | undefined {
  if (!p) return undefined;
  if (typeof p === 'string') return cleanByline(p);
  return cleanByline(str(p.name) ?? str(p.email));
}

/** "jo@example.com (Jo Bloggs)" → "Jo Bloggs"; "By Jo" → "Jo". */
function cleanByline(s: string | undefined): string | undefined {
  if (!s) return undefined;
  let out = collapseWhitespace(s);
  const paren = /^\S+@\S+\s*\((.+)\)$/.exec(out);
  if (paren) out = paren[1];
  out = out.replace(/^by\s+/i, '').trim();
  return out || undefined;
}

function atomLink(links: Loose[] | undefined, base: string | undefined): string | undefined {
  if (!Array.isArray(links)) return undefined;
  const alternates = links.filter((l) => l && str(l.href) && (!l.rel || l.rel === 'alternate'));
  const pick = alternates.find((l) => !l.type || /html/i.test(l.type)) ?? alternates[0];
  return resolve(str(pick?.href), joinBase(base, pick?.xml?.base));
}

function firstImage(item: Loose, base: string | undefined): string | undefined {
  const media = item.media;
  const candidates: (string | undefined)[] = [];
  const pushContents = (contents: Loose[] | undefined): void => {
    for (const c of contents ?? []) {
      if (c?.url && (c.medium === 'image' || /^image\//i.test(c.type ?? '') || (!c.medium && !c.type))) candidates.push(c.url);
    }
  };
  if (media) {
    for (const t of media.thumbnails ?? []) candidates.push(t?.url);
    pushContents(media.contents);
    for (const g of media.groups ?? []) {
      for (const t of g?.thumbnails ?? []) candidates.push(t?.url);
      pushContents(g?.contents);
    }
  }
  for (const e of item.enclosures ?? []) {
    if (e?.url && /^image\//i.test(e.type ?? '')) candidates.push(e.url);
  }
  for (const l of item.links ?? []) {
    if (l?.rel === 'enclosure' && /^image\//i.test(l.type ?? '')) candidates.push(l.href);
  }
  for (const a of item.attachments ?? []) {
    if (a?.url && /^image\//i.test(a.mime_type ?? '')) candidates.push(a.url);
  }
  candidates.push(str(item.image), str(item.banner_image), str(item.itunes?.image));
  const found = candidates.find((c) => typeof c === 'string' && c.trim());
  return resolve(found, base);
}

/** True for text that is markup rather than plain text (the RSS convention is escaped HTML). */
function bodyBlocks(value: string | undefined, type: string | undefined) {
  if (!value) return [];
  if (type === 'text' || type === 'text/plain') {
    return value
      .split(/\n\s*\n/)
      .map((p) => collapseWhitespace(p))
      .filter(Boolean)
      .map((text) => ({ kind: 'paragraph' as const, text }));
  }
  return htmlToBlocks(value);
}

function categoriesOf(item: Loose): string[] | undefined {
  const out: string[] = [];
  for (const c of item.categories ?? []) {
    const v = typeof c === 'string' ? c : (str(c?.name) ?? str(c?.term) ?? str(c?.label));
    if (v) out.push(collapseWhitespace(v));
  }
  for (const s of item.dc?.subjects ?? []) if (str(s)) out.push(collapseWhitespace(String(s)));
  for (const t of item.tags ?? []) if (str(t)) out.push(collapseWhitespace(String(t)));
  const unique = [...new Set(out)];
  return unique.length ? unique : undefined;
}

function sane(iso: string | undefined, now: Date): string | undefined {
  if (!iso) return undefined;
  // Dates more than a day in the future are publisher mistakes; they would pin an item to the top.
  return Date.parse(iso) > now.getTime() + 86_400_000 ? undefined : iso;
}

function normaliseItem(
  format: Format,
  item: Loose,
  feedBase: string | undefined,
  feedLang: string | undefined,
  publisher: string | undefined,
  now: Date,
  langs: ItemLanguages | undefined,
): ParsedArticle {
  const base = joinBase(feedBase, item.xml?.base);
  let title: string | undefined;
  let link: string | undefined;
  let guid: string | undefined;
  let byline: string | undefined;
  let published: string | undefined;
  let updated: string | undefined;
  let content: { value?: string; type?: string } | undefined;
  let summary: { value?: string; type?: string } | undefined;
  let language = str(item.xml?.lang) ?? str(firstOf(item.dc?.languages)) ?? str(item.language);

  if (format === 'atom') {
    title = plainText(item.title);
    link = atomLink(item.links, base);
    guid = str(item.id);
    byline = personName(firstOf(item.authors)) ?? cleanByline(str(firstOf(item.dc?.creators)));
    published = str(item.published) ?? str(item.issued) ?? str(item.created);
    updated = str(item.updated) ?? str(item.modified);
    if (item.content && (str(item.content.value) || !item.content.src)) content = { value: str(item.content.value), type: item.content.type };
    if (item.summary) summary = { value: str(item.summary.value ?? item.summary), type: item.summary.type };
    if (!content?.value && !summary?.value && item.content?.src) link = link ?? resolve(item.content.src, base);
  } else if (format === 'json') {
    title = plainText(item.title);
    link = resolve(str(item.url) ?? str(item.external_url), base);
    guid = str(item.id);
    byline = personName(firstOf(item.authors) ?? item.author);
    published = str(item.date_published);
    updated = str(item.date_modified);
    if (str(item.content_html)) content = { value: item.content_html, type: 'html' };
    else if (str(item.content_text)) content = { value: item.content_text, type: 'text' };
    if (str(item.summary)) summary = { value: item.summary, type: 'text' };
  } else {
    title = plainText(item.title) ?? plainText(firstOf(item.dc?.titles));
    link =
      resolve(str(item.link), base) ??
      atomLink(item.atom?.links, base) ??
      (item.guid?.isPermaLink !== false && /^https?:/i.test(str(item.guid?.value) ?? '') ? resolve(str(item.guid?.value), base) : undefined);
    guid = str(item.guid?.value ?? item.guid) ?? str(item.rdf?.about) ?? str(firstOf(item.dc?.identifiers));
    byline =
      personName(firstOf(item.authors)) ??
      cleanByline(str(firstOf(item.dc?.creators))) ??
      cleanByline(str(item.itunes?.author)) ??
      personName(firstOf(item.atom?.authors));
    published = str(item.pubDate) ?? str(firstOf(item.dc?.dates)) ?? str(item.atom?.published) ?? str(item.dcterms?.issued) ?? str(item.dcterms?.created);
    updated = str(item.atom?.updated) ?? str(item.dcterms?.modified);
    if (str(item.content?.encoded)) content = { value: item.content.encoded, type: 'html' };
    else if (item.atom?.content && str(item.atom.content.value)) content = { value: item.atom.content.value, type: item.atom.content.type };
    const desc = str(item.description) ?? str(item.atom?.summary?.value) ?? str(firstOf(item.dc?.descriptions)) ?? str(item.itunes?.summary);
    if (desc) summary = { value: desc, type: 'html' };
  }

  const contentBlocks = bodyBlocks(content?.value, content?.type);
  const summaryBlocks = bodyBlocks(summary?.value, summary?.type);
  const hasContent = contentBlocks.length > 0;
  const blocks = hasContent ? contentBlocks : summaryBlocks;
  const textLength = blocks.reduce((n, b) => n + b.text.length, 0);
  const teaser = blocks.length === 0 || (!hasContent && textLength < TEASER_MAX_CHARS);
  const publishedAt = sane(parseFeedDate(published), now);
  const updatedAt = sane(parseFeedDate(updated), now);
  // The language of the text we keep wins: content, else summary, else whatever part declared one.
  if (langs) {
    const part = hasContent ? langs.content : blocks.length ? langs.summary : (langs.content ?? langs.summary ?? langs.title);
    if (part === null) language = undefined;
    else if (part !== undefined) language = part;
    else language = language ?? feedLang;
  } else language = language ?? feedLang;

  const article: ParsedArticle = {
    title: title ?? '',
    headings: blocks.filter((b) => b.kind === 'heading').map((b) => b.text),
    blocks,
    teaser,
  };
  if (publisher) article.publisher = publisher;
  if (byline) article.byline = byline;
  if (link) article.url = link;
  if (guid) article.guid = guid.trim();
  if (publishedAt ?? updatedAt) article.publishedAt = publishedAt ?? updatedAt;
  if (updatedAt) article.updatedAt = updatedAt;
  if (language) article.language = languageTag(language);
  const categories = categoriesOf(item);
  if (categories) article.categories = categories;
  const image = firstImage(item, base);
  if (image) article.image = image;
  if (link) article.source = link;
  return article;
}

function feedInfo(format: Format, feed: Loose, base: string | undefined): { title?: string; link?: string; language?: string } {
  if (format === 'atom') {
    return { title: plainText(feed.title), link: atomLink(feed.links, base), language: str(feed.xml?.lang) ?? str(firstOf(feed.dc?.languages)) };
  }
  if (format === 'json') {
    return { title: plainText(feed.title), link: resolve(str(feed.home_page_url), base), language: str(feed.language) };
  }
  return {
    title: plainText(feed.title) ?? plainText(firstOf(feed.dc?.titles)),
    link: resolve(str(feed.link), base) ?? atomLink(feed.atom?.links, base),
    language: str(feed.language) ?? str(firstOf(feed.dc?.languages)) ?? str(feed.xml?.lang),
  };
}

/**
 * Cheap test for the two kinds of damage feedsmith tolerates silently (a truncated end, bare
 * ampersands); when it passes, the full validator (as costly as the parse itself) is skipped.
 * Mismatched tags make feedsmith throw, so they are caught on the recovery path.
 */
function looksWellFormed(xml: string): boolean {
  return /<\/(?:[\w-]+:)?(?:rss|feed|rdf|channel)\s*>\s*$/i.test(xml.slice(-256)) && !/&(?!#\d+;|#x[0-9a-fA-F]+;|[A-Za-z][\w.-]*;)/.test(xml);
}

type Attempt = { format: Format; feed: Loose } | 'malformed' | 'not-a-feed';

/** Root elements of the XML feed formats, for telling an empty feed from a non-feed. */
const FEED_ROOT = /^(?:\s|<\?[^>]*\?>|<!--[\s\S]*?-->)*<(?:[\w-]+:)?(rss|feed|RDF|channel)[\s>/]/i;

function tryFeedsmith(text: string): Attempt {
  try {
    return parseWithFeedsmith(text) as { format: Format; feed: Loose };
  } catch (err) {
    if (err instanceof MalformedError) return 'malformed';
    if (err instanceof DetectError) return 'not-a-feed';
    // feedsmith throws ParseError for a well-formed feed with nothing in it: that is an empty feed.
    const root = FEED_ROOT.exec(text);
    if (!root) return 'not-a-feed';
    const name = root[1].toLowerCase();
    return { format: name === 'feed' ? 'atom' : name === 'rdf' ? 'rdf' : 'rss', feed: {} };
  }
}

/** Atom 0.3 allowed `mode="base64"` text constructs; feedsmith returns them still encoded. */
function decodeBase64Text(value: string): string | undefined {
  const compact = value.replace(/\s+/g, '');
  if (compact.length < 8 || compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) return undefined;
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(compact, 'base64'));
    return /^[^\x00-\x08\x0e-\x1f]*$/.test(text) ? text : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Atom 1.0 (RFC 4287 §4.1.3.3): content whose type is a MIME type that is neither text/* nor XML
 * is base64-encoded. Decodes those text constructs in place when they decode to text.
 */
function decodeAtomBinaryText(node: Loose, depth = 0): void {
  if (!node || typeof node !== 'object' || depth > 6) return;
  if (typeof node.value === 'string' && typeof node.type === 'string' && node.type.includes('/') && !/^text\/|[/+]xml$/i.test(node.type)) {
    const decoded = decodeBase64Text(node.value);
    if (decoded !== undefined) {
      node.value = decoded;
      node.type = 'html';
    }
  }
  for (const v of Object.values(node)) if (v && typeof v === 'object') decodeAtomBinaryText(v, depth + 1);
}

/** Replaces base64-encoded text constructs in place (only called when the document declares base64 mode). */
function decodeBase64Fields(node: Loose, depth = 0): void {
  if (!node || typeof node !== 'object' || depth > 6) return;
  for (const [key, v] of Object.entries(node)) {
    if (typeof v === 'string') {
      const decoded = decodeBase64Text(v);
      if (decoded !== undefined) (node as Record<string, unknown>)[key] = decoded;
    } else if (v && typeof v === 'object') decodeBase64Fields(v, depth + 1);
  }
}

/**
 * Parses a feed document of any supported format and normalises its items.
 *
 * Never throws on ill-formed input: it recovers what it can and sets `feed.illFormed`. Throws
 * `UserError('FEED_INVALID')` only when nothing can be recovered (not a feed at all, or an
 * entity-expansion attack). Items keep feed order; `teaser` is true when an item has only a short
 * summary and no full content.
 */
export function parseFeed(xmlOrJson: string, opts: ParseFeedOptions = {}): ParsedFeed {
  const now = opts.now ?? new Date();
  const input = xmlOrJson.replace(/^\uFEFF/, '');
  if (!input.trim()) throw new UserError('FEED_INVALID', 'The feed is empty.');

  let illFormed = false;
  let attempt: Attempt;
  if (/^\s*[{[]/.test(input)) {
    attempt = tryFeedsmith(input);
  } else {
    const guarded = guardXmlEntities(input);
    // feedsmith tolerates some damage (a truncated end, for instance) without saying so; the
    // validator tells us whether the document was well-formed.
    // Leading blank lines before the XML declaration are common and harmless, so they are not counted.
    illFormed = !looksWellFormed(guarded.xml) && XMLValidator.validate(guarded.xml.trimStart()) !== true;
    attempt = tryFeedsmith(guarded.xml);
    if (attempt === 'malformed') {
      attempt = tryFeedsmith(repairXml(guarded.xml));
      illFormed = true;
    }
  }
  const parsed = typeof attempt === 'string' ? undefined : attempt;
  if (!parsed) {
    throw new UserError('FEED_INVALID', 'This is not an RSS, Atom, RDF or JSON feed, or nothing in it could be read.');
  }

  const { format, feed } = parsed;
  if (format === 'atom') {
    decodeAtomBinaryText(feed);
    if (/\bmode\s*=\s*["']base64["']/.test(input)) decodeBase64Fields(feed);
  }
  const base = joinBase(opts.url, feed.xml?.base);
  const info = feedInfo(format, feed, base);
  const rawItems: Loose[] = (format === 'atom' ? feed.entries : feed.items) ?? [];
  // Without a document URL or xml:base, relative item links are resolved against the feed's own home page.
  const itemBase = base ?? (info.link && /^https?:/i.test(info.link) ? info.link : undefined);
  const feedLanguage = info.language ?? opts.language;
  const langs = format !== 'json' && hasNestedLanguages(input) ? scanItemLanguages(input) : undefined;
  const items = rawItems.map((item, i) => normaliseItem(format, item ?? {}, itemBase, feedLanguage, info.title, now, langs?.[i]));

  const out: ParsedFeedInfo = { illFormed };
  if (info.title) out.title = info.title;
  if (info.link) out.link = info.link;
  if (feedLanguage) out.language = languageTag(feedLanguage);
  return { feed: out, items };
}
