/**
 * Lookup latency: `/news <query>` through the Newsdesk facade on generated stores, by query
 * class (topic names, entities, one to three free words), with and without a 7-day window,
 * plus the time to the first answer: opening the store and answering in a fresh process, and
 * the real bot (`npm start`'s command) from spawn to its answer on stdout. The timed lookups
 * run after the store file has been read once into the OS file cache, as a running bot's store
 * is; the first answers are timed before that.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createNewsdesk, type Newsdesk } from '../src/core/newsdesk.js';
import { createSqliteStore, type SqliteStore } from '../src/core/store/sqlite-store.js';
import { TAXONOMY } from '../src/core/topics/taxonomy.js';
import { silentLog } from '../src/core/ports.js';
import { GENERATED_END, generateStore, rng, vocabulary } from './generate-store.js';
import { latencySummary, nowMs, round } from './lib/stats.js';
import { printTable } from './lib/table.js';
import { botFirstAnswer, botStoreCopy } from './lib/bot-first-answer.js';
import { warmFileCache } from './lib/file-cache.js';
import { percentile } from './lib/stats.js';
import { storeSizes, writeResult, type BenchOptions, type BenchResult } from './lib/results.js';

/** The benchmarks' "now": a minute after the store's newest story (the generated history's end). */
export function benchNow(store: SqliteStore): Date {
  const latest = store.latestUpdate();
  return latest ? new Date(Date.parse(latest) + 60_000) : GENERATED_END;
}

/** Opens the facade over `store` with the clock fixed at {@link benchNow}. */
export function benchNewsdesk(store: SqliteStore): Newsdesk {
  const now = benchNow(store);
  return createNewsdesk({ store, clock: { now: () => now }, log: silentLog });
}

/** Query classes with deterministic queries drawn from the generator's vocabulary and the store's titles. */
export function lookupQueries(store: SqliteStore, perClass: number, seed = 11): Record<string, string[]> {
  const r = rng(seed);
  const voc = vocabulary();
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)];
  const topicNames = TAXONOMY.flatMap((t) => [t.id, t.label.toLowerCase(), ...t.aliases.slice(0, 1)]);
  // Popular entities (the head of the popularity order) and a spread of less common ones.
  const entities = voc.entities.map((e) => e.name.toLowerCase());
  const maxStory = (store.db.prepare('SELECT max(id) AS n FROM stories').get() as { n: number }).n;
  const titleWords = (): string[] => {
    const t = (store.db.prepare('SELECT title FROM stories WHERE id = ?').get(1 + Math.floor(r() * maxStory)) as { title: string } | undefined)?.title ?? 'government report';
    return t.toLowerCase().split(/\s+/).filter((w) => /^[a-z]{4,}$/.test(w));
  };
  // Common words (head of the news vocabulary) and mid-frequency words.
  const common = voc.words.slice(100, 400);
  const mid = voc.words.slice(400, 20_000);
  const words = (n: number): string => {
    // Half the multi-word queries come from a real headline (they match), half are loose words.
    if (r() < 0.5) {
      const w = titleWords();
      if (w.length >= n) return Array.from({ length: n }, (_, i) => w[(i * 3 + Math.floor(r() * w.length)) % w.length]).join(' ');
    }
    return Array.from({ length: n }, () => (r() < 0.5 ? pick(common) : pick(mid))).join(' ');
  };
  const make = (f: () => string) => Array.from({ length: perClass }, f);
  return {
    topic: make(() => pick(topicNames)),
    entity: make(() => entities[r() < 0.6 ? Math.floor(r() * 50) : Math.floor(r() * 2000)]),
    'one word': make(() => (r() < 0.5 ? pick(common) : pick(mid))),
    'two words': make(() => words(2)),
    'three words': make(() => words(3)),
  };
}

/** Times every query of every class once (after one untimed warm-up pass over a few). */
export function measureLookups(nd: Newsdesk, queries: Record<string, string[]>, sinceMs: number | undefined) {
  const out: Record<string, ReturnType<typeof latencySummary> & { avgResults: number }> = {};
  for (const q of Object.values(queries).flat().slice(0, 20)) nd.search(q, { sinceMs });
  for (const [cls, qs] of Object.entries(queries)) {
    const samples: number[] = [];
    let found = 0;
    for (const q of qs) {
      const t0 = nowMs();
      const r = nd.search(q, { sinceMs });
      samples.push(nowMs() - t0);
      found += r.total;
    }
    out[cls] = { ...latencySummary(samples), avgResults: found / qs.length };
  }
  return out;
}

/** Opens the store afresh and times open + first lookup. */
export function firstAnswer(path: string, query: string): { openMs: number; firstMs: number; totalMs: number } {
  const t0 = nowMs();
  const store = createSqliteStore(path);
  const t1 = nowMs();
  benchNewsdesk(store).search(query, {});
  const t2 = nowMs();
  store.close();
  return { openMs: t1 - t0, firstMs: t2 - t1, totalMs: t2 - t0 };
}

/**
 * Starts a fresh process that loads the facade, opens the store and answers one lookup: the
 * store's part of a first answer (cold SQLite page cache). The bot's own start is
 * {@link botFirstAnswer}.
 */
