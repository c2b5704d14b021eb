/**
 * SQLite store (better-sqlite3, WAL, FTS5). Every write is one transaction, so a crash never
 * leaves an article without its story, index or terms.
 */
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { AnalysedArticle, Article, SourceRef, StoryView, TopicScore } from '../model.js';
import { NewsdeskError } from '../errors.js';
import { MIGRATIONS } from './migrations.js';
import { articleVector, SAME_STORY_THRESHOLD, storySimilarity, type ArticleVector } from '../cluster/story-similarity.js';
import { buildStoryView } from './story-view.js';

/** Outcome of storing one article. */
export interface IngestResult {
  status: 'stored' | 'duplicate';
  articleId: number;
  storyId: number;
  /** True when the article started a new story; false when it joined one (new coverage). */
  newStory: boolean;
}

/** A full-text hit aggregated per story. */
export interface StoryHit {
  storyId: number;
  /** Higher is better (negated bm25, summed over the story's best article). */
  text: number;
}

/** Options of {@link SqliteStore.ingest}. */
export interface IngestOptions {
  /** Ingestion time. */
  now: Date;
  /** File path, URL or feed the article came from. */
  origin?: string;
}

/** The store used by the core. Opened with {@link createSqliteStore}. */
export interface SqliteStore {
  readonly db: Database.Database;
  ingest(article: AnalysedArticle, opts: IngestOptions): IngestResult;
  /** Finds an already stored copy of the article (same URL, guid or normalised text). */
  findDuplicate(article: { url?: string; guid?: string; title: string; blocks: { text: string }[] }): number | undefined;
  story(id: number): StoryView | undefined;
  stories(ids: number[]): StoryView[];
  article(id: number): Article | undefined;
  /** Story ids that have a term (topic 't:…', entity 'e:…'), updated at or after `since`, best weight first. */
  storiesWithTerm(term: string, opts: { since?: string; limit: number }): { storyId: number; weight: number }[];
  /**
   * Full-text search over title, summary, body, topics, entities. `match` is an FTS5 query.
   * BM25 costs grow with the number of matches, so only the 2,000 most recently stored matches
   * are ranked: for news, the newest matching coverage is what a lookup wants.
   */
  fullText(match: string, opts: { since?: string; limit: number }): StoryHit[];
  /** Story ids updated in [from, to], newest first. */
  storiesInWindow(from: string, to: string, limit: number): number[];
  /** Most recent story update time, if any. */
  latestUpdate(): string | undefined;
  /** Stories per top topic, and every topic term with its story count. */
  topicCounts(since?: string): { topic: string; count: number }[];
  /** Entity and topic terms starting with `prefix` (lowercase), by frequency. */
  termsLike(prefix: string, limit: number): { term: string; count: number }[];
  counts(): { articles: number; stories: number };
  /** Every story id, oldest first. */
  allStoryIds(): number[];
  close(): void;
}

function normaliseText(title: string, blocks: { text: string }[]): string {
  return `${title}\n${blocks.map((b) => b.text).join('\n')}`.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

function hashOf(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}

function canonicalUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const u = new URL(url);
    u.hash = '';
    for (const k of [...u.searchParams.keys()]) if (/^(utm_|fbclid|gclid|mc_)/i.test(k)) u.searchParams.delete(k);
    return u.toString();
  } catch {
    return url;
  }
}

function sourceOf(r: { id: number; publisher: string | null; url: string | null; title: string; published_at: string | null; origin: string | null }): SourceRef {
  let host: string | undefined;
  try {
    host = r.url ? new URL(r.url).hostname.replace(/^www\./, '') : undefined;
  } catch {
    host = undefined;
  }
  return {
    articleId: r.id,
    publisher: r.publisher ?? host ?? 'Unknown source',
    title: r.title,
    url: r.url ?? undefined,
    publishedAt: r.published_at ?? undefined,
    origin: r.origin ?? undefined,
  };
}

