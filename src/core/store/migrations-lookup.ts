/**
 * Schema steps of the read side (lookups and digests). Append only.
 *
 * - `stories_stats`: a lookup ranks its ~200 candidate stories on stored columns; read from the
 *   story rows (about 2 KB each, one page per story) that cost one random page read per story.
 *   Keyed by id and covering the ranking columns, the same facts come from a small index.
 * - `articles_story_sort`: a full-text hit is an article id that must be turned into its story
 *   (and checked against the window). Read from the article rows (several KB each), every hit cost
 *   a page of its own; this covering index holds just the three columns.
 *
 * Both are used through `INDEXED BY` in sqlite-store.ts: SQLite prefers the rowid for `id = ?`,
 * which is exactly the wide read these indexes avoid. Written with IF NOT EXISTS, so applying a
 * step twice is harmless. Building both on a store of a million articles takes about ten seconds.
 */
export const LOOKUP_MIGRATIONS: { name: string; sql: string }[] = [
  {
    name: 'covering indexes for ranking lookup candidates and mapping full-text hits to stories',
    sql: `
      CREATE INDEX IF NOT EXISTS stories_stats ON stories(id, updated_at, article_count, source_count, top_topic);
      CREATE INDEX IF NOT EXISTS articles_story_sort ON articles(id, story_id, sort_at);
    `,
  },
];
