/**
 * Subscription filters over stories. A term is a taxonomy topic (`space`), an entity name
 * (`nasa`, `north korea`), words that must all appear in the headline or summary (`data breach`)
 * or a regular expression in slashes (`/breach(es)?|ransomware/`). `*` or `all` matches every story.
 */
import type { StoryView } from '../model.js';
import { UserError } from '../errors.js';
import { findTopic } from '../topics/taxonomy.js';
import { compileSafeRegex, safeTest } from './safe-regex.js';

/** A compiled term. */
export interface Term {
  /** As the user wrote it. */
  text: string;
  test(story: StoryView): boolean;
}

/** Why a story was or was not kept. `rule` is a sentence fragment for people: `excluded by "sport"`. */
export type FilterVerdict = { ok: true; matched: string[] } | { ok: false; rule: string };

/** Include and exclude lists compiled once per subscription. */
export interface StoryFilter {
  check(story: StoryView): FilterVerdict;
}

function words(text: string): string[] {
  return [...text.toLowerCase().matchAll(/[\p{L}\p{N}]+/gu)].map((m) => m[0]);
}

function storyText(s: StoryView): string {
  return `${s.title}\n${s.tldr}\n${s.short.join(' ')}`;
}

// A digest checks every story (about 1,500 a day) against every term: each story's text and
// entity names are lowercased once, and words are looked up in the text instead of splitting it
// into a set (which allocates a string per word and dominated a digest's time).
interface StoryKeys {
  /** Headline and summaries, lowercased. */
  text: string;
  /** Entity names, lowercased. */
  entities: string[];
}
const storyKeys = new WeakMap<StoryView, StoryKeys>();
function keysOf(s: StoryView): StoryKeys {
  let keys = storyKeys.get(s);
  if (!keys) {
    keys = { text: storyText(s).toLowerCase(), entities: s.entities.map((e) => e.name.toLowerCase()) };
    storyKeys.set(s, keys);
  }
  return keys;
}

const WORD_CHAR = /[\p{L}\p{N}]/u;
/** Whether the code point of `text` ending at index `end` (inclusive) is a letter or digit. */
function wordCharBefore(text: string, end: number): boolean {
  if (end < 0) return false;
  const low = text.charCodeAt(end);
  const high = end > 0 ? text.charCodeAt(end - 1) : 0;
  const start = low >= 0xdc00 && low <= 0xdfff && high >= 0xd800 && high <= 0xdbff ? end - 1 : end;
  return WORD_CHAR.test(String.fromCodePoint(text.codePointAt(start)!));
}
/** Whether the code point of `text` starting at index `start` is a letter or digit. */
function wordCharAt(text: string, start: number): boolean {
  return start < text.length && WORD_CHAR.test(String.fromCodePoint(text.codePointAt(start)!));
}
/**
 * Whether `word` (letters and digits only) is one of the words of `text`: an occurrence with no
 * letter or digit on either side. Same answer as splitting `text` into runs of letters and digits.
 */
function hasWord(text: string, word: string): boolean {
  for (let i = text.indexOf(word); i >= 0; i = text.indexOf(word, i + 1)) {
    if (!wordCharBefore(text, i - 1) && !wordCharAt(text, i + word.length)) return true;
  }
  return false;
}

/** Compiles one term; throws a BAD_OPTION user error for a refused regex or an empty term. */
export function compileTerm(raw: string): Term {
  const text = raw.trim();
  if (!text) throw new UserError('BAD_OPTION', 'Empty topic or word in the list.');
  if (text === '*' || text.toLowerCase() === 'all') return { text: 'all', test: () => true };
  const re = /^\/(.+)\/([a-z]*)$/s.exec(text);
  if (re) {
    const regex = compileSafeRegex(re[1], re[2]);
    return { text, test: (s) => safeTest(regex, `${storyText(s)}\n${s.entities.map((e) => e.name).join('\n')}`) };
  }
  if (text.length > 100) throw new UserError('BAD_OPTION', `"${text.slice(0, 20)}…" is longer than 100 characters.`);
  const topic = findTopic(text);
  const lower = text.toLowerCase();
  const wanted = words(text);
  if (!wanted.length) throw new UserError('BAD_OPTION', `"${text}" has no letters or digits to match.`);
  return {
    text,
    test(s) {
      if (topic && s.topics.some((t) => t.id === topic.id)) return true;
      const keys = keysOf(s);
      if (keys.entities.includes(lower)) return true;
      return wanted.every((w) => hasWord(keys.text, w));
    },
  };
}

/** Splits a comma-separated list (`space, science, /ai|ml/`); commas inside /regex/ are kept. */
export function splitTerms(text: string | undefined): string[] {
  if (!text) return [];
  const out: string[] = [];
  let cur = '';
  let inRegex = false;
  for (const c of text) {
    if (c === '/' && (inRegex || !cur.trim())) inRegex = !inRegex;
    if (c === ',' && !inRegex) {
      if (cur.trim()) out.push(cur.trim());
      cur = '';
    } else cur += c;
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}

/** Compiles include (any may match) and exclude (none may match) lists. */
export function compileFilter(include: string[], exclude: string[]): StoryFilter {
  const inc = include.map(compileTerm);
  const exc = exclude.map(compileTerm);
  const notAbout = `not about ${inc.map((t) => `"${t.text}"`).join(' or ')}`;
  return {
    check(story) {
      const bad = exc.find((t) => t.test(story));
      if (bad) return { ok: false, rule: `excluded by "${bad.text}"` };
      const matched = inc.filter((t) => t.test(story)).map((t) => t.text);
      if (!matched.length) return { ok: false, rule: notAbout };
      return { ok: true, matched };
    },
  };
}
