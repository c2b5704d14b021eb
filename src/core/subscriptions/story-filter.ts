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

// A digest checks every story against every term: split each story's words once.
const wordSets = new WeakMap<StoryView, Set<string>>();
function storyWords(s: StoryView): Set<string> {
  let set = wordSets.get(s);
  if (!set) {
    set = new Set(words(storyText(s)));
    wordSets.set(s, set);
  }
  return set;
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
      if (s.entities.some((e) => e.name.toLowerCase() === lower)) return true;
      const have = storyWords(s);
      return wanted.every((w) => have.has(w));
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
  return {
    check(story) {
      const bad = exc.find((t) => t.test(story));
      if (bad) return { ok: false, rule: `excluded by "${bad.text}"` };
      const matched = inc.filter((t) => t.test(story)).map((t) => t.text);
      if (!matched.length) return { ok: false, rule: `not about ${inc.map((t) => `"${t.text}"`).join(' or ')}` };
      return { ok: true, matched };
    },
  };
}
