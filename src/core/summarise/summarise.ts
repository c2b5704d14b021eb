/**
 * Extractive summaries: whole body sentences, ranked, never rewritten.
 *
 * Method (linear in the number of words, plus a selection loop bounded to a few picks):
 * 1. Sentences come from paragraph blocks only (headings and captions are never used); a
 *    wire dateline left at the start of the lead ("SEOUL, South Korea (AP) --") is removed.
 * 2. Each sentence gets features, each scaled to [0, 1] over the article: centrality (cosine
 *    of its TF-IDF vector to the article centroid), word salience (how many other sentences
 *    share its content words, SumBasic-style), a position prior (news puts the point first),
 *    title overlap, and named-entity/number density.
 * 3. Fragments under six words, sentences that are mostly quotation or open with a quote, and
 *    very long sentences are penalised.
 * 4. Maximal marginal relevance orders the top picks; a near-restatement (cosine > 0.7) of a
 *    chosen sentence goes behind every fresh one.
 * 5. The TL;DR adds a lead prior, since a one-line summary must stand alone.
 *
 * Weights were tuned on the even-numbered half of the BBC reference set only; see
 * bench/quality/summaries.ts for the figures on both halves.
 */
import type { Block, Summary } from '../model.js';
import { splitSentences } from './split-sentences.js';
import { contentTokens, contentTokensOf, words } from './tokenise.js';

/** Maximum length of a TL;DR in characters. */
export const TLDR_MAX_CHARS = 280;
/** Extra score for the lead sentence when choosing the TL;DR (halved for the second, …). */
const TLDR_LEAD_BONUS = 0.5;

/** Options of {@link rankSentences} and {@link summarise}. */
export interface SummariseOptions {
  /** Article title, used for the title-overlap feature. */
  title?: string;
  /** Overrides of {@link RANK_WEIGHTS}; for tuning experiments, not for production callers. */
  weights?: Partial<RankWeights>;
}

/** A body sentence with its rank score. */
export interface RankedSentence {
  text: string;
  /** Position of the sentence in the article (0-based, over paragraph sentences only). */
  index: number;
  /** Combined score after penalties; higher is better. */
  score: number;
}

/** Weights of the ranking features; tuned on the development half of the BBC set. */
export const RANK_WEIGHTS = Object.freeze({
  centrality: 1.0,
  /** Mean article frequency of the sentence's content words (SumBasic-style salience). */
  frequency: 0.45,
  position: 0.3,
  title: 0.15,
  entities: 0.1,
  /** MMR trade-off between score and novelty (1 = ignore redundancy). */
  mmrLambda: 0.9,
  /** Multiplier for sentences under {@link MIN_WORDS} words. */
  shortPenalty: 0.3,
  /** Multiplier for sentences that are mostly quotation or open with a quote. */
  quotePenalty: 0.6,
  /** Multiplier for sentences over {@link LONG_WORDS} words (hard to read as a summary line). */
  longPenalty: 0.85,
  /** Position prior = 1 / (1 + index) ^ positionDecay. */
  positionDecay: 0.5,
});

/** Shape of {@link RANK_WEIGHTS}. */
export type RankWeights = { -readonly [K in keyof typeof RANK_WEIGHTS]: number };

/** Sentences longer than this (in words) get {@link RANK_WEIGHTS}.longPenalty. */
const LONG_WORDS = 40;

/** Sentences shorter than this (in words) are treated as fragments. */
const MIN_WORDS = 6;
/** How many sentences MMR orders; the rest follow by score. Keeps selection O(n·k). */
const MMR_DEPTH = 8;
/** Cosine similarity above which a sentence counts as a restatement of a chosen one. */
const NEAR_DUPLICATE = 0.7;

interface Features {
  text: string;
  index: number;
  tokens: Map<string, number>;
  wordCount: number;
  centrality: number;
  frequency: number;
  position: number;
  title: number;
  entities: number;
  penalty: number;
}

/**
 * Ranks the paragraph sentences of an article, best first. The order of the first few
 * sentences accounts for redundancy (MMR); {@link summarise} and the quality benchmark both
 * take their picks from this list.
 */
export function rankSentences(blocks: Block[], opts: SummariseOptions = {}): RankedSentence[] {
  const sentences = blocks
    .filter((b) => b.kind === 'paragraph')
    .flatMap((b) => splitSentences(b.text))
    .map(stripDateline)
    .filter((s) => s.length > 0);
  if (sentences.length === 0) return [];
  const w: RankWeights = { ...RANK_WEIGHTS, ...opts.weights };
  const feats = featurise(sentences, opts.title ?? '', w);
  const base = feats.map(
    (f) => (w.centrality * f.centrality + w.frequency * f.frequency + w.position * f.position + w.title * f.title + w.entities * f.entities) * f.penalty,
  );
  const maxBase = Math.max(...base, 1e-9);
  const scores = base.map((b) => b / maxBase);
  return selectMmr(feats, scores, w.mmrLambda);
}

