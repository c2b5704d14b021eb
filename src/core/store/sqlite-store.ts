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
import { buildStoryView, type StoryViewArticle } from './story-view.js';

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

/** What ranking needs of a story, read from stored columns (no view parsing). */
export interface StoryStats {
  id: number;
  /** ISO instant of the latest coverage (= the view's `updatedAt`). */
  updatedAt: string;
  /** Number of articles (= the view's `sources.length`). */
  articleCount: number;
  /** Number of distinct publishers among the view's sources. */
  sourceCount: number;
  /** Id of the story's strongest topic (= the view's `topics[0].id`). */
  topTopic?: string;
}

/**
 * id, updated_at, article_count, source_count, top_topic: read as arrays (`raw()`), because a
 * 7-day digest ranks about 10,000 stories and the driver's named row objects cost more than the
 * query itself.
 */
type StatsRow = [id: number, updatedAt: string, articleCount: number, sourceCount: number, topTopic: string | null];

function toStats(r: StatsRow): StoryStats {
  return { id: r[0], updatedAt: r[1], articleCount: r[2], sourceCount: r[3], topTopic: r[4] ?? undefined };
}

/**
 * Full-text matches ranked per query, newest first. BM25 costs about a microsecond per ranked
 * row plus one pass over each term's document list; 500 rows cover several days of coverage of
 * even the commonest words (measured with `npm run bench -- --only lookup`).
 */
export const FTS_RANKED = 300;

/**
 * Articles of full-text index read per query from the newest month with a match on (whole
 * months, at least one): older coverage of a word is reached through topics and entities, or
 * with a window. About six weeks at 2,700 articles a day; a small store is read whole.
 */
export const FTS_AFTER_HIT_DOCS = 120_000;

/**
 * Articles of full-text index read per query at most, newest months first (whole months, at
 * least one). Words that never occur together cost one document-list intersection per month
 * read, so this bounds a lookup that finds nothing; topics and entities reach further back.
 */
export const FTS_HORIZON_DOCS = 500_000;

/** `YYYYMM` of an ISO instant: the full-text partition an article goes to. */
function monthOf(iso: string): string {
  const m = /^(\d{4})-(\d{2})/.exec(iso);
  return m ? `${m[1]}${m[2]}` : '000000';
}

/** The columns of an article that a story's view is built from, besides its text. */
interface StoryArticleRow {
  id: number;
  story_id: number;
  sort_at: string;
  publisher: string | null;
  title: string;
  url: string | null;
  published_at: string | null;
  origin: string | null;
  teaser: number;
  ingested_at: string;
}

/** Earliest representable instant, for "no lower bound". */
const MIN_MS = -8_640_000_000_000_000;

function sinceMs(since: string | undefined): number {
  if (!since) return MIN_MS;
  const ms = Date.parse(since);
  return Number.isNaN(ms) ? MIN_MS : ms;
}

/** Options of {@link SqliteStore.ingest}. */
export interface IngestOptions {
  /** Ingestion time. */
  now: Date;
  /** File path, URL or feed the article came from. */
  origin?: string;
}

/** Where an item of {@link SqliteStore.bulkIngest} goes, when the caller knows. */
interface BulkPlacement {
  /** Join this existing story instead of grouping by similarity. */
  storyId?: number;
  /**
   * Items of one call with the same key form one story (joined to `storyId` when given);
   * for importers that already know which reports cover one event.
   */
  storyKey?: string;
}

/** An article of {@link SqliteStore.bulkIngest}, given as it is. */
export interface ArticleBulkItem extends BulkPlacement {
  article: AnalysedArticle;
  /** Ingestion time. */
  now: Date;
  /** File path, URL or feed the article came from. */
  origin?: string;
  prepared?: undefined;
}

/**
 * An article of {@link SqliteStore.bulkIngest}, given only as {@link prepareArticle} made it
 * (for instance on a worker thread): the writer then has only database work left, and the item
 * is mostly strings, cheap to pass between threads.
 */
export interface PreparedBulkItem extends BulkPlacement {
  prepared: PreparedArticle;
  article?: undefined;
}

