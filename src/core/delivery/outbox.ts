/**
 * The delivery outbox in SQLite: due digests written with their planned messages in one
 * transaction, leased by one process at a time, each message marked delivered with the
 * platform's ids. Plus what each channel already has and which channels are failing.
 */
import type { ChannelRef, Reply } from '../model.js';
import type { SqliteStore } from '../store/sqlite-store.js';

type Db = SqliteStore['db'];

/** Status of an outbox entry. `skipped`: nothing to post (below the minimum, or missed too long ago). */
export type EntryStatus = 'pending' | 'delivered' | 'skipped' | 'failed';

/** Why a story in a digest's window was not selected. */
export type Decision =
  | { kind: 'filtered'; rule: string }
  | { kind: 'already-posted'; outboxId?: number }
  | { kind: 'over-max'; rank: number; max: number }
  | { kind: 'below-minimum'; count: number; min: number };

/** One planned message. */
export interface PlannedMessage {
  reply: Reply;
  /** Stories the message posts (recorded per channel when delivered). */
  storyIds: number[];
}

/** An outbox entry as read back. */
export interface OutboxEntry {
  id: number;
  subscriptionId: number;
  channel: ChannelRef;
  dueAt: string;
  windowFrom: string;
  windowTo: string;
  storyIds: number[];
  decisions: Record<string, Decision>;
  status: EntryStatus;
  note?: string;
  catchUp: boolean;
  createdAt: string;
  deliveredAt?: string;
  attempts: number;
  nextAttemptAt: string;
  lastError?: string;
}

/** A planned message as stored. */
export interface StoredMessage extends PlannedMessage {
  outboxId: number;
  seq: number;
  deliveredAt?: string;
  messageIds: string[];
  threadId?: string;
}

/** A channel's failure state. */
export interface ChannelFailure {
  failures: number;
  lastError?: string;
  errorCode?: string;
  failedAt?: string;
  retryAt?: string;
}

/** A story already posted to a channel. */
export interface PostedStory {
  storyId: number;
  subscriptionId: number;
  outboxId: number;
  messageId?: string;
  threadId?: string;
  postedAt: string;
  sourceCount: number;
}

interface EntryRow {
  id: number;
  subscription_id: number;
  platform: ChannelRef['platform'];
  scope: string;
  channel: string;
  due_at: string;
  window_from: string;
  window_to: string;
  story_ids_json: string;
  decisions_json: string;
  status: EntryStatus;
  note: string | null;
  catch_up: number;
  created_at: string;
  delivered_at: string | null;
  attempts: number;
  next_attempt_at: string;
  last_error: string | null;
}

function toEntry(r: EntryRow): OutboxEntry {
  return {
    id: r.id,
    subscriptionId: r.subscription_id,
    channel: { platform: r.platform, scope: r.scope, channel: r.channel },
    dueAt: r.due_at,
    windowFrom: r.window_from,
    windowTo: r.window_to,
    storyIds: JSON.parse(r.story_ids_json) as number[],
    decisions: JSON.parse(r.decisions_json) as Record<string, Decision>,
    status: r.status,
    note: r.note ?? undefined,
    catchUp: r.catch_up === 1,
    createdAt: r.created_at,
    deliveredAt: r.delivered_at ?? undefined,
    attempts: r.attempts,
    nextAttemptAt: r.next_attempt_at,
    lastError: r.last_error ?? undefined,
  };
}

/** What a new entry holds. */
export interface NewEntry {
  subscriptionId: number;
  channel: ChannelRef;
  dueAt: Date;
  windowFrom: Date;
  windowTo: Date;
  storyIds: number[];
  decisions: Record<string, Decision>;
  status: EntryStatus;
  note?: string;
  catchUp: boolean;
  messages: PlannedMessage[];
}

/** How planning moves a subscription: its cursor from → to, the next window start, its next due time. */
export interface PlanCursor {
  subscriptionId: number;
  from: string;
  to: string;
  windowTo?: string;
  /** Next due time after `to`; undefined when the schedule never runs again. */
  nextDue?: string;
}

