/**
 * The subscriptions service: add, list and remove a channel's subscriptions, their next run and
 * last delivery, and `/why` explanations. Stored in the store's SQLite database.
 */
import type { ChannelRef, Reply } from '../model.js';
import type { SqliteStore } from '../store/sqlite-store.js';
import type { Clock, Log } from '../ports.js';
import { UserError } from '../errors.js';
import { createOutbox, type ChannelFailure, type Outbox, type OutboxEntry } from '../delivery/outbox.js';
import { explainStory, type Explanation } from '../delivery/explain-story.js';
import { previewDigest } from '../delivery/preview-digest.js';
import { createWindowStories } from '../delivery/window-stories.js';
import { parseSchedule, type Schedule } from './schedule-spec.js';
import { nextRun } from './cron-expression.js';
import { parseSubscription, type Subscription, type SubscriptionInput, type SubscriptionSpec } from './subscription.js';

/** Most subscriptions one channel may have. */
export const MAX_PER_CHANNEL = 25;

/** A subscription with the planner's position. */
export interface SubscriptionState {
  sub: Subscription;
  /** Last due time the planner handled (ISO). */
  cursorAt: string;
  /** End of the last planned window (ISO), if any digest was planned yet. */
  lastWindowTo?: string;
}

/** What `/subscriptions` shows for one subscription. */
export interface SubscriptionStatus {
  sub: Subscription;
  /** Next run (undefined for live subscriptions). */
  nextRun?: Date;
  /** The most recent outbox entry (delivered, pending, skipped or failed). */
  last?: OutboxEntry;
  /** Set while the channel is failing. */
  channelFailure?: ChannelFailure;
}

/** The service. */
export interface Subscriptions {
  /** Validates and stores a subscription; throws user errors (BAD_OPTION, SCHEDULE_INVALID, TIMEZONE_INVALID). */
  add(channel: ChannelRef, input: SubscriptionInput, createdBy?: string): Subscription;
  /** Removes one subscription of the channel; false when the channel has no such id. */
  remove(channel: ChannelRef, id: number): boolean;
  /** Removes every subscription of the channel; returns how many. */
  removeAll(channel: ChannelRef): number;
  list(channel: ChannelRef): Subscription[];
  get(id: number): Subscription | undefined;
  /** Active subscriptions with their planner state (every channel); with `dueBy`, only those due by then. */
  active(dueBy?: Date): SubscriptionState[];
  /** The parsed schedule of a subscription (cached). */
  schedule(sub: Subscription): Schedule;
  /** Next run strictly after `after` (default now); undefined for live subscriptions. */
  nextRun(sub: Subscription, after?: Date): Date | undefined;
  status(channel: ChannelRef): SubscriptionStatus[];
  /** What subscription `id` of the channel would post if it ran now (nothing is recorded); throws NOT_FOUND. */
  preview(channel: ChannelRef, id: number): Reply;
  /** Why a story (id or URL) was or was not posted in the channel. */
  why(channel: ChannelRef, ref: string): Explanation;
  readonly outbox: Outbox;
  readonly store: SqliteStore;
}

interface Row {
  id: number;
  platform: ChannelRef['platform'];
  scope: string;
  channel: string;
  spec_json: string;
  created_at: string;
  created_by: string | null;
  cursor_at: string;
  last_window_to: string | null;
}

function toSub(r: Row): Subscription {
  return {
    ...(JSON.parse(r.spec_json) as SubscriptionSpec),
    id: r.id,
    channel: { platform: r.platform, scope: r.scope, channel: r.channel },
    createdAt: r.created_at,
    createdBy: r.created_by ?? undefined,
  };
}

