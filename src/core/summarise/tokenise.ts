/**
 * Word-level text features shared by the summariser, the topic tagger and keyword
 * extraction: lowercase word tokens, an English stopword list and a light suffix stemmer.
 * Everything here is linear in the length of the text.
 */
import { memoise } from '../memoise.js';

/** Common English function words and news filler that carry no topic. */
export const STOPWORDS: ReadonlySet<string> = new Set(
  (
    'a about above after again against all almost along also although always am among an and another any anyone ' +
    'anything are around as at be became because become been before being below between both but by can cannot ' +
    'could did do does doing done down during each either else enough even ever every few for from further get ' +
    'gets getting got had has have having he her here hers herself him himself his how however i if in into is it ' +
    'its itself just last least less like made make many may me might more most much must my myself near never new ' +
    'next no nor not now of off often on once one only onto or other others our ours ourselves out over own per ' +
    'perhaps put rather really said same say says see seen several shall she should since so some something still ' +
    'such than that the their theirs them themselves then there these they this those though through thus to too ' +
    'toward towards two under until up upon us very via was we well were what whatever when where whether which ' +
    'while who whom whose why will with within without would yet you your yours yourself ' +
    "told according added including including says asked go going went come came take taken took told mr mrs ms dr " +
    'year years time times day days week weeks month months today yesterday tomorrow monday tuesday wednesday ' +
    'thursday friday saturday sunday three four five first second people way part back around already'
  ).split(/\s+/),
);

/** Lowercase word tokens (letters, digits, inner apostrophes stripped), in order. */
export function words(text: string): string[] {
  // One array of matched strings, changed in place (no match objects).
  const out = text.toLowerCase().match(WORD) ?? [];
  for (let i = 0; i < out.length; i++) {
    // Drop possessive / contraction tails: "russia's" → "russia".
    const w = out[i];
    let cut = w.indexOf("'");
    if (cut < 0) cut = w.indexOf('’');
    if (cut >= 0) out[i] = w.slice(0, cut);
  }
  return out;
}

const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu;

/**
 * Words as written, for readers that keep case, possessives and hyphenated names whole: a
 * letter, then letters, digits, apostrophes and hyphens ("Kyiv's", "ex-minister", "G7"). A new
 * expression for each caller, as a global one keeps its position between uses.
 */
export function writtenWordPattern(): RegExp {
  return /[\p{L}][\p{L}\p{N}'’-]*/gu;
}

/**
 * A light English stemmer: strips the commonest inflections so "talks"/"talked"/"talking"
 * meet. Deliberately conservative (no Porter rewrite rules) to keep stems readable.
 */
export function stem(word: string): string {
  if (word.length <= 3 || /\d/.test(word)) return word;
  if (word.endsWith('ies') && word.length > 4) return `${word.slice(0, -3)}y`;
  if (word.endsWith('sses')) return word.slice(0, -2);
  if (word.endsWith('ing') && word.length > 5) return undouble(word.slice(0, -3));
  if (word.endsWith('ed') && word.length > 4) return undouble(word.slice(0, -2));
  if (word.endsWith('es') && /(ch|sh|x|ss|z)es$/.test(word)) return word.slice(0, -2);
  if (word.endsWith('s') && !word.endsWith('ss') && !word.endsWith('us') && !word.endsWith('is')) return word.slice(0, -1);
  return word;
}

function undouble(w: string): string {
  return /([^aeiouls])\1$/.test(w) ? w.slice(0, -1) : w;
}

/** {@link stem}, remembered for the words seen most recently. */
export const cachedStem = memoise(stem);

/** Stemmed content tokens: words minus stopwords and one-letter tokens. */
export function contentTokens(text: string): string[] {
  return contentTokensOf(words(text));
}

/** {@link contentTokens} of text already split by {@link words}. */
export function contentTokensOf(wordList: readonly string[]): string[] {
  const out: string[] = [];
  for (const w of wordList) {
    if (w.length < 2 || STOPWORDS.has(w)) continue;
    out.push(cachedStem(w));
  }
  return out;
}

/** Very frequent English words that are rare in other languages' text. */
const ENGLISH_MARKERS = new Set('the of and to is that for was with he she they said this from have has are were be by it its'.split(' '));

/**
 * True when the text is probably English: declared so by `language` (a BCP 47 tag) or, when
 * no language is declared, with at least 10% of its first 400 words being common English
 * function words (English news runs at 20–30%, French or Spanish near 2%).
 */
export function isLikelyEnglish(text: string, language?: string): boolean {
  if (language) return /^en\b/i.test(language);
  const sample = words(text.slice(0, 3000)).slice(0, 400);
  if (sample.length < 20) return true;
  let hits = 0;
  for (const w of sample) if (ENGLISH_MARKERS.has(w)) hits += 1;
  return hits / sample.length >= 0.1;
}
