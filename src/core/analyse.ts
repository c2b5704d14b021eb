/**
 * The understanding step of the pipeline: adds summary, topics, entities and keywords to a
 * parsed article. Pure and deterministic.
 */
import type { AnalysedArticle, ParsedArticle } from './model.js';
import { summarise } from './summarise/summarise.js';
import { isLikelyEnglish } from './summarise/tokenise.js';
import { extractEntities } from './topics/entities.js';
import { keywords } from './topics/keywords.js';
import { tagTopics } from './topics/tag-topics.js';

/**
 * Analyses one article. The body text is the paragraph blocks joined by blank lines
 * (headings and the caption are left out); the title is used for entities, topics and
 * keywords, and as the summariser's title-overlap signal. Articles that are not in English
 * (by `language`, or by their function words when none is declared) get topics from their
 * categories only and their entity names as keywords.
 */
export function analyseArticle(a: ParsedArticle): AnalysedArticle {
  const text = a.blocks
    .filter((b) => b.kind === 'paragraph')
    .map((b) => b.text)
    .join('\n\n');
  const entities = extractEntities(a.title, text);
  // Topic cues and keyword stopwords are English: for other languages topics come only from
  // the publisher's categories and keywords are the article's named entities.
  const english = isLikelyEnglish(`${a.title}\n${text}`, a.language);
  return {
    ...a,
    summary: summarise(a.blocks, { title: a.title }),
    entities,
    topics: english
      ? tagTopics({ title: a.title, text, categories: a.categories, entities })
      : tagTopics({ title: '', text: '', categories: a.categories, entities: [] }),
    keywords: english ? keywords(a.title, text) : entities.slice(0, 10).map((e) => e.name),
  };
}
