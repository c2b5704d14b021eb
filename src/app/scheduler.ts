/**
 * The scheduler: node-cron fires a tick every minute; each tick plans due digests into the
 * outbox and delivers them (see core/delivery). `tick(now)` can be called directly with any
 * time, so tests drive the schedule with an injected clock and never sleep.
 */
import cron from 'node-cron';
import type { Clock, Log, Publisher } from '../core/ports.js';
import type { Newsdesk } from '../core/newsdesk.js';
import type { Subscriptions } from '../core/subscriptions/index.js';
import { createDelivery, type TickReport } from '../core/delivery/create-delivery.js';

/** Options of {@link createScheduler}. */
export interface SchedulerOptions {
  /** The core facade; delivery reads the store through `subscriptions`, so this is optional. */
  newsdesk?: Newsdesk;
  subscriptions: Subscriptions;
  publishers: Publisher[];
  clock: Clock;
  log: Log;
  /** Missed digests younger than this many hours are caught up once (config NEWSDESK_CATCH_UP_HOURS). */
  catchUpHours: number;
  /** Lease owner id of this process (default random). */
  owner?: string;
  /** Delivery lease time-to-live in ms (default 120,000). */
  leaseMs?: number;
}

/** The running scheduler. */
export interface Scheduler {
  /** One planning + delivery pass at `now` (default: the clock). Ticks never overlap: a call during a tick waits for it. */
  tick(now?: Date): Promise<TickReport>;
  /** Starts the every-minute cron task (and runs one tick at once, which catches up missed digests). */
  start(): void;
  stop(): Promise<void>;
}

/** Creates the scheduler. Nothing runs until `start()` or `tick()`. */
export function createScheduler(opts: SchedulerOptions): Scheduler {
  const log = opts.log.child({ module: 'scheduler' });
  const delivery = createDelivery({
    subscriptions: opts.subscriptions,
    publishers: opts.publishers,
    clock: opts.clock,
    log,
    catchUpHours: opts.catchUpHours,
    owner: opts.owner,
    leaseMs: opts.leaseMs,
  });
  let running: Promise<TickReport> = Promise.resolve({ planned: 0, skipped: 0, delivered: 0, messages: 0, failed: 0 });
  let task: ReturnType<typeof cron.schedule> | undefined;

  function tick(now?: Date): Promise<TickReport> {
    const next = running.catch(() => undefined).then(async () => {
      // The one error boundary of the scheduled path: a failing tick is logged, the next one runs.
      try {
        const report = await delivery.tick(now);
        if (report.planned || report.delivered || report.failed || report.skipped) log.info({ ...report }, 'scheduler tick');
        return report;
      } catch (err) {
        log.error({ err }, 'scheduler tick failed');
        return { planned: 0, skipped: 0, delivered: 0, messages: 0, failed: 1 };
      }
    });
    running = next;
    return next;
  }

  return {
    tick,
    start() {
      if (task) return;
      task = cron.schedule('* * * * *', () => void tick(), { name: 'newsdesk-digests', noOverlap: true });
      log.info({ owner: delivery.owner, catchUpHours: opts.catchUpHours }, 'scheduler started');
      void tick();
    },
    async stop() {
      await task?.stop();
      await task?.destroy();
      task = undefined;
      await running.catch(() => undefined);
    },
  };
}
