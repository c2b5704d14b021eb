/**
 * Decides whether an extracted page holds an article, and whether its text is only a teaser.
 * Pages without an article (home and section pages, paywalls, "enable JavaScript" shells, error
 * pages) must be recognised so that Newsdesk says so instead of storing junk.
 */
import type { PageMetadata } from './html-metadata.js';

/** Why a page was judged to hold no article. */
export type NoArticleReason = 'javascript-required' | 'paywall' | 'index-page' | 'no-article-text';

/** Facts about a page gathered during extraction. */
export interface PageFacts {
  /** Visible text length of the whole page body, before extraction. */
  pageTextLength: number;
  /** Visible page text (first few thousand characters are enough). */
  pageText: string;
  /** Text of `<noscript>` elements. */
  noscriptText: string;
  /** Length of the extracted article text. */
  articleTextLength: number;
  /** Share of the extracted text that sits inside links, in [0, 1]. */
  articleLinkDensity: number;
  /** Number of paragraph blocks in the extracted text. */
  paragraphs: number;
  /** Path of the page URL, when known ("/" for a home page). */
  path?: string;
  meta: PageMetadata;
}

/** Verdict of {@link judgePage}. */
export interface PageVerdict {
  hasArticle: boolean;
  reason?: NoArticleReason;
  /** Human-readable explanation, safe to show. */
  message?: string;
  teaser: boolean;
}

const JS_REQUIRED = /\b(?:enable|turn on|activate|allow)\s+javascript\b|\bjavascript\s+(?:is\s+)?(?:required|disabled|must be enabled|needs to be enabled)\b|\brequires?\s+javascript\b|\bjavascript\s+to\s+(?:run|view|use)\b/i;
const PAYWALL = /\bsubscribe\s+(?:now\s+)?to\s+(?:continue|keep|read|unlock)|\bsubscribers?\s+only\b|\bto\s+continue\s+reading\b|\balready\s+a\s+subscriber\b|\bthis\s+(?:article|story|content)\s+is\s+(?:only\s+)?(?:available|reserved|exclusive)\s+(?:to|for)\s+(?:our\s+)?(?:subscribers|members)\b|\b(?:sign|log)\s+in\s+to\s+(?:continue|read)\s+(?:reading|this)|\bcreate\s+a\s+free\s+account\s+to\s+(?:continue|read)\b/i;

/** Below this many characters of extracted text there is no article. */
const MIN_ARTICLE_CHARS = 140;
/** Below this many characters an article is only a teaser. */
const TEASER_CHARS = 500;

/** Applies the rules in order: JavaScript shell, paywall, index page, too little text. */
export function judgePage(f: PageFacts): PageVerdict {
  const little = f.articleTextLength < 400;
  if (little && f.pageTextLength < 1500 && (JS_REQUIRED.test(f.noscriptText) || JS_REQUIRED.test(f.pageText))) {
    return { hasArticle: false, reason: 'javascript-required', message: 'The page needs JavaScript to show its content; no article text is in the HTML.', teaser: false };
  }
  const paywallHint = f.meta.paywalled || PAYWALL.test(f.pageText);
  if (paywallHint && f.articleTextLength < 600) {
    return {
      hasArticle: false,
      reason: 'paywall',
      message: 'The article is behind a paywall; only a few lines are readable.',
      teaser: true,
    };
  }
  const home = f.path === '/' || f.path === '';
  const indexLike =
    !f.meta.hasArticleSchema &&
    f.meta.ogType !== 'article' &&
    (home || f.meta.ogType === 'website') &&
    (f.articleLinkDensity > 0.35 || f.articleTextLength < 1000);
  if (indexLike || (f.articleLinkDensity > 0.6 && f.paragraphs > 3)) {
    return { hasArticle: false, reason: 'index-page', message: 'This looks like a home or section page listing articles, not an article.', teaser: false };
  }
  if (f.articleTextLength < MIN_ARTICLE_CHARS) {
    return { hasArticle: false, reason: 'no-article-text', message: 'No article text was found on the page.', teaser: false };
  }
  return { hasArticle: true, teaser: f.articleTextLength < TEASER_CHARS || (paywallHint && f.articleTextLength < 1500) };
}
