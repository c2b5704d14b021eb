/**
 * Writes one benchmark's figures to bench/results/<name>.json with the machine they came from,
 * so runs can be compared and the README quotes figures that exist on disk.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Folder of the JSON results. */
export const RESULTS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'results');

/** Options every benchmark receives from bench/run.ts. */
export interface BenchOptions {
  /** Small sizes, the whole suite in under a minute. */
  quick: boolean;
  /** Folder for generated stores and other large scratch files. */
  workDir: string;
  /** Largest generated store to use (stores above it are left out). */
  maxSize?: number;
  /** Documents the ingest benchmark pushes through the pipeline (default 5,000; quick 40). */
  ingestPages?: number;
  /** Store sizes to use instead of the defaults (e.g. a store whose build was stopped early). */
  sizes?: number[];
}

/** The store sizes of a full or quick run, capped by `maxSize`. */
export function storeSizes(opts: BenchOptions): number[] {
  const all = opts.sizes ?? (opts.quick ? [5_000] : [100_000, 1_000_000]);
  const kept = all.filter((n) => n <= (opts.maxSize ?? Infinity));
  return kept.length ? kept : [Math.min(...all)];
}

/** What a benchmark hands back: its figures, also written as JSON. */
export interface BenchResult {
  name: string;
  /** Targets met (true), missed (false) or not applicable (absent), keyed by a short label. */
  targets?: Record<string, boolean>;
  [key: string]: unknown;
}

/** Writes `result` (plus date, machine and mode) to bench/results/<name>.json and returns the path. */
export function writeResult(result: BenchResult, opts: BenchOptions): string {
  const file = join(RESULTS_DIR, `${result.name}${opts.quick ? '.quick' : ''}.json`);
  mkdirSync(dirname(file), { recursive: true });
  const machine = {
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model,
    memoryMb: Math.round(totalmem() / 1_048_576),
    // Other work on the machine skews latency percentiles: recorded with every result.
    loadAverage: loadavg().map((x) => Math.round(x * 100) / 100),
  };
  writeFileSync(file, `${JSON.stringify({ ...result, date: new Date().toISOString(), quick: opts.quick, machine }, null, 2)}\n`);
  return file;
}
