/**
 * Parses the text a reader gets by selecting and copying a whole news page: the main article
 * followed by page chrome and, often, a list of related stories, each of which becomes an
 * article of its own.
 */
import type { ParsedArticle } from '../model.js';
import { parseMainArticle, parseRelatedEntry } from './text-article.js';
import { textLines } from './text-lines.js';
import { segmentPage } from './text-segments.js';

/** Options of {@link parseCopiedText}. */
export interface CopiedTextOptions {
  /** When the text was copied; relative ages ("3 hours ago") count back from it. */
  capturedAt: Date;
  /** File path or URL the text came from, copied into each article's `source`. */
  source?: string;
}

/**
 * Splits copied page text into articles, main article first, then related entries in page order.
 *
 * - Title: the first substantial line; publisher: a short outlet-like line right after it
 *   (or before the age line of a related entry, or the "- Source" line after it).
 * - Header lines under the title: "By …" bylines, date lines ("Updated 2:15 PM EST, Tue March 4,
 *   2025"), relative ages, photo captions (kept in `caption`, out of the body; a caption's date
 *   becomes `publishedAt` when nothing better is given).
 * - The first paragraph loses its dateline ("SEOUL, South Korea (AP) -- "), parsed into `dateline`.
 * - Page chrome (share buttons, comment boxes, newsletter prompts, list headers) is dropped by
 *   vocabulary and structure; headings are short lines that introduce a paragraph.
 * - Related entries' flattened paragraphs are split at glued subheadings.
 *
 * Returns an empty array when the text holds no article (no title with body text).
 */
export function parseCopiedText(text: string, opts: CopiedTextOptions): ParsedArticle[] {
  const ctx = { capturedAt: opts.capturedAt, ...(opts.source ? { source: opts.source } : {}) };
  const { main, related } = segmentPage(textLines(text));
  const out: ParsedArticle[] = [];
  const mainArticle = parseMainArticle(main, ctx);
  if (mainArticle) out.push(mainArticle);
  for (const entry of related) {
    const article = parseRelatedEntry(entry, ctx);
    if (article) out.push(article);
  }
  return out;
}