/** The outbox repository. All times are ISO instants. */
export interface Outbox {
  /**
   * Writes an entry and its messages, and moves the subscription's cursor, in one transaction.
   * Returns the entry id, or `undefined` when another process planned that due time first
   * (or the cursor had already passed it).
   */
  plan(entry: NewEntry | undefined, cursor: PlanCursor, now: Date): number | undefined;
  /** Records when a subscription is next due (without moving its cursor). */
  setNextDue(subscriptionId: number, at: Date | undefined): void;
  /** Entries ready to deliver at `now`: pending, retry time reached, lease free or expired. */
  ready(now: Date, limit: number): OutboxEntry[];
  /** Takes or renews the lease; false when another owner holds a live lease or the entry is no longer pending. */
  claim(id: number, owner: string, now: Date, ttlMs: number): boolean;
  messages(id: number): StoredMessage[];
  /** Marks one message delivered and records its stories as posted, in one transaction; false if the lease was lost. */
  markDelivered(msg: StoredMessage, owner: string, posted: { messageIds: string[]; threadId?: string }, sourceCounts: Map<number, number>, now: Date): boolean;
  /** Marks the entry delivered and releases the lease. */
  finish(id: number, owner: string, now: Date): void;
  /** Records a failure: next attempt at `retryAt`, or `failed` for good when `giveUp`. */
  fail(id: number, owner: string, error: string, retryAt: Date, giveUp: boolean): void;
  entry(id: number): OutboxEntry | undefined;
  /** Most recent entries of a subscription (newest first). */
  recent(subscriptionId: number, limit: number): OutboxEntry[];
  /** Entries of a channel whose window, selection or decisions mention a story (newest first). */
  forChannel(channel: ChannelRef, limit: number): OutboxEntry[];
  posted(channel: ChannelRef, storyIds: number[]): Map<number, PostedStory>;
  channelFailure(channel: ChannelRef): ChannelFailure | undefined;
  setChannelFailure(channel: ChannelRef, f: ChannelFailure): void;
  clearChannelFailure(channel: ChannelRef): void;
}

