/**
 * The delivery engine, driven by ticks: plans every due digest into the outbox (one
 * transaction per digest), then posts pending entries message by message under a lease.
 *
 * Guarantees:
 * - a message marked delivered is never posted again (after a crash only the message in flight
 *   at the moment of the crash can repeat: its post succeeded but was not recorded yet);
 * - digests missed while down are caught up once: only the latest missed run, and only when it
 *   is younger than `catchUpHours`; older ones are skipped with a log line;
 * - two processes on one database never deliver the same entry (lease in SQLite);
 * - a failing channel is marked with its error and retried with exponential backoff; others go on.
 */
import type { Reply } from '../model.js';
import type { Clock, Log, Publisher } from '../ports.js';
import { NewsdeskError } from '../errors.js';
import type { Subscriptions, SubscriptionState } from '../subscriptions/create-subscriptions.js';
import { nextRun, previousRun, runsBetween } from '../subscriptions/cron-expression.js';
import { channelKey } from '../subscriptions/subscription.js';
import type { OutboxEntry } from './outbox.js';
import { planWindow } from './plan-window.js';
import { createWindowStories } from './window-stories.js';

/** Options of {@link createDelivery}. */
export interface DeliveryOptions {
  subscriptions: Subscriptions;
  /** Read at each delivery, so adapters that connect later (pushed onto this array) are used too. */
  publishers: Publisher[];
  clock: Clock;
  log: Log;
  /** Missed digests younger than this are caught up once (hours, default 6). */
  catchUpHours?: number;
  /** This process's lease owner id (default: random per process). */
  owner?: string;
  /** Lease time-to-live, renewed before each message (ms, default 120,000). */
  leaseMs?: number;
}

/** What one tick did. */
export interface TickReport {
  planned: number;
  skipped: number;
  delivered: number;
  messages: number;
  failed: number;
}

/** The engine. */
export interface Delivery {
  /** Plans what is due at `now` and delivers what is ready. Never throws for one bad channel. */
  tick(now?: Date): Promise<TickReport>;
  readonly owner: string;
}

/** Longest window a digest covers, in ms. */
const MAX_WINDOW_MS = 7 * 86_400_000;
/** Live subscriptions batch new stories for this long. */
const LIVE_BATCH_MS = 60_000;
/** Later than this after its due time, a digest is called a catch-up. */
const LATE_MS = 5 * 60_000;
/** Backoff after n failures: 1 min × 2^(n-1), at most 6 h. */
export function backoffMs(failures: number): number {
  return Math.min(6 * 3_600_000, 60_000 * 2 ** Math.max(0, failures - 1));
}
/** Give up on an entry after this many attempts or this long after its due time. */
const MAX_ATTEMPTS = 12;
const GIVE_UP_MS = 24 * 3_600_000;

function ownerId(): string {
  return `nd-${Math.random().toString(36).slice(2, 10)}`;
}

