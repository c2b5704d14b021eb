/**
 * Timing and summary statistics for the benchmarks. Times are milliseconds from
 * `performance.now()`; percentiles use the nearest-rank method on the sorted samples.
 */
import { performance } from 'node:perf_hooks';

/** Milliseconds since an arbitrary origin, sub-millisecond resolution. */
export function nowMs(): number {
  return performance.now();
}

/** Runs `fn` and returns its result with the elapsed milliseconds. */
export function timed<T>(fn: () => T): { value: T; ms: number } {
  const t0 = performance.now();
  const value = fn();
  return { value, ms: performance.now() - t0 };
}

/** Nearest-rank percentile (`p` in 0–100) of `samples`; NaN when empty. */
export function percentile(samples: number[], p: number): number {
  if (!samples.length) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1];
}

/** p50, p90, p99, max and mean of latency samples (ms). */
export function latencySummary(samples: number[]): { n: number; p50: number; p90: number; p99: number; max: number; mean: number } {
  const n = samples.length;
  return {
    n,
    p50: percentile(samples, 50),
    p90: percentile(samples, 90),
    p99: percentile(samples, 99),
    max: n ? Math.max(...samples) : Number.NaN,
    mean: n ? samples.reduce((s, x) => s + x, 0) / n : Number.NaN,
  };
}

/** Peak resident set size of this process so far, in MB. */
export function peakRssMb(): number {
  // resourceUsage().maxRSS is in kilobytes.
  return process.resourceUsage().maxRSS / 1024;
}

/** Current resident set size of this process, in MB. */
export function rssMb(): number {
  return process.memoryUsage.rss() / 1_048_576;
}

/** Rounds to `digits` decimals for display and JSON. */
export function round(x: number, digits = 2): number {
  if (!Number.isFinite(x)) return x;
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