/** One article of {@link SqliteStore.bulkIngest}: the article itself, or what {@link prepareArticle} made of it. */
export type BulkItem = ArticleBulkItem | PreparedBulkItem;

/** What a story's view and the choice of its lead article need of one of its articles. */
export interface StoryMember extends StoryViewArticle {
  /**
   * Characters of text (all blocks), times 0.3 for a teaser: the story's lead, which gives it
   * its title and summary, is its member with the largest value (the first of equals).
   */
  leadLength: number;
}

/**
 * Everything the store writes for a new article that does not depend on the database, made by
 * {@link prepareArticle}. Plain data (strings, numbers, small arrays and objects), so another
 * thread can make it and send it to the writing thread for little structured-clone work.
 */
export interface PreparedArticle {
  /** Canonical URL (no fragment, no tracking parameters), the key duplicates are found by first. */
  url: string | null;
  guid: string | null;
  /** Hash of the normalised title and text, which finds copies under another URL and guid. */
  contentHash: string;
  // Columns of the article row.
  title: string;
  publisher: string | null;
  byline: string | null;
  publishedAt: string | null;
  updatedAt: string | null;
  /** ISO instant of ingestion. */
  ingestedAt: string;
  /** ISO instant the article is filed under ({@link sortTime}). */
  sortAt: string;
  /** The origin given, else the article's own source. */
  origin: string | null;
  /** 1 for a teaser. */
  teaser: 0 | 1;
  /** The article as JSON (`data_json`). */
  data: string;
  /**
   * The similarity fingerprint, which grouping by similarity compares. A caller that sends the
   * prepared article to another thread and gives its story (`storyId`, `storyKey`) may leave it
   * out: it is then read from `vectorJson` if needed, and the structured clone is cheaper.
   */
  vector?: ArticleVector;
  /** `vector` as JSON (`vector_json`). */
  vectorJson: string;
  /** `sortAt` in milliseconds since epoch: the `sort_ms` of the term rows. */
  at: number;
  /** `YYYYMM` of `sortAt`: the monthly full-text table the article goes to. */
  ftsMonth: string;
  /** Full-text columns: title, summary (tl;dr and key points), body paragraphs, topics, entities. */
  fts: [title: string, summary: string, body: string, topics: string, entities: string];
  /**
   * Term rows as flat (term, weight) pairs in write order: topics (`t:`), entities (`e:`), then
   * the 25 strongest fingerprint terms (`v:`).
   */
  terms: (string | number)[];
  /** What the article's story needs of it when its view is rebuilt. */
  story: StoryMember;
}

/** The instant an article is filed under: its publication time, else its ingestion time (ISO). */
export function sortTime(a: { publishedAt?: string }, now: Date): string {
  return a.publishedAt && !Number.isNaN(Date.parse(a.publishedAt)) ? new Date(a.publishedAt).toISOString() : now.toISOString();
}

/** What a story needs of a stored article: it keeps only what views and lead choice read. */
function storyMemberOf(a: AnalysedArticle): StoryMember {
  return {
    title: a.title,
    url: a.url,
    summary: a.summary,
    topics: a.topics,
    entities: a.entities,
    teaser: a.teaser,
    leadLength: a.blocks.reduce((n, b) => n + b.text.length, 0) * (a.teaser ? 0.3 : 1),
  };
}

/**
 * Everything storing an article ingested at `now` from `origin` writes that does not depend on
 * the database (see {@link PreparedArticle}). Pure and CPU-bound (hashing, JSON, the similarity
 * fingerprint), so a writer fed by other threads can have them call it and pass the result in
 * {@link PreparedBulkItem}.
 */
