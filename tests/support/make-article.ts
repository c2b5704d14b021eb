import type { AnalysedArticle, Entity, TopicScore } from '../../src/core/model.js';

/** Builds an analysed article for store tests without running the parsers. */
export function makeArticle(p: {
  title: string;
  body: string[];
  publisher?: string;
  url?: string;
  guid?: string;
  publishedAt?: string;
  topics?: [string, number][];
  entities?: [string, Entity['kind'], number?][];
  teaser?: boolean;
}): AnalysedArticle {
  const topics: TopicScore[] = (p.topics ?? []).map(([id, score]) => ({ id, label: id[0].toUpperCase() + id.slice(1), score }));
  const entities: Entity[] = (p.entities ?? []).map(([name, kind, count]) => ({ name, kind, count: count ?? 2 }));
  return {
    title: p.title,
    publisher: p.publisher,
    url: p.url,
    guid: p.guid,
    publishedAt: p.publishedAt,
    headings: [],
    blocks: p.body.map((text) => ({ kind: 'paragraph' as const, text })),
    teaser: p.teaser,
    summary: { tldr: p.body[0], short: p.body.slice(0, 2), keyPoints: p.body.slice(0, 5) },
    topics,
    entities,
    keywords: [],
  };
}
