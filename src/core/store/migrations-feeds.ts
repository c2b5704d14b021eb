/**
 * Schema steps of the feed registry (sources, polling state). Append only.
 *
 * - `feeds`: one row per feed URL, polled once however many scopes follow it; holds the
 *   conditional-GET validators, the health counters and the next poll time (backoff).
 * - `feed_scopes`: which scopes (`console:local`, `discord:<guild>`, `slack:<team>`) follow a
 *   feed; a feed without scopes is deleted.
 * - `feed_seen`: item keys (guid, link or content hash) a feed has already offered, so an item
 *   that was handled once (stored, duplicate or without text) is never fetched or analysed again.
 *
 * Written with IF NOT EXISTS so the registry can also apply it to a database whose schema
 * version was counted before these steps existed ({@link FEED_SCHEMA_SQL}).
 */

/** The feed tables, idempotent. */
export const FEED_SCHEMA_SQL = `
  CREATE TABLE IF NOT EXISTS feeds (
    id INTEGER PRIMARY KEY,
    url TEXT NOT NULL UNIQUE,
    title TEXT,
    site_url TEXT,
    full_text INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    etag TEXT,
    last_modified TEXT,
    last_fetch_at TEXT,
    last_success_at TEXT,
    last_new_item_at TEXT,
    items_stored INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    last_error_code TEXT,
    failures INTEGER NOT NULL DEFAULT 0,
    next_poll_at TEXT NOT NULL,
    ill_formed INTEGER NOT NULL DEFAULT 0,
    unhealthy_since TEXT
  );
  CREATE INDEX IF NOT EXISTS feeds_due ON feeds(next_poll_at);

  CREATE TABLE IF NOT EXISTS feed_scopes (
    feed_id INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
    scope TEXT NOT NULL,
    title TEXT,
    added_at TEXT NOT NULL,
    added_by TEXT,
    PRIMARY KEY (scope, feed_id)
  );
  CREATE INDEX IF NOT EXISTS feed_scopes_feed ON feed_scopes(feed_id);

  CREATE TABLE IF NOT EXISTS feed_seen (
    feed_id INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
    item_key TEXT NOT NULL,
    seen_at TEXT NOT NULL,
    PRIMARY KEY (feed_id, item_key)
  ) WITHOUT ROWID;
`;

/** The feed registry's schema steps, in order (after the core steps). */
export const FEED_MIGRATIONS: { name: string; sql: string }[] = [
  { name: 'feed registry: feeds, their scopes and the items already seen', sql: FEED_SCHEMA_SQL },
];