export function prepareArticle(a: AnalysedArticle, now: Date, origin: string | undefined): PreparedArticle {
  const sortAt = sortTime(a, now);
  const at = Date.parse(sortAt);
  const v = articleVector(a, at);
  const terms: (string | number)[] = [];
  for (const t of a.topics) terms.push(`t:${t.id}`, t.score);
  for (const e of a.entities) terms.push(`e:${e.name.toLowerCase()}`, Math.min(1, 0.4 + e.count * 0.1));
  let n = 0;
  for (const t in v.terms) {
    if (n++ === 25) break;
    terms.push(`v:${t}`, v.terms[t]);
  }
  return {
    url: canonicalUrl(a.url) ?? null,
    guid: a.guid ?? null,
    contentHash: hashOf(normaliseText(a.title, a.blocks)),
    title: a.title,
    publisher: a.publisher ?? null,
    byline: a.byline ?? null,
    publishedAt: a.publishedAt ?? null,
    updatedAt: a.updatedAt ?? null,
    ingestedAt: now.toISOString(),
    sortAt,
    origin: origin ?? a.source ?? null,
    teaser: a.teaser ? 1 : 0,
    data: JSON.stringify(a),
    vector: v,
    vectorJson: JSON.stringify(v),
    at,
    ftsMonth: monthOf(sortAt),
    fts: [
      a.title,
      [a.summary.tldr, ...a.summary.keyPoints].join(' '),
      a.blocks.filter((b) => b.kind === 'paragraph').map((b) => b.text).join('\n'),
      a.topics.map((t) => `${t.id} ${t.label}`).join(' '),
      a.entities.map((e) => e.name).join(' | '),
    ],
    terms,
    story: storyMemberOf(a),
  };
}

