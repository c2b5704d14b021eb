/**
 * Undoes the flattening that related-story widgets apply: a whole article squeezed into one
 * paragraph with its subheadings glued to the next sentence ("… running. The Dragon capsule SpaceX
 * is the only …"). Headings become heading blocks so no summary sentence ever contains one.
 */
import type { Block } from '../model.js';
import { COMMON_VERBS, FUNCTION_WORDS, SENTENCE_STARTERS, splitSentences } from './text-sentences.js';

/** Verbs that never appear in a short subheading: a phrase containing one is a sentence. */
const AUXILIARIES = new Set([
  'is', 'are', 'was', 'were', 'has', 'have', 'had', 'will', 'would', 'can', 'could', 'said', 'says',
  'told', 'did', 'does', 'should', 'may', 'might', 'must',
]);

const REPORTING_VERBS = new Set(['said', 'says', 'say', 'told', 'added', 'noted', 'wrote']);

const MAX_HEADING_WORDS = 9;
const MAX_HEADING_CHARS = 70;
const MIN_REST_WORDS = 5;

/** A sentence that starts with a glued heading, split into the two. */
export interface GluedHeading {
  heading: string;
  rest: string;
}

/**
 * Finds a subheading glued to the start of a sentence. Three general signals, tried for each
 * possible heading length (2–9 words, no comma, no auxiliary verb, not ending in a function word):
 * - a word that only starts sentences follows a content word ("… launches The company has …");
 * - a capitalised word of the heading starts the sentence ("… option: Russia Russia's Soyuz …");
 * - a title-like phrase (containing another capitalised word) ends in a lower-case word and is
 *   followed by a one-word name and a verb ("The Dragon capsule SpaceX is …");
 * - a phrase of three or more words ending in a lower-case word is followed by a subject and a
 *   reporting verb ("Children's programs return Librarians said …").
 */
export function findGluedHeading(sentence: string): GluedHeading | undefined {
  const tokens = sentence.split(/\s+/);
  const limit = Math.min(MAX_HEADING_WORDS, tokens.length - MIN_REST_WORDS);
  for (let i = 2; i <= limit; i++) {
    const head = tokens.slice(0, i);
    const prev = tokens[i - 1]!;
    const next = tokens[i]!;
    const after = tokens[i + 1] ?? '';
    if (/[,;(]|\)$/.test(head.join(' ')) || head.join(' ').length > MAX_HEADING_CHARS) break;
    if (head.some((w) => AUXILIARIES.has(bare(w).toLowerCase()))) break;
    if (/[:–—-]$/.test(prev) || FUNCTION_WORDS.has(bare(prev).toLowerCase())) continue;
    if (!/^["“‘']?\p{Lu}/u.test(next)) continue;
    const nextBare = bare(next).replace(/['’]s$/, '');
    const startsSentence = SENTENCE_STARTERS.has(bare(next));
    // The sentence repeats a capitalised word of the heading: "Russia Russia's", "Funding gap Funding for".
    const repeated = head.some((w) => /^\p{Lu}/u.test(bare(w)) && bare(w).replace(/['’]s$/, '') === nextBare);
    const titleLike =
      /^\p{Ll}/u.test(prev) &&
      head.slice(1).some((w) => /^\p{Lu}/u.test(w)) &&
      !/[.'’]$/.test(next) &&
      COMMON_VERBS.has(bare(after).toLowerCase());
    // A lower-case phrase of three or more words, then a subject and a reporting verb: "… return Librarians said".
    const reported = /^\p{Ll}/u.test(prev) && i >= 3 && !/[.'’]$/.test(next) && REPORTING_VERBS.has(bare(after).toLowerCase());
    if (startsSentence || repeated || titleLike || reported) {
      return { heading: head.join(' '), rest: tokens.slice(i).join(' ') };
    }
  }
  return undefined;
}

/**
 * Splits a flattened paragraph into paragraph and heading blocks. Sentences stay whole; a
 * paragraph break is placed at each detected heading.
 */
export function flatParagraphBlocks(text: string): Block[] {
  const blocks: Block[] = [];
  let current: string[] = [];
  const flush = (): void => {
    if (current.length > 0) blocks.push({ kind: 'paragraph', text: current.join(' ') });
    current = [];
  };
  for (const sentence of splitSentences(text)) {
    const glued = findGluedHeading(sentence);
    if (glued) {
      flush();
      blocks.push({ kind: 'heading', text: glued.heading });
      current.push(glued.rest);
    } else {
      current.push(sentence);
    }
  }
  flush();
  return blocks;
}

/** The word without surrounding quotes and punctuation. */
function bare(word: string): string {
  return word.replace(/^["“‘'(]+/, '').replace(/[.,;:!?"”’')]+$/, '');
}
