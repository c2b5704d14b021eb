/**
 * Slack Web API calls with Retry-After honoured. The WebClient is built with
 * `rejectRateLimitedCalls: true`, so a 429 comes back here as an error carrying Retry-After;
 * this wrapper waits that long (through an injectable sleep, so tests never wait on the wall
 * clock) and tries again, a bounded number of times. Network errors and 5xx answers are
 * retried by the WebClient's own bounded policy.
 */
import type { webApi } from '@slack/bolt';
import { NewsdeskError } from '../../core/errors.js';
import type { Log } from '../../core/ports.js';
import { safeError } from './slack-log.js';

/** Waits `ms` milliseconds. */
export type Sleep = (ms: number) => Promise<void>;

/** The real sleep. */
export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Bounds of the Retry-After loop. */
export interface RateLimitPolicy {
  /** Attempts per call including the first (default 4). */
  maxAttempts: number;
  /** Longest single wait Newsdesk accepts; a longer Retry-After fails the call (default 60 s). */
  maxWaitMs: number;
}

/** Default policy: up to three retries, each wait at most a minute. */
export const DEFAULT_RATE_LIMIT_POLICY: RateLimitPolicy = { maxAttempts: 4, maxWaitMs: 60_000 };

/** Calls Web API methods by name. */
export interface SlackCalls {
  call<T = Record<string, unknown>>(method: string, args: Record<string, unknown>): Promise<T & { ok: boolean }>;
}

function retryAfterMs(err: unknown): number | undefined {
  const e = err as { code?: string; retryAfter?: number };
  return e?.code === 'slack_webapi_rate_limited_error' && typeof e.retryAfter === 'number' ? e.retryAfter * 1000 : undefined;
}

/** Wraps a WebClient. */
export function createSlackCalls(deps: { client: webApi.WebClient; log: Log; redact: (t: string) => string; sleep?: Sleep; policy?: RateLimitPolicy }): SlackCalls {
  const { client, log, redact } = deps;
  const sleep = deps.sleep ?? realSleep;
  const policy = deps.policy ?? DEFAULT_RATE_LIMIT_POLICY;
  return {
    async call<T>(method: string, args: Record<string, unknown>) {
      for (let attempt = 1; ; attempt++) {
        try {
          return (await client.apiCall(method, args)) as unknown as T & { ok: boolean };
        } catch (err) {
          const wait = retryAfterMs(err);
          if (wait === undefined) throw err;
          if (attempt >= policy.maxAttempts || wait > policy.maxWaitMs) {
            log.warn({ method, attempt, retryAfterMs: wait }, 'slack rate limit: giving up');
            throw new NewsdeskError('DELIVERY_FAILED', `Slack kept rate-limiting ${method}.`, { cause: err, details: { method, retryAfterMs: wait } });
          }
          log.warn({ method, attempt, retryAfterMs: wait, err: safeError(err, redact) }, 'slack rate limit: waiting');
          await sleep(wait);
        }
      }
    },
  };
}
