/**
 * The understanding step of the pipeline: adds summary, topics, entities and keywords to a
 * parsed article. Pure and deterministic.
 */
import type { AnalysedArticle, ParsedArticle } from './model.js';
import { summarise } from './summarise/summarise.js';
import { extractEntities } from './topics/entities.js';
import { keywords } from './topics/keywords.js';
import { tagTopics } from './topics/tag-topics.js';

/**
 * Analyses one article. The body text is the paragraph blocks joined by blank lines
 * (headings and the caption are left out); the title is used for entities, topics and
 * keywords, and as the summariser's title-overlap signal.
 */
export function analyseArticle(a: ParsedArticle): AnalysedArticle {
  const text = a.blocks
    .filter((b) => b.kind === 'paragraph')
    .map((b) => b.text)
    .join('\n\n');
  const entities = extractEntities(a.title, text);
  return {
    ...a,
    summary: summarise(a.blocks, { title: a.title }),
    entities,
    topics: tagTopics({ title: a.title, text, categories: a.categories, entities }),
    keywords: keywords(a.title, text),
  };
}
