/**
 * The 4-gram shingle F1 of ../shared/data/README.md, used by public article-extraction benchmarks:
 * tokens are `\w+` matches (case kept), shingles are consecutive 4-token sequences compared as
 * multisets; each page's (tp, fp, fn) is normalised to sum to 1; precision and recall are averaged
 * over pages and F1 is computed from the two averages.
 */

/** Counts of one page. */
export interface ShingleCounts {
  tp: number;
  fp: number;
  fn: number;
}

/** Aggregate figures over pages. */
export interface ShingleScore {
  f1: number;
  precision: number;
  recall: number;
  pages: number;
}

const SHINGLE = 4;

function shingles(text: string): Map<string, number> {
  const tokens = text.match(/\w+/gu) ?? [];
  const out = new Map<string, number>();
  for (let i = 0; i + SHINGLE <= tokens.length; i++) {
    const key = tokens.slice(i, i + SHINGLE).join(' ');
    out.set(key, (out.get(key) ?? 0) + 1);
  }
  return out;
}

/** True positives, false positives and false negatives of `predicted` against `truth`. */
export function shingleCounts(predicted: string, truth: string): ShingleCounts {
  const p = shingles(predicted);
  const t = shingles(truth);
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const [k, n] of p) {
    const m = t.get(k) ?? 0;
    tp += Math.min(n, m);
    fp += Math.max(0, n - m);
  }
  for (const [k, m] of t) fn += Math.max(0, m - (p.get(k) ?? 0));
  return { tp, fp, fn };
}

/** Aggregates per-page counts into macro precision, recall and their F1. */
export function aggregateShingles(pages: readonly ShingleCounts[]): ShingleScore {
  let pSum = 0;
  let pN = 0;
  let rSum = 0;
  let rN = 0;
  for (const { tp, fp, fn } of pages) {
    const total = tp + fp + fn;
    if (total === 0) {
      // Both empty: a perfect answer.
      pSum += 1;
      pN++;
      rSum += 1;
      rN++;
      continue;
    }
    const [a, b, c] = [tp / total, fp / total, fn / total];
    if (a + b > 0) {
      pSum += a / (a + b);
      pN++;
    }
    if (a + c > 0) {
      rSum += a / (a + c);
      rN++;
    }
  }
  const precision = pN ? pSum / pN : 0;
  const recall = rN ? rSum / rN : 0;
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { f1, precision, recall, pages: pages.length };
}
