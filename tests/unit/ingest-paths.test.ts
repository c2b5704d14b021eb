import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ingestPaths } from '../../src/app/ingest-paths.js';
import { createNewsdesk } from '../../src/core/newsdesk.js';
import { silentLog } from '../../src/core/ports.js';
import { createFileLedger } from '../../src/core/store/file-ledger.js';
import { createSqliteStore, type SqliteStore } from '../../src/core/store/sqlite-store.js';

const SEED = 'seeds/000_2efa281a93b9656a.txt';
const PAGE = 'seeds/030_sample-page.html';
const now = new Date('2025-06-06T12:00:00Z');

describe('seed files and the ledger of ingested files', () => {
  let dir: string;
  let store: SqliteStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'newsdesk-ledger-'));
    store = createSqliteStore(join(dir, 'news.db'));
  });
  afterEach(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const seedsDir = () => {
    const seeds = join(dir, 'seeds');
    mkdirSync(seeds);
    return seeds;
  };
  const run = () => {
    const newsdesk = createNewsdesk({ store, clock: { now: () => now }, log: silentLog });
    return ingestPaths(newsdesk, [join(dir, 'seeds')], { log: silentLog, ledger: createFileLedger(store.db), capturedAt: now });
  };

  it('given a second pass over unchanged files, skips every file and stores nothing more', async () => {
    const seeds = seedsDir();
    copyFileSync(SEED, join(seeds, 'a.txt'));
    copyFileSync(PAGE, join(seeds, 'b.html'));
    const first = await run();
    expect(first.ingested.map((r) => r.stored)).toEqual([4, 1]);
    expect(first.unchanged).toEqual([]);
    const before = store.counts();
    const second = await run();
    expect(second.ingested).toEqual([]);
    expect(second.unchanged.map((f) => f.slice(seeds.length + 1))).toEqual(['a.txt', 'b.html']);
    expect(store.counts()).toEqual(before);
  });

  it('given a seed file whose content changed, ingests the new content and keeps what was stored from the old', async () => {
    const seeds = seedsDir();
    copyFileSync('seeds/010_local-council-budget.txt', join(seeds, 'a.txt'));
    const first = await run();
    expect(first.ingested[0].stored).toBeGreaterThan(0);
    copyFileSync('seeds/011_storm-live-updates.txt', join(seeds, 'a.txt'));
    const second = await run();
    expect(second.unchanged).toEqual([]);
    expect(second.ingested[0].stored).toBeGreaterThan(0);
    const stored = store.stories(store.allStoryIds()).flatMap((s) => s.sources.map((a) => a.title));
    const expected = [...first.ingested[0].articles, ...second.ingested[0].articles].map((a) => a.title);
    expect(stored).toEqual(expect.arrayContaining(expected));
    expect((await run()).unchanged).toHaveLength(1);
  });

  it('given a refused file, reports it again on the next pass instead of recording it', async () => {
    const seeds = seedsDir();
    writeFileSync(join(seeds, 'empty.txt'), '');
    expect((await run()).refused.map((r) => r.code)).toEqual(['INPUT_EMPTY']);
    expect((await run()).refused.map((r) => r.code)).toEqual(['INPUT_EMPTY']);
  });

  it('given a new database, ingests files another database already holds', async () => {
    const seeds = seedsDir();
    copyFileSync(SEED, join(seeds, 'a.txt'));
    await run();
    store.close();
    store = createSqliteStore(join(dir, 'other.db'));
    const report = await run();
    expect(report.unchanged).toEqual([]);
    expect(report.ingested[0].stored).toBe(4);
  });

  it('given no ledger (the ingest command), ingests unchanged files again as duplicates', async () => {
    const seeds = seedsDir();
    copyFileSync(SEED, join(seeds, 'a.txt'));
    await run();
    const newsdesk = createNewsdesk({ store, clock: { now: () => now }, log: silentLog });
    const report = await ingestPaths(newsdesk, [seeds], { log: silentLog, capturedAt: now });
    expect(report.unchanged).toEqual([]);
    expect(report.ingested[0]).toMatchObject({ stored: 0, duplicates: 4 });
  });
});