/** Creates the service. `defaultTimeZone` applies to subscriptions that name none (default UTC). */
export function createSubscriptions(deps: { store: SqliteStore; clock: Clock; log: Log; defaultTimeZone?: string }): Subscriptions {
  const { store, clock, log } = deps;
  const db = store.db;
  const outbox = createOutbox(db);
  const windows = createWindowStories(store);
  const schedules = new Map<string, Schedule>();
  const q = {
    insert: db.prepare('INSERT INTO subscriptions (platform, scope, channel, spec_json, created_at, created_by, cursor_at) VALUES (?, ?, ?, ?, ?, ?, ?)'),
    byChannel: db.prepare<[string, string, string], Row>('SELECT * FROM subscriptions WHERE platform = ? AND scope = ? AND channel = ? AND active = 1 ORDER BY id'),
    count: db.prepare<[string, string, string], { n: number }>('SELECT count(*) AS n FROM subscriptions WHERE platform = ? AND scope = ? AND channel = ? AND active = 1'),
    byId: db.prepare<[number], Row>('SELECT * FROM subscriptions WHERE id = ? AND active = 1'),
    active: db.prepare<[], Row>('SELECT * FROM subscriptions WHERE active = 1 ORDER BY id'),
    due: db.prepare<[string], Row>('SELECT * FROM subscriptions WHERE active = 1 AND (next_due_at IS NULL OR next_due_at <= ?) ORDER BY id'),
    remove: db.prepare('UPDATE subscriptions SET active = 0 WHERE id = ? AND platform = ? AND scope = ? AND channel = ? AND active = 1'),
    removeAll: db.prepare('UPDATE subscriptions SET active = 0 WHERE platform = ? AND scope = ? AND channel = ? AND active = 1'),
    dropPending: db.prepare("UPDATE outbox SET status = 'skipped', note = 'unsubscribed' WHERE subscription_id = ? AND status = 'pending'"),
  };

  function schedule(sub: Subscription): Schedule {
    let s = schedules.get(sub.schedule);
    if (!s) {
      s = parseSchedule(sub.schedule);
      schedules.set(sub.schedule, s);
    }
    return s;
  }

  function next(sub: Subscription, after = clock.now()): Date | undefined {
    const s = schedule(sub);
    return s.kind === 'cron' ? nextRun(s.cron, sub.timeZone, after) : undefined;
  }

  const api: Subscriptions = {
    outbox,
    store,
    add(channel, input, createdBy) {
      const { spec } = parseSubscription(input, deps.defaultTimeZone);
      if (q.count.get(channel.platform, channel.scope, channel.channel)!.n >= MAX_PER_CHANNEL) {
        throw new UserError('BAD_OPTION', `This channel already has ${MAX_PER_CHANNEL} subscriptions; remove one with /unsubscribe first.`);
      }
      const now = clock.now().toISOString();
      const id = Number(q.insert.run(channel.platform, channel.scope, channel.channel, JSON.stringify(spec), now, createdBy ?? null, now).lastInsertRowid);
      log.info({ subscriptionId: id, channel, schedule: spec.schedule, timeZone: spec.timeZone }, 'subscription added');
      return toSub(q.byId.get(id)!);
    },
    remove(channel, id) {
      const done = q.remove.run(id, channel.platform, channel.scope, channel.channel).changes === 1;
      if (done) {
        q.dropPending.run(id);
        log.info({ subscriptionId: id, channel }, 'subscription removed');
      }
      return done;
    },
    removeAll(channel) {
      const subs = q.byChannel.all(channel.platform, channel.scope, channel.channel);
      for (const s of subs) q.dropPending.run(s.id);
      return q.removeAll.run(channel.platform, channel.scope, channel.channel).changes;
    },
    list: (c) => q.byChannel.all(c.platform, c.scope, c.channel).map(toSub),
    get(id) {
      const r = q.byId.get(id);
      return r ? toSub(r) : undefined;
    },
    active: (dueBy) => (dueBy ? q.due.all(dueBy.toISOString()) : q.active.all()).map((r) => ({ sub: toSub(r), cursorAt: r.cursor_at, lastWindowTo: r.last_window_to ?? undefined })),
    schedule,
    nextRun: next,
    status(channel) {
      const failure = outbox.channelFailure(channel);
      return api.list(channel).map((sub) => ({ sub, nextRun: next(sub), last: outbox.recent(sub.id, 1)[0], channelFailure: failure }));
    },
    preview(channel, id) {
      const row = q.byId.get(id);
      const sub = row ? toSub(row) : undefined;
      if (!row || !sub || sub.channel.platform !== channel.platform || sub.channel.scope !== channel.scope || sub.channel.channel !== channel.channel) {
        throw new UserError('NOT_FOUND', `This channel has no subscription #${id}. See /subscriptions.`);
      }
      const start = row.last_window_to ? new Date(row.last_window_to) : undefined;
      return previewDigest({ windows, outbox }, sub, schedule(sub), start, clock.now());
    },
    why: (channel, ref) => explainStory({ store, outbox, subscriptions: api, now: clock.now() }, channel, ref),
  };
  return api;
}
