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
 *
 * Speed: the published `sentence-splitter` costs about 1.5 µs per character, as much as the
 * rest of the analysis together; most of it went into comparing every word with each of its
 * abbreviations by lowercasing both, which a patch (`patches/`, applied on install) replaces by
 * set lookups, 3.5 times faster with identical output. Most boundaries in news prose are plain (a full word, a full stop, a
 * space, a capital: "…the talks. The minister…"), so those are cut here directly and only the
 * pieces holding a boundary that could be an abbreviation, an initial, a number, an ellipsis
 * or a quotation go to the library. A plain boundary is never inside straight double quotes
 * or brackets, where the library does not cut either.
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

/** Terminal punctuation, the closing marks right after it, and the space after those. */
const CANDIDATE = /([.!?…。！？]+)(["'’”»)\]]*)(\s*)/gu;
/** Lowercase words of three or more letters that end in a full stop as abbreviations. */
const LOWER_ABBREVIATIONS = new Set(['etc', 'approx', 'est', 'dept', 'govt', 'incl', 'misc', 'nos', 'vol', 'vols', 'viz', 'ibid', 'esp', 'fig', 'figs', 'min', 'mins', 'max', 'sec', 'secs', 'hrs', 'yrs', 'mos', 'pts', 'cont', 'ref', 'refs', 'ed', 'eds', 'pop', 'tel', 'ext', 'int', 'seq', 'resp', 'repr', 'corp', 'inc', 'ltd', 'co', 'bros']);
/** Capitalised words of three or more letters used as abbreviations before a name or number. */
const CAPITAL_ABBREVIATIONS = new Set(['jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun', 'mrs', 'gen', 'col', 'sgt', 'rev', 'gov', 'sen', 'rep', 'maj', 'cpl', 'pte', 'fig', 'vol', 'inc', 'ltd', 'bro', 'est', 'ave', 'cal', 'ill', 'ind', 'kan', 'neb', 'nev', 'ore', 'tex', 'vic', 'qld', 'tas', 'ont', 'que', 'esq', 'dep', 'det', 'insp', 'supt', 'ald', 'msgr', 'mme', 'corp', 'dept', 'sept', 'calif', 'mass', 'conn', 'wash', 'mich', 'minn', 'tenn', 'okla', 'colo', 'ariz', 'wisc', 'prof', 'capt', 'messrs', 'dist', 'blvd', 'univ', 'assn', 'bros', 'inst', 'intl', 'mont', 'nebr', 'penn', 'rept', 'sens', 'reps', 'gens', 'govs', 'adm', 'comdr', 'cmdr', 'lieut', 'hon', 'pres', 'treas', 'secy', 'atty', 'figs', 'vols', 'nos', 'mlle', 'mssrs']);
/** Two capitals that end in a full stop as abbreviations (NO. 5, MR. SMITH). */
const TWO_LETTER_ABBREVIATIONS = new Set(['NO', 'MR', 'MS', 'DR', 'ST', 'JR', 'SR', 'CO', 'LT', 'VS', 'MT', 'FT', 'PT', 'GA', 'PA', 'VA', 'WA', 'LA', 'MD', 'MA', 'ME', 'MO', 'OK', 'OR', 'IN', 'AL', 'AZ', 'CA', 'CT', 'DE', 'FL', 'HI', 'ID', 'IL', 'IA', 'KS', 'KY', 'MI', 'MN', 'NE', 'NV', 'NH', 'NJ', 'NM', 'NY', 'NC', 'ND', 'OH', 'RI', 'SC', 'SD', 'TN', 'TX', 'UT', 'VT', 'WV', 'WI', 'WY']);
/** Quotation marks that open a sentence. */
const OPENING_QUOTES = '"“‘';
/** An amount right before the stop: a number with a percent sign or a short unit (47.3%, £59m, 5km). */
const AMOUNT_BEFORE = /(?:^|\s)[£$€¥]?\d[\d.,]*(?:%|\p{Ll}{1,3})$/u;
/** A closing bracket right after a word or number ("(2019). Then"). */
const BRACKET_BEFORE = /[\p{L}\p{N}%][)\]]$/u;
/** Two-letter words that end sentences ("…gave it up. Then"), never abbreviations. */
const SHORT_WORDS = new Set(['it', 'up', 'me', 'us', 'be', 'do', 'go', 'so', 'to', 'on', 'in', 'at', 'by', 'of', 'is', 'as', 'an', 'he', 'we', 'or', 'my', 'am', 'if', 'ok']);
/** A closing double quote right after a word. */
const QUOTE_BEFORE = /\p{L}["”]$/u;
/** The word right before a full stop (letters only), and what precedes it. */
const WORD_BEFORE = /(?:^|[^\p{L}\p{N}.'’-])(\p{L}+)$/u;

/**
 * Sentences as `sentence-splitter` would give them: plain boundaries are cut here, and only
 * the pieces between them that still hold a possible boundary are handed to the library.
 */
function rawSentences(paragraph: string): string[] {
  const out: string[] = [];
  let pieceStart = 0;
  let hard = false;
  let quotes = 0;
  let brackets = 0;
  let scanned = 0;
  const balanced = isBalanced(paragraph);
  const emit = (end: number) => {
    const piece = paragraph.slice(pieceStart, end).trim();
    if (piece) {
      if (hard || !/[\p{L}\p{N}]/u.test(piece)) out.push(...librarySentences(piece));
      else out.push(piece);
    }
    pieceStart = end;
    hard = false;
  };
  for (const m of paragraph.matchAll(CANDIDATE)) {
    const at = m.index ?? 0;
    const end = at + m[0].length;
    if (end >= paragraph.length) break;
    const [, punct, closers, space] = m;
    const digitBefore = at > 0 && isDigit(paragraph.charCodeAt(at - 1));
    // Where the library never cuts: after a closing mark ("here.” Then", cut later by
    // cutMissedBoundaries), and after a digit's full stop (3.5, "in 2006. Then").
    if (closers || (punct === '.' && digitBefore)) continue;
    // Quote and bracket balance up to this boundary.
    for (; scanned < at; scanned++) {
      const c = paragraph.charCodeAt(scanned);
      if (c === 34) quotes ^= 1;
      else if (c === 40 || c === 91) brackets++;
      else if ((c === 41 || c === 93) && brackets > 0) brackets--;
    }
    // Inside balanced straight double quotes or brackets the library never cuts: neither does
    // this. Where they are unbalanced, the library's pairing decides.
    if (balanced && (quotes !== 0 || brackets !== 0)) continue;
    if (space && quotes === 0 && brackets === 0 && isPlainBoundary(paragraph, at, punct, end)) emit(end);
    else hard = true;
  }
  emit(paragraph.length);
  return out;
}

/**
 * "…word. Next": a full stop, question or exclamation mark after a whole word, an amount
 * ("47.3%.", "£59m.") or a closing quote ("modest”."), then a capital or an opening quote and
 * a capital.
 */
function isPlainBoundary(text: string, at: number, punct: string, next: number): boolean {
  if (punct !== '.' && punct !== '!' && punct !== '?') return false;
  const first = text.charAt(next);
  if (!/\p{Lu}/u.test(first) && !(OPENING_QUOTES.includes(first) && /\p{Lu}/u.test(text.charAt(next + 1)))) return false;
  const before = text.slice(Math.max(0, at - 40), at);
  if (AMOUNT_BEFORE.test(before) || QUOTE_BEFORE.test(before) || BRACKET_BEFORE.test(before)) return true;
  const word = WORD_BEFORE.exec(before)?.[1];
  if (!word) return false;
  if (/^\p{Ll}{3,}$/u.test(word)) return !LOWER_ABBREVIATIONS.has(word);
  if (word.length === 2 && /^\p{Ll}+$/u.test(word)) return SHORT_WORDS.has(word);
  if (/^\p{Lu}\p{Ll}{2,}$/u.test(word)) return !CAPITAL_ABBREVIATIONS.has(word.toLowerCase());
  // Acronyms ("the BBC. The"); two-letter ones only when they are not abbreviations.
  if (/^\p{Lu}{2,}$/u.test(word)) return word.length > 2 ? !CAPITAL_ABBREVIATIONS.has(word.toLowerCase()) : !TWO_LETTER_ABBREVIATIONS.has(word);
  return false;
}

/** Whether straight double quotes pair up and every bracket opened is closed, in order. */
function isBalanced(text: string): boolean {
  let quotes = 0;
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) quotes ^= 1;
    else if (c === 40 || c === 91) depth++;
    else if (c === 41 || c === 93) {
      if (depth === 0) return false;
      depth--;
    }
  }
  return quotes === 0 && depth === 0;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

function librarySentences(text: string): string[] {
  return split(text)
    .filter((node) => node.type === 'Sentence')
    .map((node) => node.raw.trim())
    .filter((s) => s.length > 0);
}

function splitParagraph(paragraph: string): string[] {
  const raw = rawSentences(paragraph);
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
