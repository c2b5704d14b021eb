import { beforeAll, describe, expect, it } from 'vitest';
import { measureTopicLookups, type TopicLookupFigures } from '../../bench/quality/topic-lookups.js';
import { sharedData } from '../support/shared-data.js';

const dir = sharedData('summaries/bbc', '/news precision at 10 on the BBC set');

/** Floor set from the measurement (0.94 mean precision at 10 on 2026-11-25); the goal is 0.9. */
const FLOOR = 0.9;

describe.skipIf(!dir)('/news <category> over a store of all 444 BBC articles', () => {
  let figures: TopicLookupFigures;
  beforeAll(() => {
    figures = measureTopicLookups(dir!);
  }, 300_000);

  it('given the five category lookups, the first 10 stories are mostly of that category', () => {
    console.log(`/news precision at 10: ${figures.precisionAt10.toFixed(3)} ${JSON.stringify(figures.perQuery)}`);
    // The set holds a few verbatim duplicates, which the store keeps once.
    expect(figures.articles).toBeGreaterThan(430);
    expect(figures.precisionAt10).toBeGreaterThanOrEqual(FLOOR);
    for (const [query, p] of Object.entries(figures.perQuery)) expect(p, query).toBeGreaterThanOrEqual(0.7);
  });
});
