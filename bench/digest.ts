/**
 * Digest build time on generated stores: a five-topic subscription through the scheduled path
 * (`planWindow`, the function the scheduler runs for a due subscription, from an empty per-tick
 * cache), the same channel through `/digest` (stories already posted left out), an unfiltered
 * digest and a one-topic digest over the last day, and an unfiltered one over seven days.
 */
import { join } from 'node:path';
import { createSqliteStore } from '../src/core/store/sqlite-store.js';
import { compileFilter } from '../src/core/subscriptions/story-filter.js';
import type { Subscription } from '../src/core/subscriptions/subscription.js';
import { createOutbox } from '../src/core/delivery/outbox.js';
import { planWindow } from '../src/core/delivery/plan-window.js';
import { createWindowStories } from '../src/core/delivery/window-stories.js';
import { generateStore } from './generate-store.js';
import { warmFileCache } from './lib/file-cache.js';
import { benchNewsdesk, benchNow } from './lookup.js';
import { latencySummary, nowMs, round } from './lib/stats.js';
import { printTable } from './lib/table.js';
import { storeSizes, writeResult, type BenchOptions, type BenchResult } from './lib/results.js';

/** The five topics of the benchmark channel. */
export const CHANNEL_TOPICS = ['technology', 'science', 'space', 'health', 'climate-environment'];

/** Runs the digest benchmark. */
export async function runDigest(opts: BenchOptions): Promise<BenchResult> {
  const sizes = storeSizes(opts);
  const runs = opts.quick ? 10 : 100;
  const rows: (string | number)[][] = [];
  let worst = 0;
  for (const size of sizes) {
    const path = join(opts.workDir, `store-${size}.db`);
    await generateStore(path, size, { log: (l) => process.stdout.write(`${l}\n`) });
    // Timed with the store in the OS file cache, as a running bot's is.
    warmFileCache(path);
    const store = createSqliteStore(path);
    const nd = benchNewsdesk(store);
    const filter = compileFilter(CHANNEL_TOPICS, []);
    // What the channel already received: the top stories of the previous digest.
    const posted = new Set(nd.digest({ limit: 10, accept: (s) => filter.check(s).ok }).sections.flatMap((s) => s.stories.map((x) => x.id)));
    // The scheduled path: what the scheduler runs for a due subscription (window stories, posted
    // stories, planDigest), from a cold tick (the per-tick view cache emptied every run).
    const sub: Subscription = {
      id: 1,
      channel: { platform: 'console', scope: 'local', channel: 'bench' },
      createdAt: '2025-01-01T00:00:00Z',
      topics: CHANNEL_TOPICS,
      exclude: [],
      schedule: 'daily 08:00',
      timeZone: 'UTC',
      maxStories: 8,
      minStories: 1,
      quiet: 'skip',
      summary: 'tldr',
      threads: false,
    };
    const now = benchNow(store);
    const dayAgo = new Date(now.getTime() - 86_400_000);
    const windows = createWindowStories(store);
    const outbox = createOutbox(store.db);
    const scheduled = () => {
      windows.reset();
      return planWindow({ windows, outbox }, { sub, dueAt: now, windowFrom: dayAgo, windowTo: now, now, catchUp: false, live: false }).plan.storyIds.length;
    };
    const cases: [string, () => number][] = [
      ['5-topic subscription, scheduled path (planWindow, as the scheduler)', scheduled],
      ['5-topic channel, 1 day', () => nd.digest({ limit: 10, accept: (s) => filter.check(s).ok, exclude: posted }).total],
      ['all topics, 1 day', () => nd.digest({ limit: 10 }).total],
      ['one topic (sport), 1 day', () => nd.digest({ topic: 'sport', limit: 10 }).total],
      ['all topics, 7 days', () => nd.digest({ limit: 10, windowMs: 7 * 86_400_000 }).total],
    ];
    const end = benchNow(store);
    const inWindow = store.storiesInWindow(new Date(end.getTime() - 86_400_000).toISOString(), end.toISOString(), 1_000_000).length;
    for (const [label, fn] of cases) {
      fn();
      const samples: number[] = [];
      let total = 0;
      for (let i = 0; i < runs; i++) {
        const t0 = nowMs();
        total = fn();
        samples.push(nowMs() - t0);
      }
      const s = latencySummary(samples);
      if (size >= 1_000_000) worst = Math.max(worst, s.p99);
      rows.push([size, label, inWindow, total, s.n, round(s.p50), round(s.p99), round(s.max)]);
    }
    store.close();
  }
  printTable('Digest build (ms)', ['articles', 'digest', 'stories in last day', 'stories out', 'runs', 'p50', 'p99', 'max'], rows);
  const result: BenchResult = {
    name: 'digest',
    columns: ['articles', 'digest', 'storiesInLastDay', 'storiesOut', 'runs', 'p50', 'p99', 'max'],
    rows,
    targets: sizes.includes(1_000_000) ? { 'digest <= 100 ms at 1M': worst <= 100 } : undefined,
  };
  writeResult(result, opts);
  return result;
}
