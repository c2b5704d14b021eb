/**
 * Precision of the first 10 results of `/news <category>` over a store holding every BBC
 * article: the real analyser, store and lookup ranking, as a user would query them.
 */
import { createSqliteStore } from '../../src/core/store/sqlite-store.js';
import { createNewsdesk } from '../../src/core/newsdesk.js';
import { analyseArticle } from '../../src/core/analyse.js';
import { silentLog } from '../../src/core/ports.js';
import { loadBbcCases } from './summaries.js';

/** BBC category → the query a user types. */
export const LOOKUPS: Record<string, string> = {
  business: 'business',
  sport: 'sport',
  politics: 'politics',
  tech: 'technology',
  entertainment: 'entertainment',
};

/** Figures of {@link measureTopicLookups}. */
export interface TopicLookupFigures {
  /** Mean over the five queries of the share of the first 10 stories whose articles are of the category. */
  precisionAt10: number;
  perQuery: Record<string, number>;
  articles: number;
  stories: number;
}

/** Ingests the BBC set into an in-memory store and scores the five lookups. */
export function measureTopicLookups(bbcDir: string): TopicLookupFigures {
  const cases = loadBbcCases(bbcDir, 'all');
  const now = new Date('2005-06-01T12:00:00Z');
  const store = createSqliteStore(':memory:');
  const newsdesk = createNewsdesk({ store, clock: { now: () => now }, log: silentLog });
  const category = new Map<number, string>();
  cases.forEach((c, i) => {
    // Same day for all: the set carries no dates, so recency must not decide the ranking.
    const publishedAt = new Date(now.getTime() - (i % 24) * 60_000).toISOString();
    const a = analyseArticle({ title: c.title, headings: [], blocks: c.blocks, publishedAt, source: `${c.category}/${c.file}` });
    const r = store.ingest(a, { now, origin: `${c.category}/${c.file}` });
    category.set(r.articleId, c.category);
  });
  const perQuery: Record<string, number> = {};
  for (const [cat, query] of Object.entries(LOOKUPS)) {
    const found = newsdesk.search(query, { limit: 10 });
    const hits = found.stories.filter((s) => s.sources.some((src) => category.get(src.articleId) === cat)).length;
    perQuery[query] = hits / 10;
  }
  const values = Object.values(perQuery);
  const counts = store.counts();
  store.close();
  return { precisionAt10: values.reduce((a, b) => a + b, 0) / values.length, perQuery, articles: counts.articles, stories: counts.stories };
}
