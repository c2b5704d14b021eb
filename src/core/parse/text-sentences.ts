/**
 * A small sentence-boundary finder for flattened paragraphs, used only to find where glued
 * headings and captions can sit. It splits after . ! ? (and closing quotes) followed by a space
 * and an upper-case letter, digit or opening quote, except after common abbreviations and initials.
 */

const ABBREVIATIONS = new Set([
  'mr', 'mrs', 'ms', 'dr', 'prof', 'gov', 'sen', 'rep', 'gen', 'col', 'lt', 'sgt', 'capt', 'cmdr', 'adm',
  'st', 'mt', 'ft', 'jr', 'sr', 'inc', 'corp', 'co', 'ltd', 'no', 'vs', 'etc', 'approx', 'dept', 'est',
  'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec', 'rev', 'pres',
  'atty', 'supt', 'det', 'insp', 'sgt', 'cpl', 'pvt', 'maj', 'brig', 'hon', 'fig', 'vol', 'ch', 'pp',
]);

/** Splits flattened text into sentences, keeping every character (sentences joined by " " give back the text). */
export function splitSentences(text: string): string[] {
  const out: string[] = [];
  const re = /[.!?]+["'”’)\]]*\s+(?=["'“‘(]?[\p{Lu}\d])/gu;
  let start = 0;
  for (const m of text.matchAll(re)) {
    const end = m.index + m[0].trimEnd().length;
    if (isAbbreviationBefore(text, m.index)) continue;
    out.push(text.slice(start, end).trim());
    start = m.index + m[0].length;
  }
  const tail = text.slice(start).trim();
  if (tail) out.push(tail);
  return out;
}

/** True when the full stop at `dot` closes an abbreviation or an initial rather than a sentence. */
function isAbbreviationBefore(text: string, dot: number): boolean {
  if (text[dot] !== '.') return false;
  const before = text.slice(Math.max(0, dot - 20), dot);
  const word = /([\p{L}.]+)$/u.exec(before)?.[1] ?? '';
  if (word === '') return false;
  // Initials and dotted acronyms: "J.", "U.S", "a.m".
  if (/^\p{Lu}$/u.test(word) || /^(\p{L}\.)+\p{L}$/u.test(word)) return true;
  return ABBREVIATIONS.has(word.toLowerCase());
}

/** Words that start sentences but are capitalised mid-sentence almost never in running text. */
export const SENTENCE_STARTERS = new Set([
  'The', 'A', 'An', 'It', 'Its', 'In', 'On', 'At', 'For', 'But', 'This', 'That', 'These', 'Those',
  'He', 'She', 'They', 'We', 'There', 'When', 'While', 'After', 'Before', 'As', 'With', 'Last', 'Next',
  'Some', 'Many', 'Most', 'His', 'Her', 'Their', 'Our', 'If', 'Since', 'Although', 'However', 'Still',
  'Yet', 'So', 'Now', 'Then', 'Meanwhile', 'According', 'During', 'Under', 'Over', 'Both', 'Each',
  'Several', 'Officials', 'Experts', 'Critics', 'Analysts',
]);

/** Function words a heading does not end with, and after which a capital is just a name ("by The Associated Press"). */
export const FUNCTION_WORDS = new Set([
  'a', 'an', 'the', 'of', 'to', 'in', 'on', 'at', 'by', 'for', 'from', 'with', 'and', 'or', 'but', 'as',
  'into', 'onto', 'via', 'than', 'that', 'said', 'says', 'told', 'called', 'named', 'about', 'over',
  'under', 'after', 'before', 'during', 'against', 'between', 'among', 'near', 'like', 'is', 'are',
  'was', 'were', 'be', 'been', 'its', 'his', 'her', 'their', 'our', 'my', 'your', 'this', 'these',
  'those', 'through', 'across', 'toward', 'towards', 'upon', 'within', 'without', 'whom', 'who',
  'which', 'where', 'when', 'while', 'if', 'nor', 'so', 'because', 'since', 'until', 'per', 'including',
]);

/** Finite verbs common in news leads; used to tell a sentence from a caption or heading. */
export const COMMON_VERBS = new Set([
  'is', 'are', 'was', 'were', 'has', 'have', 'had', 'will', 'would', 'can', 'could', 'may', 'might',
  'should', 'must', 'shall', 'did', 'does', 'do', 'said', 'says', 'say', 'told', 'tells', 'announced',
  'plans', 'planned', 'expects', 'remains', 'remain', 'became', 'becomes', 'made', 'makes', 'took',
  'takes', 'gave', 'gives', 'went', 'goes', 'came', 'comes', 'began', 'begins', 'agreed', 'agrees',
  'reported', 'reports', 'launched', 'launches', 'won', 'wins', 'lost', 'loses', 'held', 'holds',
  'sent', 'sends', 'used', 'uses', 'needs', 'needed', 'wants', 'wanted', 'voted', 'votes', 'passed',
  'approved', 'approves', 'rejected', 'rejects', 'warned', 'warns', 'hopes', 'hoped', 'seeks',
  'sought', 'faces', 'faced', 'opened', 'opens', 'closed', 'closes', 'rose', 'rises', 'fell', 'falls',
  'killed', 'kills', 'struck', 'strikes', 'hit', 'hits', 'stands', 'stood', 'includes', 'included',
]);
