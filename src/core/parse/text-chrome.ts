/**
 * Recognises page chrome in copied text: the buttons, labels, empty states and list headers a
 * reader selects along with the article ("Share this article", "Comments", "No comments yet...",
 * "Related Articles", "Sign up for our newsletter", "© 2025 …").
 *
 * The rule is lexical but general: a short line is chrome when, after removing chrome vocabulary
 * and filler words, at most one word (typically a brand name such as "Daily8") is left, and at
 * least one real chrome word was present. "Share prices tumble" keeps two content words and so
 * stays a heading.
 */
import { endsSentence, wordCount } from './text-lines.js';

/** Words that, on a short line, mark interface text rather than journalism. */
const CHROME_WORDS = new Set([
  'share', 'shares', 'shared', 'sharing', 'comment', 'comments', 'related', 'newsletter', 'newsletters',
  'subscribe', 'subscription', 'subscribed', 'advertisement', 'advertising', 'ad', 'ads', 'sponsored',
  'read', 'hashtags', 'hashtag', 'tags', 'features', 'feature', 'explore', 'follow', 'recommended',
  'trending', 'popular', 'cookie', 'cookies', 'copyright', 'rights', 'reserved', 'login', 'log',
  'sign', 'signin', 'register', 'skip', 'menu', 'print', 'email', 'e-mail', 'facebook', 'twitter', 'x',
  'whatsapp', 'linkedin', 'reddit', 'telegram', 'pinterest', 'instagram', 'youtube', 'tiktok', 'app',
  'download', 'listen', 'audio', 'watch', 'video', 'videos', 'photos', 'gallery', 'loading', 'load',
  'show', 'reply', 'replies', 'like', 'likes', 'save', 'saved', 'bookmark', 'copy', 'link', 'copied',
  'privacy', 'policy', 'terms', 'accept', 'manage', 'preferences', 'settings', 'notifications',
  'alerts', 'try', 'continue', 'reading', 'stories', 'articles', 'article', 'story', 'headlines',
  'latest', 'news', 'home', 'search', 'close', 'open', 'back', 'top', 'next', 'previous', 'prev',
  'view', 'views', 'see', 'also', 'topics', 'categories', 'category', 'section', 'sections', 'ai',
  'feedback', 'report', 'contact', 'about', 'careers', 'sitemap', 'rss', 'premium', 'subscribers',
  'exclusive', 'free', 'trial', 'offer', 'deal', 'min', 'mins', 'minute', 'minutes', 'edition',
  'translate', 'translation', 'font', 'size', 'text', 'main', 'content', 'navigation', 'nav', 'toggle',
]);

/** Words that carry no content on their own; they may surround chrome words. */
const FILLER_WORDS = new Set([
  'the', 'a', 'an', 'this', 'that', 'these', 'our', 'your', 'my', 'us', 'you', 'we', 'to', 'for', 'on',
  'in', 'of', 'with', 'and', 'or', 'by', 'from', 'at', 'up', 'out', 'now', 'yet', 'no', 'more',
  'most', 'all', 'what', 'can', 'do', 'be', 'first', 'here', 'there', 'it', 'is', 'are', 'get',
  'new', 'other', 'today', 'daily', 'weekly', 'via', 'page', 'full', 'into', 'also', 'as', 'about',
  'less', 'again', 'one', 'only', 'per', 'every', 'please', 'sorry', 'there', 'nothing',
]);

/** Prefixes that make a line a link or promotion whatever follows ("Read more: …", "RELATED: …"). */
const CHROME_PREFIX =
  /^(read more|read also|also read|more from|more on this|related|see also|recommended|advertisement|sponsored|most read|trending|subscribe|sign up|don't miss|must read|further reading|tags|topics|filed under|categories|keywords)\s*[:|»›>-]/i;

/** Production credits that close wire stories ("Reporting by …; Editing by …"). */
const CREDIT_LINE = /^((additional )?reporting|writing|editing|compiled|produced) by\b|^our standards\s*:/i;

/** Promotion sentences under newsletter and app prompts ("Get the top stories in your inbox"). */
const PROMO = /\b(in your inbox|sign up for|subscribe (to|now|today)|our newsletter|download (our|the) app|support (our|independent) journalism)\b/i;

/** Cookie and consent banners. */
const CONSENT = /\b(we use cookies|uses cookies|use of cookies|cookie (policy|settings|preferences)|accept (all )?cookies|manage (your )?(consent|cookies))\b/i;

/** Lines that mean "nothing here" in comment boxes and widgets. */
const EMPTY_STATE =
  /^(no comments( yet)?|be the first to (comment|reply|review)|loading|no results|there are no comments|comments are closed|show (more|less)|load more|view (all|more) comments)\b/i;

/**
 * True when the line is page chrome. Checks, in order: copyright lines, empty-state lines,
 * link/promotion prefixes ("Read more: …"), then the vocabulary rule on short lines without
 * sentence punctuation.
 */
export function isChromeLine(line: string): boolean {
  const t = line.trim();
  if (t === '') return false;
  if (/^(©|\(c\)\s|copyright\b)/i.test(t) || /\ball rights reserved\b/i.test(t)) return true;
  if (EMPTY_STATE.test(t) && wordCount(t) <= 8) return true;
  if (CREDIT_LINE.test(t) && t.length <= 300) return true;
  if (PROMO.test(t) && wordCount(t) <= 20) return true;
  if (CONSENT.test(t) && wordCount(t) <= 60) return true;
  if (CHROME_PREFIX.test(t) && t.length <= 200) return true;
  if (/^more (from|on|in|about|stories|news)\b/i.test(t) && wordCount(t) <= 6 && !endsSentence(t)) return true;
  if (wordCount(t) > 10 || t.length > 80) return false;
  // Sentence punctuation means text, except an ellipsis or trailing colon ("Explore …:").
  if (endsSentence(t) && !/(\.\.\.|…)$/.test(t)) return false;
  const words = t
    .toLowerCase()
    .replace(/[“”"'’‘()[\]:|•·»›<>…]/g, ' ')
    .replace(/\.{2,}/g, ' ')
    .split(/\s+/)
    .filter((w) => w !== '' && !/^[-–—]+$/.test(w));
  if (words.length === 0) return false;
  let chrome = 0;
  let other = 0;
  for (const w of words) {
    const bare = w.replace(/[.,!?;]+$/, '');
    if (CHROME_WORDS.has(bare)) chrome++;
    else if (FILLER_WORDS.has(bare) || /^\d+$/.test(bare)) continue;
    else other++;
  }
  return other <= 1 && chrome > other;
}

/**
 * True for a chrome line that introduces a list of links ("Related Articles", "Most Read",
 * "Recommended", "More from …"): the short lines that follow it are titles of other pages.
 */
export function isListHeader(line: string): boolean {
  const t = line.trim().toLowerCase();
  return (
    isChromeLine(line) &&
    /\b(related|most read|most popular|recommended|trending|more from|more stories|more news|read next|latest|top stories|you may also like|popular)\b/.test(
      t,
    )
  );
}
