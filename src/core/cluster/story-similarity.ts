/**
 * Decides whether two articles report the same event.
 *
 * Different outlets rewrite a story in their own words, so exact shingle overlap (MinHash,
 * SimHash) only catches copies. We compare what rewrites keep: the names (people, places,
 * organisations, products), the distinctive words of title and lead, and the numbers (casualty
 * counts, scores, amounts), with a time gate, because two football matches of the same teams a
 * week apart share almost every name but are two stories.
 *
 * Names and words share one term space (crudely stemmed lowercase words), so "Tarsen" found as
 * a name in one report and as a plain word in another still match; a term counts as a name when
 * the article writes it capitalised where a sentence does not start, or the entity tagger found
 * it. Names weigh more than words, and the generic parts of names ("Bank", "United", "Minister")
 * and of news prose ("officials", "announced") weigh little, since two events of one topic share
 * them. Figures are compared in canonical form and rounded counts agree ("31,482" / "about
 * 31,500"); a shared match score or vote is full agreement, two different ones a strong hint of
 * two events.
 *
 * Weights and cut-off were set on the development part of the labelled set in
 * tests/fixtures/stories and checked on its held-out parts (bench/quality/stories.ts).
 */
import type { AnalysedArticle } from '../model.js';
import { memoise } from '../memoise.js';
import { writtenWordPattern } from '../summarise/tokenise.js';

