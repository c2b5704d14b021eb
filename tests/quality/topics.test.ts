import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { measureTopics } from '../../bench/quality/topics.js';

const shared = process.env.NEWSDESK_SHARED_DATA ?? resolve(process.cwd(), '../shared/data');
const dir = join(shared, 'summaries/bbc');

describe.skipIf(!existsSync(dir))(`topic quality on BBC categories (${dir})`, () => {
  const all = measureTopics(dir, 'all');

  it('scores all 444 articles', () => {
    expect(all.n).toBe(444);
  });

  it('predicts the BBC category with at least 0.9 accuracy', () => {
    expect(all.accuracy).toBeGreaterThanOrEqual(0.92);
  });

  it('keeps precision and recall of every category above 0.85', () => {
    for (const [category, pr] of Object.entries(all.perCategory)) {
      expect(pr.precision, `${category} precision`).toBeGreaterThan(0.85);
      expect(pr.recall, `${category} recall`).toBeGreaterThan(0.85);
    }
  });
});

if (!existsSync(dir)) {
  describe('topic quality', () => {
    it.skip(`skipped: evaluation data not found at ${dir} (set NEWSDESK_SHARED_DATA)`, () => {});
  });
}
