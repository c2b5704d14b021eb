import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { measureSummaries, type SummaryFigures, type SummaryScores } from '../../bench/quality/summaries.js';

const shared = process.env.NEWSDESK_SHARED_DATA ?? resolve(process.cwd(), '../shared/data');
const dir = join(shared, 'summaries/bbc');

describe.skipIf(!existsSync(dir))(`summary quality on BBC reference summaries (${dir})`, () => {
  // Each half is measured once; the whole set is their article-weighted mean.
  const dev = measureSummaries(dir, 'dev');
  const held = measureSummaries(dir, 'test');
  const all = combine(dev, held);

  it('scores all 444 articles', () => {
    expect(all.n).toBe(444);
  });

  it('beats Lead-3 on sentence F1 and ROUGE-2, overall and on the held-out half', () => {
    for (const r of [all, held]) {
      expect(r.ours.sentenceF1).toBeGreaterThan(r.lead3.sentenceF1);
      expect(r.ours.rouge2).toBeGreaterThan(r.lead3.rouge2);
    }
  });

  it('stays above the measured floors (sentence F1, ROUGE-1/2/L)', () => {
    expect(all.ours.sentenceF1).toBeGreaterThan(0.49);
    expect(all.ours.rouge1).toBeGreaterThan(0.51);
    expect(all.ours.rouge2).toBeGreaterThan(0.46);
    expect(all.ours.rougeL).toBeGreaterThan(0.38);
    expect(held.ours.sentenceF1).toBeGreaterThan(0.48);
    expect(held.ours.rouge2).toBeGreaterThan(0.45);
  });
});

if (!existsSync(dir)) {
  describe('summary quality', () => {
    it.skip(`skipped: evaluation data not found at ${dir} (set NEWSDESK_SHARED_DATA)`, () => {});
  });
}

function combine(a: SummaryFigures, b: SummaryFigures): SummaryFigures {
  const n = a.n + b.n;
  const mix = (x: SummaryScores, y: SummaryScores): SummaryScores => {
    const out = { ...x };
    for (const k of Object.keys(x) as (keyof SummaryScores)[]) out[k] = (x[k] * a.n + y[k] * b.n) / n;
    return out;
  };
  return { ours: mix(a.ours, b.ours), lead3: mix(a.lead3, b.lead3), n };
}
