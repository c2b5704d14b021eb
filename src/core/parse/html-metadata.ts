/**
 * Page metadata from the three places publishers put it: JSON-LD (schema.org NewsArticle and
 * friends), OpenGraph / article:* properties, and plain meta tags (author, date, Dublin Core,
 * Parse.ly, Sailthru), plus `<link rel="canonical">` and `<html lang>`.
 */
import { parseFeedDate } from './feed-date.js';
import { collapseWhitespace } from './html-blocks.js';
import type { PageElements } from './page-index.js';

/** Metadata read from a page; every field optional. */
export interface PageMetadata {
  title?: string;
  byline?: string;
  siteName?: string;
  /** ISO 8601 instant. */
  publishedAt?: string;
  /** ISO 8601 instant. */
  updatedAt?: string;
  /** Absolute canonical URL. */
  canonicalUrl?: string;
  /** Absolute lead image URL. */
  image?: string;
  /** BCP 47 tag. */
  language?: string;
  description?: string;
  keywords?: string[];
  /** schema.org `articleBody`, when the page carries the text in JSON-LD. */
  articleBody?: string;
  /** og:type, lower case ("article", "website" …). */
  ogType?: string;
  /** True when JSON-LD declares an article type (NewsArticle, BlogPosting …). */
  hasArticleSchema: boolean;
  /** True when JSON-LD says `isAccessibleForFree: false` (a paywall). */
  paywalled: boolean;
}

/** The subset of the DOM this module reads (linkedom and browsers both provide it). */
const ARTICLE_TYPES = /^(?:Article|NewsArticle|ReportageNewsArticle|AnalysisNewsArticle|OpinionNewsArticle|BackgroundNewsArticle|ReviewNewsArticle|AskPublicNewsArticle|BlogPosting|LiveBlogPosting|SocialMediaPosting|TechArticle|ScholarlyArticle|Report)$/i;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

function text(v: unknown): string | undefined {
  if (typeof v === 'string') {
    const t = collapseWhitespace(v);
    return t || undefined;
  }
  if (typeof v === 'number') return String(v);
  return undefined;
}

function resolveUrl(href: string | undefined, base: string | undefined): string | undefined {
  if (!href) return undefined;
  try {
    const u = new URL(href.trim(), base);
    return /^https?:$/.test(u.protocol) ? u.href : undefined;
  } catch {
    return undefined;
  }
}