/** Builds an extractive {@link Summary} from an article's blocks. */
export function summarise(blocks: Block[], opts: SummariseOptions = {}): Summary {
  const ranked = rankSentences(blocks, opts);
  if (ranked.length === 0) return { tldr: '', short: [], keyPoints: [] };
  const inOrder = (list: RankedSentence[]) => [...list].sort((a, b) => a.index - b.index).map((s) => s.text);
  return {
    tldr: pickTldr(ranked),
    short: inOrder(ranked.slice(0, 3)),
    keyPoints: inOrder(ranked.slice(0, 5)),
  };
}

/**
 * The best-ranked sentence (with a lead bonus) that fits {@link TLDR_MAX_CHARS} and is not a fragment; failing
 * that the shortest of the top five that fits; only as a last resort a cut at a word
 * boundary with an ellipsis.
 */
function pickTldr(rankedByScore: RankedSentence[]): string {
  // A TL;DR must stand alone, and a news lead is written to (inverted pyramid), so the
  // one-line pick adds a lead prior to the ranking the longer summaries use.
  const ranked = [...rankedByScore].sort(
    (a, b) => b.score + TLDR_LEAD_BONUS / (1 + b.index) - (a.score + TLDR_LEAD_BONUS / (1 + a.index)) || a.index - b.index,
  );
  const fits = (s: RankedSentence) => s.text.length <= TLDR_MAX_CHARS;
  const good = ranked.find((s) => fits(s) && words(s.text).length >= MIN_WORDS);
  if (good) return good.text;
  const top = ranked.slice(0, 5).filter(fits).sort((a, b) => a.text.length - b.text.length);
  if (top.length > 0) return top[0].text;
  const anyFit = ranked.find(fits);
  if (anyFit) return anyFit.text;
  const text = ranked[0].text;
  const cut = text.slice(0, TLDR_MAX_CHARS - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > 0 ? cut.slice(0, space) : cut).replace(/[\s,;:—–-]+$/, '')}…`;
}

/** A wire dateline left at the start of the lead ("SEOUL, South Korea (AP) --", "LONDON —"). */
const DATELINE =
  /^(?:[\p{Lu}][\p{L} .,'’-]{0,60}?\s*)?\((?:AP|Reuters|AFP|PA|UPI|dpa|Xinhua|CNN|BBC|Bloomberg)\)\s*(?:—|--|–|-)\s*|^[\p{Lu}][\p{Lu} .,'’-]{2,40}\s(?:—|--|–)\s+/u;

/** Removes a wire dateline from the start of a sentence; the rest is the sentence. */
export function stripDateline(sentence: string): string {
  return sentence.replace(DATELINE, '').trim();
}

function featurise(sentences: string[], title: string, w: RankWeights): Features[] {
  const n = sentences.length;
  const wordLists = sentences.map(words);
  const tokenLists = wordLists.map(contentTokensOf);
  const df = new Map<string, number>();
  for (const toks of tokenLists) for (const t of new Set(toks)) df.set(t, (df.get(t) ?? 0) + 1);
  // Each term's idf, computed once (the same expression for every use).
  const idfs = new Map<string, number>();
  for (const [t, d] of df) idfs.set(t, Math.log((n + 1) / d) + 1);
  const idf = (t: string) => idfs.get(t) ?? Math.log(n + 1) + 1;

  // Centroid: term weight = document frequency × idf, so recurring content words dominate.
  const vectors = tokenLists.map((toks) => {
    const tf = new Map<string, number>();
    for (const t of toks) tf.set(t, (tf.get(t) ?? 0) + 1);
    return tf;
  });
  const centroid = new Map<string, number>();
  for (const [t, d] of df) if (d > 1) centroid.set(t, d * idf(t));
  const centroidNorm = Math.sqrt([...centroid.values()].reduce((s, v) => s + v * v, 0)) || 1;

  const titleTokens = new Set(contentTokens(title));
  const raw = sentences.map((text, i) => {
    const tf = vectors[i];
    let dot = 0;
    let norm = 0;
    for (const [t, c] of tf) {
      const v = c * idf(t);
      norm += v * v;
      dot += v * (centroid.get(t) ?? 0);
    }
    const centrality = norm > 0 ? dot / (Math.sqrt(norm) * centroidNorm) : 0;
    let freqSum = 0;
    for (const t of tf.keys()) freqSum += (df.get(t) ?? 1) - 1;
    // Divided by √(distinct words): longer sentences are not punished as hard as by a mean.
    const frequency = tf.size > 0 ? freqSum / Math.sqrt(tf.size) : 0;
    let titleHits = 0;
    for (const t of titleTokens) if (tf.has(t)) titleHits += 1;
    const wordCount = wordLists[i].length;
    return {
      text,
      index: i,
      tokens: tf,
      wordCount,
      centrality,
      frequency,
      position: 1 / (1 + i) ** w.positionDecay,
      title: titleTokens.size > 0 ? titleHits / titleTokens.size : 0,
      entities: entityDensity(text, wordCount),
      penalty: penaltyOf(text, wordCount, w),
    };
  });
  return scaleFeatures(raw);
}

function scaleFeatures(feats: Features[]): Features[] {
  const keys = ['centrality', 'frequency', 'title', 'entities'] as const;
  for (const k of keys) {
    const max = Math.max(...feats.map((f) => f[k]));
    if (max > 0) for (const f of feats) f[k] = f[k] / max;
  }
  return feats;
}

/** Share of words that are capitalised names (not sentence-initial) or numbers, capped. */
function entityDensity(text: string, wordCount: number): number {
  if (wordCount === 0) return 0;
  // Tokens after the first (white-space separated) that start like a name or a number: each
  // such token starts right after white space.
  const hits = text.match(NAME_OR_NUMBER_TOKEN)?.length ?? 0;
  return Math.min(1, hits / wordCount / 0.3);
}

const NAME_OR_NUMBER_TOKEN = /(?<=\s)["'‘“(]?(?:\p{Lu}[\p{L}’'-]|\d)/gu;

function penaltyOf(text: string, wordCount: number, w: RankWeights): number {
  let p = 1;
  if (wordCount < MIN_WORDS) p *= w.shortPenalty;
  if (quotedShare(text) > 0.6 || /^["“‘']/.test(text)) p *= w.quotePenalty;
  if (wordCount > LONG_WORDS) p *= w.longPenalty;
  return p;
}

/** Fraction of the sentence's characters that sit inside quotation marks. */
function quotedShare(text: string): number {
  let quoted = 0;
  const re = /(?:^|[\s(—–-])(["“‘']).+?["”’'](?=[\s,.;:!?—–)]|$)/gu;
  for (const m of text.matchAll(re)) quoted += m[0].length;
  return text.length > 0 ? quoted / text.length : 0;
}

/** Sum of squared counts: the squared norm {@link cosine} divides by. */
function squaredNorm(v: Map<string, number>): number {
  let n = 0;
  for (const c of v.values()) n += c * c;
  return n;
}

/** Cosine of two count vectors whose squared norms are given. */
function cosine(a: Map<string, number>, na: number, b: Map<string, number>, nb: number): number {
  if (na <= 0 || nb <= 0) return 0;
  let dot = 0;
  for (const [t, c] of a) {
    const o = b.get(t);
    if (o !== undefined) dot += c * o;
  }
  return dot / Math.sqrt(na * nb);
}

function selectMmr(feats: Features[], scores: number[], lambda: number): RankedSentence[] {
  const remaining = new Set(feats.map((f) => f.index));
  const chosen: number[] = [];
  const norms = feats.map((f) => squaredNorm(f.tokens));
  // Each sentence's greatest similarity to a chosen one, brought up to date after every pick.
  const redundancy = new Float64Array(feats.length);
  while (chosen.length < Math.min(MMR_DEPTH, feats.length)) {
    let best = -1;
    let bestValue = -Infinity;
    for (const i of remaining) {
      const r = redundancy[i];
      // Beyond MMR's soft penalty, a near-restatement is pushed behind every fresh sentence.
      const value = lambda * scores[i] - (1 - lambda) * r - (r > NEAR_DUPLICATE ? 1 : 0);
      if (value > bestValue || (value === bestValue && i < best)) {
        best = i;
        bestValue = value;
      }
    }
    chosen.push(best);
    remaining.delete(best);
    for (const i of remaining) redundancy[i] = Math.max(redundancy[i], cosine(feats[i].tokens, norms[i], feats[best].tokens, norms[best]));
  }
  const rest = [...remaining].sort((a, b) => scores[b] - scores[a] || a - b);
  return [...chosen, ...rest].map((i) => ({ text: feats[i].text, index: i, score: scores[i] }));
}
