/**
 * The Discord adapter's own tables, kept beside the core's in the same SQLite file and
 * created idempotently at bot start (the core's migration list stays platform-free).
 */
import type Database from 'better-sqlite3';

/** Statements applied in order; each is idempotent. */
export const DISCORD_MIGRATIONS: string[] = [
  // One discussion thread (or forum post) per story per channel; `article_ids` lists the
  // coverage already posted there, so only new coverage is added later.
  `CREATE TABLE IF NOT EXISTS discord_story_threads (
     channel_id TEXT NOT NULL,
     story_id INTEGER NOT NULL,
     guild_id TEXT NOT NULL,
     thread_id TEXT NOT NULL,
     article_ids TEXT NOT NULL DEFAULT '[]',
     created_at TEXT NOT NULL,
     updated_at TEXT NOT NULL,
     PRIMARY KEY (channel_id, story_id)
   )`,
  'CREATE INDEX IF NOT EXISTS discord_story_threads_thread ON discord_story_threads(thread_id)',
  // Small key-value state, e.g. the hash of the last registered commands per scope.
  `CREATE TABLE IF NOT EXISTS discord_meta (
     key TEXT PRIMARY KEY,
     value TEXT NOT NULL,
     updated_at TEXT NOT NULL
   )`,
];

/** Creates the adapter's tables when missing. Safe to call on every start. */
export function applyDiscordMigrations(db: Database.Database): void {
  db.transaction(() => {
    for (const sql of DISCORD_MIGRATIONS) db.prepare(sql).run();
  })();
}
