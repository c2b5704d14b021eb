/**
 * The Slack adapter's own tables, kept out of the core schema: the core never knows about
 * Slack threads. Every step is idempotent (`IF NOT EXISTS`), so it runs at every app start.
 */
import type Database from 'better-sqlite3';

/** Steps in order; append only. */
export const SLACK_MIGRATIONS: { name: string; sql: string }[] = [
  {
    name: 'story threads per Slack channel',
    sql: `
      CREATE TABLE IF NOT EXISTS slack_story_threads (
        team_id TEXT NOT NULL,
        channel_id TEXT NOT NULL,
        story_id INTEGER NOT NULL,
        thread_ts TEXT NOT NULL,
        posted_article_ids TEXT NOT NULL DEFAULT '[]',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (team_id, channel_id, story_id)
      );`,
  },
];

/** Creates the Slack tables when missing. Safe to call on every start. */
export function applySlackMigrations(db: Database.Database): void {
  db.transaction(() => {
    for (const m of SLACK_MIGRATIONS) db.exec(m.sql);
  })();
}