/** Compact fingerprint of an article kept in the store for comparisons. */
export interface ArticleVector {
  /** Weighted distinctive terms (stemmed lowercase words; names weigh more), strongest first. */
  terms: Record<string, number>;
  /** Distinctive title words. */
  title: string[];
  /** Figures of title and lead in canonical form ("1,000" → "1000", "4.50 per cent" → "4.5%", "2.1bn" → "2100000000", scores "2-1"). */
  numbers: string[];
  /** Milliseconds since epoch of publication (or ingestion). */
  at: number;
  /** Which of `terms` are names (absent in fingerprints stored by older versions). */
  names?: string[];
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

/** Lowercase, no possessive or apostrophes, plural, -ed, -ing and final -e dropped ("raised"/"raises" → "rais"). */
function baseForm(word: string): string {
  let w = word.toLowerCase().replace(/['’]s$/u, '').replace(/['’]/gu, '');
  if (w.length < 4) return w;
  if (w.endsWith('ies') && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (w.endsWith('ing') && w.length > 5) w = w.slice(0, -3);
  else if (w.endsWith('ed')) w = w.slice(0, -2);
  else if (/(ss|sh|ch|x|z)es$/u.test(w)) w = w.slice(0, -2);
  else if (w.endsWith('s') && !/(ss|us|is)$/u.test(w)) w = w.slice(0, -1);
  if (/([b-df-hj-km-rt-y])\1$/u.test(w)) w = w.slice(0, -1); // "stepped" → "step", keeps "kill"
  if (w.length > 3 && w.endsWith('e')) w = w.slice(0, -1);
  return w;
}

/**
 * Headline synonyms outlets swap for one another when rewriting the same report
 * ("quake"/"earthquake", "quits"/"resigns"), reduced to one base form.
 */
const SYNONYMS: Record<string, string> = Object.fromEntries(
  (
    'earthquake:quake tremor:quake temblor:quake wildfire:fire blaze:fire bushfire:fire inferno:fire ' +
    'quit:resign resignation:resign kill:dead death:dead died:dead deadly:dead fatal:dead ' +
    'hike:raise increase:raise lift:raise slash:cut lower:cut trim:cut axed:cut shed:cut ' +
    'walkout:strike hack:breach hacker:breach merger:merge takeover:merge acquire:merge acquisition:merge ' +
    'unveil:launch reveal:launch win:beat victory:beat defeat:beat edge:beat'
  )
    .split(' ')
    .map((pair) => pair.split(':').map(baseForm)),
);

/** Crude stem: {@link baseForm}, synonyms merged, first 6 letters ("exchange"/"exchanges" agree). */
const stem = memoise((word: string): string => {
  const w = baseForm(word);
  const s = SYNONYMS[w] ?? w;
  return s.length > 6 ? s.slice(0, 6) : s;
});

/**
 * Words every outlet uses for every event of a kind: parts of names (two central banks are both
 * "Bank", two clubs both "United") and news prose. They still count, at a fraction of the weight.
 */
const GENERIC = new Set(
  (
    'bank national central reserve federal state city town united athletic rovers wanderers rangers county celtic albion ' +
    'island islands province region regional district council government ministry department office agency authority ' +
    'institute service union party company group corporation inc ltd plc association federation league club ' +
    'minister prime president governor chief executive officer secretary general director manager mayor spokesman ' +
    'spokeswoman spokesperson deputy leader chairman chair head official officials member members ' +
    'north south east west northern southern eastern western central upper lower new old great port saint ' +
    'january february march april june july august september october november december ' +
    'million billion thousand hundred dozen half quarter around about nearly almost least more than ' +
    'statement announced announcement expected added asked called went made make take took get got come came ' +
    'morning evening afternoon night hours hour minutes minute early late later earlier ' +
    'world country countries national local city home homes public high low big small large major ' +
    'still well even back many much like near far part set seen see going way ' +
    'four five six seven eight nine ten eleven twelve twenty thirty second third cent month months'
  )
    .split(' ')
    .map((w) => stem(w)),
);

function keep(w: string): boolean {
  return w.length >= 3 && !STOP.has(w);
}

const memoTokenStem = memoise((token: string): string => {
  const full = token.toLowerCase().replace(/['’]s$/u, '').replace(/['’]/gu, '');
  return keep(full) ? stem(full) : '';
});

/**
 * A token as written → its stem, or '' when it is a stop word or too short. Short words and
 * stop words as written (a third or more of prose) are answered from the small stop-word set,
 * which stays in the processor's cache, before the large memo is searched.
 */
function tokenStem(token: string): string {
  return token.length < 3 || STOP.has(token) ? '' : memoTokenStem(token);
}

/** Words as the fingerprint reads them (see {@link writtenWordPattern}). */
const WORD = writtenWordPattern();

/** Lowercase word tokens without stop words or very short words. */
export function contentWords(text: string): string[] {
  const out: string[] = [];
  for (const w of text.match(WORD) ?? []) {
    const s = tokenStem(w);
    if (s) out.push(s);
  }
  return out;
}

/**
 * {@link contentWords} of `text`, and the stems of its words written as names (see
 * {@link isNameWord}; each part of a hyphenated one) added to `names`, from one pass over its words.
 */
function contentAndNameWords(text: string, names: Set<string>): string[] {
  const out: string[] = [];
  WORD.lastIndex = 0;
  for (let m = WORD.exec(text); m; m = WORD.exec(text)) {
    const w = m[0];
    const s = tokenStem(w);
    if (s) out.push(s);
    if (isNameWord(text, w, m.index)) {
      if (!w.includes('-')) {
        if (s) names.add(s);
      } else {
        for (const part of w.split('-')) {
          const p = tokenStem(part);
          if (p) names.add(p);
        }
      }
    }
  }
  return out;
}

/**
 * A word written as a name: capitalised (not all capitals, which datelines and shouting use) at a
 * place where a sentence does not start.
 */
function isNameWord(text: string, w: string, index: number): boolean {
  const first = w.charCodeAt(0);
  if (first >= 97 && first <= 122) return false; // a-z: most words, answered without the Unicode test
  return /^\p{Lu}/u.test(w) && w !== w.toUpperCase() && !startsSentence(text, index);
}

/** Whether the word at `index` opens a sentence: only spaces, quotes or brackets after a full stop (or nothing) before it. */
function startsSentence(text: string, index: number): boolean {
  let i = index - 1;
  while (i >= 0 && /[\s"'“‘(\[]/u.test(text[i])) i--;
  return i < 0 || /[.!?:;—–-]/u.test(text[i]);
}

/**
 * Stems of a title's words written as names (see {@link isNameWord}). Headline-case titles
 * capitalise every word, so they are only read for names when most words are lowercase.
 */
function titleNameStems(title: string): Set<string> {
  const out = new Set<string>();
  const words = title.match(WORD) ?? [];
  const capitalised = words.filter((w) => /^\p{Lu}/u.test(w)).length;
  if (words.length && capitalised / words.length < 0.6) contentAndNameWords(title, out);
  return out;
}

const NUMBER_WORDS: Record<string, number> = { one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10 };
const SCALES: Record<string, number> = { thousand: 1e3, k: 1e3, million: 1e6, m: 1e6, mn: 1e6, billion: 1e9, bn: 1e9, b: 1e9 };

/**
 * The figures of a text in one canonical form, so rewrites agree: "31,482" → "31482",
 * "4.2 million" and "4.2m" → "4200000", "four million" → "4000000", "4.50 per cent" and
 * "4.5pc" → "4.5%", scores and votes "2-1" kept whole. Years and bare counts under 10 are left
 * out: they recur in every story.
 */
function numbersIn(text: string): string[] {
  const out = new Set<string>();
  const scores = /\b\d{1,2}-\d{1,2}\b/g;
  for (const m of text.matchAll(scores)) out.add(m[0]);
  const rest = text.replace(scores, ' ').toLowerCase();
  const figure = /((?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\b(?:one|two|three|four|five|six|seven|eight|nine|ten)\b)(\s*(?:%|per ?cent\b|pc\b))?(\s*(?:thousand|million|billion|bn|mn|m|k|b)\b)?/g;
  for (const m of rest.matchAll(figure)) {
    const [, num, percent, scale] = m;
    const word = NUMBER_WORDS[num];
    if (word !== undefined && !scale) continue; // "two goals": only "four million" is a figure
    let value = word ?? Number(num.replace(/,/g, ''));
    if (!Number.isFinite(value)) continue;
    if (percent) {
      out.add(`${value}%`);
      continue;
    }
    if (scale) value = Math.round(value * SCALES[scale.trim()]);
    else if (/^(19|20)\d\d$/.test(num)) continue; // years say little about the event
    if (!scale && Number.isInteger(value) && value < 10) continue;
    out.add(String(value));
  }
  return [...out];
}

/**
 * Whether two canonical figures report the same quantity. Outlets round counts and amounts
 * ("31,482" / "about 31,500", "4.2 million" / "more than four million"), so integers of 100 or
 * more agree within 5% (10% from 1,000); percentages, decimals and scores must be equal.
 */
function sameFigure(a: string, b: string): boolean {
  if (a === b) return true;
  if (/[%.-]/.test(a) || /[%.-]/.test(b)) return false;
  const x = Number(a);
  const y = Number(b);
  const big = Math.max(x, y);
  if (Math.min(x, y) < 100) return false;
  return Math.abs(x - y) / big <= (big >= 1000 ? 0.1 : 0.05);
}

function figureOverlap(a: string[], b: string[]): number {
  if (!a.length || !b.length) return 0;
  let n = 0;
  for (const x of a) if (b.some((y) => sameFigure(x, y))) n++;
  return Math.min(1, n / Math.min(a.length, b.length));
}

/** Highest weight of a word before the name boost: one name repeated all over must not outweigh the rest. */
const WEIGHT_CAP = 2;

/** Builds the fingerprint of an article. `at` is its publication time in ms. */
export function articleVector(a: AnalysedArticle, at: number): ArticleVector {
  const paragraphs = a.blocks.filter((b) => b.kind === 'paragraph').map((b) => b.text);
  const lead = paragraphs.slice(0, 4).join(' ').slice(0, 1500);
  // Names: capitalised words of a lowercase title, of the lead and of the first entities.
  const names = titleNameStems(a.title);
  const leadWords = contentAndNameWords(lead, names);
  for (const e of a.entities.slice(0, 12)) {
    if (e.name === e.name.toUpperCase()) continue;
    for (const w of contentWords(e.name)) names.add(w);
  }
  // An outlet's own name (wire datelines, "told the Courier") says nothing about the event.
  const own = new Set(contentWords(a.publisher ?? ''));
  const titleSet = new Set(contentWords(a.title).filter((w) => !own.has(w)));
  const titleWords = [...titleSet];
  const leadCounts = new Map<string, number>();
  for (const w of leadWords) if (!own.has(w)) leadCounts.set(w, (leadCounts.get(w) ?? 0) + 1);
  // Title words first, then lead words, each once: the order ties keep in the sort below.
  const weighted: [string, number][] = [];
  const weigh = (w: string) => {
    const tf = leadCounts.get(w) ?? 0;
    let weight = Math.min(WEIGHT_CAP, (titleSet.has(w) ? 1.5 : 0) + (tf ? 0.6 * (1 + Math.log(tf)) : 0));
    if (names.has(w)) weight *= 2.2;
    if (GENERIC.has(w)) weight *= 0.3;
    weighted.push([w, Math.round(weight * 1000) / 1000]);
  };
  for (const w of titleWords) weigh(w);
  for (const w of leadCounts.keys()) if (!titleSet.has(w)) weigh(w);
  // Keep the 40 strongest terms: enough to recognise the event, small enough to store.
  const top = weighted.sort((x, y) => y[1] - x[1]).slice(0, 40);
  // A dictionary from the start (no prototype): every article has its own set of keys, so
  // Object.fromEntries, or assigning them to `{}`, made the engine search and add shapes for each.
  const terms: Record<string, number> = Object.create(null);
  for (const [t, w] of top) terms[t] = w;
  return {
    terms,
    title: titleWords,
    numbers: numbersIn(`${a.title} ${lead}`),
    at,
    names: top.map(([t]) => t).filter((t) => names.has(t)),
  };
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

const upgraded = new WeakMap<ArticleVector, { terms: Record<string, number>; title: string[] }>();

/**
 * Fingerprints stored before names were tracked (no `names`) kept entities as 'e:<name>' and
 * words cut to six letters: re-read them into today's term space, as far as that is possible, so
 * articles stored just before an upgrade still gather new coverage.
 */
function upgrade(v: ArticleVector): { terms: Record<string, number>; title: string[] } {
  let u = upgraded.get(v);
  if (!u) {
    const terms: Record<string, number> = {};
    for (const [k, w] of Object.entries(v.terms)) {
      for (const t of k.startsWith('e:') ? contentWords(k.slice(2)) : [stem(k)]) terms[t] = Math.max(terms[t] ?? 0, w);
    }
    u = { terms, title: v.title.map((w) => stem(w)) };
    upgraded.set(v, u);
  }
  return u;
}

function currentTerms(v: ArticleVector): Record<string, number> {
  return v.names ? v.terms : upgrade(v).terms;
}

function currentTitle(v: ArticleVector): string[] {
  return v.names ? v.title : upgrade(v).title;
}

/** The parts {@link storySimilarity} combines, for diagnosis and tuning. */
export function storySimilarityParts(
  a: ArticleVector,
  b: ArticleVector,
): { gapHours: number; body: number; title: number; numbers: number; resultsDiffer: boolean } {
  const gapHours = Math.abs(a.at - b.at) / 3_600_000;
  const body = cosine(currentTerms(a), currentTerms(b));
  const title = overlap(currentTitle(a), currentTitle(b));
  const numbers = figureOverlap(a.numbers, b.numbers);
  const resultsA = a.numbers.filter(isResult);
  const resultsB = b.numbers.filter(isResult);
  const resultsShared = resultsA.some((r) => resultsB.includes(r));
  const resultsDiffer = resultsA.length > 0 && resultsB.length > 0 && !resultsShared;
  // The same score or vote is the one figure every report of a match or a ballot repeats.
  return { gapHours, body, title, numbers: resultsShared ? 1 : numbers, resultsDiffer };
}

/** A score or vote such as "2-1". */
function isResult(figure: string): boolean {
  return /^\d{1,2}-\d{1,2}$/.test(figure);
}

/**
 * Similarity in [0, 1] of two articles as reports of one event; 0 when too far apart in time.
 * {@link SAME_STORY_THRESHOLD} is the merge cut-off.
 */
export function storySimilarity(a: ArticleVector, b: ArticleVector): number {
  const p = storySimilarityParts(a, b);
  if (p.gapHours > MAX_STORY_GAP_HOURS) return 0;
  const score = 0.6 * p.body + 0.15 * p.title + 0.25 * p.numbers;
  // Two results with no score in common are two matches (or two votes), however alike the names.
  const results = p.resultsDiffer ? 0.6 : 1;
  // Older pairs need more evidence: a rematch or a follow-up shares entities but not the facts.
  return score * results * (p.gapHours > 36 ? 0.85 : 1);
}

/**
 * Merge cut-off for {@link storySimilarity}, set on the development part of the labelled story set
 * (tests/fixtures/stories/dev): no false merge from 0.46 up, best B-cubed F1 from 0.46 to 0.52.
 */
export const SAME_STORY_THRESHOLD = 0.5;
