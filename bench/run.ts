/**
 * Entry of `npm run bench`: runs every benchmark (or `--only <name>`), prints their tables and
 * writes JSON to bench/results/. `--quick` uses small sizes so the suite runs in under a minute.
 * Generated stores are kept in `--work <dir>` (default /tmp/newsdesk-bench) and reused.
 *
 *   npm run bench                      # full sizes (100k and 1M stores; generates them once)
 *   npm run bench -- --quick           # everything small
 *   npm run bench -- --only lookup     # one benchmark: ingest, feeds, lookup, digest, memory
 */
import { loadavg } from 'node:os';
import { runDigest } from './digest.js';
import { runFeeds } from './feeds.js';
import { runLookup } from './lookup.js';
import type { BenchOptions, BenchResult } from './lib/results.js';

const BENCHES: Record<string, (o: BenchOptions) => Promise<BenchResult>> = {
  feeds: runFeeds,
  lookup: runLookup,
  digest: runDigest,
};

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const quick = process.argv.includes('--quick');
  const only = arg('--only');
  const workDir = arg('--work') ?? (quick ? '/tmp/newsdesk-bench-quick' : '/tmp/newsdesk-bench');
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
    const r = await BENCHES[name]({ quick, workDir });
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
