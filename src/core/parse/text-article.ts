/**
 * Builds a {@link ParsedArticle} from the lines of one article in copied page text: the main
 * article (title, header lines, body with headings) or one related-list entry (title and one
 * flattened paragraph).
 */
import type { Block, Dateline, ParsedArticle } from '../model.js';
import { flatParagraphBlocks } from './glued-headings.js';
import { resolveRelativeAge, isRelativeAge } from './relative-time.js';
import { isCaptionLine, splitLeadingCaption } from './text-caption.js';
import { isChromeLine, isListHeader } from './text-chrome.js';
import { findDate, isClockLine, parseDateLine } from './text-date.js';
import { splitDateline } from './text-dateline.js';
import { endsSentence, isProse, isPublisherLike, isShortLine, parseByline, wordCount } from './text-lines.js';
import { splitSentences } from './text-sentences.js';

/** Options shared by the article builders. */
export interface ArticleContext {
  capturedAt: Date;
  source?: string;
}

/** A paragraph this long with this many sentences was flattened and may hide glued headings. */
const FLAT_MIN_CHARS = 700;
const FLAT_MIN_SENTENCES = 6;

/** Removes chrome lines and the link lists that follow list headers ("Most Read" + titles). */
export function dropChrome(lines: string[]): string[] {
  const kept = lines.filter((l) => l !== '');
  const out: string[] = [];
  let inList = false;
  for (let i = 0; i < kept.length; i++) {
    const line = kept[i]!;
    if (isListHeader(line)) {
      inList = true;
      continue;
    }
    if (isChromeLine(line)) continue;
    if (inList) {
      // Link titles follow a list header; the list ends at prose or at a heading that introduces prose.
      const next = kept[i + 1];
      const headingOfProse = isShortLine(line) && next !== undefined && isProse(next);
      if (!isProse(line) && !headingOfProse) continue;
      inList = false;
    }
    out.push(line);
  }
  return out;
}

/** A title: a line of 2–30 words that is not chrome, a date, an age, a byline or a caption. */
function isTitleCandidate(line: string): boolean {
  const words = wordCount(line);
  if (words < 2 || words > 30 || line.length > 220) return false;
  return !isRelativeAge(line) && !parseDateLine(line) && !parseByline(line) && !isClockLine(line) && !isCaptionLine(line);
}

/** A byline, date line or relative age: the lines that follow a title. */
function isHeaderLine(line: string): boolean {
  return parseByline(line) !== undefined || parseDateLine(line) !== undefined || isRelativeAge(line);
}

/** Section and genre labels printed near a headline; never a publisher. */
const SECTION_LABEL =
  /^(analysis|opinion|live|exclusive|breaking( news)?|explainer|review|interview|comment|editorial|news|world|politics|business|sports?|science|tech(nology)?|health|culture|entertainment|local|national|international|markets|economy)$/i;

/** Most lines allowed between a title and the article's first paragraph (publisher, byline, date, caption). */
const MAX_HEADER_LINES = 5;

/**
 * Index of the title line, always above the first paragraph (text before the title is navigation).
 * Walks up from the first paragraph over header lines (publisher, byline, date, age, caption); the
 * first other line is the title, or a standfirst when it is long (10+ words) and sits under a
 * shorter headline. Fallbacks: the first line of three or more words, then a short line right
 * above the first paragraph. -1 when the text starts with a paragraph.
 */
