/**
 * Versioned schema migrations, applied in order inside one transaction each.
 * `PRAGMA user_version` records how many have run. Append only: never edit a released step.
 * Feature areas keep their steps in their own files; the order below is part of the schema.
 */
import { FEED_MIGRATIONS } from './migrations-feeds.js';
import { SCHEDULE_MIGRATIONS } from './migrations-schedule.js';

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
      CREATE INDEX stories_updated ON stories(updated_at);
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

      -- Terms that link an article to candidate stories and to lookups:
      -- 't:<topic id>' topics (weight = score), 'e:<name>' entities, 'k:<word>' keywords.
      CREATE TABLE article_terms (
        term TEXT NOT NULL,
        article_id INTEGER NOT NULL REFERENCES articles(id),
        story_id INTEGER NOT NULL,
        weight REAL NOT NULL,
        sort_at TEXT NOT NULL,
        PRIMARY KEY (term, article_id)
      ) WITHOUT ROWID;
      CREATE INDEX article_terms_term_sort ON article_terms(term, sort_at);
      CREATE INDEX article_terms_article ON article_terms(article_id);

      CREATE VIRTUAL TABLE article_fts USING fts5(
        title, summary, body, topics, entities,
        tokenize = 'porter unicode61 remove_diacritics 2'
      );
    `,
  },
];

/** Every step, in schema order. */
export const MIGRATIONS = [...CORE_MIGRATIONS, ...FEED_MIGRATIONS, ...SCHEDULE_MIGRATIONS];
