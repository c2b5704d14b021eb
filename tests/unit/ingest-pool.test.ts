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

  it('gives the same result as one by one for a folder of several batches, duplicates across batches included', async () => {
    const many = join(dir, 'many');
    mkdirSync(many);
    for (let i = 1; i <= 75; i++) writeFileSync(join(many, `${String(i).padStart(3, '0')}.txt`), pasted(i, 2 + (i % 5)).text);
    // Copies of earlier files further on, in later batches, and a refused file among them.
    copyFileSync(join(many, '003.txt'), join(many, '070-copy.txt'));
    copyFileSync(join(many, '040.txt'), join(many, '074-copy.txt'));
    writeFileSync(join(many, '050-binary.txt'), Buffer.from([0, 1, 2, 3, 0, 5]));
    const one = createSqliteStore(':memory:');
    const pooledStore = createSqliteStore(':memory:');
    try {
      const sequential = await ingestPaths(createNewsdesk({ store: one, clock: { now: () => now }, log: silentLog }), [many], { log: silentLog, capturedAt: now });
      const pooled = await ingestPaths(createNewsdesk({ store: pooledStore, clock: { now: () => now }, log: silentLog }), [many], {
        log: silentLog,
        capturedAt: now,
        pool: { minFiles: 2, start: async () => createIngestPool({ size: 2 }) },
      });
      const inOrder = (r: PathsReport) => r.ingested.map((x) => [x.name, x.stored, x.duplicates]);
      expect(inOrder(pooled)).toEqual(inOrder(sequential));
      expect(pooled.ingested).toHaveLength(77);
      expect(pooled.ingested.filter((x) => x.duplicates === 1).map((x) => x.name.slice(-12))).toEqual(['070-copy.txt', '074-copy.txt']);
      expect(pooled.refused.map((r) => r.code)).toEqual(['INPUT_BINARY']);
      expect(contents(pooledStore)).toEqual(contents(one));
      expect(pooledStore.counts()).toEqual(one.counts());
    } finally {
      one.close();
      pooledStore.close();
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

/** A pasted story `doc-<i>.txt` of `paragraphs` paragraphs: the same `i` gives the same text. */
function pasted(i: number, paragraphs: number) {
  const text =
    `Outlet ${i}\nToday\nCouncil ${i} approves plan number ${i} for the river district\n` +
    Array.from({ length: paragraphs }, (_, p) => `The council of district ${i} discussed item ${p} of the plan on Tuesday, and members said work on part ${p} would begin in the spring after a public hearing.`).join('\n');
  return { text, name: `doc-${i}.txt`, capturedAt: now };
}

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

  it('stores overlapping calls on one store in call order, as if each began when the one before ended', async () => {
    const pool = createIngestPool({ size: 2 });
    const together = createSqliteStore(':memory:');
    const oneByOne = createSqliteStore(':memory:');
    try {
      // The first call ends with a long document, which goes out first, its short one after it on
      // the same worker; the second call repeats that short one, which the other worker finishes
      // long before. Stored in call order, the second call's copy is the duplicate.
      const calls = [[pasted(2, 3), pasted(1, 1500)], [pasted(2, 3), pasted(3, 3)], [pasted(3, 3)]];
      const report = (outcomes: Awaited<ReturnType<typeof pool.ingestAll>>) => outcomes.map((o) => (o.ok ? [o.report.name, o.report.stored, o.report.duplicates] : [o.refused.code]));
      const sequential = [];
      for (const inputs of calls) sequential.push(report(await pool.ingestAll(oneByOne, inputs, { now: () => now })));
      expect(sequential).toEqual([
        [['doc-2.txt', 1, 0], ['doc-1.txt', 1, 0]],
        [['doc-2.txt', 0, 1], ['doc-3.txt', 1, 0]],
        [['doc-3.txt', 0, 1]],
      ]);
      const overlapping = (await Promise.all(calls.map((inputs) => pool.ingestAll(together, inputs, { now: () => now })))).map(report);
      expect(overlapping).toEqual(sequential);
      expect(contents(together)).toEqual(contents(oneByOne));
      expect(together.counts()).toEqual(oneByOne.counts());
    } finally {
      await pool.close();
      together.close();
      oneByOne.close();
    }
  }, 60_000);

  it('stores documents in input order, with ingestion times in input order, when a large one is handed out first', async () => {
    const store = createSqliteStore(':memory:');
    const pool = createIngestPool({ size: 2 });
    try {
      // Small pasted stories around one long one: the long one goes out first.
      const inputs = [1, 2, 3, 4, 5, 6].map((i) => pasted(i, i === 4 ? 200 : 3));
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