/** Creates the engine. */
export function createDelivery(opts: DeliveryOptions): Delivery {
  const { subscriptions, clock } = opts;
  const log = opts.log.child({ module: 'delivery' });
  const store = subscriptions.store;
  const outbox = subscriptions.outbox;
  const owner = opts.owner ?? ownerId();
  const leaseMs = opts.leaseMs ?? 120_000;
  const catchUpMs = (opts.catchUpHours ?? 6) * 3_600_000;
  const windows = createWindowStories(store);

  function planOne(state: SubscriptionState, now: Date, report: TickReport): void {
    const { sub } = state;
    const schedule = subscriptions.schedule(sub);
    const cursor = new Date(state.cursorAt);
    if (schedule.kind === 'live') {
      if (now.getTime() - cursor.getTime() < LIVE_BATCH_MS) {
        outbox.setNextDue(sub.id, new Date(cursor.getTime() + LIVE_BATCH_MS));
        return;
      }
      const to = new Date(Math.floor(now.getTime() / 60_000) * 60_000);
      const from = new Date(Math.max(cursor.getTime(), now.getTime() - catchUpMs));
      const { plan } = planWindow({ windows, outbox }, { sub, dueAt: to, windowFrom: from, windowTo: to, now, catchUp: false, live: true });
      const entry = plan.messages.length
        ? { subscriptionId: sub.id, channel: sub.channel, dueAt: to, windowFrom: from, windowTo: to, catchUp: false, ...plan }
        : undefined;
      const move = { subscriptionId: sub.id, from: state.cursorAt, to: to.toISOString(), windowTo: to.toISOString(), nextDue: new Date(to.getTime() + LIVE_BATCH_MS).toISOString() };
      if (outbox.plan(entry, move, now) !== undefined) report.planned++;
      return;
    }
    const runs = runsBetween(schedule.cron, sub.timeZone, cursor, now, 100_000);
    if (!runs.length) {
      outbox.setNextDue(sub.id, nextRun(schedule.cron, sub.timeZone, cursor));
      return;
    }
    const due = runs[runs.length - 1];
    const late = now.getTime() - due.getTime();
    const ctx = { subscriptionId: sub.id, channel: channelKey(sub.channel) };
    if (runs.length > 1 && late <= catchUpMs) log.info({ ...ctx, missed: runs.length - 1, firstMissed: runs[0].toISOString() }, 'missed digests skipped; only the latest is caught up');
    const cursorMove = { subscriptionId: sub.id, from: state.cursorAt, to: due.toISOString(), nextDue: nextRun(schedule.cron, sub.timeZone, due)?.toISOString() };
    // The next window starts where this one started unless something was posted: stories of a
    // skipped digest (late, or below the minimum) roll over into the next one.
    const prev = state.lastWindowTo ? new Date(state.lastWindowTo) : previousRun(schedule.cron, sub.timeZone, due) ?? new Date(due.getTime() - 86_400_000);
    const from = new Date(Math.max(prev.getTime(), due.getTime() - MAX_WINDOW_MS));
    if (late > catchUpMs) {
      log.warn({ ...ctx, dueAt: due.toISOString(), missed: runs.length, lateHours: Math.round(late / 360_000) / 10, catchUpHours: catchUpMs / 3_600_000 }, 'digest skipped: missed by more than the catch-up age');
      const note = `missed while Newsdesk was down (${Math.round(late / 360_000) / 10} h late; catch-up limit ${catchUpMs / 3_600_000} h)`;
      const skipped = { subscriptionId: sub.id, channel: sub.channel, dueAt: due, windowFrom: from, windowTo: due, storyIds: [], decisions: {}, status: 'skipped' as const, note, catchUp: false, messages: [] };
      if (outbox.plan(skipped, { ...cursorMove, windowTo: from.toISOString() }, now) !== undefined) report.skipped++;
      return;
    }
    const catchUp = late > LATE_MS;
    const { plan, candidates } = planWindow({ windows, outbox }, { sub, dueAt: due, windowFrom: from, windowTo: due, now, catchUp, live: false });
    const rollOver = plan.storyIds.length === 0 && Object.values(plan.decisions).some((d) => d.kind === 'below-minimum');
    const windowTo = (rollOver ? from : due).toISOString();
    // Nothing in the window at all: move on without an outbox row (an hourly digest would write 24 a day).
    if (!candidates && !plan.messages.length) {
      outbox.plan(undefined, { ...cursorMove, windowTo }, now);
      return;
    }
    const id = outbox.plan({ subscriptionId: sub.id, channel: sub.channel, dueAt: due, windowFrom: from, windowTo: due, catchUp, ...plan }, { ...cursorMove, windowTo }, now);
    if (id === undefined) return;
    if (plan.status === 'skipped') report.skipped++;
    else report.planned++;
    if (catchUp) log.info({ ...ctx, dueAt: due.toISOString(), lateMinutes: Math.round(late / 60_000) }, 'missed digest caught up');
    log.debug({ ...ctx, outboxId: id, stories: plan.storyIds.length, messages: plan.messages.length, status: plan.status }, 'digest planned');
  }

  function sourceCounts(reply: Reply): Map<number, number> {
    const out = new Map<number, number>();
    if (reply.kind === 'digest') for (const sec of reply.digest.sections) for (const s of sec.stories) out.set(s.id, s.sources.length);
    return out;
  }

  async function deliverOne(entry: OutboxEntry, now: Date, report: TickReport, failing: Set<string>): Promise<void> {
    const key = channelKey(entry.channel);
    if (failing.has(key)) return;
    const state = outbox.channelFailure(entry.channel);
    if (state?.retryAt && Date.parse(state.retryAt) > now.getTime()) return;
    if (!outbox.claim(entry.id, owner, now, leaseMs)) return;
    const ctx = { outboxId: entry.id, subscriptionId: entry.subscriptionId, channel: key, dueAt: entry.dueAt };
    try {
      const publisher = opts.publishers.find((p) => p.platform === entry.channel.platform);
      if (!publisher) throw new NewsdeskError('DELIVERY_FAILED', `No ${entry.channel.platform} connection is running.`);
      for (const msg of outbox.messages(entry.id)) {
        if (msg.deliveredAt) continue;
        const at = clock.now();
        if (!outbox.claim(entry.id, owner, at, leaseMs)) {
          log.warn(ctx, 'delivery lease lost; another process continues');
          return;
        }
        const posted = await publisher.post(entry.channel, msg.reply);
        const ids = posted.map((p) => p.messageId);
        if (!outbox.markDelivered(msg, owner, { messageIds: ids, threadId: posted.find((p) => p.threadId)?.threadId }, sourceCounts(msg.reply), clock.now())) {
          log.warn(ctx, 'delivery lease lost after posting');
          return;
        }
        report.messages++;
      }
      outbox.finish(entry.id, owner, clock.now());
      if (state) outbox.clearChannelFailure(entry.channel);
      report.delivered++;
      log.debug({ ...ctx, stories: entry.storyIds.length }, 'digest delivered');
    } catch (err) {
      failing.add(key);
      report.failed++;
      const failures = (state?.failures ?? 0) + 1;
      const retryAt = new Date(now.getTime() + backoffMs(failures));
      const message = err instanceof NewsdeskError ? err.message : `${(err as Error)?.name ?? 'Error'}: ${String((err as Error)?.message ?? err).slice(0, 200)}`;
      const giveUp = entry.attempts + 1 >= MAX_ATTEMPTS || now.getTime() - Date.parse(entry.dueAt) > GIVE_UP_MS;
      outbox.fail(entry.id, owner, message, retryAt, giveUp);
      outbox.setChannelFailure(entry.channel, { failures, lastError: message, errorCode: err instanceof NewsdeskError ? err.code : undefined, failedAt: now.toISOString(), retryAt: retryAt.toISOString() });
      log.warn({ ...ctx, err, failures, retryAt: retryAt.toISOString(), gaveUp: giveUp }, 'digest delivery failed; channel will be retried');
    }
  }

  return {
    owner,
    async tick(at) {
      const now = at ?? clock.now();
      const report: TickReport = { planned: 0, skipped: 0, delivered: 0, messages: 0, failed: 0 };
      windows.reset();
      for (const state of subscriptions.active(now)) {
        try {
          planOne(state, now, report);
        } catch (err) {
          log.error({ subscriptionId: state.sub.id, err }, 'digest planning failed');
        }
      }
      const failing = new Set<string>();
      for (const entry of outbox.ready(now, 500)) await deliverOne(entry, now, report, failing);
      windows.reset();
      return report;
    },
  };
}
