/**
 * Sentence splitting for news prose.
 *
 * Design: the segmentation itself comes from `sentence-splitter` (textlint's maintained
 * splitter). Measured against the hard cases of the seed stories it already handles
 * abbreviations (Gov., U.S.-led, Dr., St., Jan., Inc.), initials (J. R. R. Tolkien),
 * decimals (3.5%), number separators (5,000-ton-class, 1,000-kilometer (620-mile)), "???",
 * "?!" and ellipses. `compromise`'s splitter was compared as well; it breaks "No. 5" and
 * "vs." apart and fuses "him... Then", so it was not chosen.
 *
 * `sentence-splitter` does not treat straight single quotes as quotation marks and never
 * looks past a closing quote, so a thin fix-up layer here repairs what it gets wrong:
 * - a fragment that begins with the closing quote of the previous sentence is joined back
 *   ("… big???' — apparently referring …", "'Vanya!' cried …");
 * - a fragment that begins with a lowercase letter, a dash or a comma is joined back
 *   ("in the U.K. today");
 * - a sentence that ends inside quotes or parentheses and is followed by a new capitalised
 *   sentence is cut after the closing mark ("He said 'go.' Then he left.");
 * - a full stop right after a digit ends a sentence when a capitalised word follows
 *   ("born in 1950. He moved"): `sentence-splitter` never splits there.
 */
import { split } from 'sentence-splitter';

/** Quotation marks that may close a quoted sentence. */
const CLOSING_QUOTES = `'"’”»`;
/**
 * Boundaries `sentence-splitter` misses, each followed by a new capitalised sentence:
 * terminal punctuation inside a closing quote or parenthesis ("He said 'go.' Then"), and a
 * full stop straight after a digit ("born in 1950. He moved"), which it never splits at.
 */
const MISSED_BOUNDARY = new RegExp(`([.!?…]+[${CLOSING_QUOTES})]+|\\d[.!?])\\s+(?=[\\p{Lu}‘“"'(\\[])`, 'gu');
/** A fragment starting with a closing quote (quote then space or end). */
const LEADING_CLOSER = new RegExp(`^([${CLOSING_QUOTES}]+)(?=\\s|$)`, 'u');

/**
 * Splits text into sentences, in order, trimmed, never empty. Blank lines (and single line
 * breaks) are hard boundaries: a sentence never spans two paragraphs.
 */
export function splitSentences(text: string): string[] {
  const out: string[] = [];
  for (const para of text.split(/\n+/)) {
    const trimmed = para.replace(/\s+/g, ' ').trim();
    if (trimmed) out.push(...splitParagraph(trimmed));
  }
  return out;
}

function splitParagraph(paragraph: string): string[] {
  const raw = split(paragraph)
    .filter((node) => node.type === 'Sentence')
    .map((node) => node.raw.trim())
    .filter((s) => s.length > 0);
  const joined: string[] = [];
  for (const fragment of raw) {
    const prev = joined.length > 0 ? joined[joined.length - 1] : undefined;
    if (prev === undefined) {
      joined.push(fragment);
      continue;
    }
    const closer = LEADING_CLOSER.exec(fragment);
    if (closer) {
      const rest = fragment.slice(closer[1].length).trim();
      if (rest === '' || !startsSentence(rest)) {
        joined[joined.length - 1] = `${prev}${closer[1]}${rest ? ` ${rest}` : ''}`;
      } else {
        joined[joined.length - 1] = `${prev}${closer[1]}`;
        joined.push(rest);
      }
      continue;
    }
    if (!startsSentence(fragment) || /^[\p{P}\s]+$/u.test(fragment)) {
      joined[joined.length - 1] = `${prev} ${fragment}`;
      continue;
    }
    joined.push(fragment);
  }
  return joined.flatMap(cutMissedBoundaries);
}

/** True when a fragment looks like the start of a sentence rather than a continuation. */
function startsSentence(fragment: string): boolean {
  const first = fragment.charAt(0);
  if (/[\p{Ll},;:—–-]/u.test(first)) return false;
  return true;
}

function cutMissedBoundaries(sentence: string): string[] {
  const parts: string[] = [];
  let last = 0;
  for (const m of sentence.matchAll(MISSED_BOUNDARY)) {
    const end = (m.index ?? 0) + m[1].length;
    const head = sentence.slice(last, end);
    if (/\d[.!?]$/.test(m[1])) {
      // "1. First item": a bare list number is not a sentence.
      if (/^\s*\d+[.!?]$/.test(head)) continue;
    } else if (!quoteIsClosing(head)) {
      // The quote must close a quotation opened earlier in this sentence, not open one.
      continue;
    }
    parts.push(head.trim());
    last = end;
  }
  const tail = sentence.slice(last).trim();
  if (tail) parts.push(tail);
  return parts.filter((p) => p.length > 0);
}

/** True when the last quote of `head` closes an opening quote earlier in `head`. */
function quoteIsClosing(head: string): boolean {
  const q = head.charAt(head.length - 1);
  if (q === ')') return head.includes('(');
  if (q === '”') return head.includes('“');
  if (q === '’') return head.includes('‘') || /(^|[\s(])'/.test(head);
  if (q === '»') return head.includes('«');
  const body = head.slice(0, -1);
  if (q === '"') return (body.match(/"/g)?.length ?? 0) % 2 === 1;
  // Straight single quote: an opening one follows a space, dash or start of text.
  return /(^|[\s(—–-])'/.test(body);
}
