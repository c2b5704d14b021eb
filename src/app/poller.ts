/**
 * The feed poller: node-cron fires on the configured schedule (NEWSDESK_POLL_CRON, default every
 * 15 minutes); each firing waits a random jitter, then polls the feeds that are due (per-feed
 * backoff decides which). `pollOnce(now)` can be called directly, so tests drive it with an
 * injected clock and never sleep. Passes never overlap.
 */
import cron from 'node-cron';
import type { Clock, Log } from '../core/ports.js';
import type { Newsdesk } from '../core/newsdesk.js';
import type { HttpClient } from '../core/ingest/http-client.js';
import type { FeedRegistry } from '../core/feeds/feed-registry.js';
import { pollAll, type PollReport } from '../core/feeds/poll-feed.js';
import { NewsdeskError } from '../core/errors.js';

/** Options of {@link createPoller}. */
export interface PollerOptions {
  registry: FeedRegistry;
  newsdesk: Newsdesk;
  client: HttpClient;
  clock: Clock;
  log: Log;
  /** Five-field cron expression of the passes (config.pollCron). */
  cron: string;
  /** Largest random delay before a scheduled pass starts, in ms (default 60 000), so many instances do not hit feed hosts at once. */
  jitterMs?: number;
  /** Random source in [0, 1) for the jitter. */
  random?: () => number;
  /** Feeds polled at once (default 4). */
  concurrency?: number;
}

/** The running poller. */
export interface Poller {
  /** One pass over the due feeds at `now` (default: the clock); waits for a pass in progress first. Never throws. */
  pollOnce(now?: Date): Promise<PollReport>;
  /** Starts the cron task and runs a first pass after the jitter. */
  start(): void;
  /** Stops the cron task and waits for a pass in progress. */
  stop(): Promise<void>;
}

const EMPTY: PollReport = { feeds: [], stored: 0, notModified: 0, failed: 0 };

/** Creates the poller. Throws CONFIG_INVALID when the cron expression is invalid. Nothing runs until `start()` or `pollOnce()`. */
export function createPoller(opts: PollerOptions): Poller {
  if (!cron.validate(opts.cron)) {
    throw new NewsdeskError('CONFIG_INVALID', `NEWSDESK_POLL_CRON "${opts.cron}" is not a valid cron expression (e.g. */15 * * * *).`);
  }
  const log = opts.log.child({ module: 'poller' });
  const jitterMs = opts.jitterMs ?? 60_000;
  const random = opts.random ?? Math.random;
  const deps = { registry: opts.registry, newsdesk: opts.newsdesk, client: opts.client, log };
  let running: Promise<PollReport> = Promise.resolve(EMPTY);
  let task: ReturnType<typeof cron.schedule> | undefined;
  const timers = new Set<NodeJS.Timeout>();

  let inFlight = 0;

  function pollOnce(now?: Date): Promise<PollReport> {
    inFlight++;
    const next = running.catch(() => EMPTY).then(async () => {
      // The one boundary of the polling path: pollAll already isolates feeds; this catches the rest.
      try {
        return await pollAll(deps, { now: now ?? opts.clock.now(), concurrency: opts.concurrency });
      } catch (err) {
        log.error({ err }, 'feed poll pass failed');
        return EMPTY;
      } finally {
        inFlight--;
      }
    });
    running = next;
    return next;
  }

  function later(): void {
    const t = setTimeout(() => {
      timers.delete(t);
      // A pass slower than the schedule must not queue up passes behind it.
      if (inFlight > 0) {
        log.info({}, 'previous feed poll still running; this one is skipped');
        return;
      }
      void pollOnce();
    }, Math.floor(random() * jitterMs));
    timers.add(t);
  }

  return {
    pollOnce,
    start() {
      if (task) return;
      task = cron.schedule(opts.cron, later, { name: 'newsdesk-feeds', noOverlap: true });
      log.info({ cron: opts.cron, jitterMs }, 'feed poller started');
      later();
    },
    async stop() {
      await task?.stop();
      await task?.destroy();
      task = undefined;
      for (const t of timers) clearTimeout(t);
      timers.clear();
      await running.catch(() => undefined);
    },
  };
}