function findTitle(lines: string[]): number {
  // A short line ending in a full stop starts the text too; headlines may end in "?" or "...".
  const statement = (l: string): boolean => /[.!]["'”’)\]]*$/.test(l) && !/(\.\.\.|…)$/.test(l) && wordCount(l) >= 4;
  const firstText = lines.findIndex((l) => (isProse(l) && !/[?…]$|\.\.\.$/.test(l)) || (statement(l) && !isCaptionLine(l)));
  const limit = firstText === -1 ? lines.length : firstText;
  let i = limit - 1;
  while (i >= 0 && isHeaderish(lines[i]!) && limit - i <= MAX_HEADER_LINES) i--;
  if (i >= 0 && isTitleCandidate(lines[i]!) && (wordCount(lines[i]!) >= 3 || i < limit - 1)) {
    const above = lines[i - 1];
    const words = wordCount(lines[i]!);
    const isStandfirst = (words >= 10 || endsSentence(lines[i]!)) && above !== undefined && isTitleCandidate(above) && wordCount(above) >= 4 && wordCount(above) < words;
    return isStandfirst ? i - 1 : i;
  }
  const first = lines.slice(0, limit).findIndex((l, j) => isTitleCandidate(l) && (wordCount(l) >= 3 || isPublisherLike(lines[j + 1] ?? '')));
  if (first !== -1) return first;
  if (firstText > 0 && isShortLine(lines[firstText - 1]!)) return firstText - 1;
  return -1;
}

/** Lines that sit between a headline and the text: publisher, byline, dates, ages, captions, stamps. */
function isHeaderish(line: string): boolean {
  return isHeaderLine(line) || isPublisherLike(line) || isCaptionLine(line) || isClockLine(line);
}

/** A title made from the first sentence when the text starts with a paragraph: at most 120 characters, cut at a word. */
function titleFromProse(paragraph: string): string {
  const sentence = splitSentences(paragraph)[0] ?? paragraph;
  if (sentence.length <= 120) return sentence.replace(/[.!?]+$/, '');
  return `${sentence.slice(0, 120).replace(/\s+\S*$/, '')}…`;
}

/** Parses the main article's lines; undefined when no title and body can be found. */
export function parseMainArticle(rawLines: string[], ctx: ArticleContext): ParsedArticle | undefined {
  const lines = dropChrome(rawLines);
  let t = findTitle(lines);
  let title = lines[t] ?? '';
  if (t === -1) {
    // No headline above the text: name the article after its first sentence and keep that paragraph.
    const firstProse = lines.findIndex((l) => isProse(l));
    if (firstProse === -1) return undefined;
    title = titleFromProse(lines[firstProse]!);
    t = firstProse - 1;
  }
  const article: ParsedArticle = { title, headings: [], blocks: [] };
  const captions: string[] = [];
  const deks: string[] = [];
  let k = t + 1;
  let headerItem = true; // the previous line was the title or a header line
  for (; k < lines.length && k <= t + 8; k++) {
    const line = lines[k]!;
    const by = parseByline(line);
    if (by) {
      article.byline = by.byline;
      if (by.publisher && !article.publisher) article.publisher = by.publisher;
      continue;
    }
    const age = resolveRelativeAge(line, ctx.capturedAt);
    // Once a date is known, an age or clock line opens a live-blog entry instead.
    if ((age || isClockLine(line)) && (article.publishedAt || article.updatedAt)) break;
    if (age) {
      article.publishedAt ??= age.toISOString();
      continue;
    }
    const dated = parseDateLine(line);
    if (dated) {
      if (dated.updated) article.updatedAt = dated.date.toISOString();
      else article.publishedAt = dated.date.toISOString();
      continue;
    }
    if (isCaptionLine(line)) {
      captions.push(line);
      continue;
    }
    if (SECTION_LABEL.test(line)) continue;
    if (headerItem && !article.publisher && isPublisherLike(line) && !isProse(line)) {
      article.publisher = line;
      continue;
    }
    // A standfirst (summary line) sits between the title and the byline or date lines.
    if (!isChromeLine(line) && wordCount(line) >= 6 && lines.slice(k + 1, k + 3).some(isHeaderLine)) {
      deks.push(line);
      continue;
    }
    // A full sentence before a dateline paragraph a few lines below is a photo caption.
    if (!splitDateline(line).removed && lines.slice(k + 1, k + 4).some((l) => splitDateline(l).removed)) {
      captions.push(line);
      headerItem = false;
      continue;
    }
    break;
  }
  if (article.updatedAt && !article.publishedAt) article.publishedAt = article.updatedAt;
  const body = buildBody(lines.slice(k), captions);
  article.blocks = [...deks.map((text) => ({ kind: 'paragraph' as const, text })), ...body.blocks];
  if (body.dateline) article.dateline = body.dateline;
  if (captions.length > 0) article.caption = captions.join(' ');
  if (!article.publishedAt && article.caption) {
    const found = findDate(article.caption);
    if (found) article.publishedAt = found.date.toISOString();
  }
  return finish(article, ctx);
}

/** Turns body lines into blocks: headings, live-blog stamps, paragraphs; the first paragraph loses its dateline. */
function buildBody(lines: string[], captions: string[]): { blocks: Block[]; dateline?: Dateline } {
  const blocks: Block[] = [];
  let dateline: Dateline | undefined;
  let sawParagraph = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const next = lines[i + 1];
    if (isCaptionLine(line)) {
      if (captions.length === 0) captions.push(line);
      continue;
    }
    if (isClockLine(line) || isRelativeAge(line)) {
      // A live-blog entry stamp: kept as its own heading block so entries never merge.
      if (next !== undefined) blocks.push({ kind: 'heading', text: line });
      continue;
    }
    if (isShortLine(line) && !isProse(line)) {
      // A heading introduces text; a short line followed by nothing or by more short lines is chrome.
      const introduces = next !== undefined && (isProse(next) || (!isShortLine(next) && wordCount(next) >= 8));
      if (!introduces) continue;
      // Headings start like titles; a lower-case fragment or a list item ("- item") is text.
      if (/^["“‘']?[\p{Lu}\p{N}]/u.test(line)) {
        blocks.push({ kind: 'heading', text: line });
        continue;
      }
    }
    let text = line;
    if (!sawParagraph) {
      const split = splitDateline(text);
      text = split.rest;
      dateline = split.dateline;
    }
    sawParagraph = true;
    blocks.push(...paragraphBlocks(text));
  }
  return dateline ? { blocks, dateline } : { blocks };
}

/** One paragraph, or several blocks when the paragraph is a flattened article with glued headings. */
function paragraphBlocks(text: string): Block[] {
  if (text.length >= FLAT_MIN_CHARS && splitSentences(text).length >= FLAT_MIN_SENTENCES) return flatParagraphBlocks(text);
  return [{ kind: 'paragraph', text }];
}

/** Parses one related-list entry: title line, then one or more (often flattened) paragraphs. */
export function parseRelatedEntry(
  entry: { publisher?: string; age: string; lines: string[] },
  ctx: ArticleContext,
): ParsedArticle | undefined {
  const lines = dropChrome(entry.lines);
  const t = lines.findIndex((l) => isTitleCandidate(l));
  if (t === -1) return undefined;
  const article: ParsedArticle = { title: lines[t]!, headings: [], blocks: [] };
  if (entry.publisher) article.publisher = entry.publisher;
  const at = resolveRelativeAge(entry.age, ctx.capturedAt);
  if (at) article.publishedAt = at.toISOString();
  const bodyLines = lines.slice(t + 1);
  // Trailing short lines after the last paragraph are list chrome ("Read more", "Share").
  while (bodyLines.length > 0 && isShortLine(bodyLines[bodyLines.length - 1]!) && !isProse(bodyLines[bodyLines.length - 1]!)) bodyLines.pop();
  for (let i = 0; i < bodyLines.length; i++) {
    let text = bodyLines[i]!;
    if (i === 0) {
      const split = splitDateline(text);
      if (split.removed) {
        text = split.rest;
        if (split.dateline) article.dateline = split.dateline;
      } else {
        const cap = splitLeadingCaption(text);
        if (cap.caption) article.caption = cap.caption;
        text = splitDateline(cap.rest).rest;
      }
    }
    if (isShortLine(text) && !isProse(text)) {
      if (i + 1 < bodyLines.length) article.blocks.push({ kind: 'heading', text });
      continue;
    }
    // List widgets flatten whole articles into one paragraph, so every entry paragraph is checked for glued headings.
    article.blocks.push(...flatParagraphBlocks(text));
  }
  dropTruncatedTail(article);
  return finish(article, ctx);
}

/** Widgets cut the text mid-sentence; drop the dangling fragment and mark the article a teaser. */
function dropTruncatedTail(article: ParsedArticle): void {
  const last = article.blocks[article.blocks.length - 1];
  if (!last || last.kind !== 'paragraph' || endsSentence(last.text)) return;
  const sentences = splitSentences(last.text);
  article.teaser = true;
  if (sentences.length > 1) last.text = sentences.slice(0, -1).join(' ');
}

function finish(article: ParsedArticle, ctx: ArticleContext): ParsedArticle | undefined {
  article.blocks = article.blocks.filter((b) => b.text.trim() !== '');
  // A heading must introduce something: drop one that ends the body.
  while (article.blocks.length > 0 && article.blocks[article.blocks.length - 1]!.kind === 'heading') article.blocks.pop();
  if (!article.blocks.some((b) => b.kind === 'paragraph')) return undefined;
  article.headings = article.blocks.filter((b) => b.kind === 'heading').map((b) => b.text);
  if (ctx.source) article.source = ctx.source;
  return article;
}
