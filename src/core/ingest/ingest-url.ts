/**
 * A URL a user pasted: fetch it through the guarded client, recognise it by its content (a web
 * page or any feed format), and store it through the same path as files. A page without an
 * article (home page, paywall, "enable JavaScript" shell) is refused with the extractor's reason
 * instead of storing junk.
 */
import type { ParsedArticle } from '../model.js';
import type { Newsdesk } from '../newsdesk.js';
import type { HttpClient } from './http-client.js';
import type { IngestReport } from './ingest-document.js';
import { UserError } from '../errors.js';
import { parseCopiedText } from '../parse/copied-text.js';
import { detectInput, type InputKind } from '../parse/detect.js';
import { parseFeed } from '../parse/feed.js';
import { extractHtml } from '../parse/html.js';
import { storeArticles } from '../feeds/store-articles.js';

/** A fetched URL, parsed but not stored. */
export interface ParsedUrl {
  /** The URL after redirects. */
  url: string;
  kind: InputKind;
  articles: ParsedArticle[];
  illFormed?: boolean;
  /** When it was fetched. */
  capturedAt: Date;
}

/**
 * Fetches `url` and parses it by content. Throws UserError: URL_REFUSED and FETCH_* from the
 * client, FEED_INVALID for a broken feed, INPUT_NO_ARTICLE for a page without an article (the
 * message says why: paywall, JavaScript required, index page, no article text).
 */
export async function parseUrl(client: HttpClient, url: string, now: Date): Promise<ParsedUrl> {
  const res = await client.fetchText(url);
  const text = res.text ?? '';
  if (!text.trim()) throw new UserError('INPUT_EMPTY', `${url} answered with an empty document.`);
  const kind = detectInput(text, { name: res.url, contentType: res.contentType });
  if (kind === 'feed') {
    const { feed, items } = parseFeed(text, { url: res.url, now, language: res.contentLanguage });
    return { url: res.url, kind, articles: items.map((i) => ({ ...i, source: i.source ?? res.url })), illFormed: feed.illFormed, capturedAt: now };
  }
  if (kind === 'html') {
    const page = extractHtml(text, { url: res.url });
    if (!page.hasArticle) {
      throw new UserError('INPUT_NO_ARTICLE', `${url}: no article to store. ${page.message ?? 'The page has no main text.'} (${page.reason ?? 'no-article-text'})`, {
        details: { reason: page.reason },
      });
    }
    const { hasArticle: _h, reason: _r, message: _m, ...article } = page;
    return { url: res.url, kind, articles: [{ ...article, source: article.source ?? res.url }], capturedAt: now };
  }
  const articles = parseCopiedText(text, { capturedAt: now, source: res.url });
  if (!articles.length) throw new UserError('INPUT_NO_ARTICLE', `${url}: no article text found.`);
  return { url: res.url, kind, articles, capturedAt: now };
}

/**
 * Fetches `url`, recognises it by content and stores its articles (a page gives one, a feed all
 * its items with body text). Throws as {@link parseUrl} does, and INPUT_NO_ARTICLE when nothing
 * has body text.
 */
export async function ingestUrl(newsdesk: Newsdesk, client: HttpClient, url: string): Promise<IngestReport> {
  const parsed = await parseUrl(client, url, newsdesk.clock.now());
  const report = storeArticles(newsdesk.store, parsed.articles, {
    now: parsed.capturedAt,
    origin: parsed.url,
    name: url,
    kind: parsed.kind,
    illFormed: parsed.kind === 'feed' ? parsed.illFormed : undefined,
  });
  if (!report.articles.length) throw new UserError('INPUT_NO_ARTICLE', `${url}: no article with body text found.`);
  return report;
}
