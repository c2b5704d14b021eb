/**
 * When to poll a feed again: soon after a success, exponentially later after each failure in a
 * row, with jitter so that feeds failing together (one host down) do not retry together.
 */

/** Backoff settings, all in milliseconds. */
export interface BackoffPolicy {
  /** Earliest next poll after a success or a 304. Default 5 min (below the 15-minute poll cron, so every pass polls it). */
  refreshMs: number;
  /** Delay after the first failure; doubles with each further failure. Default 5 min. */
  baseMs: number;
  /** Longest delay. A feed failing for long is still tried this often, never dropped. Default 24 h. */
  maxMs: number;
  /** Consecutive failures after which a feed is shown as unhealthy. Default 5. */
  unhealthyAfter: number;
}

/** The default {@link BackoffPolicy}. */
export const DEFAULT_BACKOFF: BackoffPolicy = {
  refreshMs: 5 * 60_000,
  baseMs: 5 * 60_000,
  maxMs: 24 * 3_600_000,
  unhealthyAfter: 5,
};

/**
 * Milliseconds to wait after the `failures`-th failure in a row (1 for the first): the capped
 * exponential delay `min(maxMs, baseMs · 2^(failures−1))`, jittered to between half and all of
 * it ("equal jitter"), so a retry is never sooner than half the nominal delay. `random` returns a
 * number in [0, 1).
 */
export function feedBackoff(failures: number, policy: BackoffPolicy = DEFAULT_BACKOFF, random: () => number = Math.random): number {
  const n = Math.max(1, Math.floor(failures));
  // 2^40 overflows nothing but is far past any cap; clamp the exponent to keep the maths finite.
  const nominal = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(n - 1, 40));
  const r = Math.min(Math.max(random(), 0), 1);
  return Math.round(nominal / 2 + (nominal / 2) * r);
}
