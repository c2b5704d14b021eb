/**
 * A platform-neutral digest: the most important stories of a window, grouped by topic.
 * Importance = coverage (number of outlets) + recency within the window + topic weight.
 */
import type { Digest, StoryView } from '../model.js';
import type { SqliteStore } from '../store/sqlite-store.js';
import { TAXONOMY, findTopic } from '../topics/taxonomy.js';

/** Options of {@link buildDigest}. */
export interface DigestOptions {
  /** Window start and end (end defaults to now). */
  from: Date;
  to: Date;
  now: Date;
  /** Only stories of this topic, entity or words. */
  topic?: string;
  /** Maximum stories (default 10). */
  limit?: number;
  title?: string;
  /** Story ids to leave out (already posted). */
  exclude?: Set<number>;
  /** Keep only stories this predicate accepts (subscription filters). */
  accept?: (story: StoryView) => boolean;
}

const OTHER = { id: 'other', label: 'Other news' };

/** Importance from a story's stored facts; see {@link importance}. */
export function importanceOf(sourceCount: number, updatedAt: string, topTopic: string | undefined, to: number, spanMs: number): number {
  const age = Math.max(0, to - Date.parse(updatedAt));
  const recency = 1 - Math.min(1, age / Math.max(spanMs, 3_600_000));
  const weight = topTopic ? (TOPIC_WEIGHT.get(topTopic) ?? 1) : 0.8;
  return Math.log2(1 + sourceCount) * 1.5 + recency + weight;
}

const TOPIC_WEIGHT = new Map(TAXONOMY.map((t) => [t.id, t.weight]));

/** Importance of a story in a window ending at `to` spanning `spanMs`. */
export function importance(story: StoryView, to: number, spanMs: number): number {
  return importanceOf(new Set(story.sources.map((s) => s.publisher)).size, story.updatedAt, story.topics[0]?.id, to, spanMs);
}

/** Stories of a window considered at most (newest first); a day at 1M articles is about 1,500. */
const WINDOW_CAP = 20_000;
/** Views parsed per round while filling the digest (the filter may reject some). */
const VIEW_BATCH = 32;

/**
 * Builds a digest from the store. Stories are ranked on stored columns (outlets, last update,
 * top topic), so only the views of the winners, and of those the filter rejects on the way,
 * are parsed.
 */
export function buildDigest(store: SqliteStore, opts: DigestOptions): Digest {
  const limit = Math.max(1, Math.min(opts.limit ?? 10, 50));
  const fromIso = opts.from.toISOString();
  const toIso = opts.to.toISOString();
  let candidates = store.windowStats(fromIso, toIso, WINDOW_CAP);
  if (opts.topic) {
    const topic = findTopic(opts.topic);
    const wanted = new Set<number>();
    if (topic) for (const r of store.storiesWithTerm(`t:${topic.id}`, { since: fromIso, limit: 1000 })) wanted.add(r.storyId);
    for (const r of store.storiesWithTerm(`e:${opts.topic.toLowerCase().trim()}`, { since: fromIso, limit: 1000 })) wanted.add(r.storyId);
    candidates = candidates.filter((c) => wanted.has(c.id));
  }
  if (opts.exclude) candidates = candidates.filter((c) => !opts.exclude!.has(c.id));
  const span = opts.to.getTime() - opts.from.getTime();
  const to = opts.to.getTime();
  const ranked = candidates
    .map((c) => ({ id: c.id, updatedAt: c.updatedAt, score: Math.round(importanceOf(c.sourceCount, c.updatedAt, c.topTopic, to, span) * 1000) / 1000 }))
    .sort((a, b) => b.score - a.score || b.updatedAt.localeCompare(a.updatedAt));
  const stories: StoryView[] = [];
  for (let i = 0; i < ranked.length && stories.length < limit; i += VIEW_BATCH) {
    const batch = ranked.slice(i, i + VIEW_BATCH);
    const views = new Map(store.stories(batch.map((r) => r.id)).map((v) => [v.id, v]));
    for (const r of batch) {
      const v = views.get(r.id);
      if (!v || (opts.accept && !opts.accept(v))) continue;
      stories.push({ ...v, score: r.score });
      if (stories.length >= limit) break;
    }
  }

  const sections = new Map<string, Digest['sections'][number]>();
  for (const s of stories) {
    const topic = s.topics[0] ? { id: s.topics[0].id, label: s.topics[0].label } : OTHER;
    if (!sections.has(topic.id)) sections.set(topic.id, { topic, stories: [] });
    sections.get(topic.id)!.stories.push(s);
  }
  return {
    title: opts.title ?? (opts.topic ? `Digest: ${opts.topic}` : 'Newsdesk digest'),
    from: fromIso,
    to: toIso,
    generatedAt: opts.now.toISOString(),
    sections: [...sections.values()],
    total: stories.length,
  };
}
