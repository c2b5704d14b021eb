/**
 * Schema steps of subscriptions, the delivery outbox and scheduler leases. Append only.
 *
 * - `subscriptions`: one row per channel subscription; `cursor_at` is the last due time the
 *   planner has handled (planned or skipped), `last_window_to` the end of the last planned window.
 * - `outbox`: one row per due digest, written with its messages in one transaction before any
 *   delivery; UNIQUE (subscription_id, due_at) makes planning idempotent across processes;
 *   `lease_owner`/`lease_until` make sure only one process delivers it.
 * - `outbox_messages`: the planned messages, each marked delivered with the platform ids.
 * - `posted_stories`: what each channel already has (for dedup, new coverage and /why).
 * - `channel_state`: a failing channel's error and its next retry.
 */
export const SCHEDULE_MIGRATIONS: { name: string; sql: string }[] = [
  {
    name: 'subscriptions, delivery outbox, posted stories and channel state',
    sql: `
      CREATE TABLE subscriptions (
        id INTEGER PRIMARY KEY,
        platform TEXT NOT NULL,
        scope TEXT NOT NULL,
        channel TEXT NOT NULL,
        spec_json TEXT NOT NULL,
        created_at TEXT NOT NULL,
        created_by TEXT,
        cursor_at TEXT NOT NULL,
        last_window_to TEXT,
        active INTEGER NOT NULL DEFAULT 1
      );
      CREATE INDEX subscriptions_channel ON subscriptions(platform, scope, channel);

      CREATE TABLE outbox (
        id INTEGER PRIMARY KEY,
        subscription_id INTEGER NOT NULL,
        platform TEXT NOT NULL,
        scope TEXT NOT NULL,
        channel TEXT NOT NULL,
        due_at TEXT NOT NULL,
        window_from TEXT NOT NULL,
        window_to TEXT NOT NULL,
        story_ids_json TEXT NOT NULL,
        decisions_json TEXT NOT NULL DEFAULT '{}',
        status TEXT NOT NULL,
        note TEXT,
        catch_up INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        delivered_at TEXT,
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at TEXT NOT NULL,
        last_error TEXT,
        lease_owner TEXT,
        lease_until TEXT,
        UNIQUE (subscription_id, due_at)
      );
      CREATE INDEX outbox_pending ON outbox(status, next_attempt_at);
      CREATE INDEX outbox_channel ON outbox(platform, scope, channel, due_at);

      CREATE TABLE outbox_messages (
        outbox_id INTEGER NOT NULL REFERENCES outbox(id),
        seq INTEGER NOT NULL,
        reply_json TEXT NOT NULL,
        story_ids_json TEXT NOT NULL,
        delivered_at TEXT,
        message_ids_json TEXT,
        thread_id TEXT,
        PRIMARY KEY (outbox_id, seq)
      );

      CREATE TABLE posted_stories (
        platform TEXT NOT NULL,
        scope TEXT NOT NULL,
        channel TEXT NOT NULL,
        story_id INTEGER NOT NULL,
        subscription_id INTEGER NOT NULL,
        outbox_id INTEGER NOT NULL,
        message_id TEXT,
        thread_id TEXT,
        posted_at TEXT NOT NULL,
        source_count INTEGER NOT NULL,
        PRIMARY KEY (platform, scope, channel, story_id)
      );

      CREATE TABLE channel_state (
        platform TEXT NOT NULL,
        scope TEXT NOT NULL,
        channel TEXT NOT NULL,
        failures INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,
        error_code TEXT,
        failed_at TEXT,
        retry_at TEXT,
        PRIMARY KEY (platform, scope, channel)
      );
    `,
  },
  {
    name: 'next due time of each subscription, so a tick reads only the due ones',
    sql: `
      ALTER TABLE subscriptions ADD COLUMN next_due_at TEXT;
      CREATE INDEX subscriptions_due ON subscriptions(active, next_due_at);
    `,
  },
  {
    name: 'articles by storage time, for digest and live windows',
    sql: `CREATE INDEX IF NOT EXISTS articles_ingested ON articles(ingested_at);`,
  },
];
