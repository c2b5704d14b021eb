/**
 * Distinct stories for scheduling tests and the soak benchmark (no parser, no analyser: cheap
 * to import in a child process).
 */
import type { SqliteStore } from '../../src/core/store/sqlite-store.js';
import { makeArticle } from './make-article.js';

let storySeq = 0;
const SYLLABLES = ['ka', 'lo', 'mi', 'ne', 'ru', 'ta', 'vo', 'xe', 'zu', 'pi', 'da', 'fo'];
function nonce(i: number): string {
  let s = '';
  let x = i + 7;
  for (let k = 0; k < 4; k++) {
    s += SYLLABLES[x % SYLLABLES.length];
    x = Math.floor(x / SYLLABLES.length) + k * 5 + 3;
  }
  return s;
}

/** Stores a distinct story (its own vocabulary, so it never joins another) published at `at`; returns its id. */
export function addStory(store: SqliteStore, p: { topic: string; at: Date | string; title?: string; publisher?: string; entities?: string[]; now?: Date }): number {
  const i = ++storySeq;
  const words = [nonce(i), nonce(i + 1000), nonce(i + 2000)];
  const title = p.title ?? `${p.topic} report ${words.join(' ')} number ${i}`;
  const at = new Date(p.at);
  const res = store.ingest(
    makeArticle({
      title,
      body: [`${title} opens with ${words[0]} details.`, `Officials described ${words[1]} and ${words[2]} in ${p.topic}.`],
      publisher: p.publisher ?? 'Test Wire',
      url: `https://news.example/${p.topic}/${i}-${words[0]}`,
      publishedAt: at.toISOString(),
      topics: [[p.topic, 0.9]],
      entities: (p.entities ?? []).map((e) => [e, 'organisation'] as [string, 'organisation']),
    }),
    { now: p.now ?? at },
  );
  return res.storyId;
}

