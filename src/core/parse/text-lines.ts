/**
 * Small line-level predicates shared by the copied-text parser. A line is one line of the
 * copied page after whitespace normalisation.
 */

/** Splits copied text into trimmed lines with whitespace collapsed; blank lines become "". */
export function textLines(text: string): string[] {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[\u00a0\u2007\u202f\t]/g, ' ')
    .replace(/[\u200b\u200c\u200d\ufeff]/g, '')
    .split('\n')
    .map((l) => l.replace(/ {2,}/g, ' ').trim());
}

/** Number of whitespace-separated words. */
export function wordCount(s: string): number {
  const t = s.trim();
  return t === '' ? 0 : t.split(/\s+/).length;
}

/** True when the line ends like a sentence: . ! ? or … possibly followed by closing quotes/brackets. */
export function endsSentence(s: string): boolean {
  return /[.!?…]["'”’»)\]]*$/.test(s.trim());
}

/**
 * True for running text: a line long enough to be a paragraph (at least 8 words and either
 * sentence-final punctuation, a sentence boundary inside, or more than 160 characters, which
 * covers text cut mid-sentence).
 */
export function isProse(s: string): boolean {
  const words = wordCount(s);
  if (words < 8) return false;
  return endsSentence(s) || s.length > 160 || /[.!?]["'”’]?\s+["“]?\p{Lu}/u.test(s);
}

/**
 * True for a short label-like line: at most 12 words and 100 characters, no sentence-final
 * full stop. Headings, publisher names, section labels and page chrome all look like this.
 */
export function isShortLine(s: string): boolean {
  const t = s.trim();
  if (t === '') return false;
  return wordCount(t) <= 12 && t.length <= 100 && !/[.!]["'”’)\]]*$/.test(t);
}

/**
 * True for a line that could name an outlet: 1–6 words, at most 48 characters, no sentence
 * punctuation at the end, starts with a capital letter or digit, and is not a "By …" byline.
 */
export function isPublisherLike(s: string): boolean {
  const t = s.trim();
  if (t === '' || t.length > 48) return false;
  const words = wordCount(t);
  if (words < 1 || words > 6) return false;
  if (/[.!?:;,]$/.test(t)) return false;
  if (/^by\s/i.test(t)) return false;
  if (!/^[\p{Lu}\p{N}]/u.test(t)) return false;
  // Outlet names are mostly capitalised words ("The Mainichi", "Yomiuri Shimbun", "BBC News").
  const tokens = t.split(/\s+/);
  const lower = tokens.filter((w) => /^\p{Ll}/u.test(w) && !/^(of|the|and|de|la|le|du|der|die|am|on|in|for|&)$/.test(w));
  return lower.length === 0;
}

/** A "- Source" / "— Source" / "From Source" attribution line in a related list; returns the source. */
export function sourceLine(s: string): string | undefined {
  const m = /^(?:[-–—•·]\s*|from\s+|source:\s*)(.{2,48})$/i.exec(s.trim());
  if (!m) return undefined;
  const name = m[1]!.trim();
  return isPublisherLike(name) ? name : undefined;
}

/** "By NAME" or "By NAME and NAME, Outlet": returns the byline without "By" and the outlet if named. */
export function parseByline(s: string): { byline: string; publisher?: string } | undefined {
  const t = s.trim();
  const m = /^by[:\s]\s*(.+)$/i.exec(t);
  if (!m || t.length > 160 || endsSentence(t.replace(/\b[A-Z]\.$/, ''))) return undefined;
  let rest = m[1]!.trim();
  if (!/^\p{Lu}/u.test(rest)) return undefined;
  let publisher: string | undefined;
  const pipe = /^(.+?)\s*[|,·]\s*([^,|·]+)$/.exec(rest);
  if (pipe) {
    const tail = pipe[2]!.trim();
    const head = pipe[1]!.trim();
    // The tail is an outlet, not the last of a list of names ("A, B and C") or a role ("Staff Writer").
    const isRole = /\b(writer|writers|reporter|reporters|correspondent|editor|staff|contributor)s?\b/i.test(tail);
    if (isPublisherLike(tail) && !/\band\b/.test(tail) && !isRole && (looksLikeOutlet(tail) || /\band\b/.test(head))) {
      publisher = tail;
      rest = head;
    }
  }
  return publisher ? { byline: rest, publisher } : { byline: rest };
}

/** Outlet-ish names: agency acronyms, or names with news words. */
function looksLikeOutlet(s: string): boolean {
  return (
    /^[A-Z]{2,6}$/.test(s) ||
    /\b(News|Press|Times|Post|Journal|Herald|Tribune|Reuters|Associated|Guardian|Telegraph|Gazette|Daily|Weekly|Radio|TV|Television|Media|Wire|Agency|Shimbun|Mainichi|Chronicle|Observer|Independent|Bloomberg|Express|Mail|Star|Sun)\b/.test(
      s,
    )
  );
}
