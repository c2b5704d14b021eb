import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ingestPaths, type PathsReport } from '../../src/app/ingest-paths.js';
import { createIngestPool, largestWaiting } from '../../src/app/ingest-pool.js';
import { createNewsdesk } from '../../src/core/newsdesk.js';
import { silentLog } from '../../src/core/ports.js';
import { createSqliteStore, type SqliteStore } from '../../src/core/store/sqlite-store.js';

const now = new Date('2025-06-06T12:00:00Z');

/** What a store holds, independent of row ids: each story's article titles. */
function contents(store: SqliteStore): string[] {
  const rows = store.db.prepare<[], { story_id: number; title: string }>("SELECT story_id, json_extract(data_json, '$.title') AS title FROM articles ORDER BY id").all();
  const byStory = new Map<number, string[]>();
  for (const r of rows) byStory.set(r.story_id, [...(byStory.get(r.story_id) ?? []), r.title]);
  return [...byStory.values()].map((titles) => titles.sort().join(' | ')).sort();
}

const summary = (r: PathsReport) => ({
  ingested: r.ingested.map((x) => [x.name, x.kind, x.stored, x.duplicates]).sort(),
  refused: r.refused.map((x) => [x.name, x.code]).sort(),
});

describe('ingesting a folder on worker threads', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'newsdesk-pool-'));
    const docs = join(dir, 'docs');
    mkdirSync(docs);
    for (const f of readdirSync('seeds')) copyFileSync(join('seeds', f), join(docs, f));
    // The same page twice (a duplicate), an empty file and a binary one (refused with their codes).
    copyFileSync('seeds/030_sample-page.html', join(docs, '031_copy.html'));
    writeFileSync(join(docs, '040_empty.txt'), '   \n');
    writeFileSync(join(docs, '041_binary.txt'), Buffer.from([0, 1, 2, 3, 0, 5]));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('stores the same articles, stories and refusals as one-by-one ingestion', async () => {
    const one = createSqliteStore(':memory:');
    const many = createSqliteStore(':memory:');
    try {
      const sequential = await ingestPaths(createNewsdesk({ store: one, clock: { now: () => now }, log: silentLog }), [join(dir, 'docs')], { log: silentLog, capturedAt: now });
      let started = 0;
      const pooled = await ingestPaths(createNewsdesk({ store: many, clock: { now: () => now }, log: silentLog }), [join(dir, 'docs')], {
        log: silentLog,
        capturedAt: now,
        pool: {
          minFiles: 2,
          start: async () => {
            started++;
            return createIngestPool({ size: 2 });
          },
        },
      });
      expect(started).toBe(1);
      expect(summary(pooled)).toEqual(summary(sequential));
      expect(pooled.refused.map((r) => r.code).sort()).toEqual(['INPUT_BINARY', 'INPUT_EMPTY']);
      expect(pooled.ingested.find((r) => r.name.endsWith('031_copy.html'))?.duplicates).toBe(1);
      expect(many.counts()).toEqual(one.counts());
      expect(contents(many)).toEqual(contents(one));
      expect(contents(many).length).toBeGreaterThan(3);
    } finally {
      one.close();
      many.close();
    }
  }, 60_000);

  it('stays on this thread below the file count that pays for the workers', async () => {
    const store = createSqliteStore(':memory:');
    try {
      let started = 0;
      const r = await ingestPaths(createNewsdesk({ store, clock: { now: () => now }, log: silentLog }), [join(dir, 'docs')], {
        log: silentLog,
        capturedAt: now,
        pool: { minFiles: 100, start: async () => (started++, createIngestPool({ size: 1 })) },
      });
      expect(started).toBe(0);
      expect(r.ingested.length).toBeGreaterThan(0);
    } finally {
      store.close();
    }
  });
});

describe('handing documents out', () => {
  it('picks the largest document of the window that is not handed out yet, the first of equals', () => {
    const sizes = [5, 90, 30, 90, 7];
    const handed = new Uint8Array(sizes.length);
    expect(largestWaiting(sizes, handed, 0, 5)).toBe(1);
    handed[1] = 1;
    expect(largestWaiting(sizes, handed, 0, 5)).toBe(3);
    // Only the window counts: index 3 lies beyond it.
    expect(largestWaiting(sizes, handed, 0, 3)).toBe(2);
    handed.fill(1);
    expect(largestWaiting(sizes, handed, 0, 5)).toBe(-1);
  });

  it('runs overlapping calls into their own stores, each as if it ran alone', async () => {
    const pool = createIngestPool({ size: 2 });
    const stores = [0, 1, 2].map(() => createSqliteStore(':memory:'));
    const alone = createSqliteStore(':memory:');
    try {
      const inputs = () => readdirSync('seeds').sort().map((f) => ({ bytes: new Uint8Array(readFileSync(join('seeds', f))), name: f, capturedAt: now }));
      await pool.ingestAll(alone, inputs(), { now: () => now });
      const order: string[] = [];
      const results = await Promise.all(stores.map((s, k) => pool.ingestAll(s, inputs(), { now: () => now, onDocument: (_o, i) => order.push(`${k}:${i}`) })));
      for (const [k, s] of stores.entries()) {
        expect(contents(s)).toEqual(contents(alone));
        expect(s.counts()).toEqual(alone.counts());
        // Each call stores its documents in its own input order.
        expect(order.filter((x) => x.startsWith(`${k}:`))).toEqual(inputs().map((_, i) => `${k}:${i}`));
        expect(results[k].map((o) => (o.ok ? o.report.stored : o.refused.code))).toEqual(results[0].map((o) => (o.ok ? o.report.stored : o.refused.code)));
      }
    } finally {
      await pool.close();
      for (const s of [...stores, alone]) s.close();
    }
  }, 60_000);

  it('stores documents in input order, with ingestion times in input order, when a large one is handed out first', async () => {
    const store = createSqliteStore(':memory:');
    const pool = createIngestPool({ size: 2 });
    try {
      // Small pasted stories around one long one: the long one goes out first.
      const story = (i: number, paragraphs: number) =>
        `Outlet ${i}\nToday\nCouncil ${i} approves plan number ${i} for the river district\n` +
        Array.from({ length: paragraphs }, (_, p) => `The council of district ${i} discussed item ${p} of the plan on Tuesday, and members said work on part ${p} would begin in the spring after a public hearing.`).join('\n');
      const inputs = [1, 2, 3, 4, 5, 6].map((i) => ({ text: story(i, i === 4 ? 200 : 3), name: `doc-${i}.txt`, capturedAt: now }));
      let tick = 0;
      const seen: number[] = [];
      const outcomes = await pool.ingestAll(store, inputs, {
        now: () => new Date(now.getTime() + 1000 * tick++),
        onDocument: (_o, i) => seen.push(i),
      });
      expect(seen).toEqual([0, 1, 2, 3, 4, 5]);
      expect(outcomes.every((o) => o.ok)).toBe(true);
      const rows = store.db.prepare<[], { title: string; ingested_at: string }>('SELECT title, ingested_at FROM articles ORDER BY id').all();
      expect(rows.map((r) => r.title)).toEqual(inputs.map((_, i) => `Council ${i + 1} approves plan number ${i + 1} for the river district`));
      // The clock was read once per document, in input order.
      expect(rows.map((r) => r.ingested_at)).toEqual(inputs.map((_, i) => new Date(now.getTime() + 1000 * i).toISOString()));
    } finally {
      await pool.close();
      store.close();
    }
  }, 60_000);
});
