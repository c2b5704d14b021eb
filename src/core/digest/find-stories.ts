/**
 * Stories by topic: a query may name a taxonomy topic ("space"), an entity ("north korea",
 * "nasa") or be free words ("prisoners of war"). Each signal adds to a story's score; text
 * relevance is BM25 from FTS5, normalised by the best hit so the signals stay comparable.
 */
import type { SqliteStore } from '../store/sqlite-store.js';
import type { StoryView } from '../model.js';
import { findTopic } from '../topics/taxonomy.js';

/** Options of {@link findStories}. */
export interface FindOptions {
  now: Date;
  /** Only stories updated within this many milliseconds before `now`. */
  sinceMs?: number;
  /** Page size (default 5). */
  limit?: number;
  /** Zero-based page (default 0). */
  page?: number;
}

/** A ranked page of stories. */
export interface FoundStories {
  stories: StoryView[];
  total: number;
  page: number;
  pageCount: number;
  /** The taxonomy topic the query named, if any. */
  topicId?: string;
}

const CANDIDATES = 200;

/** Words of a query as FTS5 string literals (quoted, so user text can never be FTS syntax). */
export function ftsTerms(query: string): string[] {
  return [...query.toLowerCase().matchAll(/[\p{L}\p{N}]+/gu)]
    .map((m) => m[0])
    .filter((w) => w.length > 1 && !QUERY_STOP.has(w))
    .slice(0, 8)
    .map((w) => `"${w}"`);
}

// English function words: they match nearly every article, so they add no relevance and only
// cost (each query term's document list is read in full to weigh it).
const QUERY_STOP = new Set(
  (
    'the of and or in on for to a an about news with at by from as is are was were be been being it its this that ' +
    'these those he she they we you i his her their our your them him us not no so than then there here what which ' +
    'who whom whose when where why how all any both each few more most other some such only own same too very can ' +
    'will just should now has have had do does did would could may might must also after before over under into ' +
    'out up down off again once said says say but if'
  ).split(' '),
);

/** Ranks stories for a query. Pure read; never throws on odd input (an empty query finds nothing). */
export function findStories(store: SqliteStore, query: string, opts: FindOptions): FoundStories {
  const limit = Math.max(1, Math.min(opts.limit ?? 5, 25));
  const page = Math.max(0, opts.page ?? 0);
  const since = opts.sinceMs ? new Date(opts.now.getTime() - opts.sinceMs).toISOString() : undefined;
  const q = query.trim().toLowerCase().replace(/\s+/g, ' ');
  const scores = new Map<number, number>();
  const add = (id: number, s: number) => scores.set(id, (scores.get(id) ?? 0) + s);
  if (!q) return { stories: [], total: 0, page, pageCount: 0 };

  const topic = findTopic(q);
  if (topic) for (const r of store.storiesWithTerm(`t:${topic.id}`, { since, limit: CANDIDATES })) add(r.storyId, 3 * r.weight);
  for (const r of store.storiesWithTerm(`e:${q}`, { since, limit: CANDIDATES })) add(r.storyId, 3 * r.weight);

  const terms = ftsTerms(q);
  if (terms.length) {
    let hits = store.fullText(terms.join(' '), { since, limit: CANDIDATES });
    let weight = 2.5;
    if (!hits.length && terms.length > 1) {
      hits = store.fullText(terms.join(' OR '), { since, limit: CANDIDATES });
      weight = 1.2;
    }
    const best = hits.reduce((m, h) => Math.max(m, h.text), 0) || 1;
    for (const h of hits) add(h.storyId, (weight * h.text) / best);
  }
  if (!scores.size) return { stories: [], total: 0, page, pageCount: 0, topicId: topic?.id };

  // Recency and coverage break ties between equally relevant stories. They come from stored
  // columns, so only the returned page's views are parsed.
  const ranked = [...scores.entries()].sort((a, b) => b[1] - a[1]).slice(0, CANDIDATES);
  const now = opts.now.getTime();
  const scored = store
    .storyStats(ranked.map(([id]) => id))
    .map((st) => {
      const ageDays = Math.max(0, (now - Date.parse(st.updatedAt)) / 86_400_000);
      const score = (scores.get(st.id) ?? 0) + 0.4 * Math.exp(-ageDays / 7) + 0.2 * Math.log2(1 + st.articleCount);
      return { id: st.id, updatedAt: st.updatedAt, score: Math.round(score * 1000) / 1000 };
    })
    .sort((a, b) => b.score - a.score || b.updatedAt.localeCompare(a.updatedAt));
  const pageCount = Math.ceil(scored.length / limit);
  const pageRows = scored.slice(page * limit, page * limit + limit);
  const views = new Map(store.stories(pageRows.map((r) => r.id)).map((v) => [v.id, v]));
  return {
    stories: pageRows.flatMap((r) => {
      const v = views.get(r.id);
      return v ? [{ ...v, score: r.score }] : [];
    }),
    total: scored.length,
    page,
    pageCount,
    topicId: topic?.id,
  };
}
