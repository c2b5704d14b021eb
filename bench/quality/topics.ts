/**
 * Topic-tagging quality against ../shared/data/summaries/bbc: each article's folder is its
 * category (business, entertainment, politics, sport, tech), mapped to our topics (business,
 * culture & entertainment, politics, sport, technology). The prediction is the best-scoring
 * of those five topics by the tagger's evidence, computed by the product's `tagTopics` path
 * (title, body and the article's entities, no publisher categories).
 *
 * Pure measuring module: returns figures, prints nothing.
 */
import { extractEntities } from '../../src/core/topics/entities.js';
import { topicEvidence } from '../../src/core/topics/tag-topics.js';
import { loadBbcCases, type Split } from './summaries.js';

/** BBC category → our topic id. */
export const BBC_TOPICS: Record<string, string> = {
  business: 'business',
  entertainment: 'culture-entertainment',
  politics: 'politics',
  sport: 'sport',
  tech: 'technology',
};

/** Result of {@link measureTopics}. */
export interface TopicFigures {
  accuracy: number;
  perCategory: Record<string, { precision: number; recall: number }>;
  n: number;
  /** Confusions "truth→predicted" with their counts, for diagnosis. */
  confusions: Record<string, number>;
}

/** Predicts one of the five BBC topics for an article. */
export function predictBbcTopic(title: string, text: string): string {
  const entities = extractEntities(title, text);
  const evidence = topicEvidence({ title, text, entities });
  let best = '';
  let bestValue = -1;
  for (const id of Object.values(BBC_TOPICS)) {
    const v = evidence.get(id) ?? 0;
    if (v > bestValue) {
      best = id;
      bestValue = v;
    }
  }
  return best;
}

/** Measures topic accuracy on the BBC set under `dir` (the `summaries/bbc` folder). */
export function measureTopics(dir: string, split: Split = 'all'): TopicFigures {
  const cases = loadBbcCases(dir, split);
  const tp: Record<string, number> = {};
  const predicted: Record<string, number> = {};
  const actual: Record<string, number> = {};
  const confusions: Record<string, number> = {};
  let correct = 0;
  for (const c of cases) {
    const truth = BBC_TOPICS[c.category];
    const guess = predictBbcTopic(c.title, c.blocks.map((b) => b.text).join('\n\n'));
    actual[truth] = (actual[truth] ?? 0) + 1;
    predicted[guess] = (predicted[guess] ?? 0) + 1;
    if (guess === truth) {
      correct += 1;
      tp[truth] = (tp[truth] ?? 0) + 1;
    } else {
      const k = `${truth}→${guess}`;
      confusions[k] = (confusions[k] ?? 0) + 1;
    }
  }
  const perCategory: TopicFigures['perCategory'] = {};
  for (const [category, id] of Object.entries(BBC_TOPICS)) {
    perCategory[category] = {
      precision: predicted[id] ? (tp[id] ?? 0) / predicted[id] : 0,
      recall: actual[id] ? (tp[id] ?? 0) / actual[id] : 0,
    };
  }
  return { accuracy: cases.length > 0 ? correct / cases.length : 0, perCategory, n: cases.length, confusions };
}
