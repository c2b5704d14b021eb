/**
 * A Newsdesk with subscriptions and a scheduler over an injected clock and a recording
 * Publisher, for scheduling tests: time moves only when the test says so, ticks are called
 * directly (never node-cron, never sleeping).
 */
import type { ChannelRef, Reply } from '../../src/core/model.js';
import type { Clock, Log, Posted, Publisher } from '../../src/core/ports.js';
import { NewsdeskError } from '../../src/core/errors.js';
import { createSqliteStore, type SqliteStore } from '../../src/core/store/sqlite-store.js';
import { createNewsdesk, type Newsdesk } from '../../src/core/newsdesk.js';
import { createSubscriptions, type Subscriptions } from '../../src/core/subscriptions/index.js';
import { createScheduler, type Scheduler } from '../../src/app/scheduler.js';
import { addStory } from './schedule-stories.js';

export { addStory };

/** A clock tests move by hand. */
export interface ManualClock extends Clock {
  set(t: Date | string): void;
}

export function manualClock(start: Date | string): ManualClock {
  let t = new Date(start).getTime();
  return {
    now: () => new Date(t),
    set(d) {
      t = new Date(d).getTime();
    },
  };
}

/** One message the fake publisher received. */
export interface Delivered {
  at: string;
  channel: string;
  reply: Reply;
  /** Story ids in the message (digest replies). */
  storyIds: number[];
  messageId: string;
}

/** A log that keeps every line (to assert on "skipped with a log line"). */
export function recordingLog(): Log & { lines: { level: string; msg: string; obj: object }[] } {
  const lines: { level: string; msg: string; obj: object }[] = [];
  const make = (bindings: object): Log => ({
    debug: (obj, msg) => lines.push({ level: 'debug', msg, obj: { ...bindings, ...obj } }),
    info: (obj, msg) => lines.push({ level: 'info', msg, obj: { ...bindings, ...obj } }),
    warn: (obj, msg) => lines.push({ level: 'warn', msg, obj: { ...bindings, ...obj } }),
    error: (obj, msg) => lines.push({ level: 'error', msg, obj: { ...bindings, ...obj } }),
    child: (b) => make({ ...bindings, ...b }),
  });
  return Object.assign(make({}), { lines });
}

/** A publisher that records what it posts; channels in `failing` throw a DELIVERY_FAILED error. */
export function recordingPublisher(platform: ChannelRef['platform'], clock: Clock, sink: Delivered[] = []) {
  const failing = new Set<string>();
  let n = 0;
  const publisher: Publisher & { sink: Delivered[]; failing: Set<string> } = {
    platform,
    sink,
    failing,
    async post(channel, reply): Promise<Posted[]> {
      const key = `${channel.platform}:${channel.scope}:${channel.channel}`;
      if (failing.has(key)) throw new NewsdeskError('DELIVERY_FAILED', `Newsdesk cannot post in ${channel.channel} (missing permission).`);
      const messageId = `${platform}-msg-${++n}`;
      const storyIds = reply.kind === 'digest' ? reply.digest.sections.flatMap((s) => s.stories.map((x) => x.id)) : [];
      sink.push({ at: clock.now().toISOString(), channel: key, reply, storyIds, messageId });
      return [{ messageId }];
    },
  };
  return publisher;
}

/** Everything a scheduling test needs. */
export interface Harness {
  clock: ManualClock;
  store: SqliteStore;
  newsdesk: Newsdesk;
  subscriptions: Subscriptions;
  scheduler: Scheduler;
  publisher: ReturnType<typeof recordingPublisher>;
  log: ReturnType<typeof recordingLog>;
  /** Ticks every `stepMs` (default one minute) from the current time up to `until`, inclusive; calls `each` before each tick. */
  runUntil(until: Date | string, opts?: { stepMs?: number; each?: (now: Date) => void }): Promise<void>;
}

/** Builds a harness on `dbPath` (default in memory). */
export function createHarness(p: { start: string; dbPath?: string; catchUpHours?: number; owner?: string; sink?: Delivered[]; platform?: ChannelRef['platform']; leaseMs?: number }): Harness {
  const clock = manualClock(p.start);
  const store = createSqliteStore(p.dbPath ?? ':memory:');
  const log = recordingLog();
  const newsdesk = createNewsdesk({ store, clock, log });
  const subscriptions = createSubscriptions({ store, clock, log });
  const publisher = recordingPublisher(p.platform ?? 'console', clock, p.sink);
  const scheduler = createScheduler({ newsdesk, subscriptions, publishers: [publisher], clock, log, catchUpHours: p.catchUpHours ?? 6, owner: p.owner, leaseMs: p.leaseMs });
  return {
    clock,
    store,
    newsdesk,
    subscriptions,
    scheduler,
    publisher,
    log,
    async runUntil(until, opts = {}) {
      const end = new Date(until).getTime();
      const step = opts.stepMs ?? 60_000;
      for (let t = clock.now().getTime(); t <= end; t += step) {
        clock.set(new Date(t));
        opts.each?.(new Date(t));
        await scheduler.tick();
      }
    },
  };
}