export function firstAnswerFromProcessStart(path: string, query: string): { processMs: number; inProcess: ReturnType<typeof firstAnswer> } {
  const t0 = nowMs();
  const r = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--first-answer', path, query], { encoding: 'utf8' });
  const processMs = nowMs() - t0;
  if (r.status !== 0) throw new Error(`first-answer child failed: ${r.stderr}`);
  return { processMs, inProcess: JSON.parse(r.stdout.trim().split('\n').pop()!) as ReturnType<typeof firstAnswer> };
}

/** Runs the lookup benchmark. */
export async function runLookup(opts: BenchOptions): Promise<BenchResult> {
  const sizes = storeSizes(opts);
  const perClass = opts.quick ? 20 : 300;
  const rows: (string | number)[][] = [];
  const stores: Record<string, unknown> = {};
  const first: Record<string, unknown> = {};
  let worstP99 = 0;
  for (const size of sizes) {
    const path = join(opts.workDir, `store-${size}.db`);
    const info = await generateStore(path, size, { log: (l) => process.stdout.write(`${l}\n`) });
    stores[size] = info;
    // A store built by an older Newsdesk gets its pending migration steps now, not inside the
    // timed first answer.
    createSqliteStore(path).close();
    const fromStart = firstAnswerFromProcessStart(path, 'space');
    // The bot writes seeds to its database: it runs on a copy, never on the generated store.
    const bot = await botFirstAnswer(botStoreCopy(path, (l) => process.stdout.write(`${l}\n`)), 'space', opts.quick ? 2 : 7);
    const answers = bot.restarts.map((r) => r.answerMs);
    first[size] = {
      ...fromStart.inProcess,
      processMs: fromStart.processMs,
      bot: {
        firstStartMs: bot.first.answerMs,
        restarts: bot.restarts,
        openingDigestP50: percentile(bot.restarts.map((r) => r.firstOutputMs), 50),
        answerP50: percentile(answers, 50),
        answerMax: Math.max(...answers),
      },
    };
    // The timed lookups run with the store in the OS file cache, as a running bot's is.
    const warmed = warmFileCache(path);
    process.stdout.write(`  read ${round(warmed.bytes / 1e9, 2)} GB of store-${size}.db into the OS file cache in ${round(warmed.seconds, 1)} s\n`);
    const store = createSqliteStore(path);
    const nd = benchNewsdesk(store);
    const queries = lookupQueries(store, perClass);
    for (const [window, sinceMs] of [['all time', undefined], ['7 days', 7 * 86_400_000]] as const) {
      const res = measureLookups(nd, queries, sinceMs);
      for (const [cls, s] of Object.entries(res)) {
        worstP99 = size >= 1_000_000 ? Math.max(worstP99, s.p99) : worstP99;
        rows.push([size, cls, window, s.n, round(s.p50), round(s.p90), round(s.p99), round(s.max), round(s.avgResults, 1)]);
      }
    }
    store.close();
  }
  printTable('Lookup latency (ms) of /news <query> through the facade, the store read into the OS file cache first', ['articles', 'class', 'window', 'queries', 'p50', 'p90', 'p99', 'max', 'avg hits'], rows);
  type First = { openMs: number; firstMs: number; totalMs: number; bot: { firstStartMs: number; openingDigestP50: number; answerP50: number; answerMax: number; restarts: unknown[] } };
  printTable(
    'First answer (ms, timed before the store is read into the OS file cache): a fresh process opening the store and answering /news space; the bot (npm start\'s command, terminal) from spawn to that answer on stdout',
    ['articles', 'open', 'first lookup', 'open + lookup', 'bot restarts', 'opening digest p50', 'bot answer p50', 'bot answer max', 'bot first start'],
    Object.entries(first).map(([size, f]) => {
      const x = f as First;
      return [Number(size), round(x.openMs), round(x.firstMs), round(x.totalMs), x.bot.restarts.length, round(x.bot.openingDigestP50, 0), round(x.bot.answerP50, 0), round(x.bot.answerMax, 0), round(x.bot.firstStartMs, 0)];
    }),
  );
  const result: BenchResult = {
    name: 'lookup',
    columns: ['articles', 'class', 'window', 'queries', 'p50', 'p90', 'p99', 'max', 'avgHits'],
    rows,
    firstAnswer: first,
    stores,
    targets: !sizes.includes(1_000_000) ? undefined : { 'p99 <= 10 ms at 1M': worstP99 <= 10, 'first answer <= 1 s after start (bot, median of restarts)': Object.values(first).every((f) => (f as First).bot.answerP50 <= 1000) },
  };
  writeResult(result, opts);
  return result;
}

if (process.argv[2] === '--first-answer') {
  process.stdout.write(`${JSON.stringify(firstAnswer(process.argv[3], process.argv[4]))}\n`);
}

// `npx tsx bench/lookup.ts --bot-first-answer <store.db> [restarts]`: the bot's part alone.
if (process.argv[2] === '--bot-first-answer') {
  const bot = await botFirstAnswer(botStoreCopy(process.argv[3], (l) => process.stdout.write(`${l}\n`)), 'space', Number(process.argv[4] ?? 7));
  const answers = bot.restarts.map((r) => Math.round(r.answerMs));
  process.stdout.write(`${JSON.stringify({ firstStartMs: Math.round(bot.first.answerMs), answersMs: answers, openingDigestMs: bot.restarts.map((r) => Math.round(r.firstOutputMs)), answerP50: percentile(answers, 50), answerMax: Math.max(...answers) })}\n`);
}