/** The store used by the core. Opened with {@link createSqliteStore}. */
export interface SqliteStore {
  readonly db: Database.Database;
  ingest(article: AnalysedArticle, opts: IngestOptions): IngestResult;
  /**
   * Stores many articles in one transaction: the same rows as {@link SqliteStore.ingest} one by
   * one, but each touched story's view is rebuilt once at the end instead of after every article.
   * Items without `storyId` or `storyKey` are grouped by similarity exactly as `ingest` does.
   */
  bulkIngest(items: BulkItem[]): IngestResult[];
  /** Finds an already stored copy of the article (same URL, guid or normalised text). */
  findDuplicate(article: { url?: string; guid?: string; title: string; blocks: { text: string }[] }): number | undefined;
  story(id: number): StoryView | undefined;
  /** Views of these stories in the order given (unknown ids left out), read in one statement. */
  stories(ids: number[]): StoryView[];
  article(id: number): Article | undefined;
  /** Story ids that have a term (topic 't:…', entity 'e:…'), updated at or after `since`, best weight first. */
  storiesWithTerm(term: string, opts: { since?: string; limit: number }): { storyId: number; weight: number }[];
  /**
   * Full-text search over title, summary, body, topics, entities. `match` is an FTS5 query.
   * BM25 costs grow with the number of matches, so only the {@link FTS_RANKED} most recently
   * stored matches are ranked (newest publication months first, newest stored first within a
   * month, at most {@link FTS_MONTHS} months from the newest with a match, and within the newest
   * {@link FTS_HORIZON_MONTHS} months): for news, the newest matching coverage is what a lookup wants.
   */
  fullText(match: string, opts: { since?: string; limit: number }): StoryHit[];
  /** Story ids updated in [from, to], newest first. */
  storiesInWindow(from: string, to: string, limit: number): number[];
  /** Ranking facts of these stories (unknown ids are left out), without parsing their views. */
  storyStats(ids: number[]): StoryStats[];
  /** Ranking facts of the stories updated in [from, to], newest first, at most `limit`. */
  windowStats(from: string, to: string, limit: number): StoryStats[];
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

/** Lowercase letters and digits of title and blocks, every other run of characters one space. */
function normaliseText(title: string, blocks: { text: string }[]): string {
  const text = `${title}\n${blocks.map((b) => b.text).join('\n')}`.toLowerCase();
  // In ASCII text the letters and digits are a-z and 0-9 (after lowercasing): a plain character
  // class, which the engine matches several times faster than Unicode properties.
  return (ASCII_ONLY.test(text) ? text.replace(/[^a-z0-9]+/g, ' ') : text.replace(/[^\p{L}\p{N}]+/gu, ' ')).trim();
}

const ASCII_ONLY = /^[\x00-\x7f]*$/;

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
    insertTerm: db.prepare<[string, number, number, number, number]>(
      'INSERT OR REPLACE INTO article_terms (term, sort_ms, article_id, story_id, weight) VALUES (?, ?, ?, ?, ?)',
    ),
    insertArticle: db.prepare(`INSERT INTO articles
      (story_id, url, guid, content_hash, title, publisher, byline, published_at, updated_at, ingested_at, sort_at, origin, teaser, data_json, vector_json)
      VALUES (@storyId, @url, @guid, @hash, @title, @publisher, @byline, @publishedAt, @updatedAt, @ingestedAt, @sortAt, @origin, @teaser, @data, @vector)`),
    addPart: db.prepare<[string]>('INSERT OR IGNORE INTO fts_parts (month) VALUES (?)'),
    parts: db.prepare<[], { month: string; docs: number }>('SELECT month, docs FROM fts_parts ORDER BY month DESC'),
    countPart: db.prepare<[number, string]>('UPDATE fts_parts SET docs = docs + ? WHERE month = ?'),
    // Per term, the most recent articles in the window: bounded however common the term is.
    termNeighbours: db.prepare<[string, number, number], { article_id: number }>(
      'SELECT article_id FROM article_terms WHERE term = ? AND sort_ms BETWEEN ? AND ? ORDER BY sort_ms DESC LIMIT 200',
    ),
    storyOf: db.prepare<[number], { story_id: number }>('SELECT story_id FROM articles WHERE id = ?'),
    vectorOf: db.prepare<[number], { story_id: number; vector_json: string }>('SELECT story_id, vector_json FROM articles WHERE id = ?'),
    storyArticles: db.prepare<[number], StoryArticleRow & { data_json: string }>(
      'SELECT id, story_id, data_json, sort_at, publisher, title, url, published_at, origin, teaser, ingested_at FROM articles WHERE story_id = ? ORDER BY sort_at',
    ),
    // The same rows without the article text, for a bulk write that has the articles at hand.
    storySources: db.prepare<[number], StoryArticleRow>(
      'SELECT id, story_id, sort_at, publisher, title, url, published_at, origin, teaser, ingested_at FROM articles WHERE story_id = ? ORDER BY sort_at',
    ),
    dataOf: db.prepare<[number], string>('SELECT data_json FROM articles WHERE id = ?').pluck(),
    viewOf: db.prepare<[number], { view_json: string | null }>('SELECT view_json FROM stories WHERE id = ?'),
    // Many views in one statement: a digest window reads about 1,500, and one call per id costs
    // more than the JSON parsing itself.
    viewsOf: db
      .prepare<[string], string>('SELECT view_json FROM stories WHERE id IN (SELECT value FROM json_each(?)) AND view_json IS NOT NULL')
      .pluck(),
    withTerm: db.prepare<[string, number, number], { storyId: number; weight: number }>(
      `SELECT story_id AS storyId, max(weight) AS weight FROM (
         SELECT story_id, weight FROM article_terms WHERE term = ? AND sort_ms >= ?
         ORDER BY sort_ms DESC LIMIT 2000)
       GROUP BY story_id ORDER BY weight DESC LIMIT ?`,
    ),
    inWindow: db.prepare<[string, string, number], { id: number }>(
      'SELECT id FROM stories WHERE updated_at BETWEEN ? AND ? ORDER BY updated_at DESC LIMIT ?',
    ),
    // The covering index (migrations-lookup.ts) instead of the wide story rows.
    statsOf: db
      .prepare<[string], StatsRow>(
        `SELECT id, updated_at, article_count, source_count, top_topic FROM stories INDEXED BY stories_stats
         WHERE id IN (SELECT value FROM json_each(?)) AND article_count > 0`,
      )
      .raw(),
    windowStats: db
      .prepare<[string, string, number], StatsRow>(
        `SELECT id, updated_at, article_count, source_count, top_topic FROM stories
         WHERE updated_at BETWEEN ? AND ? AND article_count > 0 ORDER BY updated_at DESC LIMIT ?`,
      )
      .raw(),
    latest: db.prepare<[], { u: string | null }>('SELECT max(updated_at) AS u FROM stories'),
    firstTerm: db.prepare<[string, string], { term: string }>('SELECT term FROM article_terms WHERE term >= ? AND term < ? ORDER BY term LIMIT 1'),
    nextTerm: db.prepare<[string, string], { term: string }>('SELECT term FROM article_terms WHERE term > ? AND term < ? ORDER BY term LIMIT 1'),
    termStoryCount: db.prepare<[string, number], { n: number }>(
      'SELECT count(DISTINCT story_id) AS n FROM article_terms WHERE term = ? AND sort_ms >= ?',
    ),
    updateStory: db.prepare(
      'UPDATE stories SET title = ?, lead_article_id = ?, published_at = ?, updated_at = ?, article_count = ?, source_count = ?, topics_json = ?, top_topic = ?, view_json = ? WHERE id = ?',
    ),
  };

  function findDuplicate(a: { url?: string; guid?: string; title: string; blocks: { text: string }[] }): number | undefined {
    return duplicateOf(canonicalUrl(a.url), a.guid, () => hashOf(normaliseText(a.title, a.blocks)));
  }

  function duplicateOf(url: string | null | undefined, guid: string | null | undefined, hash: () => string): number | undefined {
    return (url ? q.byUrl.get(url)?.id : undefined) ?? (guid ? q.byGuid.get(guid)?.id : undefined) ?? q.byHash.get(hash())?.id;
  }

  /**
   * Recomputes a story's title, lead, dates and topics from its articles. `known` holds what the
   * story needs of articles just written, whose stored text need not be read back and parsed.
   */
  function refreshStory(storyId: number, known?: Map<number, StoryMember>): void {
    const rows: (StoryArticleRow & { data_json?: string })[] = known ? q.storySources.all(storyId) : q.storyArticles.all(storyId);
    if (!rows.length) return;
    const articles = rows.map((r) => known?.get(r.id) ?? storyMemberOf(JSON.parse(r.data_json ?? q.dataOf.get(r.id)!) as AnalysedArticle));
    // Lead: the fullest non-teaser report, which gives the story its title and summary.
    let lead = 0;
    articles.forEach((a, i) => {
      if (a.leadLength > articles[lead].leadLength) lead = i;
    });
    const view = buildStoryView({
      id: storyId,
      publishedAt: rows[0].sort_at,
      updatedAt: rows[rows.length - 1].sort_at,
      leadArticleId: rows[lead].id,
      articles: rows.map((r, i) => ({ id: r.id, data: articles[i] })),
      sources: rows.map(sourceOf),
    });
    const topics = view.topics;
    // Distinct outlets as the view shows them, so rankings on this column match rankings on views.
    const publishers = new Set(view.sources.map((x) => x.publisher));
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

  /** The existing story most similar to an article with this fingerprint, if any is similar enough. */
  function similarStory(vector: ArticleVector, at: number): number | undefined {
    // Candidate stories: articles near in time sharing strong terms; pick the most similar.
    const gap = 72 * 3_600_000;
    const from = at - gap;
    const to = at + gap;
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
    return best?.storyId;
  }

  /**
   * Term rows written by {@link writeArticle} and not yet inserted, flat as (term, sort_ms,
   * article_id, story_id, weight) quintuples in write order; inserted by {@link flushTerms}.
   */
  let pendingTerms: (string | number)[] = [];
  /**
   * Full-text rows written by {@link writeArticle} and not yet inserted, as (month, values) pairs
   * in write order; inserted by {@link flushFts}.
   */
  let pendingFts: (string | unknown[])[] = [];

  /**
   * Inserts the pending full-text rows in write order and counts them per month. A bulk write
   * indexes its articles after writing their rows: FTS5's tokenizer and pending-term table then run
   * back to back instead of between the other statements of every article (the full-text inserts of
   * 100,000 generated articles took 6.2 s instead of 9.6 s in one measurement; the same index,
   * segment for segment, since the inserts keep their order).
   */
  function flushFts(): void {
    const rows = pendingFts;
    pendingFts = [];
    const perMonth = new Map<string, number>();
    for (let i = 0; i < rows.length; i += 2) {
      const month = rows[i] as string;
      fts.insert(month).run(rows[i + 1] as unknown[]);
      perMonth.set(month, (perMonth.get(month) ?? 0) + 1);
    }
    for (const [month, n] of perMonth) q.countPart.run(n, month);
  }

  /** Multi-row term inserts by row count. */
  const termInserts = new Map<number, Database.Statement>();
  const TERM_ROWS_PER_STATEMENT = 200;

  /**
   * Inserts the pending term rows in write order (a later row with the same key replaces an
   * earlier one, as with one insert per row). `batched` inserts up to 200 rows per statement,
   * for the end of a bulk write: a multi-row statement opens a statement savepoint, and FTS5
   * writes its pending index data out at every savepoint, so it is used only once per bulk call,
   * where the index is written out anyway; elsewhere one statement per row.
   */
  function flushTerms(batched: boolean): void {
    const values = pendingTerms;
    pendingTerms = [];
    if (!batched) {
      for (let i = 0; i < values.length; i += 5) q.insertTerm.run(values[i] as string, values[i + 1] as number, values[i + 2] as number, values[i + 3] as number, values[i + 4] as number);
      return;
    }
    const step = TERM_ROWS_PER_STATEMENT * 5;
    for (let from = 0; from < values.length; from += step) {
      const chunk = from === 0 && values.length <= step ? values : values.slice(from, from + step);
      const rows = chunk.length / 5;
      let st = termInserts.get(rows);
      if (!st) {
        st = db.prepare(
          `INSERT OR REPLACE INTO article_terms (term, sort_ms, article_id, story_id, weight) VALUES ${Array.from({ length: rows }, () => '(?, ?, ?, ?, ?)').join(', ')}`,
        );
        termInserts.set(rows, st);
      }
      st.run(chunk);
    }
  }

  /**
   * Writes one new article (row, terms, full-text entry), prepared by {@link prepareArticle},
   * into story `group`, a new story, or the most similar story (a new one when none is similar).
   * The story's view is not rebuilt here.
   */
  function writeArticle(p: PreparedArticle, group: number | 'new' | 'similar'): IngestResult {
    const dup = duplicateOf(p.url, p.guid, () => p.contentHash);
    if (dup !== undefined) {
      return { status: 'duplicate', articleId: dup, storyId: q.storyOf.get(dup)!.story_id, newStory: false };
    }
    const joined = group === 'similar' ? similarStory(p.vector ?? (JSON.parse(p.vectorJson) as ArticleVector), p.at) : group === 'new' ? undefined : group;
    const storyId = joined ?? Number(q.insertStory.run(p.title, p.sortAt, p.sortAt).lastInsertRowid);

    const articleId = Number(
      q.insertArticle.run({
        storyId,
        url: p.url,
        guid: p.guid,
        hash: p.contentHash,
        title: p.title,
        publisher: p.publisher,
        byline: p.byline,
        publishedAt: p.publishedAt,
        updatedAt: p.updatedAt,
        ingestedAt: p.ingestedAt,
        sortAt: p.sortAt,
        origin: p.origin,
        teaser: p.teaser,
        data: p.data,
        vector: p.vectorJson,
      }).lastInsertRowid,
    );
    const terms = pendingTerms;
    for (let i = 0; i < p.terms.length; i += 2) terms.push(p.terms[i], p.at, articleId, storyId, p.terms[i + 1]);
    pendingFts.push(p.ftsMonth, [articleId, ...p.fts]);
    return { status: 'stored', articleId, storyId, newStory: joined === undefined };
  }

  const ingestTx = db.transaction((a: AnalysedArticle, opts: IngestOptions): IngestResult => {
    const r = writeArticle(prepareArticle(a, opts.now, opts.origin), 'similar');
    flushFts();
    flushTerms(false);
    if (r.status === 'stored') refreshStory(r.storyId);
    return r;
  });

  const bulkTx = db.transaction((items: BulkItem[]): IngestResult[] => {
    const byKey = new Map<string, number>();
    const touched = new Set<number>();
    // Articles written in this call need no JSON round trip when their stories are rebuilt.
    const written = new Map<number, StoryMember>();
    const results = items.map((it) => {
      const keyed = it.storyKey !== undefined ? byKey.get(it.storyKey) : undefined;
      const group = it.storyId ?? keyed ?? (it.storyKey !== undefined ? 'new' : 'similar');
      // Grouping by similarity reads the terms of the articles before, so they go in first.
      if (group === 'similar') flushTerms(false);
      const p = it.article ? prepareArticle(it.article, it.now, it.origin) : it.prepared;
      const r = writeArticle(p, group);
      if (r.status !== 'stored') return r;
      if (it.storyKey !== undefined && keyed === undefined) byKey.set(it.storyKey, r.storyId);
      touched.add(r.storyId);
      written.set(r.articleId, p.story);
      return r;
    });
    flushFts();
    flushTerms(true);
    for (const id of touched) refreshStory(id, written);
    return results;
  });

  /** Distinct terms in [from, to), in order, at most `max`: one index seek each. */
  function termsInRange(from: string, to: string, max: number): string[] {
    const out: string[] = [];
    let r = q.firstTerm.get(from, to);
    while (r && out.length < max) {
      out.push(r.term);
      r = q.nextTerm.get(r.term, to);
    }
    return out;
  }

  /** The monthly full-text tables: statements per month, created on first write. */
  const fts = (() => {
    let months: { month: string; docs: number }[] | undefined;
    let monthsAt = -1;
    const inserts = new Map<string, Database.Statement>();
    const searches = new Map<string, Database.Statement<[string, number, string], { storyId: number; s: number }>>();
    const table = (month: string) => `article_fts_${month}`;
    return {
      /** Months that have a table with their article counts, newest first (re-read after writes). */
      months(): { month: string; docs: number }[] {
        if (!months || monthsAt !== writes) {
          months = q.parts.all();
          monthsAt = writes;
        }
        return months;
      },
      /** The insert statement of a month's table (`YYYYMM`), created with its table on first use. */
      insert(month: string): Database.Statement {
        let st = inserts.get(month);
        if (!st) {
          if (!this.months().some((m) => m.month === month)) {
            db.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS ${table(month)} USING fts5(
              title, summary, body, topics, entities, content = '', contentless_delete = 1,
              tokenize = 'porter unicode61 remove_diacritics 2')`);
            q.addPart.run(month);
            months = undefined;
          }
          st = db.prepare(`INSERT INTO ${table(month)} (rowid, title, summary, body, topics, entities) VALUES (?, ?, ?, ?, ?, ?)`);
          inserts.set(month, st);
        }
        return st;
      },
      search(month: string) {
        let st = searches.get(month);
        if (!st) {
          const t = table(month);
          st = db.prepare(
            `SELECT a.story_id AS storyId, f.s AS s
             FROM (SELECT rowid, -bm25(${t}, 8.0, 3.0, 1.0, 2.0, 4.0) AS s FROM ${t}
                   WHERE ${t} MATCH ? ORDER BY rowid DESC LIMIT ?) f
             JOIN articles a INDEXED BY articles_story_sort ON a.id = f.rowid
             WHERE a.sort_at >= ?`,
          );
          searches.set(month, st);
        }
        return st;
      },
      /** After a rolled-back write, a table created in it is gone again. */
      forget(): void {
        months = undefined;
        inserts.clear();
        searches.clear();
      },
    };
  })();

  let writes = 0;
  const topicCache = new Map<string, { version: number; value: { topic: string; count: number }[] }>();
  const termCache = new Map<string, { version: number; value: { term: string; count: number }[] }>();

  function storyView(storyId: number): StoryView | undefined {
    const json = q.viewOf.get(storyId)?.view_json;
    return json ? (JSON.parse(json) as StoryView) : undefined;
  }

  return {
    db,
    ingest(a, opts) {
      writes++;
      try {
        return ingestTx.immediate(a, opts);
      } catch (err) {
        pendingTerms = [];
        pendingFts = [];
        fts.forget();
        throw err;
      }
    },
    bulkIngest(items) {
      writes++;
      try {
        return bulkTx.immediate(items);
      } catch (err) {
        pendingTerms = [];
        pendingFts = [];
        fts.forget();
        throw err;
      }
    },
    findDuplicate,
    story: storyView,
    stories(ids) {
      if (ids.length < 2) return ids.map(storyView).filter((s): s is StoryView => s !== undefined);
      // Rows come back in id order: restore the caller's order.
      const views = new Map<number, StoryView>();
      for (const json of q.viewsOf.all(JSON.stringify(ids))) {
        const v = JSON.parse(json) as StoryView;
        views.set(v.id, v);
      }
      const out: StoryView[] = [];
      for (const id of ids) {
        const v = views.get(id);
        if (v) out.push(v);
      }
      return out;
    },
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
      // Bounded: only the 2,000 newest rows of the term are aggregated, however common it is.
      return q.withTerm.all(term, sinceMs(since), limit);
    },
    fullText(match, { since, limit }) {
      const best = new Map<number, number>();
      let ranked = 0;
      let read = 0;
      let readSinceHit = 0;
      const sinceMonth = since ? monthOf(since) : '';
      // Newest months first, with bounded reading (see FTS_HORIZON_DOCS and FTS_AFTER_HIT_DOCS),
      // so a lookup costs the same at any store size.
      for (const { month, docs } of fts.months()) {
        if (month < sinceMonth || ranked >= FTS_RANKED || read >= FTS_HORIZON_DOCS || readSinceHit >= FTS_AFTER_HIT_DOCS) break;
        for (const r of fts.search(month).all(match, FTS_RANKED - ranked, since ?? '')) {
          ranked++;
          if (r.s > (best.get(r.storyId) ?? -Infinity)) best.set(r.storyId, r.s);
        }
        read += docs;
        if (ranked) readSinceHit += docs;
      }
      return [...best.entries()]
        .map(([storyId, text]) => ({ storyId, text }))
        .sort((a, b) => b.text - a.text)
        .slice(0, limit);
    },
    storiesInWindow(from, to, limit) {
      return q.inWindow.all(from, to, limit).map((r) => r.id);
    },
    storyStats(ids) {
      // One statement for the whole list; answers come back in id order, so restore the caller's.
      const rows = new Map(q.statsOf.all(JSON.stringify(ids)).map((r) => [r[0], r]));
      const out: StoryStats[] = [];
      for (const id of ids) {
        const r = rows.get(id);
        if (r) out.push(toStats(r));
      }
      return out;
    },
    windowStats(from, to, limit) {
      return q.windowStats.all(from, to, limit).map(toStats);
    },
    latestUpdate() {
      return q.latest.get()?.u ?? undefined;
    },
    topicCounts(since) {
      // Reads are frequent (every lookup that finds nothing shows the topics) and writes come in
      // polls, so counts are cached until the next write.
      const key = since ?? '';
      const version = writes;
      const hit = topicCache.get(key);
      if (hit && hit.version === version) return hit.value;
      const value: { topic: string; count: number }[] = [];
      for (const term of termsInRange('t:', 't;', 100)) {
        value.push({ topic: term.slice(2), count: q.termStoryCount.get(term, sinceMs(since))!.n });
      }
      value.sort((a, b) => b.count - a.count || a.topic.localeCompare(b.topic));
      if (topicCache.size > 50) topicCache.clear();
      topicCache.set(key, { version, value });
      return value;
    },
    termsLike(prefix, limit) {
      // Autocomplete asks the same prefixes again and again between polls: cached until the next write.
      const p = prefix.toLowerCase();
      const key = `${limit}:${p}`;
      const hit = termCache.get(key);
      if (hit && hit.version === writes) return hit.value;
      const terms = [...termsInRange(`e:${p}`, `e:${p}\uffff`, 200), ...termsInRange(`t:${p}`, `t:${p}\uffff`, 50)];
      const value = terms
        .map((term) => ({ term, count: q.termStoryCount.get(term, MIN_MS)!.n }))
        .sort((a, b) => b.count - a.count || (a.term < b.term ? -1 : 1))
        .slice(0, limit);
      if (termCache.size > 500) termCache.clear();
      termCache.set(key, { version: writes, value });
      return value;
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
