/**
 * Keyword extraction: the most distinctive words and two-word phrases of an article.
 *
 * Candidates are content words (no stopwords, no numbers) and adjacent content-word pairs
 * inside a clause. A candidate's score is its frequency, doubled for title words, with
 * repeated phrases preferred over their parts and capitalised names kept in their written
 * form. Linear in the length of the text.
 */
import { STOPWORDS, cachedStem, writtenWordPattern } from '../summarise/tokenise.js';

/** Default number of keywords returned. */
export const KEYWORD_COUNT = 10;

/** Generic news words that are frequent in every story and say nothing about this one. */
const GENERIC = new Set(
  (
    'also would could told added saying statement report reports reported official officials news time ' +
    'thing things number lot group part percent cent million billion thousands hundreds dozens including ' +
    'expected continue continued another however although move called based known taking making want wants ' +
    'think going make made good great big small major many much well like just one two three first second ' +
    'new old last next former early late later far end use used using seen set put left right high low side top best ' +
    'allowed order released given across ahead away able unable likely certain recent recently month january february ' +
    'march april may june july august september october november december spokesman spokeswoman'
  ).split(' '),
);

/** Words that name nothing alone but do inside a phrase ("North Korea", "South Africa"). */
const PHRASE_ONLY = new Set('north south east west northern southern eastern western central upper lower'.split(' '));

interface Candidate {
  score: number;
  count: number;
  /** The first written form; {@link Candidate.forms} counts all of them once there are two occurrences. */
  first: string;
  forms?: Map<string, number>;
}

/** Top distinctive terms and phrases of an article, best first (at most `count`). */
export function keywords(title: string, text: string, count = KEYWORD_COUNT): string[] {
  const cands = new Map<string, Candidate>();
  const add = (key: string, form: string, weight: number) => {
    const c = cands.get(key);
    // Most candidates occur once (every chance word pair is one): no map of forms for them.
    if (!c) {
      cands.set(key, { score: weight, count: 1, first: form });
      return;
    }
    c.score += weight;
    c.count += 1;
    c.forms ??= new Map([[c.first, 1]]);
    c.forms.set(form, (c.forms.get(form) ?? 0) + 1);
  };
  const visit = (source: string, weight: number) => {
    for (const clause of source.split(CLAUSE_BREAK)) {
      const toks = clause.match(TOKEN) ?? [];
      let prev: { key: string; form: string } | undefined;
      for (const raw of toks) {
        const form = withoutPossessive(raw);
        const lower = form.toLowerCase();
        if (lower.length < 3 || lower.includes("'") || lower.includes('’') || STOPWORDS.has(lower) || GENERIC.has(lower)) {
          prev = undefined;
          continue;
        }
        const key = cachedStem(lower);
        if (!PHRASE_ONLY.has(lower)) add(key, form, weight);
        if (prev) add(`${prev.key} ${key}`, `${prev.form} ${form}`, weight * 1.2);
        prev = { key, form };
      }
    }
  };
  visit(title, 2);
  visit(text, 1);

  const ranked = [...cands.entries()]
    // A phrase must recur to count as one; a single co-occurrence is chance.
    .filter(([key, c]) => !key.includes(' ') || c.count >= 2)
    .map(([key, c]) => ({ key, score: c.score * (key.includes(' ') ? 1.3 : 1), c }))
    .sort((a, b) => b.score - a.score || a.key.localeCompare(b.key));

  const out: string[] = [];
  const taken = new Set<string>();
  for (const r of ranked) {
    if (out.length >= count) break;
    const parts = r.key.split(' ');
    // Skip a word already inside a chosen phrase, and a phrase sharing a chosen word (whose
    // other words then count as covered: "McCall" chosen hides "Ian McCall" and "Ian").
    if (parts.some((p) => taken.has(p))) {
      for (const p of parts) taken.add(p);
      continue;
    }
    out.push(displayForm(r.c.forms ?? new Map([[r.c.first, 1]])));
    for (const p of parts) taken.add(p);
  }
  return out;
}

/** Where a clause ends: punctuation, quotes, dashes, line breaks, a quote mark beside a space. */
const CLAUSE_BREAK = /[.,;:!?()"“”‘’—–\n]+|'\s|\s'/;
const TOKEN = writtenWordPattern();

/** The word without a final apostrophe or apostrophe and "s" ("Ukraine's", "players'"). */
function withoutPossessive(w: string): string {
  const n = w.length;
  const last = w.charCodeAt(n - 1);
  if (last === APOSTROPHE || last === RIGHT_QUOTE) return w.slice(0, -1);
  if (last === 115 && n >= 2) {
    const before = w.charCodeAt(n - 2);
    if (before === APOSTROPHE || before === RIGHT_QUOTE) return w.slice(0, -2);
  }
  return w;
}

const APOSTROPHE = 39;
const RIGHT_QUOTE = 0x2019;

/** The written form to show: capitalised when the word is mostly written capitalised. */
function displayForm(forms: Map<string, number>): string {
  let best = '';
  let bestCount = -1;
  let capital = 0;
  let total = 0;
  for (const [form, n] of forms) {
    total += n;
    if (/^\p{Lu}/u.test(form)) capital += n;
    if (n > bestCount) {
      best = form;
      bestCount = n;
    }
  }
  return capital * 2 > total ? best : best.toLowerCase();
}
