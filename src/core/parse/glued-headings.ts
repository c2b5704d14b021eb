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

/** Titles repeated before names ("Mr Blair … Mr Brown"): a repeat of these says nothing about a heading. */
const HONORIFICS = new Set(['Mr', 'Mrs', 'Ms', 'Dr', 'Sir', 'Lord', 'Lady', 'Prof', 'Gen', 'Sen', 'Rep', 'Gov', 'President', 'Prime', 'King', 'Queen', 'Prince', 'Pope', 'Saint', 'St']);

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
 * - a word that only starts sentences, followed by a lower-case word, comes after a content word
 *   ("… launches The company has …");
 * - the sentence starts with the heading's last or first capitalised word ("… option: Russia
 *   Russia's Soyuz …", "Funding gap Funding for …"), for headings of at most five words;
 * - an article-led title phrase (containing another capitalised word) ends in a lower-case word and
 *   is followed by a one-word name and a verb ("The Dragon capsule SpaceX is …").
 * Measured on 8,658 sentences of ordinary news paragraphs, these rules fire on very few; see the
 * unit tests for the appositive and title-of-work sentences they must leave alone.
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
    // A sentence-only word followed by a lower-case word: "… launches The company has …". Titles of
    // works ("film The Aviator", "Make It On Your Own") continue in capitals and are left alone.
    const startsSentence = SENTENCE_STARTERS.has(bare(next)) && /^\p{Ll}/u.test(after);
    // A capitalised heading word, adjacent or first, starts the sentence: "Russia Russia's", "Funding gap Funding".
    const nextName = /^\p{Lu}/u.test(nextBare) && nextBare.length >= 3 && !HONORIFICS.has(nextBare) && !SENTENCE_STARTERS.has(nextBare);
    const repeated = nextName && i <= 5 && (bare(prev) === nextBare || bare(head[0]!).replace(/['’]s$/, '') === nextBare);
    // "The Dragon capsule SpaceX is": an article-led title phrase ending in a lower-case noun, then a
    // one-word name and a verb. Without the leading article this is an appositive ("operator Eurotunnel has").
    const titleLike =
      /^(The|A|An)$/.test(head[0]!) &&
      /^\p{Ll}/u.test(prev) &&
      head.slice(1).some((w) => /^\p{Lu}/u.test(w)) &&
      !/[.'’]$/.test(next) &&
      COMMON_VERBS.has(bare(after).toLowerCase());
    if (startsSentence || repeated || titleLike) {
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