/** Creates the repository over the store's database (tables from migrations-schedule.ts). */
export function createOutbox(db: Db): Outbox {
  const q = {
    cursor: db.prepare<[string, string | null, number, string]>('UPDATE subscriptions SET cursor_at = ?, next_due_at = ? WHERE id = ? AND cursor_at = ?'),
    nextDue: db.prepare<[string | null, number]>('UPDATE subscriptions SET next_due_at = ? WHERE id = ?'),
    windowTo: db.prepare<[string, number]>('UPDATE subscriptions SET last_window_to = ? WHERE id = ?'),
    insert: db.prepare(`INSERT OR IGNORE INTO outbox
      (subscription_id, platform, scope, channel, due_at, window_from, window_to, story_ids_json, decisions_json, status, note, catch_up, created_at, next_attempt_at)
      VALUES (@sub, @platform, @scope, @channel, @due, @from, @to, @stories, @decisions, @status, @note, @catchUp, @now, @now)`),
    insertMessage: db.prepare('INSERT INTO outbox_messages (outbox_id, seq, reply_json, story_ids_json) VALUES (?, ?, ?, ?)'),
    ready: db.prepare<[string, string, number], EntryRow>(`SELECT * FROM outbox
      WHERE status = 'pending' AND next_attempt_at <= ? AND (lease_until IS NULL OR lease_until <= ?)
      ORDER BY due_at, id LIMIT ?`),
    claim: db.prepare(`UPDATE outbox SET lease_owner = @owner, lease_until = @until
      WHERE id = @id AND status = 'pending' AND (lease_owner IS NULL OR lease_owner = @owner OR lease_until <= @now)`),
    messages: db.prepare<[number], { outbox_id: number; seq: number; reply_json: string; story_ids_json: string; delivered_at: string | null; message_ids_json: string | null; thread_id: string | null }>(
      'SELECT * FROM outbox_messages WHERE outbox_id = ? ORDER BY seq',
    ),
    holds: db.prepare<[number, string], { id: number }>("SELECT id FROM outbox WHERE id = ? AND lease_owner = ? AND status = 'pending'"),
    deliverMessage: db.prepare('UPDATE outbox_messages SET delivered_at = ?, message_ids_json = ?, thread_id = ? WHERE outbox_id = ? AND seq = ? AND delivered_at IS NULL'),
    posted: db.prepare(`INSERT INTO posted_stories (platform, scope, channel, story_id, subscription_id, outbox_id, message_id, thread_id, posted_at, source_count)
      VALUES (@platform, @scope, @channel, @story, @sub, @outbox, @message, @thread, @now, @sources)
      ON CONFLICT (platform, scope, channel, story_id) DO UPDATE SET subscription_id = excluded.subscription_id, outbox_id = excluded.outbox_id,
        message_id = excluded.message_id, thread_id = coalesce(excluded.thread_id, posted_stories.thread_id), posted_at = excluded.posted_at, source_count = excluded.source_count`),
    finish: db.prepare("UPDATE outbox SET status = 'delivered', delivered_at = ?, lease_owner = NULL, lease_until = NULL, last_error = NULL WHERE id = ? AND lease_owner = ?"),
    fail: db.prepare('UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ?, status = ?, lease_owner = NULL, lease_until = NULL WHERE id = ? AND lease_owner = ?'),
    entry: db.prepare<[number], EntryRow>('SELECT * FROM outbox WHERE id = ?'),
    recent: db.prepare<[number, number], EntryRow>('SELECT * FROM outbox WHERE subscription_id = ? ORDER BY due_at DESC, id DESC LIMIT ?'),
    forChannel: db.prepare<[string, string, string, number], EntryRow>('SELECT * FROM outbox WHERE platform = ? AND scope = ? AND channel = ? ORDER BY due_at DESC, id DESC LIMIT ?'),
    postedRows: db.prepare<[string, string, string, string], { story_id: number; subscription_id: number; outbox_id: number; message_id: string | null; thread_id: string | null; posted_at: string; source_count: number }>(
      'SELECT * FROM posted_stories WHERE platform = ? AND scope = ? AND channel = ? AND story_id IN (SELECT value FROM json_each(?))',
    ),
    failure: db.prepare<[string, string, string], { failures: number; last_error: string | null; error_code: string | null; failed_at: string | null; retry_at: string | null }>(
      'SELECT * FROM channel_state WHERE platform = ? AND scope = ? AND channel = ?',
    ),
    setFailure: db.prepare(`INSERT INTO channel_state (platform, scope, channel, failures, last_error, error_code, failed_at, retry_at)
      VALUES (@platform, @scope, @channel, @failures, @lastError, @errorCode, @failedAt, @retryAt)
      ON CONFLICT (platform, scope, channel) DO UPDATE SET failures = excluded.failures, last_error = excluded.last_error,
        error_code = excluded.error_code, failed_at = excluded.failed_at, retry_at = excluded.retry_at`),
    clearFailure: db.prepare('DELETE FROM channel_state WHERE platform = ? AND scope = ? AND channel = ?'),
  };

  const planTx = db.transaction((entry: NewEntry | undefined, cursor: PlanCursor, now: Date): number | undefined => {
    // The cursor moves only from the value this planner read: a second planner loses here.
    if (q.cursor.run(cursor.to, cursor.nextDue ?? null, cursor.subscriptionId, cursor.from).changes !== 1) return undefined;
    if (cursor.windowTo) q.windowTo.run(cursor.windowTo, cursor.subscriptionId);
    if (!entry) return undefined;
    const res = q.insert.run({
      sub: entry.subscriptionId,
      platform: entry.channel.platform,
      scope: entry.channel.scope,
      channel: entry.channel.channel,
      due: entry.dueAt.toISOString(),
      from: entry.windowFrom.toISOString(),
      to: entry.windowTo.toISOString(),
      stories: JSON.stringify(entry.storyIds),
      decisions: JSON.stringify(entry.decisions),
      status: entry.status,
      note: entry.note ?? null,
      catchUp: entry.catchUp ? 1 : 0,
      now: now.toISOString(),
    });
    if (res.changes !== 1) return undefined;
    const id = Number(res.lastInsertRowid);
    entry.messages.forEach((m, i) => q.insertMessage.run(id, i, JSON.stringify(m.reply), JSON.stringify(m.storyIds)));
    return id;
  });

  const deliverTx = db.transaction((msg: StoredMessage, owner: string, posted: { messageIds: string[]; threadId?: string }, sourceCounts: Map<number, number>, now: Date): boolean => {
    if (!q.holds.get(msg.outboxId, owner)) return false;
    const e = q.entry.get(msg.outboxId)!;
    const at = now.toISOString();
    q.deliverMessage.run(at, JSON.stringify(posted.messageIds), posted.threadId ?? null, msg.outboxId, msg.seq);
    for (const storyId of msg.storyIds) {
      q.posted.run({
        platform: e.platform,
        scope: e.scope,
        channel: e.channel,
        story: storyId,
        sub: e.subscription_id,
        outbox: e.id,
        message: posted.messageIds[0] ?? null,
        thread: posted.threadId ?? null,
        now: at,
        sources: sourceCounts.get(storyId) ?? 0,
      });
    }
    return true;
  });

  return {
    plan: (entry, cursor, now) => planTx.immediate(entry, cursor, now),
    setNextDue(id, at) {
      q.nextDue.run(at ? at.toISOString() : null, id);
    },
    ready: (now, limit) => q.ready.all(now.toISOString(), now.toISOString(), limit).map(toEntry),
    claim: (id, owner, now, ttlMs) =>
      q.claim.run({ id, owner, now: now.toISOString(), until: new Date(now.getTime() + ttlMs).toISOString() }).changes === 1,
    messages: (id) =>
      q.messages.all(id).map((r) => ({
        outboxId: r.outbox_id,
        seq: r.seq,
        reply: JSON.parse(r.reply_json) as Reply,
        storyIds: JSON.parse(r.story_ids_json) as number[],
        deliveredAt: r.delivered_at ?? undefined,
        messageIds: r.message_ids_json ? (JSON.parse(r.message_ids_json) as string[]) : [],
        threadId: r.thread_id ?? undefined,
      })),
    markDelivered: (msg, owner, posted, counts, now) => deliverTx.immediate(msg, owner, posted, counts, now),
    finish(id, owner, now) {
      q.finish.run(now.toISOString(), id, owner);
    },
    fail(id, owner, error, retryAt, giveUp) {
      q.fail.run(error.slice(0, 500), retryAt.toISOString(), giveUp ? 'failed' : 'pending', id, owner);
    },
    entry: (id) => {
      const r = q.entry.get(id);
      return r ? toEntry(r) : undefined;
    },
    recent: (sub, limit) => q.recent.all(sub, limit).map(toEntry),
    forChannel: (c, limit) => q.forChannel.all(c.platform, c.scope, c.channel, limit).map(toEntry),
    posted(c, ids) {
      const out = new Map<number, PostedStory>();
      if (!ids.length) return out;
      for (const r of q.postedRows.all(c.platform, c.scope, c.channel, JSON.stringify(ids))) {
        out.set(r.story_id, {
          storyId: r.story_id,
          subscriptionId: r.subscription_id,
          outboxId: r.outbox_id,
          messageId: r.message_id ?? undefined,
          threadId: r.thread_id ?? undefined,
          postedAt: r.posted_at,
          sourceCount: r.source_count,
        });
      }
      return out;
    },
    channelFailure(c) {
      const r = q.failure.get(c.platform, c.scope, c.channel);
      return r
        ? { failures: r.failures, lastError: r.last_error ?? undefined, errorCode: r.error_code ?? undefined, failedAt: r.failed_at ?? undefined, retryAt: r.retry_at ?? undefined }
        : undefined;
    },
    setChannelFailure(c, f) {
      q.setFailure.run({ platform: c.platform, scope: c.scope, channel: c.channel, failures: f.failures, lastError: f.lastError ?? null, errorCode: f.errorCode ?? null, failedAt: f.failedAt ?? null, retryAt: f.retryAt ?? null });
    },
    clearChannelFailure(c) {
      q.clearFailure.run(c.platform, c.scope, c.channel);
    },
  };
}
