/**
 * Summary quality against ../shared/data/summaries/bbc (444 BBC articles with extractive
 * reference summaries), scored as the data's README specifies:
 * - sentence selection: the summariser's top-3 ranked sentences (from `rankSentences`, the
 *   code `summarise` uses) against the set of article sentences that appear verbatim in the
 *   reference; precision, recall and F1 per article, averaged over articles;
 * - ROUGE-1/2/L F of the three sentences (in article order) against the reference text.
 * Lead-3 (the first three sentences) is measured in the same run as the floor to beat.
 *
 * `split` selects the development half (even file numbers, used for tuning) or the
 * held-out half (odd numbers). Pure measuring module: returns figures, prints nothing.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Block } from '../../src/core/model.js';
import { splitSentences } from '../../src/core/summarise/split-sentences.js';
import { rankSentences, stripDateline, type RankWeights } from '../../src/core/summarise/summarise.js';
import { rougeL, rougeN } from './rouge.js';

/** Averaged scores of one summariser. */
export interface SummaryScores {
  sentenceF1: number;
  precision: number;
  recall: number;
  rouge1: number;
  rouge2: number;
  rougeL: number;
}

/** Result of {@link measureSummaries}. */
export interface SummaryFigures {
  ours: SummaryScores;
  lead3: SummaryScores;
  /** Articles scored. */
  n: number;
}

/** Which files to score: all, the development half (even numbers) or the held-out half (odd). */
export type Split = 'all' | 'dev' | 'test';

/** One BBC article with its reference summary. */
export interface BbcCase {
  category: string;
  file: string;
  title: string;
  blocks: Block[];
  reference: string;
}

/** Reads the BBC cases under `dir` (the `summaries/bbc` folder), sorted by category and file. */
export function loadBbcCases(dir: string, split: Split = 'all'): BbcCase[] {
  const out: BbcCase[] = [];
  const articlesDir = join(dir, 'articles');
  if (!existsSync(articlesDir)) return out;
  for (const category of readdirSync(articlesDir).sort()) {
    for (const file of readdirSync(join(articlesDir, category)).sort()) {
      const num = Number.parseInt(file, 10);
      if (split === 'dev' && num % 2 !== 0) continue;
      if (split === 'test' && num % 2 === 0) continue;
      const lines = readFileSync(join(articlesDir, category, file), 'utf8').split('\n');
      const title = lines[0].trim();
      const blocks: Block[] = lines
        .slice(1)
        .map((l) => l.trim())
        .filter(Boolean)
        .map((text) => ({ kind: 'paragraph', text }));
      const refPath = join(dir, 'summaries', category, file);
      const reference = existsSync(refPath) ? readFileSync(refPath, 'utf8') : '';
      out.push({ category, file, title, blocks, reference });
    }
  }
  return out;
}

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

function scoreSelection(selected: string[], all: string[], reference: string): SummaryScores {
  const ref = squash(reference);
  const inRef = new Set(all.filter((s) => ref.includes(squash(s))));
  const hits = selected.filter((s) => inRef.has(s)).length;
  const precision = selected.length > 0 ? hits / selected.length : 0;
  const recall = inRef.size > 0 ? hits / inRef.size : 0;
  const sentenceF1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  const text = selected.join(' ');
  return {
    sentenceF1,
    precision,
    recall,
    rouge1: rougeN(text, reference, 1),
    rouge2: rougeN(text, reference, 2),
    rougeL: rougeL(text, reference),
  };
}

function mean(list: SummaryScores[]): SummaryScores {
  const keys = ['sentenceF1', 'precision', 'recall', 'rouge1', 'rouge2', 'rougeL'] as const;
  const out = { sentenceF1: 0, precision: 0, recall: 0, rouge1: 0, rouge2: 0, rougeL: 0 };
  if (list.length === 0) return out;
  for (const k of keys) out[k] = list.reduce((s, x) => s + x[k], 0) / list.length;
  return out;
}

/** Scores one case: our top three and Lead-3. */
export function scoreCase(c: BbcCase, weights?: Partial<RankWeights>): { ours: SummaryScores; lead3: SummaryScores } {
  const all = c.blocks.flatMap((b) => splitSentences(b.text)).map(stripDateline).filter(Boolean);
  const top = rankSentences(c.blocks, { title: c.title, weights })
    .slice(0, 3)
    .sort((a, b) => a.index - b.index)
    .map((r) => r.text);
  return { ours: scoreSelection(top, all, c.reference), lead3: scoreSelection(all.slice(0, 3), all, c.reference) };
}

/**
 * Measures our summariser and Lead-3 on the BBC set under `dir`. `weights` overrides the
 * ranking weights, for tuning runs on the development half.
 */
export function measureSummaries(dir: string, split: Split = 'all', weights?: Partial<RankWeights>): SummaryFigures {
  const cases = loadBbcCases(dir, split);
  const scored = cases.map((c) => scoreCase(c, weights));
  return { ours: mean(scored.map((s) => s.ours)), lead3: mean(scored.map((s) => s.lead3)), n: cases.length };
}
