/**
 * Entry of `npm run bench`: runs every benchmark (or `--only <name>`), prints their tables and
 * writes JSON to bench/results/. `--quick` uses small sizes so the suite runs in under a minute.
 * Generated stores are kept in `--work <dir>` (default /tmp/newsdesk-bench) and reused.
 *
 *   npm run bench                      # full sizes (100k and 1M stores; generates them once)
 *   npm run bench -- --quick           # everything small
 *   npm run bench -- --only lookup     # one benchmark: ingest, feeds, lookup, digest, memory
 *   npm run bench -- --max-size 100000 # store sizes capped (when the 1M store cannot be built)
 *   npm run bench -- --sizes 100000,400000  # other store sizes (store-<n>.db in the work folder)
 *   npm run bench -- --only ingest --ingest-pages 520  # fewer documents through the pipeline
 */
import { loadavg } from 'node:os';
import { runDigest } from './digest.js';
import { runFeeds } from './feeds.js';
import { runIngest } from './ingest.js';
import { runLookup } from './lookup.js';
import { runMemory } from './memory.js';
import type { BenchOptions, BenchResult } from './lib/results.js';

const BENCHES: Record<string, (o: BenchOptions) => Promise<BenchResult>> = {
  ingest: runIngest,
  feeds: runFeeds,
  lookup: runLookup,
  digest: runDigest,
  memory: runMemory,
};

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const quick = process.argv.includes('--quick');
  const only = arg('--only');
  const workDir = arg('--work') ?? (quick ? '/tmp/newsdesk-bench-quick' : '/tmp/newsdesk-bench');
  const maxSize = arg('--max-size') ? Number(arg('--max-size')) : undefined;
  const sizes = arg('--sizes')?.split(',').map(Number);
  const ingestPages = arg('--ingest-pages') ? Number(arg('--ingest-pages')) : undefined;
  const names = only ? only.split(',') : Object.keys(BENCHES);
  const unknown = names.filter((n) => !BENCHES[n]);
  if (unknown.length) {
    console.error(`Unknown benchmark: ${unknown.join(', ')}. Known: ${Object.keys(BENCHES).join(', ')}.`);
    process.exit(2);
  }
  const t0 = Date.now();
  console.log(`Newsdesk benchmarks (${quick ? 'quick' : 'full'}): ${names.join(', ')}; load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  const missed: string[] = [];
  for (const name of names) {
    const started = Date.now();
    const r = await BENCHES[name]({ quick, workDir, maxSize, sizes, ingestPages });
    console.log(`  (${name}: ${((Date.now() - started) / 1000).toFixed(1)} s)`);
    for (const [label, ok] of Object.entries(r.targets ?? {})) {
      console.log(`  target ${ok ? 'met   ' : 'MISSED'}  ${label}`);
      if (!ok) missed.push(`${name}: ${label}`);
    }
  }
  console.log(`\nDone in ${((Date.now() - t0) / 1000).toFixed(1)} s; results in bench/results/.`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