function typesOf(node: Json): string[] {
  const t = node?.['@type'];
  return (Array.isArray(t) ? t : [t]).filter((x): x is string => typeof x === 'string').map((x) => x.replace(/^.*[/#]/, ''));
}

/** Flattens JSON-LD blocks, arrays and @graph into a list of nodes. */
function jsonLdNodes(page: PageElements): Json[] {
  const out: Json[] = [];
  const visit = (node: Json, depth: number): void => {
    if (!node || typeof node !== 'object' || depth > 4) return;
    if (Array.isArray(node)) {
      for (const n of node) visit(n, depth + 1);
      return;
    }
    out.push(node);
    if (node['@graph']) visit(node['@graph'], depth + 1);
    if (node.mainEntity && typeof node.mainEntity === 'object') visit(node.mainEntity, depth + 1);
  };
  for (const el of page.jsonLd) {
    const raw = (el.textContent ?? '').replace(/^\s*<!\[CDATA\[|\]\]>\s*$/g, '').trim();
    if (!raw) continue;
    try {
      visit(JSON.parse(raw), 0);
    } catch {
      // Publishers ship broken JSON-LD often enough; the other sources still count.
    }
  }
  return out;
}

function personNames(v: Json): string | undefined {
  const list = Array.isArray(v) ? v : [v];
  const names = list
    .map((p) => (typeof p === 'string' ? text(p) : text(p?.name)))
    .filter((n): n is string => Boolean(n) && !/^https?:\/\//.test(n as string));
  return names.length ? [...new Set(names)].join(', ') : undefined;
}

function imageUrl(v: Json, base: string | undefined): string | undefined {
  const first = Array.isArray(v) ? v[0] : v;
  if (typeof first === 'string') return resolveUrl(first, base);
  return resolveUrl(text(first?.url) ?? text(first?.contentUrl), base);
}

/** Normalises "en_US" / "EN-us" to a BCP 47 tag ("en-US"). */
function languageTag(v: string | undefined): string | undefined {
  if (!v) return undefined;
  const m = /^([a-z]{2,3})(?:[-_]([a-z0-9]{2,8}))?/i.exec(v.trim());
  if (!m) return undefined;
  return m[2] ? `${m[1].toLowerCase()}-${m[2].length === 2 ? m[2].toUpperCase() : m[2]}` : m[1].toLowerCase();
}

/** Reads all metadata of a parsed page. `url` is the page address, the base for relative links. */
export function readPageMetadata(page: PageElements, url?: string): PageMetadata {
  const meta = new Map<string, string>();
  for (const el of page.metas) {
    const key = (el.getAttribute('property') ?? el.getAttribute('name') ?? el.getAttribute('itemprop') ?? el.getAttribute('http-equiv'))?.trim().toLowerCase();
    const value = el.getAttribute('content');
    if (!key || value === null || !value.trim()) continue;
    // The first occurrence wins, as in browsers' and Readability's handling of duplicates.
    if (!meta.has(key)) meta.set(key, value.trim());
  }
  const m = (...keys: string[]): string | undefined => {
    for (const k of keys) {
      const v = meta.get(k);
      if (v) return collapseWhitespace(v);
    }
    return undefined;
  };

  const nodes = jsonLdNodes(page);
  const article = nodes.find((n) => typesOf(n).some((t) => ARTICLE_TYPES.test(t)));
  const site = nodes.find((n) => typesOf(n).some((t) => /^(WebSite|Organization|NewsMediaOrganization)$/.test(t)));
  const canonicalHref = page.canonical?.getAttribute('href') ?? undefined;

  const out: PageMetadata = { hasArticleSchema: Boolean(article), paywalled: false };
  out.title = text(article?.headline) ?? text(article?.name) ?? m('og:title', 'twitter:title', 'dc.title', 'dcterm:title', 'parsely-title', 'sailthru.title', 'title');
  out.byline =
    personNames(article?.author) ??
    m('author', 'article:author', 'dc.creator', 'dcterm:creator', 'parsely-author', 'sailthru.author', 'byl', 'citation_author');
  if (out.byline && /^https?:\/\//.test(out.byline)) out.byline = undefined;
  if (out.byline) out.byline = out.byline.replace(/^by\s+/i, '').trim() || undefined;
  out.siteName = m('og:site_name') ?? text(article?.publisher?.name) ?? text(site?.name) ?? m('application-name', 'twitter:site')?.replace(/^@/, '');
  out.publishedAt = parseFeedDate(
    text(article?.datePublished) ??
      m('article:published_time', 'article:published', 'og:published_time', 'datepublished', 'date', 'pubdate', 'publishdate', 'publish-date', 'dc.date', 'dc.date.issued', 'dcterms.date', 'parsely-pub-date', 'sailthru.date', 'citation_publication_date', 'citation_date') ??
      page.time?.getAttribute('datetime') ??
      undefined,
  );
  out.updatedAt = parseFeedDate(text(article?.dateModified) ?? m('article:modified_time', 'og:updated_time', 'datemodified', 'last-modified'));
  out.canonicalUrl = resolveUrl(canonicalHref, url) ?? resolveUrl(m('og:url'), url) ?? resolveUrl(url, undefined);
  out.image = imageUrl(article?.image, url) ?? resolveUrl(m('og:image', 'og:image:url', 'og:image:secure_url', 'twitter:image', 'twitter:image:src'), url);
  out.language = languageTag(
    page.root?.getAttribute('lang') ?? page.root?.getAttribute('xml:lang') ?? text(article?.inLanguage) ?? m('content-language', 'og:locale', 'language', 'dc.language') ?? undefined,
  );
  out.description = text(article?.description) ?? m('description', 'og:description', 'twitter:description');
  const keywords = article?.keywords ?? m('news_keywords', 'keywords', 'article:tag');
  const list = (Array.isArray(keywords) ? keywords : typeof keywords === 'string' ? keywords.split(',') : [])
    .map((k: unknown) => text(k))
    .filter((k: string | undefined): k is string => Boolean(k));
  if (list.length) out.keywords = [...new Set(list)].slice(0, 20);
  // Paragraph breaks of articleBody matter, so it is not whitespace-collapsed here.
  out.articleBody = typeof article?.articleBody === 'string' && article.articleBody.trim() ? article.articleBody.trim() : undefined;
  out.ogType = m('og:type')?.toLowerCase();
  const free = article?.isAccessibleForFree;
  out.paywalled = free === false || (typeof free === 'string' && free.toLowerCase() === 'false');
  for (const k of Object.keys(out) as (keyof PageMetadata)[]) if (out[k] === undefined) delete out[k];
  return out;
}
