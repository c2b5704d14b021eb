/**
 * Decides whether two articles report the same event.
 *
 * Different outlets rewrite a story in their own words, so exact shingle overlap (MinHash,
 * SimHash) only catches copies. We compare what rewrites keep: the named entities, the
 * distinctive words of title and lead, and the numbers (casualty counts, scores, amounts),
 * with a time gate, because two football matches of the same teams a week apart share
 * almost every entity but are two stories.
 */
import type { AnalysedArticle } from '../model.js';

/** Compact fingerprint of an article kept in the store for comparisons. */
export interface ArticleVector {
  /** Weighted distinctive terms (entities as 'e:<name>', words as plain lowercase). */
  terms: Record<string, number>;
  /** Distinctive title words. */
  title: string[];
  /** Numbers mentioned in title and lead ("390", "1,000" → "1000"). */
  numbers: string[];
  /** Milliseconds since epoch of publication (or ingestion). */
  at: number;
}

const STOP = new Set(
  (
    'a an the and or but if of to in on at by for with from as is are was were be been being it its this that these those ' +
    'he she they we you i his her their our your them him us not no yes so than then there here what which who whom whose ' +
    'when where why how all any both each few more most other some such only own same too very can will just should now ' +
    'said says say also after before over under about into through during against between up down out off again further ' +
    'once would could may might must has have had do does did new one two three year years week weeks day days time ' +
    'monday tuesday wednesday thursday friday saturday sunday today yesterday tomorrow last next first since while ' +
    'told according people including percent per mr mrs ms dr news report reports reported'
  ).split(' '),
);

/** Lowercase word tokens without stop words or very short words. */
export function contentWords(text: string): string[] {
  const out: string[] = [];
  for (const m of text.toLowerCase().matchAll(/[\p{L}][\p{L}\p{N}'’-]*/gu)) {
    const w = m[0].replace(/['’]s$/u, '').replace(/['’]/gu, '');
    if (w.length < 3 || STOP.has(w)) continue;
    out.push(w.length > 6 ? w.slice(0, 6) : w); // crude stem: keeps "exchange"/"exchanges" together
  }
  return out;
}

function numbersIn(text: string): string[] {
  const out = new Set<string>();
  for (const m of text.matchAll(/\b\d[\d,.]*\d\b|\b\d\b/g)) {
    const n = m[0].replace(/,/g, '');
    if (/^(19|20)\d\d$/.test(n)) continue; // years say little about the event
    out.add(n);
  }
  return [...out];
}

/** Builds the fingerprint of an article. `at` is its publication time in ms. */
export function articleVector(a: AnalysedArticle, at: number): ArticleVector {
  const paragraphs = a.blocks.filter((b) => b.kind === 'paragraph').map((b) => b.text);
  const lead = paragraphs.slice(0, 4).join(' ').slice(0, 1500);
  const terms: Record<string, number> = {};
  const add = (t: string, w: number) => {
    terms[t] = (terms[t] ?? 0) + w;
  };
  const titleWords = [...new Set(contentWords(a.title))];
  for (const w of titleWords) add(w, 2);
  for (const w of contentWords(lead)) add(w, 0.5);
  for (const e of a.entities.slice(0, 12)) add(`e:${e.name.toLowerCase()}`, 1.5 + Math.min(e.count, 5) * 0.3);
  // Keep the 40 strongest terms: enough to recognise the event, small enough to store.
  const top = Object.entries(terms)
    .sort((x, y) => y[1] - x[1])
    .slice(0, 40);
  return { terms: Object.fromEntries(top), title: titleWords, numbers: numbersIn(`${a.title} ${lead}`), at };
}

function cosine(a: Record<string, number>, b: Record<string, number>): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (const [k, v] of Object.entries(a)) {
    na += v * v;
    const w = b[k];
    if (w !== undefined) dot += v * w;
  }
  for (const v of Object.values(b)) nb += v * v;
  return na && nb ? dot / Math.sqrt(na * nb) : 0;
}

function overlap(a: string[], b: string[]): number {
  if (!a.length || !b.length) return 0;
  const sb = new Set(b);
  let n = 0;
  for (const x of a) if (sb.has(x)) n++;
  return n / Math.min(a.length, b.length);
}

/** Hours beyond which two articles are never the same story. */
export const MAX_STORY_GAP_HOURS = 72;

/**
 * Similarity in [0, 1] of two articles as reports of one event; 0 when too far apart in time.
 * {@link SAME_STORY_THRESHOLD} is the merge cut-off.
 */
export function storySimilarity(a: ArticleVector, b: ArticleVector): number {
  const gapHours = Math.abs(a.at - b.at) / 3_600_000;
  if (gapHours > MAX_STORY_GAP_HOURS) return 0;
  const body = cosine(a.terms, b.terms);
  const title = overlap(a.title, b.title);
  const nums = a.numbers.length && b.numbers.length ? overlap(a.numbers, b.numbers) : 0;
  const score = 0.65 * body + 0.2 * title + 0.15 * nums;
  // Older pairs need more evidence: a rematch or a follow-up shares entities but not the facts.
  return score * (gapHours > 36 ? 0.85 : 1);
}

/** Merge cut-off for {@link storySimilarity}, set from the labelled story set in the quality benchmark. */
export const SAME_STORY_THRESHOLD = 0.42;