/** Opens (creating when needed) the database at `path` (":memory:" for tests) and migrates it. */
export function createSqliteStore(path: string): SqliteStore {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  let db: Database.Database;
  try {
    db = new Database(path);
    db.pragma('journal_mode = WAL');
  } catch (err) {
    throw new NewsdeskError('INTERNAL', `Cannot open the database at ${path}: ${(err as Error).message}`, { cause: err });
  }
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db);

  const q = {
    byUrl: db.prepare<[string], { id: number }>('SELECT id FROM articles WHERE url = ?'),
    byGuid: db.prepare<[string], { id: number }>('SELECT id FROM articles WHERE guid = ?'),
    byHash: db.prepare<[string], { id: number }>('SELECT id FROM articles WHERE content_hash = ?'),
    insertStory: db.prepare(
      'INSERT INTO stories (title, lead_article_id, published_at, updated_at) VALUES (?, NULL, ?, ?)',
    ),
    insertArticle: db.prepare(`INSERT INTO articles
      (story_id, url, guid, content_hash, title, publisher, byline, published_at, updated_at, ingested_at, sort_at, origin, teaser, data_json, vector_json)
      VALUES (@storyId, @url, @guid, @hash, @title, @publisher, @byline, @publishedAt, @updatedAt, @ingestedAt, @sortAt, @origin, @teaser, @data, @vector)`),
    insertTerm: db.prepare(
      'INSERT OR REPLACE INTO article_terms (term, article_id, story_id, weight, sort_at) VALUES (?, ?, ?, ?, ?)',
    ),
    insertFts: db.prepare('INSERT INTO article_fts (rowid, title, summary, body, topics, entities) VALUES (?, ?, ?, ?, ?, ?)'),
    // Per term, the most recent articles in the window: bounded however common the term is.
    termNeighbours: db.prepare<[string, string, string], { article_id: number }>(
      'SELECT article_id FROM article_terms WHERE term = ? AND sort_at BETWEEN ? AND ? ORDER BY sort_at DESC LIMIT 200',
    ),
    vectorOf: db.prepare<[number], { story_id: number; vector_json: string }>('SELECT story_id, vector_json FROM articles WHERE id = ?'),
    storyArticles: db.prepare<[number], { id: number; data_json: string; sort_at: string; publisher: string | null; title: string; url: string | null; published_at: string | null; origin: string | null; teaser: number; ingested_at: string; story_id: number }>(
      'SELECT id, story_id, data_json, sort_at, publisher, title, url, published_at, origin, teaser, ingested_at FROM articles WHERE story_id = ? ORDER BY sort_at',
    ),
    viewOf: db.prepare<[number], { view_json: string | null }>('SELECT view_json FROM stories WHERE id = ?'),
    updateStory: db.prepare(
      'UPDATE stories SET title = ?, lead_article_id = ?, published_at = ?, updated_at = ?, article_count = ?, source_count = ?, topics_json = ?, top_topic = ?, view_json = ? WHERE id = ?',
    ),
    retagStoryTerms: db.prepare('UPDATE article_terms SET story_id = ? WHERE article_id = ?'),
  };

  function findDuplicate(a: { url?: string; guid?: string; title: string; blocks: { text: string }[] }): number | undefined {
    const url = canonicalUrl(a.url);
    return (
      (url ? q.byUrl.get(url)?.id : undefined) ??
      (a.guid ? q.byGuid.get(a.guid)?.id : undefined) ??
      q.byHash.get(hashOf(normaliseText(a.title, a.blocks)))?.id
    );
  }

  /** Recomputes a story's title, lead, dates and topics from its articles. */
  function refreshStory(storyId: number): void {
    const rows = q.storyArticles.all(storyId);
    if (!rows.length) return;
    const publishers = new Set(rows.map((r) => r.publisher ?? r.origin ?? String(r.id)));
    const articles = rows.map((r) => JSON.parse(r.data_json) as AnalysedArticle);
    // Lead: the fullest non-teaser report, which gives the story its title and summary.
    let lead = 0;
    articles.forEach((a, i) => {
      const len = (x: AnalysedArticle) => x.blocks.reduce((n, b) => n + b.text.length, 0) * (x.teaser ? 0.3 : 1);
      if (len(a) > len(articles[lead])) lead = i;
    });
    const topicScores = new Map<string, TopicScore>();
    for (const a of articles) {
      for (const t of a.topics) {
        const cur = topicScores.get(t.id);
        if (!cur || cur.score < t.score) topicScores.set(t.id, t);
      }
    }
    const topics = [...topicScores.values()].sort((x, y) => y.score - x.score);
    const view = buildStoryView({
      id: storyId,
      publishedAt: rows[0].sort_at,
      updatedAt: rows[rows.length - 1].sort_at,
      leadArticleId: rows[lead].id,
      articles: rows.map((r, i) => ({ id: r.id, data: articles[i] })),
      sources: rows.map(sourceOf),
    });
    q.updateStory.run(
      articles[lead].title,
      rows[lead].id,
      rows[0].sort_at,
      rows[rows.length - 1].sort_at,
      rows.length,
      publishers.size,
      JSON.stringify(topics),
      topics[0]?.id ?? null,
      JSON.stringify(view),
      storyId,
    );
  }

  const ingestTx = db.transaction((a: AnalysedArticle, opts: IngestOptions): IngestResult => {
    const dup = findDuplicate(a);
    if (dup !== undefined) {
      const row = db.prepare<[number], { story_id: number }>('SELECT story_id FROM articles WHERE id = ?').get(dup)!;
      return { status: 'duplicate', articleId: dup, storyId: row.story_id, newStory: false };
    }
    const ingestedAt = opts.now.toISOString();
    const sortAt = a.publishedAt && !Number.isNaN(Date.parse(a.publishedAt)) ? new Date(a.publishedAt).toISOString() : ingestedAt;
    const at = Date.parse(sortAt);
    const vector = articleVector(a, at);

    // Candidate stories: articles near in time sharing strong terms; pick the most similar.
    const gap = 72 * 3_600_000;
    const from = new Date(at - gap).toISOString();
    const to = new Date(at + gap).toISOString();
    const shared = new Map<number, number>();
    for (const term of Object.keys(vector.terms).slice(0, 25)) {
      for (const r of q.termNeighbours.all(`v:${term}`, from, to)) shared.set(r.article_id, (shared.get(r.article_id) ?? 0) + 1);
    }
    // Only articles sharing several signature terms are worth a full comparison.
    const candidates = [...shared.entries()].filter(([, n]) => n >= 3).sort((x, y) => y[1] - x[1]).slice(0, 60);
    let best: { storyId: number; score: number } | undefined;
    for (const [id] of candidates) {
      const c = q.vectorOf.get(id)!;
      const score = storySimilarity(vector, JSON.parse(c.vector_json) as ArticleVector);
      if (score >= SAME_STORY_THRESHOLD && (!best || score > best.score)) best = { storyId: c.story_id, score };
    }
    const storyId = best?.storyId ?? Number(q.insertStory.run(a.title, sortAt, sortAt).lastInsertRowid);

    const articleId = Number(
      q.insertArticle.run({
        storyId,
        url: canonicalUrl(a.url) ?? null,
        guid: a.guid ?? null,
        hash: hashOf(normaliseText(a.title, a.blocks)),
        title: a.title,
        publisher: a.publisher ?? null,
        byline: a.byline ?? null,
        publishedAt: a.publishedAt ?? null,
        updatedAt: a.updatedAt ?? null,
        ingestedAt,
        sortAt,
        origin: opts.origin ?? a.source ?? null,
        teaser: a.teaser ? 1 : 0,
        data: JSON.stringify(a),
        vector: JSON.stringify(vector),
      }).lastInsertRowid,
    );
    for (const t of a.topics) q.insertTerm.run(`t:${t.id}`, articleId, storyId, t.score, sortAt);
    for (const e of a.entities) q.insertTerm.run(`e:${e.name.toLowerCase()}`, articleId, storyId, Math.min(1, 0.4 + e.count * 0.1), sortAt);
    for (const [t, w] of Object.entries(vector.terms).slice(0, 25)) q.insertTerm.run(`v:${t}`, articleId, storyId, w, sortAt);
    const body = a.blocks.filter((b) => b.kind === 'paragraph').map((b) => b.text).join('\n');
    q.insertFts.run(
      articleId,
      a.title,
      [a.summary.tldr, ...a.summary.keyPoints].join(' '),
      body,
      a.topics.map((t) => `${t.id} ${t.label}`).join(' '),
      a.entities.map((e) => e.name).join(' | '),
    );
    refreshStory(storyId);
    return { status: 'stored', articleId, storyId, newStory: best === undefined };
  });

  function storyView(storyId: number): StoryView | undefined {
    const json = q.viewOf.get(storyId)?.view_json;
    return json ? (JSON.parse(json) as StoryView) : undefined;
  }

  return {
    db,
    ingest: (a, opts) => ingestTx.immediate(a, opts),
    findDuplicate,
    story: storyView,
    stories: (ids) => ids.map(storyView).filter((s): s is StoryView => s !== undefined),
    article(id) {
      const r = db
        .prepare<[number], { id: number; story_id: number; data_json: string; ingested_at: string; origin: string | null }>(
          'SELECT id, story_id, data_json, ingested_at, origin FROM articles WHERE id = ?',
        )
        .get(id);
      if (!r) return undefined;
      return { ...(JSON.parse(r.data_json) as AnalysedArticle), id: r.id, storyId: r.story_id, ingestedAt: r.ingested_at, origin: r.origin ?? undefined };
    },
    storiesWithTerm(term, { since, limit }) {
      return db
        .prepare<[string, string, number], { storyId: number; weight: number }>(
          `SELECT story_id AS storyId, max(weight) AS weight FROM (
             SELECT story_id, weight FROM article_terms WHERE term = ? AND sort_at >= ?
             ORDER BY sort_at DESC LIMIT 2000)
           GROUP BY story_id ORDER BY weight DESC LIMIT ?`,
        )
        .all(term, since ?? '', limit);
    },
    fullText(match, { since, limit }) {
      return db
        .prepare<[string, string, number], StoryHit>(
          `SELECT a.story_id AS storyId, max(f.s) AS text
           FROM (SELECT rowid, -bm25(article_fts, 8.0, 3.0, 1.0, 2.0, 4.0) AS s FROM article_fts
                 WHERE article_fts MATCH ? ORDER BY rowid DESC LIMIT 2000) f
           JOIN articles a ON a.id = f.rowid
           WHERE a.sort_at >= ?
           GROUP BY a.story_id ORDER BY text DESC LIMIT ?`,
        )
        .all(match, since ?? '', limit);
    },
    storiesInWindow(from, to, limit) {
      return db
        .prepare<[string, string, number], { id: number }>(
          'SELECT id FROM stories WHERE updated_at BETWEEN ? AND ? ORDER BY updated_at DESC LIMIT ?',
        )
        .all(from, to, limit)
        .map((r) => r.id);
    },
    latestUpdate() {
      return db.prepare<[], { u: string | null }>('SELECT max(updated_at) AS u FROM stories').get()?.u ?? undefined;
    },
    topicCounts(since) {
      return db
        .prepare<[string], { topic: string; count: number }>(
          `SELECT substr(term, 3) AS topic, count(DISTINCT story_id) AS count FROM article_terms
           WHERE term LIKE 't:%' AND sort_at >= ? GROUP BY term ORDER BY count DESC`,
        )
        .all(since ?? '');
    },
    termsLike(prefix, limit) {
      const like = `${prefix.replace(/[%_]/g, '')}%`;
      return db
        .prepare<[string, string, number], { term: string; count: number }>(
          `SELECT term, count(DISTINCT story_id) AS count FROM article_terms
           WHERE (term LIKE 'e:' || ? OR term LIKE 't:' || ?) GROUP BY term ORDER BY count DESC, term LIMIT ?`,
        )
        .all(like, like, limit);
    },
    counts() {
      const a = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM articles').get()!.n;
      const s = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM stories WHERE article_count > 0').get()!.n;
      return { articles: a, stories: s };
    },
    allStoryIds() {
      return db
        .prepare<[], { id: number }>('SELECT id FROM stories WHERE article_count > 0 ORDER BY id')
        .all()
        .map((r) => r.id);
    },
    close() {
      if (db.open) db.close();
    },
  };
}

function migrate(db: Database.Database): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > MIGRATIONS.length) {
    throw new NewsdeskError('INTERNAL', `The database schema (version ${current}) is newer than this Newsdesk (version ${MIGRATIONS.length}). Upgrade Newsdesk.`);
  }
  for (let v = current; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v].sql);
      db.pragma(`user_version = ${v + 1}`);
    }).immediate();
  }
}
