/**
 * ROUGE-N and ROUGE-L F-measures as specified by the evaluation data's README:
 * lowercase `\w+` tokens, no stemming, no stopword removal, n-grams compared as multisets.
 */

/** Lowercase `\w+` tokens. */
export function rougeTokens(text: string): string[] {
  return text.toLowerCase().match(/\w+/g) ?? [];
}

function f1(overlap: number, predTotal: number, refTotal: number): number {
  if (overlap === 0 || predTotal === 0 || refTotal === 0) return 0;
  const p = overlap / predTotal;
  const r = overlap / refTotal;
  return (2 * p * r) / (p + r);
}

function ngrams(tokens: string[], n: number): Map<string, number> {
  const out = new Map<string, number>();
  for (let i = 0; i + n <= tokens.length; i += 1) {
    const k = tokens.slice(i, i + n).join(' ');
    out.set(k, (out.get(k) ?? 0) + 1);
  }
  return out;
}

/** ROUGE-N F1 between a candidate and a reference text. */
export function rougeN(candidate: string, reference: string, n: number): number {
  const c = ngrams(rougeTokens(candidate), n);
  const r = ngrams(rougeTokens(reference), n);
  let overlap = 0;
  let cTotal = 0;
  let rTotal = 0;
  for (const [k, v] of c) {
    cTotal += v;
    overlap += Math.min(v, r.get(k) ?? 0);
  }
  for (const v of r.values()) rTotal += v;
  return f1(overlap, cTotal, rTotal);
}

/** ROUGE-L F1 (longest common subsequence of tokens; summary-level, β = 1). */
export function rougeL(candidate: string, reference: string): number {
  const a = rougeTokens(candidate);
  const b = rougeTokens(reference);
  if (a.length === 0 || b.length === 0) return 0;
  let prev = new Uint32Array(b.length + 1);
  let cur = new Uint32Array(b.length + 1);
  for (let i = 1; i <= a.length; i += 1) {
    for (let j = 1; j <= b.length; j += 1) {
      cur[j] = a[i - 1] === b[j - 1] ? prev[j - 1] + 1 : Math.max(prev[j], cur[j - 1]);
    }
    [prev, cur] = [cur, prev];
  }
  return f1(prev[b.length], a.length, b.length);
}
