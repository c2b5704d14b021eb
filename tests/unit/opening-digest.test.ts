import { describe, expect, it } from 'vitest';
import { createNewsdesk } from '../../src/core/newsdesk.js';
import { silentLog } from '../../src/core/ports.js';
import { createSqliteStore } from '../../src/core/store/sqlite-store.js';
import { manyArticles, SAMPLE_NOW } from '../support/sample-stories.js';

// manyArticles(n): distinct stories published 10, 20, 30 … minutes before SAMPLE_NOW.
function newsdeskWith(count: number) {
  const store = createSqliteStore(':memory:');
  for (const a of manyArticles(count)) store.ingest(a, { now: SAMPLE_NOW });
  return createNewsdesk({ store, clock: { now: () => SAMPLE_NOW }, log: silentLog });
}

describe('digest of the newest stories (the terminal opening digest)', () => {
  it('given fewer stories than asked for, covers every story, as a digest since the epoch does', () => {
    const nd = newsdeskWith(12);
    const recent = nd.digest({ recent: 2000, limit: 50 });
    const all = nd.digest({ from: new Date(0), limit: 50 });
    expect(recent.total).toBe(12);
    expect(new Set(recent.sections.flatMap((s) => s.stories.map((x) => x.id)))).toEqual(new Set(all.sections.flatMap((s) => s.stories.map((x) => x.id))));
    expect(recent.from).toBe(new Date(SAMPLE_NOW.getTime() - 12 * 600_000).toISOString());
  });

  it('given more stories than asked for, the window starts at the n-th newest story', () => {
    const nd = newsdeskWith(30);
    const d = nd.digest({ recent: 5, limit: 50 });
    expect(d.from).toBe(new Date(SAMPLE_NOW.getTime() - 5 * 600_000).toISOString());
    expect(d.total).toBe(5);
  });

  it('given an empty store, answers an empty digest', () => {
    expect(newsdeskWith(0).digest({ recent: 10 }).total).toBe(0);
  });
});
