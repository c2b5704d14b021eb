/**
 * Builds the view of a story from its stored articles: the lead article gives title and
 * summaries; topics and entities are merged across every source.
 */
import type { AnalysedArticle, Entity, SourceRef, StoryView, TopicScore } from '../model.js';

/**
 * What a story's view takes from each of its articles: a stored article qualifies as it is, and a
 * writer that prepared its articles elsewhere (see `prepareArticle`) needs to keep only this.
 */
export type StoryViewArticle = Pick<AnalysedArticle, 'title' | 'url' | 'summary' | 'topics' | 'entities' | 'teaser'>;

/** Merges a story's articles into one {@link StoryView}. */
export function buildStoryView(input: {
  id: number;
  publishedAt: string;
  updatedAt: string;
  leadArticleId: number;
  articles: { id: number; data: StoryViewArticle }[];
  sources: SourceRef[];
}): StoryView {
  const lead = input.articles.find((a) => a.id === input.leadArticleId)?.data ?? input.articles[0].data;
  const topics = new Map<string, TopicScore>();
  const entities = new Map<string, Entity>();
  for (const { data } of input.articles) {
    for (const t of data.topics) {
      const cur = topics.get(t.id);
      if (!cur || cur.score < t.score) topics.set(t.id, t);
    }
    for (const e of data.entities) {
      const key = e.name.toLowerCase();
      const cur = entities.get(key);
      entities.set(key, cur ? { ...cur, count: cur.count + e.count } : { ...e });
    }
  }
  return {
    id: input.id,
    title: lead.title,
    url: lead.url ?? input.sources.find((s) => s.url)?.url,
    sources: input.sources,
    publishedAt: input.publishedAt,
    updatedAt: input.updatedAt,
    tldr: lead.summary.tldr,
    short: lead.summary.short,
    keyPoints: lead.summary.keyPoints,
    topics: [...topics.values()].sort((a, b) => b.score - a.score),
    entities: [...entities.values()].sort((a, b) => b.count - a.count).slice(0, 12),
    teaser: input.articles.every((a) => a.data.teaser) || undefined,
  };
}
