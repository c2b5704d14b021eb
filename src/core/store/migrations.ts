/**
 * Versioned schema migrations, applied in order inside one transaction each.
 * `PRAGMA user_version` records how many have run. Append only: never edit a released step.
 * Feature areas keep their steps in their own files; the order below is part of the schema.
 */
import { FEED_MIGRATIONS } from './migrations-feeds.js';
import { SCHEDULE_MIGRATIONS } from './migrations-schedule.js';
import { LOOKUP_MIGRATIONS } from './migrations-lookup.js';

const CORE_MIGRATIONS: { name: string; sql: string }[] = [
  {
    name: 'articles, stories and full-text index',
    sql: `
      CREATE TABLE stories (
        id INTEGER PRIMARY KEY,
        title TEXT NOT NULL,
        lead_article_id INTEGER,
        published_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        article_count INTEGER NOT NULL DEFAULT 0,
        source_count INTEGER NOT NULL DEFAULT 0,
        topics_json TEXT NOT NULL DEFAULT '[]',
        top_topic TEXT,
        -- The story as shown (StoryView without score), rebuilt on every new article so
        -- lookups never parse full articles.
        view_json TEXT
      );
      -- Covering for digests, which rank every story of a window on these columns.
      CREATE INDEX stories_updated ON stories(updated_at, source_count, article_count, top_topic);
      CREATE INDEX stories_topic_updated ON stories(top_topic, updated_at);

      CREATE TABLE articles (
        id INTEGER PRIMARY KEY,
        story_id INTEGER NOT NULL REFERENCES stories(id),
        url TEXT,
        guid TEXT,
        content_hash TEXT NOT NULL,
        title TEXT NOT NULL,
        publisher TEXT,
        byline TEXT,
        published_at TEXT,
        updated_at TEXT,
        ingested_at TEXT NOT NULL,
        sort_at TEXT NOT NULL,
        origin TEXT,
        teaser INTEGER NOT NULL DEFAULT 0,
        data_json TEXT NOT NULL,
        vector_json TEXT NOT NULL
      );
      CREATE UNIQUE INDEX articles_url ON articles(url) WHERE url IS NOT NULL;
      CREATE UNIQUE INDEX articles_guid ON articles(guid) WHERE guid IS NOT NULL;
      CREATE UNIQUE INDEX articles_hash ON articles(content_hash);
      CREATE INDEX articles_story ON articles(story_id);
      CREATE INDEX articles_sort ON articles(sort_at);
      -- Deliveries pick up what arrived since their last run.
      CREATE INDEX articles_ingested ON articles(ingested_at);

      -- Terms that link an article to candidate stories and to lookups:
      -- 't:<topic id>' topics (weight = score), 'e:<name>' entities, 'v:<word>' signature words.
      -- One covering B-tree: every read is "this term, newest first", so the key is
      -- (term, sort_ms, article_id) and no other index is needed. sort_ms is epoch milliseconds
      -- (smaller than ISO text, and this table has about 30 rows per article).
      CREATE TABLE article_terms (
        term TEXT NOT NULL,
        sort_ms INTEGER NOT NULL,
        article_id INTEGER NOT NULL,
        story_id INTEGER NOT NULL,
        weight REAL NOT NULL,
        PRIMARY KEY (term, sort_ms, article_id)
      ) WITHOUT ROWID;

      -- Full-text index, one contentless FTS5 table per publication month (article_fts_YYYYMM,
      -- created on first use; the text itself lives in articles.data_json). BM25 reads each
      -- query term's whole document list once per table, so monthly tables keep a lookup's cost
      -- bounded however many years the store holds; lookups read the newest months first.
      -- docs: articles indexed in the month, which bounds how much a lookup reads.
      CREATE TABLE fts_parts (month TEXT PRIMARY KEY, docs INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID;
    `,
  },
];

/** Every step, in schema order. */
export const MIGRATIONS = [...CORE_MIGRATIONS, ...SCHEDULE_MIGRATIONS, ...FEED_MIGRATIONS, ...LOOKUP_MIGRATIONS];
