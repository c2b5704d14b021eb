/**
 * Cuts the lines of a copied page into the main article and the entries of a related-stories
 * list. A related entry is anchored on a relative age line ("3 hours ago") that comes after the
 * main article's first paragraph and is framed like a list item: a publisher line just before it
 * (or on the same line, "The Mainichi · 3 hours ago"), a "- Source" line just after it, or a list
 * header ("Related Articles") somewhere above it. A page that holds only a list has no main article.
 */
import { isChromeLine, isListHeader } from './text-chrome.js';
import { isPublisherLike, isProse, sourceLine, wordCount } from './text-lines.js';
import { splitAgeLine } from './relative-time.js';

/** One entry of a related-stories list, still as lines. */
export interface RelatedEntryLines {
  /** The publisher line before the age, or the "- Source" line after it. */
  publisher?: string;
  /** The relative age line, e.g. "3 hours ago". */
  age: string;
  /** Title and body lines, blank lines removed. */
  lines: string[];
}

/** Result of {@link segmentPage}. */
export interface PageSegments {
  /** Lines of the main article (blank lines kept as ""). */
  main: string[];
  related: RelatedEntryLines[];
}

/** Splits page lines into the main article and related entries. */
export function segmentPage(lines: string[]): PageSegments {
  const firstProse = lines.findIndex((l) => isProse(l));
  const listHeader = lines.findIndex((l, i) => i > firstProse && isListHeader(l));
  const anchors: { age: number; ageText: string; start: number; publisher?: string; title?: string }[] = [];
  for (let i = 0; i < lines.length; i++) {
    const ageLine = splitAgeLine(lines[i]!);
    if (!ageLine) continue;
    const p = prevNonEmpty(lines, i);
    const n = nextNonEmpty(lines, i);
    const prevIsPublisher = !ageLine.publisher && p !== -1 && isPublisherLike(lines[p]!) && !isChromeLine(lines[p]!);
    const nextIsSource = n !== -1 && sourceLine(lines[n]!) !== undefined;
    const afterHeader = listHeader !== -1 && i > listHeader;
    if (!prevIsPublisher && !nextIsSource && !afterHeader && !ageLine.publisher) continue;
    let start = prevIsPublisher ? p : i;
    // Before the first paragraph an age line belongs to the main article, unless the page is only a list.
    if (firstProse !== -1 && i < firstProse && !lines.slice(0, start).every((l) => l === '' || isChromeLine(l))) continue;
    if (firstProse !== -1 && i > firstProse && prevIsPublisher && p < firstProse) continue;
    // Layout "Title / Publisher / 3 hours ago / text": the title sits above the publisher line.
    let title: string | undefined;
    const firstAfter = nextIsSource ? nextNonEmpty(lines, n) : n;
    const before = prevNonEmpty(lines, start);
    if (firstAfter !== -1 && isProse(lines[firstAfter]!) && wordCount(lines[firstAfter]!) > 30 && before !== -1) {
      const candidate = lines[before]!;
      if (!isProse(candidate) && !isChromeLine(candidate) && wordCount(candidate) >= 3 && wordCount(candidate) <= 30) {
        title = candidate;
        start = before;
      }
    }
    const publisher = ageLine.publisher ?? (prevIsPublisher ? lines[p]! : undefined);
    anchors.push({ age: i, ageText: ageLine.age, start, ...(publisher ? { publisher } : {}), ...(title ? { title } : {}) });
  }
  if (anchors.length === 0) return { main: lines, related: [] };
  const related: RelatedEntryLines[] = [];
  for (let k = 0; k < anchors.length; k++) {
    const a = anchors[k]!;
    const end = k + 1 < anchors.length ? anchors[k + 1]!.start : lines.length;
    let body = lines.slice(a.age + 1, end).filter((l) => l !== '');
    let publisher = a.publisher;
    const src = body.length > 0 ? sourceLine(body[0]!) : undefined;
    if (src !== undefined) {
      publisher ??= src;
      body = body.slice(1);
    }
    if (a.title) body.unshift(a.title);
    related.push({ age: a.ageText, lines: body, ...(publisher ? { publisher } : {}) });
  }
  return { main: lines.slice(0, anchors[0]!.start), related };
}

function prevNonEmpty(lines: string[], i: number): number {
  for (let j = i - 1; j >= 0; j--) if (lines[j] !== '') return j;
  return -1;
}

function nextNonEmpty(lines: string[], i: number): number {
  for (let j = i + 1; j < lines.length; j++) if (lines[j] !== '') return j;
  return -1;
}
